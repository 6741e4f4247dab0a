"""The scorecard from the promotion record, unit by unit (scorecard/recorded.py).

The end-to-end tests (test_record_attacks.py) drive the real commands; these build a
live card and a replayed record by hand, so each rule of ``from_record`` is stated
on its own: who counts, what is listed and why, and what the card says beside.
"""

from __future__ import annotations

from rung.classes import replace
from rung.committee.roster import Roster
from rung.ladder.model import Ladder
from rung.model.coverage import move_coverage
from rung.model.packet import Packet
from rung.record.events import (
    Assigned,
    Entry,
    Event,
    Requested,
    Verdict,
    VerdictChanged,
    body_sha256,
)
from rung.record.replay import replay
from rung.scorecard.collate import Scorecard, build_scorecard, refusal_of, spelling_of
from rung.scorecard.recorded import WITHDRAWN, from_record
from rung.scorecard.recorded_seals import NOT_ASSIGNED

PATH = "packets/2026-H2/dana-levi.md"
LEADS = "ic-2.delivery.leads-features"
MENTORS = "ic-2.team.mentors"
ERIN = "holds acme ic-1, below ic-2 (rank 2)"  # a member below the level asked for


def said(author: str, command: str, comment_id: int, criterion: str | None = LEADS) -> Verdict:
    return Verdict(
        packet=PATH, packet_sha="a" * 40, pull=7, source="review-comment",
        comment_id=comment_id, node_id=f"PRRC_{comment_id}", author=author, author_id=7,
        criterion=criterion, command=command, reason=f"why {comment_id}",
        body_sha256=body_sha256(f"{command} why {comment_id}"),
        created_at="2026-07-01T09:00:00Z", updated_at="2026-07-01T09:00:00Z",
    )  # fmt: skip


def edited(of: Verdict, by: str | None, command: str | None = None) -> VerdictChanged:
    return VerdictChanged(
        packet=PATH, pull=7, source=of.source, comment_id=of.comment_id, node_id=of.node_id,
        author=of.author, change="edited", by=by, was_sha256=of.body_sha256,
        body_sha256=body_sha256("changed"), command=command, reason=None, updated_at=None,
    )  # fmt: skip


def card(packet: Packet, acme: Ladder, roster: Roster, *events: Event) -> Scorecard:
    live = build_scorecard(packet, move_coverage(packet, acme), roster, [], ladder=acme, path=PATH)
    entries = [Entry(i, "0" * 64, "2026-07-01T09:00:00Z", e) for i, e in enumerate(events, 1)]
    record = replay(entries)
    refusal = refusal_of(roster, acme, packet, path=PATH, author="dana-levi", manager="mkatz")
    return from_record(live, record, refusal, spelling_of(roster), appended=len(events))


def assign(*logins: str) -> list[Assigned]:
    return [Assigned(PATH, 7, login, "rung") for login in logins]


def test_only_assigned_eligible_reviewers_count_and_owe(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    got = card(
        packet, acme, roster,
        *assign("bob", "Dave", "erin"),
        Requested(PATH, 7, "ann", "dana-levi"),
        said("bob", "/meets", 1), said("ann", "/meets", 2), said("erin", "/not-yet", 3),
        said("dave", "/recommend promote", 4, None), said("bob", "/meets", 5, "no.such.criterion"),
    )  # fmt: skip
    rows = {row.criterion.id: row for row in got.rows}
    assert {login: v.value for login, v in rows[LEADS].verdicts.items()} == {"bob": "meets"}
    assert {login: v.value for login, v in got.recommendations.items()} == {"dave": "promote"}
    reasons = {(n.login, n.comment_id): n.reason for n in got.not_counted}
    assert reasons[("ann", 2)] == NOT_ASSIGNED + "; requested by hand"
    assert reasons[("erin", 3)] == ERIN
    assert reasons[("bob", 5)] == "on no.such.criterion, which this move does not require"
    required = len(got.rows)
    assert got.pending == {"bob": required - 1, "dave": required}  # erin is not eligible
    assert got.record is not None
    assert got.record.assigned == ("bob", "dave", "erin")
    assert got.record.hand_requests == (("ann", "dana-levi"),)
    assert got.record.appended == 9


def test_superseded_withdrawn_and_changed_by_others(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    first = said("bob", "/meets", 1)
    later = said("bob", "/not-yet", 2)
    mine = said("dave", "/meets", 3, MENTORS)
    got = card(
        packet, acme, roster, *assign("bob", "dave"), first, later,
        edited(later, "dana-levi", "/meets"), edited(later, None), mine, edited(mine, "Dave"),
    )  # fmt: skip
    rows = {row.criterion.id: row for row in got.rows}
    assert {login: v.value for login, v in rows[LEADS].verdicts.items()} == {"bob": "not-yet"}
    assert rows[LEADS].verdicts["bob"].reason == "why 2"
    assert rows[MENTORS].verdicts == {}
    listed = [(n.login, n.command, n.reason) for n in got.not_counted]
    assert ("bob", "/meets", "superseded by their later one") in listed
    assert ("dave", "/meets", WITHDRAWN) in listed
    assert got.record is not None
    assert [n.note for n in got.record.notes] == [
        "edited by @dana-levi after rung recorded it: counted as @bob wrote it",
        "edited by someone GitHub does not name after rung recorded it: counted as @bob wrote it",
    ]
    assert got.pending["bob"] == len(got.rows) - 1 and got.pending["dave"] == len(got.rows)


def test_live_refusals_stay_and_live_verdicts_not_in_the_record_are_listed(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    from rung.scorecard.tally import NotCounted
    from rung.scorecard.tally import Verdict as Counted

    live = build_scorecard(packet, move_coverage(packet, acme), roster, [], ladder=acme, path=PATH)
    rows = tuple(
        replace(row, verdicts={"bob": Counted("meets", 11, False, "u11")})
        if row.criterion.id == LEADS else row
        for row in live.rows
    )  # fmt: skip
    refused = (
        NotCounted("eve", LEADS, "/meets", "not on the committee", 12, "u12"),
        NotCounted("bob", LEADS, "/meets", "superseded by their later one", 13, "u13"),
    )
    live = replace(
        live, rows=rows, not_counted=refused, reviews={"Bob": "APPROVED", "ann": "APPROVED"},
        recommendations={"ann": Counted("defer", 14, False, "u14")},
    )  # fmt: skip
    record = replay([Entry(1, "0" * 64, "t", a) for a in assign("bob")])
    refusal = refusal_of(roster, acme, packet, path=PATH, author="dana-levi", manager="mkatz")
    got = from_record(live, record, refusal, spelling_of(roster))
    assert [(n.login, n.command, n.reason) for n in got.not_counted] == [
        ("eve", "/meets", "not on the committee"),
        ("bob", "/meets", "not in the promotion record: the packet has no review pull request yet"),
        (
            "ann",
            "/recommend defer",
            "not in the promotion record: the packet has no review pull request yet",
        ),
    ]
    assert got.reviews == {"Bob": "APPROVED"}
    assert got.recommendations == {}
