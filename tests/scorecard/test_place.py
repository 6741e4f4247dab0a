"""Placement (rung.scorecard.place): which criterion a review comment is on, or why none.

Each test states a rule of docs/committee.md ("The grammar"; "Not counted, and why").
"""

from __future__ import annotations

import pytest

from committee.conftest import PACKET_PATH
from rung.classes import replace
from rung.model.packet import Evidence, Packet
from rung.scorecard.inputs import ReviewComment
from rung.scorecard.place import (
    FILE_LEVEL,
    NO_LINE,
    OLD_SIDE,
    OUTSIDE,
    Placed,
    criterion_ranges,
    place,
    thread_root,
)
from scorecard.conftest import PACKET_TEXT, packet_from

LEADS = "ic-2.delivery.leads-features"
PLANS = "ic-2.delivery.plans-quarters"
RUNS = "ic-2.delivery.runs-incidents"
MENTORS = "ic-2.team.mentors"
SHA = "1" * 40


def comment(line: int | None, **kw: object) -> ReviewComment:
    fields: dict[str, object] = {"id": 1, "login": "bob", "body": "/meets", "path": PACKET_PATH}
    return ReviewComment(line=line, **{**fields, **kw})  # type: ignore[arg-type]


def test_the_documented_reasons_are_worded_as_docs_committee_md_lists_them() -> None:
    assert OUTSIDE == "not on a criterion's line"
    assert FILE_LEVEL == "on the whole file, not on a criterion's line"
    assert OLD_SIDE == "on the old side of the diff"
    assert NO_LINE == (
        "GitHub sent no line for it (an older comment): comment again on the criterion's lines"
    )


def test_the_last_criterion_runs_to_the_end_of_the_front_matter() -> None:
    # `ratings:` gone: the last criterion's lines run to the line before the closing `---`.
    packet = packet_from(PACKET_TEXT.replace("ratings:\n  craft: 4\n", "  # its notes\n"))
    assert criterion_ranges(packet)[MENTORS] == (22, 25)


def test_the_last_criterion_stops_at_the_first_key_after_evidence() -> None:
    text = PACKET_TEXT.replace("in_level_since: 2025-01\n", "").replace(
        "ratings:\n  craft: 4\n", "\nratings:\n  craft: 4\nin_level_since: 2025-01\n"
    )
    assert criterion_ranges(packet_from(text))[MENTORS] == (21, 24)


def test_one_criterion_owns_everything_down_to_the_next_key() -> None:
    start = PACKET_TEXT.index("  # Plans the team's")
    end = PACKET_TEXT.index("ratings:")
    packet = packet_from(PACKET_TEXT[:start] + PACKET_TEXT[end:])
    assert criterion_ranges(packet) == {LEADS: (11, 15)}


def test_a_packet_without_evidence_has_no_criterion_lines() -> None:
    start, end = PACKET_TEXT.index("evidence:"), PACKET_TEXT.index("ratings:")
    packet = packet_from(PACKET_TEXT[:start] + "evidence: {}\n" + PACKET_TEXT[end:])
    assert criterion_ranges(packet) == {}
    assert place(comment(12), PACKET_PATH, criterion_ranges(packet), {}) == Placed(None, OUTSIDE)


def test_evidence_written_nowhere_in_the_file_owns_no_lines(packet: Packet) -> None:
    # Evidence without a position (built, not parsed) must not claim lines from line 0.
    built = Evidence(LEADS, packet.evidence[LEADS].items)
    ranges = criterion_ranges(replace(packet, evidence={**packet.evidence, LEADS: built}))
    assert ranges == {PLANS: (16, 18), RUNS: (19, 21), MENTORS: (22, 24)}


def test_a_flow_mapping_owns_only_its_own_line() -> None:
    start, end = PACKET_TEXT.index("evidence:"), PACKET_TEXT.index("ratings:")
    flow = (
        f"# the ladder's words belong to no criterion\nevidence: {{{LEADS}: [{{claim: c}}]}}\n#\n"
    )
    ranges = criterion_ranges(packet_from(PACKET_TEXT[:start] + flow + PACKET_TEXT[end:]))
    assert ranges == {LEADS: (11, 12)}


@pytest.mark.parametrize(
    ("first", "last", "placed"),
    [
        (11, 15, Placed(LEADS)),
        (15, 16, Placed(None, f"spans two criteria ({LEADS} and {PLANS})")),
        (5, 12, Placed(None, f"spans {LEADS} and lines outside it")),
        (24, 26, Placed(None, f"spans {MENTORS} and lines outside it")),
        (3, 5, Placed(None, OUTSIDE)),
    ],
)
def test_a_range_belongs_to_the_criterion_holding_all_of_it(
    packet: Packet, first: int, last: int, placed: Placed
) -> None:
    ranges = criterion_ranges(packet)
    got = place(comment(last, start_line=first), PACKET_PATH, ranges, {})
    assert got == placed and got.outdated is False and got.file_level is False


def test_a_range_starting_on_the_old_side_is_not_placed_on_the_new(packet: Packet) -> None:
    ranges = criterion_ranges(packet)
    for side, start_side in (("LEFT", None), ("RIGHT", "LEFT"), ("LEFT", "LEFT")):
        got = place(
            comment(13, start_line=12, side=side, start_side=start_side), PACKET_PATH, ranges, {}
        )
        assert got == Placed(None, OLD_SIDE) and got.outdated is False
    assert place(comment(13, side="RIGHT", start_side="RIGHT"), PACKET_PATH, ranges, {}) == (
        Placed(LEADS)
    )


def test_what_is_not_on_a_line_of_the_packet(packet: Packet) -> None:
    ranges = criterion_ranges(packet)
    other = place(comment(12, path="packets/2026-H2/other.md"), PACKET_PATH, ranges, {})
    assert other == Placed(None, "on another file, not the packet") and not other.outdated
    whole = place(comment(None, subject_type="file"), PACKET_PATH, ranges, {})
    assert whole == Placed(None, FILE_LEVEL, file_level=True) and not whole.outdated
    old = place(comment(None), PACKET_PATH, ranges, {})
    assert old == Placed(None, NO_LINE) and not old.outdated and not old.file_level


def test_an_outdated_comment_is_placed_at_its_commit_by_its_original_range(
    packet: Packet,
) -> None:
    then = {SHA: criterion_ranges(packet), "2" * 40: None}
    kw = {"original_commit_id": SHA}
    got = place(
        comment(None, original_line=21, original_start_line=19, **kw), PACKET_PATH, {}, then
    )
    assert got == Placed(RUNS, outdated=True)
    spans = place(
        comment(None, original_line=20, original_start_line=17, **kw), PACKET_PATH, {}, then
    )
    assert spans == Placed(None, f"spans two criteria ({PLANS} and {RUNS})", outdated=True)
    lost = place(
        comment(None, original_line=20, original_commit_id="2" * 40), PACKET_PATH, {}, then
    )
    assert lost == Placed(None, "outdated, and the packet at 222222222222 cannot be read", True)
    nowhere = place(comment(None, original_line=20), PACKET_PATH, {}, then)
    assert nowhere.reason == "outdated, and the packet at its commit cannot be read"


def test_a_reply_belongs_to_its_thread_however_deep() -> None:
    root = comment(12, id=1)
    replies = [comment(None, id=2, in_reply_to_id=1), comment(None, id=3, in_reply_to_id=2)]
    by_id = {c.id: c for c in (root, *replies)}
    assert thread_root(replies[1], by_id) is root
    assert thread_root(replies[0], by_id) is root
    assert thread_root(root, by_id) is root
    orphan = comment(None, id=4, in_reply_to_id=99)  # its thread's start is not in the data
    assert thread_root(orphan, by_id) is orphan


def test_a_loop_of_replies_stops_where_it_closes() -> None:
    # 1 -> 2 -> 3 -> 2: a loop the starting comment is not part of.
    loop = [
        comment(None, id=1, in_reply_to_id=2),
        comment(None, id=2, in_reply_to_id=3),
        comment(None, id=3, in_reply_to_id=2),
    ]
    by_id = {c.id: c for c in loop}
    assert thread_root(loop[0], by_id).id == 2
    assert thread_root(loop[1], by_id).id == 2
