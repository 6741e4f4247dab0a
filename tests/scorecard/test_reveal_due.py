"""When the reveal of sealed verdicts is due (scorecard/reveal.py: reveal_due), unit by unit."""

from __future__ import annotations

from datetime import date

from recordmaker import PACKET, PACKET_SHA, changed, verdict
from rung.record.events import Entry, Event, Sealed
from rung.record.replay import PacketRecord, replay
from rung.scorecard.reveal import reveal_due

LEADS, MENTORS = "ic-2.delivery.leads-features", "ic-2.team.mentors"
DAY = date(2026, 9, 30)
ALL = "every assigned reviewer has given every required criterion a verdict"


def sealed(author: str, criterion: str, cid: int) -> Sealed:
    return Sealed(
        packet=PACKET, packet_sha=PACKET_SHA, pull=7, comment_id=cid, node_id=f"PRRC_{cid}",
        author=author, author_id=cid, criterion=criterion, body_sha256=f"{cid:064x}",
        created_at="2026-07-02T09:00:00Z", updated_at=None,
    )  # fmt: skip


def state(*events: Event) -> PacketRecord:
    return replay([Entry(i, "0" * 64, "2026-07-03T00:00:00Z", e) for i, e in enumerate(events, 1)])


def due(record: PacketRecord, reviewers: list[str], today: date = date(2026, 9, 1)) -> str | None:
    return reveal_due(record, reviewers, [LEADS, MENTORS], reveal=DAY, today=today)


def test_the_reveal_date_reveals_whatever_is_given() -> None:
    assert due(state(), ["bob"], today=DAY) == "the cycle's reveal date, 2026-09-30, has come"
    assert due(state(), ["bob"], today=date(2026, 9, 29)) is None


def test_a_complete_panel_reveals_however_its_logins_are_cased() -> None:
    record = state(sealed("Bob", LEADS, 1), sealed("bob", MENTORS, 2), sealed("Noa", LEADS, 3))
    assert due(record, ["BOB"]) == ALL
    assert due(record, ["bob", "noa"]) is None  # noa owes the mentoring criterion
    assert due(state(), []) is None  # nobody assigned: nothing is complete


def test_an_open_verdict_completes_the_panel_until_its_author_withdraws_it() -> None:
    open_one = verdict("bob", "/meets", comment_id=5, criterion=MENTORS)
    record = state(sealed("bob", LEADS, 1), open_one)
    assert due(record, ["bob"]) == ALL
    withdrawn = state(sealed("bob", LEADS, 1), open_one, changed(open_one, "bob", "deleted"))
    assert due(withdrawn, ["bob"]) is None
