"""Reporters: each writes findings (and what was learned about each packet) to a stream.

Every reporter has the signature ``(problems, stream, packets=())``: ``packets``
summarises the packets that were checked, for the formats that show coverage.
Text that comes from a packet is never trusted: the text format keeps a finding
on one line, the github format escapes exactly as @actions/core does, and the
Markdown step summary backslash-escapes punctuation.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence

from rung.classes import dataclass
from rung.model.coverage import Coverage
from rung.model.packet import Packet
from rung.patterns import lazy
from rung.problems import Level, Problem
from rung.validate.colour import level_word, use_colour

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any, TextIO

STEP_SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a larger $GITHUB_STEP_SUMMARY


@dataclass(frozen=True)
class CriterionRow:
    id: str
    text: str
    status: str  # met, partial, gap, missing (as coverage.CoverageRow.status)
    count: int
    needed: int


@dataclass(frozen=True)
class PacketSummary:
    """One checked packet, for the json ``packets`` list and the step summary."""

    path: str
    candidate: str
    name: str
    ladder: str
    from_level: str
    to_level: str
    kind: str | None  # None when the ladder, a level or the move did not resolve
    required: int | None
    covered: int | None
    gaps: int | None
    rows: tuple[CriterionRow, ...] = ()

    @classmethod
    def of(
        cls,
        packet: Packet,
        coverage: Coverage | None,
        statuses: Sequence[str] = (),
        with_rows: bool = True,
    ) -> PacketSummary:
        """The summary of a checked packet; ``statuses`` saves recomputing the rows' status.

        ``with_rows=False`` leaves out the per-criterion rows (only the step summary
        shows them), which are most of a summary's memory."""
        base = (packet.path, packet.candidate, packet.name, packet.ladder)
        if coverage is None:
            return cls(*base, packet.from_level, packet.to_level, None, None, None, None)
        if len(statuses) != len(coverage.rows):
            statuses = [r.status for r in coverage.rows]
        rows = tuple(
            CriterionRow(
                r.criterion.id, r.criterion.text, status, r.count, r.criterion.min_evidence
            )
            for r, status in zip(coverage.rows, statuses, strict=True)
            if with_rows
        )
        return cls(
            *base,
            packet.from_level,
            packet.to_level,
            coverage.kind.value,
            len(statuses),
            statuses.count("met"),
            statuses.count("gap"),
            rows,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "candidate": self.candidate,
            "ladder": self.ladder,
            "from": self.from_level,
            "to": self.to_level,
            "kind": self.kind,
            "required": self.required,
            "covered": self.covered,
            "gaps": self.gaps,
        }


_CONTROL = lazy("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """One printable line: control characters (line breaks, ESC sequences that
    could clear or recolour a terminal) are shown escaped, never interpreted."""
    return _CONTROL.sub(_escape_control, text) if _CONTROL.search(text) else text


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
        char, f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"
    )


def report_text(
    problems: Sequence[Problem],
    stream: TextIO,
    packets: Sequence[PacketSummary] = (),  # noqa: ARG001 - the Reporter interface
) -> None:
    """``path:line:col: level: message [rule]``, sorted by path and position; the level
    word coloured on a terminal (see :mod:`rung.validate.colour`)."""
    colour = use_colour(stream)
    for p in sorted(problems):
        level = level_word(p.level, colour)
        stream.write(
            f"{one_line(p.path)}:{p.line}:{p.column}: {level}: {one_line(p.message)} [{p.rule}]\n"
        )


def report_json(
    problems: Sequence[Problem],
    stream: TextIO,
    packets: Sequence[PacketSummary] = (),
    silenced: Sequence[dict[str, Any]] = (),
) -> None:
    """``{"findings": [...], "packets": [...]}``, findings sorted like the text format;
    ``"silenced": [...]`` too when inline suppressions silenced findings."""
    payload: dict[str, Any] = {
        "findings": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "level": str(p.level),
                "rule": p.rule,
                "message": p.message,
            }
            for p in sorted(problems)
        ],
        "packets": [s.as_json() for s in sorted(packets, key=lambda s: s.path)],
    }
    if silenced:
        payload["silenced"] = list(silenced)
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as @actions/core ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped as @actions/core ``escapeProperty`` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def tally(problems: Sequence[Problem]) -> str:
    """``1 error, 0 warnings, 2 notices``: the counts a command's summary line ends with."""
    counts = {lv: sum(1 for p in problems if p.level is lv) for lv in Level}
    return ", ".join(f"{counts[lv]} {lv}{'s' if counts[lv] != 1 else ''}" for lv in reversed(Level))


def _tally(problems: Sequence[Problem]) -> str:
    counts = [(sum(1 for p in problems if p.level is lv), str(lv)) for lv in reversed(Level)]
    return ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for n, name in counts if n)


def report_github(
    problems: Sequence[Problem],
    stream: TextIO,
    packets: Sequence[PacketSummary] = (),  # noqa: ARG001 - the step summary shows them
) -> None:
    """GitHub Actions annotations, one ``::group::`` per file."""
    by_path: dict[str, list[Problem]] = {}
    for p in sorted(problems):
        by_path.setdefault(p.path, []).append(p)
    for path, found in by_path.items():
        stream.write(f"::group::{escape_data(f'{path} ({_tally(found)})')}\n")
        for p in found:
            where = f"file={escape_property(p.path)}"
            if p.line > 0:
                where += f",line={p.line},col={max(p.column, 1)}"
            title = escape_property(f"rung {p.rule}")
            stream.write(f"::{p.level} {where},title={title}::{escape_data(p.message)}\n")
        stream.write("::endgroup::\n")


Reporter = Callable[[Sequence[Problem], "TextIO", Sequence[PacketSummary]], None]
REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


# --- the Markdown job summary ---------------------------------------------------------

# "evidenced", not "met": before any review this would read like approval, and only
# a reviewer's verdict says "meets".
_STATUS = {
    "met": "✅ evidenced",
    "partial": "🟡 partial",
    "gap": "➖ gap",
    "missing": "❌ missing",
}


# Backslash-escaped: every character that can start Markdown or HTML inline syntax.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>|&!~#(){}$")


def markdown_escape(text: str) -> str:
    """``text`` as literal inline Markdown on one line (not for the start of a line)."""
    flat = " ".join(text.split())
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in flat)


def _packet_section(summary: PacketSummary, problems: Sequence[Problem]) -> str:
    esc = markdown_escape
    move = f"{esc(summary.from_level)} → {esc(summary.to_level)}"
    out = [f"### {esc(summary.name)} ({esc(summary.candidate)}): {esc(summary.ladder)} {move}"]
    counts = _tally(problems) or "no findings"
    if summary.required is None:
        out.append(f"File {esc(summary.path)}: the move did not resolve; {counts}.\n")
        return "\n".join([*out, *_findings(problems)]) + "\n"
    out.append(
        f"File {esc(summary.path)}: {summary.kind}, {summary.covered} of {summary.required} "
        f"criteria evidenced, {summary.gaps} gap{'s' if summary.gaps != 1 else ''}; {counts}.\n"
    )
    out.append("| Criterion | Status | Items |")
    out.append("|---|---|---|")
    for row in summary.rows:
        items = f"{row.count} of {row.needed}" if row.needed > 1 else str(row.count)
        out.append(f"| {esc(row.id)}<br>{esc(row.text)} | {_STATUS[row.status]} | {items} |")
    out.append("")
    return "\n".join([*out, *_findings(problems)]) + "\n"


def _findings(problems: Sequence[Problem]) -> list[str]:
    # Annotations show only the first 10 errors of a step: the summary lists them all.
    lines = [
        f"- line {p.line}: {p.level}: {markdown_escape(p.message)} \\[{p.rule}\\]"
        for p in sorted(problems)
    ]
    return [*lines, ""] if lines else []


class ShownPackets:
    """The packets a job summary can show, collected one by one: those first by path
    whose sections fit in ``limit`` bytes.  The rest are only counted, so checking
    20,000 packets holds about a megabyte of summaries, not all of them."""

    def __init__(self, limit: int = STEP_SUMMARY_LIMIT) -> None:
        self.limit = limit
        self.count = 0
        self._kept: list[tuple[str, int, PacketSummary]] = []  # sorted by path
        self._size = 0
        self._cutoff: str | None = None  # no packet from this path on can be shown

    def add(self, summary: PacketSummary, problems: Sequence[Problem]) -> None:
        """``problems``: the packet's own findings, which its section lists."""
        self.count += 1
        if self._cutoff is not None and summary.path >= self._cutoff:
            return
        size = len(_packet_section(summary, problems).encode("utf-8"))
        bisect.insort(self._kept, (summary.path, size, summary), key=lambda k: k[0])
        self._size += size
        # Sections are shown in path order until one does not fit: while the kept
        # ones are over the limit, the last by path cannot be shown, nor any after it.
        while self._size > self.limit:
            self._cutoff, size, _ = self._kept.pop()
            self._size -= size

    @property
    def packets(self) -> list[PacketSummary]:
        return [summary for _, _, summary in self._kept]


def _left_out(count: int) -> str:
    return f"_{count} more packet{'s' if count != 1 else ''} not shown: the summary is full._\n"


def step_summary(
    problems: Sequence[Problem],
    packets: Sequence[PacketSummary],
    limit: int = STEP_SUMMARY_LIMIT,
    total: int | None = None,
    silenced: str = "",
) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: a coverage table per packet, at most ``limit`` bytes.

    ``total``: how many packets were checked, when ``packets`` holds only the first
    of them (``ShownPackets``); the summary says how many it leaves out.  ``silenced``:
    the section on silenced findings (``silenced.silenced_markdown``), under the header."""
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    header = f"## rung validate\n\n{_tally(problems) or 'No findings'}.\n\n{silenced}"
    parts = [header]
    used = len(header.encode("utf-8"))
    if used > limit:  # an earlier step filled the summary: add nothing
        return ""
    ordered = sorted(packets, key=lambda s: s.path)
    total = len(ordered) if total is None else total
    for index, summary in enumerate(ordered):
        section = _packet_section(summary, by_path.get(summary.path, []))
        note = _left_out(total - index)
        size = len(section.encode("utf-8"))
        if used + size + len(note.encode("utf-8")) > limit:
            if used + len(note.encode("utf-8")) <= limit:
                parts.append(note)
            break
        parts.append(section)
        used += size
    else:  # all given were shown: those let go by ShownPackets would not have fitted
        note = _left_out(total - len(ordered))
        if total > len(ordered) and used + len(note.encode("utf-8")) <= limit:
            parts.append(note)
    return "".join(parts)
