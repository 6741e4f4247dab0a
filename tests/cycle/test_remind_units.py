"""Who a reminder goes to and what it says, from a cycle status (no GitHub)."""

from __future__ import annotations

from datetime import date

from cycle.generate import CYCLE
from cycle.rows import row
from rung.cycle.remind import REMIND_MARKER, reminders
from rung.cycle.status import DRAFT, IN_REVIEW, READY, CycleStatus, PacketStatus

LONGEST = "a" + "-b" * 19  # 39 characters: GitHub's longest login


def remind(*rows: PacketStatus) -> list[tuple[int, dict[str, int], str]]:
    status = CycleStatus(CYCLE, rows, True, date(2026, 7, 10))
    return [(r.number, r.owing, r.body) for r in reminders(status)]


def test_only_pull_requests_in_review_with_someone_owing() -> None:
    assert remind(
        row("ann", pull=5, owing={"bob": 2}),
        row("ben", pull=6, owing={}),
        row("cy", pull=7, owing={"bob": 1}, state=READY),
        row("dee", pull=8, owing={"bob": 1}, state=DRAFT),
        row("eve", pull=None, owing={"bob": 1}, state=IN_REVIEW),
    ) == [
        (
            5,
            {"bob": 2},
            f"{REMIND_MARKER}\n"
            "A reminder from the calibration committee: this packet (open 1 days) is waiting "
            "for verdicts.\n\n"
            "- @bob: 2 criteria without your verdict\n\n"
            "Comment on a criterion's lines in *Files changed* with `/meets`, `/not-yet` "
            "(or `/abstain` when you cannot judge it) and your reasoning (docs/committee.md).\n",
        )
    ]


def test_only_what_looks_like_a_github_login_is_mentioned() -> None:
    owing = {
        "carol": 1,
        LONGEST: 3,
        LONGEST + "c": 1,  # 40 characters
        "bob\n": 1,
        "@everyone": 1,
        "acme/everyone": 1,
        "-dash": 1,
        "x y": 1,
    }
    [(_, mentioned, body)] = remind(row("ann", pull=5, owing=owing, days_open=None))
    assert mentioned == {"carol": 1, LONGEST: 3}
    lines = body.split("\n")
    assert lines[1].endswith("this packet is waiting for verdicts.")  # no days without a pull
    assert lines[3:5] == [
        "- @carol: 1 criterion without your verdict",
        f"- @{LONGEST}: 3 criteria without your verdict",
    ]
    assert remind(row("ben", pull=6, owing={"@everyone": 2, "a b": 1})) == []
