"""The cycle's status as text (a terminal), JSON (machines) and Markdown (an issue).

Packet text (names, paths) is untrusted: text output has control characters
removed so it cannot forge a workflow command; Markdown escapes every character
that could start markup, HTML, a table break or a mention.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from rung.cycle.status import CycleStatus, PacketStatus, tally_states
from rung.scorecard.markdown import escape, one_line

MAX_CELL = 200


def md(text: str, limit: int = MAX_CELL) -> str:
    """``text`` as inert Markdown on one line (:func:`rung.scorecard.markdown.escape`)."""
    return escape(text, limit)


def coverage_cell(row: PacketStatus) -> str:
    cell = f"{row.evidenced}/{row.required}"
    if row.gaps:
        cell += f", {row.gaps} gap{'s' if row.gaps != 1 else ''}"
    return cell


def reviewers_cell(row: PacketStatus) -> str:
    if not row.reviewers:
        return "none"
    return f"{len(row.gave)}/{len(row.reviewers)} done"


def verdicts_cell(row: PacketStatus) -> str:
    return f"{row.meets} meets, {row.not_yet} not-yet"


def recommendations_cell(row: PacketStatus) -> str:
    cell = f"{row.promote} promote, {row.hold} not-yet"
    return cell + (f", {row.defer} defer" if row.defer else "")


def owed(rows: Iterable[PacketStatus]) -> list[tuple[str, list[tuple[PacketStatus, int]]]]:
    """The nagboard: each reviewer who owes verdicts, with the packets and criteria owed."""
    board: dict[str, list[tuple[PacketStatus, int]]] = {}
    for row in rows:
        if row.state in ("decided", "draft"):
            continue
        for login, count in row.owing.items():
            board.setdefault(login, []).append((row, count))
    return sorted(board.items(), key=lambda item: item[0].casefold())


def render_json(status: CycleStatus) -> str:
    payload = status.to_json()
    payload["owed"] = {
        login: [{"candidate": r.candidate, "criteria": n, "days": r.days_open} for r, n in items]
        for login, items in owed(status.rows)
    }
    payload["states"] = tally_states(status.rows)
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _columns(row: PacketStatus, online: bool) -> list[str]:
    unread = "–"  # GitHub was not read: no reviewers or verdicts to show
    return [
        row.candidate,
        row.move + (" (lateral)" if row.lateral else ""),
        coverage_cell(row),
        reviewers_cell(row) if online else unread,
        verdicts_cell(row) if online else unread,
        recommendations_cell(row) if online else unread,
        "" if row.days_open is None else str(row.days_open),
        row.state + (f": {row.outcome}" if row.outcome else ""),
    ]


HEADERS = ["candidate", "move", "coverage", "reviewers", "verdicts", "recommend", "days", "state"]


def render_text(status: CycleStatus) -> str:
    table = [HEADERS] + [[one_line(c) for c in _columns(row, status.online)] for row in status.rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADERS))]
    lines = [f"cycle {status.cycle}: {len(status.rows)} packets." + _source(status)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    board = owed(status.rows)
    if board:
        lines.append("")
        lines.append("owed verdicts:")
        for login, items in board:
            listed = ", ".join(f"{one_line(r.candidate)} ({n}, {_days(r)})" for r, n in items)
            lines.append(f"  {one_line(login)}: {listed}")
    warned = [row for row in status.rows if row.label_warning]
    if warned:
        lines.append("")
        lines.append("label warnings (for the chairs; the state above is decisions.yaml's):")
        lines += [
            f"  {one_line(r.candidate)} #{r.pull}: {one_line(r.label_warning or '')}"
            for r in warned
        ]
    remarked = [row for row in status.rows if row.remarks]
    if remarked:
        lines.append("")
        lines.append("not counted, or changed by someone else:")
        lines += [
            f"  {one_line(r.candidate)}: {one_line(remark)}"
            for r in remarked
            for remark in r.remarks
        ]
    lines += [
        f"skipped {one_line(p)}: not a valid packet; run 'rung validate'" for p in status.skipped
    ]
    return "\n".join(lines) + "\n"


def _days(row: PacketStatus) -> str:
    return "?" if row.days_open is None else f"{row.days_open} d"


def _source(status: CycleStatus) -> str:
    if not status.online:
        return " Offline: coverage and decisions only; set GITHUB_TOKEN for verdicts."
    return f" GitHub read on {status.today.isoformat()}."


def markdown_table(rows: Sequence[PacketStatus], online: bool) -> list[str]:
    lines = [
        "| # | Candidate | Move | Coverage | Reviewers | Verdicts | Recommend | Days | State |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(rows, 1):
        cells = _columns(row, online)
        who = f"{md(row.name)} ({md(row.candidate)})"
        if row.pull is not None:
            who += f" #{row.pull}"
        lines.append(f"| {number} | {who} | " + " | ".join(md(c) for c in cells[1:]) + " |")
    return lines


def render_markdown(status: CycleStatus) -> str:
    states = ", ".join(f"{n} {s}" for s, n in tally_states(status.rows).items() if n)
    lines = [
        f"## Cycle {md(status.cycle)}: status",
        "",
        f"{len(status.rows)} packets: {states or 'none'}.{md(_source(status).rstrip())}",
        "",
        *markdown_table(status.rows, status.online),
    ]
    board = owed(status.rows)
    if board:
        lines += ["", "### Owed verdicts", ""]
        for login, items in board:
            listed = ", ".join(f"{md(r.candidate)} ({n} criteria, {_days(r)})" for r, n in items)
            lines.append(f"- {md(login)}: {listed}")
    warned = [row for row in status.rows if row.label_warning]
    if warned:
        lines += ["", "### Label warnings", ""]
        lines += [
            f"- {md(r.candidate)} #{r.pull}: {md(r.label_warning or '', 600)}" for r in warned
        ]
    remarked = [row for row in status.rows if row.remarks]
    if remarked:
        lines += ["", "### Not counted, or changed by someone else", ""]
        lines += [
            f"- {md(r.candidate)}: {md(remark, 600)}" for r in remarked for remark in r.remarks
        ]
    return "\n".join(lines) + "\n"
