"""A packet's record for a person to read: one line per event, then what they add up to.

Text that came from GitHub (reasons, logins) is shown on one line with control
characters escaped, so a reason cannot rewrite a terminal or forge a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rung.record.events import (
    Assigned,
    Bound,
    Entry,
    Event,
    Manager,
    Requested,
    RevealRefused,
    Sealed,
    Verdict,
    VerdictChanged,
)
from rung.record.replay import PacketRecord

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
REASON_WIDTH = 60


def one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _reason(text: str | None) -> str:
    if not text:
        return ""
    short = text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 1] + "…"
    return f' "{one_line(short)}"'


def _by(login: str | None) -> str:
    return f"@{login}" if login else "someone GitHub did not name"


def describe(event: Event) -> str:
    """One event in words."""
    if isinstance(event, Assigned):
        how = "by rung" if event.via == "rung" else f"by @{event.by}'s /assign ({event.comment_id})"
        return f"@{event.login} assigned {how} on #{event.pull}"
    if isinstance(event, Requested):
        return f"@{event.login} requested by {_by(event.by)} on #{event.pull} (not an assignment)"
    if isinstance(event, Verdict):
        on = f" on {event.criterion}" if event.criterion else ""
        return (
            f"@{event.author} {event.command}{on}{_reason(event.reason)} "
            f"({event.source} {event.comment_id} on #{event.pull})"
        )
    if isinstance(event, VerdictChanged):
        now = f", now {event.command}" if event.command else ""
        return (
            f"@{event.author}'s {event.source} {event.comment_id} {event.change} by "
            f"{_by(event.by)}{now}"
        )
    if isinstance(event, Manager):
        named = f"@{event.manager}" if event.manager else "no manager"
        return f"the packet names {named} as @{event.candidate}'s manager"
    if isinstance(event, Bound):
        return f"pull request #{event.pull} bound to the packet (head {event.head_sha[:7]})"
    if isinstance(event, Sealed):
        return (
            f"@{event.author} sealed a verdict on {event.criterion} "
            f"(review comment {event.comment_id} on #{event.pull})"
        )
    if isinstance(event, RevealRefused):
        return (
            f"@{event.author}'s sealed verdict on {event.criterion} not revealed: {event.why} "
            f"(review comment {event.comment_id} on #{event.pull})"
        )
    return (
        f"decision published: {event.outcome} for @{event.candidate}"
        f" (decided by {', '.join('@' + c for c in event.decided_by) or 'nobody named'})"
    )


def event_lines(entries: Sequence[tuple[int, Entry]]) -> list[str]:
    return [
        f"{entry.seq:>4}  {entry.at}  {entry.event.KIND:<15}  {describe(entry.event)}"
        for _, entry in entries
    ]


def summary_lines(state: PacketRecord) -> list[str]:
    """What the events add up to, as the commands that read the record will count it."""
    assigned = [
        f"@{a.login} ({'rung' if a.via == 'rung' else f'/assign by @{a.by}'})"
        for a in state.assigned.values()
    ]
    lines = [f"assigned: {', '.join(assigned) or 'nobody'}"]
    if state.hand_requests:
        hand = ", ".join(f"@{r.login} (by {_by(r.by)})" for r in state.hand_requests)
        lines.append(f"requested by hand, not assigned: {hand}")
    lines.append("verdicts:" if state.verdicts else "verdicts: none")
    for verdict in state.verdicts:
        on = f" on {verdict.current.criterion}" if verdict.current.criterion else ""
        notes = []
        if verdict.superseded:
            notes.append("supersedes " + ", ".join(v.command for v in verdict.superseded))
        for change in verdict.changed_by_others:
            notes.append(f"{change.change} by {_by(change.by)} (changes nothing)")
        if verdict.withdrawn:
            notes.append("withdrawn by its author")
        tail = f" — {'; '.join(notes)}" if notes else ""
        lines.append(f"  @{verdict.author} {verdict.current.command}{on}{tail}")
    if state.manager_recorded:
        manager = f"@{state.manager}" if state.manager else "none named"
        lines.append(f"manager (recorded at assignment): {manager}")
    for named in state.manager_changes:
        later = f"@{named.manager}" if named.manager else "none"
        lines.append(f"  later the packet named {later}: for the chairs, discounts nobody")
    lines.append(f"pull request: #{state.pull}" if state.pull else "pull request: none bound")
    if state.other_pulls:
        others = ", ".join(f"#{n}" for n in state.other_pulls)
        lines.append(f"  also bound later (listed, never substituted): {others}")
    for decision in state.decisions:
        lines.append(f"decision: {decision.outcome} ({decision.meeting or 'no meeting date'})")
    return lines
