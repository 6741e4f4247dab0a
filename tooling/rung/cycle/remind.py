"""Reminders for reviewers who owe verdicts: who is reminded where, and the comment.

A reminder goes to a pull request in review whose reviewers still owe verdicts,
at most once per interval: the comment starts with :data:`REMIND_MARKER` and
the poster lists the pull request's comments before posting (rung.github.cycle).
It mentions only the logins that owe, and only when they look like GitHub logins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rung.cycle.status import IN_REVIEW, CycleStatus, PacketStatus

REMIND_MARKER = "<!-- rung:remind -->"
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\Z")


@dataclass(frozen=True)
class Reminder:
    row: PacketStatus
    number: int
    owing: dict[str, int]  # login -> criteria owed
    body: str


def reminder_body(row: PacketStatus, owing: dict[str, int]) -> str:
    days = f" (open {row.days_open} days)" if row.days_open is not None else ""
    lines = [
        REMIND_MARKER,
        f"A reminder from the calibration committee: this packet{days} is waiting for verdicts.",
        "",
    ]
    for login, count in owing.items():
        lines.append(
            f"- @{login}: {count} criteri{'on' if count == 1 else 'a'} without your verdict"
        )
    lines += [
        "",
        "Comment on a criterion's lines in *Files changed* with `/meets`, `/not-yet` (or `/abstain` "
        "when you cannot judge it) and "
        "your reasoning (docs/committee.md).",
        "",
    ]
    return "\n".join(lines)


def reminders(status: CycleStatus) -> Iterator[Reminder]:
    """One reminder per pull request in review with someone owing verdicts."""
    for row in status.rows:
        if row.state != IN_REVIEW or row.pull is None:
            continue
        owing = {login: n for login, n in row.owing.items() if _LOGIN.match(login)}
        if owing:
            yield Reminder(row, row.pull, owing, reminder_body(row, owing))
