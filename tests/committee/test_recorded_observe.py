"""What the privileged side records from what GitHub shows, unit by unit
(scorecard/recorded.py: ``observe``, ``chair_commands`` and what ``from_record`` carries
over from the live card).

The attacks in test_record_attacks.py run the real commands; here each field of each
event is stated on its own, so a change to how one is filled fails a test by name.
"""

from __future__ import annotations

from rung.classes import replace
from rung.committee.roster import Roster
from rung.ladder.model import Ladder
from rung.model.coverage import move_coverage
from rung.model.packet import Packet
from rung.record.events import Assigned, Entry, Event, VerdictChanged, body_sha256
from rung.record.events import Verdict as Recorded
from rung.record.replay import PacketRecord, replay
from rung.scorecard.collate import Scorecard, build_scorecard, refusal_of, spelling_of
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.recorded import chair_commands, from_record, observe
from rung.scorecard.recorded_seals import NOT_ASSIGNED
from rung.scorecard.tally import Verdict as Counted

PATH = "packets/2026-H2/dana-levi.md"
LEADS = "ic-2.delivery.leads-features"
MENTORS = "ic-2.team.mentors"
SHA = "b" * 40


def live_card(
    packet: Packet,
    acme: Ladder,
    roster: Roster,
    verdicts: dict[str, dict[str, Counted]],
    recommendations: dict[str, Counted] | None = None,
) -> Scorecard:
    """A live card whose counted verdicts are exactly ``verdicts`` (criterion -> login -> verdict)."""
    live = build_scorecard(packet, move_coverage(packet, acme), roster, [], ladder=acme, path=PATH)
    rows = tuple(replace(row, verdicts=verdicts.get(row.criterion.id, {})) for row in live.rows)
    return replace(live, rows=rows, recommendations=recommendations or {})


def history(*events: Event) -> PacketRecord:
    return replay([Entry(i, "0" * 64, "2026-07-01T09:00:00Z", e) for i, e in enumerate(events, 1)])


def comment(cid: int, login: str | None, body: str, **fields: object) -> ReviewComment:
    base: dict[str, object] = {
        "path": PATH, "line": 12, "created_at": f"2026-07-0{cid}T10:00:00Z",
        "node_id": f"PRRC_{cid}", "author_id": 40 + cid,
    }  # fmt: skip
    base.update(fields)
    return ReviewComment(cid, login, body, **base)  # type: ignore[arg-type]


def test_observe_records_each_counted_verdict_with_where_and_when_it_was_written(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    on_line = comment(1, "bob", "/meets Led the rollout.", updated_at="2026-07-03T08:00:00Z")
    review = Review(
        2, "dave", "COMMENTED", submitted_at="2026-07-04T11:00:00Z",
        body="/recommend promote Ready.", node_id="PRR_2", author_id=0,
    )  # fmt: skip
    talk = ConversationComment(
        3, "carol", "/not-yet Thin on mentoring.", created_at="2026-07-05T12:00:00Z",
        node_id="IC_3", author_id=1,
    )  # fmt: skip
    live = live_card(
        packet, acme, roster,
        {LEADS: {"bob": Counted("meets", 1, False, "", "Led the rollout.", "PRRC_1")},
         MENTORS: {"carol": Counted("not-yet", 3, False, "", "Thin on mentoring.", "IC_3")}},
        {"dave": Counted("promote", 2, False, "", "Ready.", "PRR_2")},
    )  # fmt: skip
    events = observe(live, [on_line], [review], [talk], history(), pull=7, packet_sha=SHA)
    assert all(isinstance(e, Recorded) for e in events)
    got = [
        (e.source, e.comment_id, e.node_id, e.author, e.author_id, e.criterion, e.command,
         e.reason, e.body_sha256, e.created_at, e.updated_at, e.pull, e.packet, e.packet_sha)
        for e in events if isinstance(e, Recorded)
    ]  # fmt: skip
    assert got == [
        ("review-comment", 1, "PRRC_1", "bob", 41, LEADS, "/meets", "Led the rollout.",
         body_sha256(on_line.body), "2026-07-01T10:00:00Z", "2026-07-03T08:00:00Z", 7, PATH, SHA),
        # a review is dated by its submission; an unknown account id is recorded as 1
        ("review", 2, "PRR_2", "dave", 1, None, "/recommend promote", "Ready.",
         body_sha256(review.body), "2026-07-04T11:00:00Z", "2026-07-04T11:00:00Z", 7, PATH, SHA),
        ("issue-comment", 3, "IC_3", "carol", 1, MENTORS, "/not-yet", "Thin on mentoring.",
         body_sha256(talk.body), "2026-07-05T12:00:00Z", "2026-07-05T12:00:00Z", 7, PATH, SHA),
    ]  # fmt: skip


def test_observe_leaves_out_times_github_did_not_send_and_comments_it_cannot_place(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    undated = comment(1, "bob", "/meets Yes.", created_at="")
    gone = comment(2, None, "/meets Deleted account.")  # the author's account was deleted
    nameless = comment(3, "dave", "/meets No node id.", node_id="")
    live = live_card(
        packet, acme, roster,
        {LEADS: {"bob": Counted("meets", 1, False, "", "Yes.", "PRRC_1"),
                 "ghost": Counted("meets", 2, False, "", "Deleted account.", "PRRC_2"),
                 "dave": Counted("meets", 3, False, "", "No node id.", ""),
                 "erin": Counted("meets", 4, False, "", "Not shown any more.", "PRRC_4")}},
    )  # fmt: skip
    events = observe(live, [undated, gone, nameless], [], [], history(), pull=7, packet_sha=SHA)
    assert [(e.author, e.created_at, e.updated_at) for e in events if isinstance(e, Recorded)] == [
        ("bob", None, None)
    ]


def test_chairs_assign_by_command_as_they_wrote_it(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    chairs = frozenset({"carol"})
    said = [
        ConversationComment(1, "Carol", "/assign @bob", node_id="IC_1"),  # login case differs
        ConversationComment(2, "Carol", "/assign @dave", node_id="IC_2", edited=True,
                            editor="CAROL"),  # edited by herself: stands
        ConversationComment(3, "carol", "/assign @erin", node_id="IC_3", edited=True,
                            editor="dana-levi"),  # edited by the candidate: void
        ConversationComment(4, "carol", "/assign @ann", node_id="IC_4", edited=True,
                            editor=None),  # edited by a deleted account: void
        ConversationComment(5, "dana-levi", "/assign @dana-levi", node_id="IC_5"),
        ConversationComment(6, "carol", "/assign @frank", node_id=""),  # unnamed: unverifiable
    ]  # fmt: skip
    review = Review(7, "carol", "COMMENTED", body="/assign @gil", node_id="PRR_7")
    live = live_card(packet, acme, roster, {})
    events = observe(live, [], [review], said, history(), pull=7, packet_sha=SHA, chairs=chairs)
    assert events == [
        Assigned(PATH, 7, "gil", "command", "carol", 7, "PRR_7"),
        Assigned(PATH, 7, "bob", "command", "Carol", 1, "IC_1"),
        Assigned(PATH, 7, "dave", "command", "Carol", 2, "IC_2"),
    ]
    plain = ConversationComment(8, "carol", "Thanks all.", node_id="IC_8")
    assert chair_commands(([review], [*said, plain]), chairs) == {
        "PRR_7", "IC_1", "IC_2", "IC_3", "IC_4", "",
    }  # fmt: skip


def _recorded(cid: int, pull: int = 7, body: str = "/meets Led it.") -> Recorded:
    return Recorded(
        packet=PATH, packet_sha=SHA, pull=pull, source="review-comment", comment_id=cid,
        node_id=f"PRRC_{cid}", author="bob", author_id=41, criterion=LEADS, command="/meets",
        reason="Led it.", body_sha256=body_sha256(body), created_at="t", updated_at="t",
    )  # fmt: skip


def _changes(events: list[Event]) -> list[VerdictChanged]:
    return [e for e in events if isinstance(e, VerdictChanged)]


def test_a_recorded_verdict_edited_deleted_or_untouched(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    live = live_card(packet, acme, roster, {})
    record = history(
        Assigned(PATH, 7, "bob", "rung"), _recorded(1), _recorded(2), _recorded(3),
        _recorded(4), _recorded(5, pull=6),  # the last on another pull request: not ours to check
    )  # fmt: skip
    shown = [
        comment(1, "bob", "/meets Led it."),  # unchanged
        comment(2, "bob", "/not-yet Changed my mind.", edited=True, editor="dana-levi",
                updated_at="2026-07-09T09:00:00Z"),
        # two commands now; not edited as GraphQL says, so nobody is named
        comment(3, "bob", "/meets One.\n\n/not-yet Two.", edited=False, editor="dana-levi"),
        # 4 is gone; 5 is on pull request 6
    ]  # fmt: skip
    got = _changes(observe(live, shown, [], [], record, pull=7, packet_sha=SHA))
    assert [(c.comment_id, c.change, c.by, c.command, c.reason, c.updated_at) for c in got] == [
        (2, "edited", "dana-levi", "/not-yet", "Changed my mind.", "2026-07-09T09:00:00Z"),
        (3, "edited", None, None, None, "2026-07-03T10:00:00Z"),
        (4, "deleted", None, None, None, None),
    ]
    assert [(c.was_sha256, c.body_sha256) for c in got] == [
        (body_sha256("/meets Led it."), body_sha256("/not-yet Changed my mind.")),
        (body_sha256("/meets Led it."), body_sha256("/meets One.\n\n/not-yet Two.")),
        (body_sha256("/meets Led it."), None),
    ]


def test_a_recorded_change_is_the_new_baseline(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    """Once an edit is recorded, the same text again adds nothing and a further edit is
    recorded against the edited text, not the original."""
    first = _recorded(1)
    edit = VerdictChanged(
        packet=PATH, pull=7, source="review-comment", comment_id=1, node_id="PRRC_1",
        author="bob", change="edited", by="dana-levi", was_sha256=first.body_sha256,
        body_sha256=body_sha256("/not-yet Edited."), command="/not-yet", reason="Edited.",
        updated_at="t2",
    )  # fmt: skip
    elsewhere = _recorded(5, pull=6)
    moved = replace(edit, pull=6, comment_id=5, node_id="PRRC_5", was_sha256=elsewhere.body_sha256)
    live = live_card(packet, acme, roster, {})
    record = history(Assigned(PATH, 7, "bob", "rung"), first, edit, elsewhere, moved)
    same = comment(1, "bob", "/not-yet Edited.", edited=True, editor="dana-levi")
    assert _changes(observe(live, [same], [], [], record, pull=7, packet_sha=SHA)) == []
    again = comment(1, "bob", "/meets Again.", edited=True, editor="dana-levi")
    [change] = _changes(observe(live, [again], [], [], record, pull=7, packet_sha=SHA))
    assert change.was_sha256 == body_sha256("/not-yet Edited.")


def test_from_record_keeps_the_live_links_and_outdated_marks(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    live = live_card(
        packet, acme, roster,
        {LEADS: {"bob": Counted("meets", 1, True, "https://x/1", "Led it.", "PRRC_1")},
         MENTORS: {"bob": Counted("meets", 2, False, "https://x/2", "Led it.", "PRRC_2")}},
        {"bob": Counted("promote", 9, False, "https://x/9", "Yes.", "PRR_9"),
         "Dave": Counted("promote", 8, False, "https://x/8", "Yes.", "PRR_8")},
    )  # fmt: skip
    live = replace(live, reviews={"bob": "APPROVED", "eve": "APPROVED"})
    recommend = replace(_recorded(9), comment_id=9, node_id="PRR_9", criterion=None,
                        command="/recommend promote", source="review")  # fmt: skip
    dave = replace(recommend, comment_id=8, node_id="PRR_8", author="dave")
    record = history(Assigned(PATH, 7, "Bob", "rung"), Assigned(PATH, 7, "dave", "rung"),
                     _recorded(1), replace(_recorded(2), criterion=MENTORS), recommend,
                     dave)  # fmt: skip
    # everyone eligible; "dave" spelled "Dave", so only a case-blind order puts bob first
    got = from_record(live, record, lambda _: None, lambda login: login.replace("d", "D", 1))
    rows = {r.criterion.id: r.verdicts["bob"] for r in got.rows if "bob" in r.verdicts}
    assert {c: (v.url, v.outdated) for c, v in rows.items()} == {
        LEADS: ("https://x/1", True), MENTORS: ("https://x/2", False),
    }  # fmt: skip
    assert [(k, v.url) for k, v in got.recommendations.items()] == [
        ("bob", "https://x/9"), ("Dave", "https://x/8"),
    ]  # fmt: skip
    assert got.reviews == {"bob": "APPROVED"}  # assigned as "Bob": the same person
    assert got.record is not None and got.record.appended == 0


def test_a_reviewer_owes_even_one_missing_verdict_and_nothing_once_all_are_given(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    live = live_card(packet, acme, roster, {})
    criteria = [row.criterion.id for row in live.rows]
    given = [
        replace(_recorded(i), criterion=c, node_id=f"PRRC_{i}", comment_id=i)
        for i, c in enumerate(criteria, 1)
    ]
    dave = [
        replace(v, author="dave", comment_id=100 + i, node_id=f"PRRC_{100 + i}")
        for i, v in enumerate(given[1:])
    ]
    record = history(Assigned(PATH, 7, "bob", "rung"), Assigned(PATH, 7, "dave", "rung"),
                     *given, *dave)  # fmt: skip
    refusal = refusal_of(roster, acme, packet, path=PATH, author="dana-levi", manager="mkatz")
    got = from_record(live, record, refusal, spelling_of(roster))
    assert got.pending == {"dave": 1}


def test_a_verdict_by_someone_never_assigned_says_only_that(
    packet: Packet, acme: Ladder, roster: Roster
) -> None:
    live = live_card(packet, acme, roster, {})
    record = history(Assigned(PATH, 7, "dave", "rung"), _recorded(1))
    refusal = refusal_of(roster, acme, packet, path=PATH, author="dana-levi", manager="mkatz")
    got = from_record(live, record, refusal, spelling_of(roster))
    assert [(n.login, n.reason) for n in got.not_counted] == [("bob", NOT_ASSIGNED)]
