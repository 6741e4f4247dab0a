"""The calibration agenda: the cycle's packets in discussion order (rung.cycle.measure),
as JSON, as Markdown for an issue, and as the view of the PDF agenda's template, whose
page per packet is the packet's own one-page brief (templates/brief.html.j2)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rung.cycle.load import CycleInput
from rung.cycle.measure import BORDERLINE, SPLIT
from rung.cycle.report import coverage_cell, md
from rung.cycle.status import CriterionTally, CycleStatus, PacketStatus
from rung.ladder.model import Criterion

if TYPE_CHECKING:
    from rung.render.html import Brief

GROUP_TITLES = {
    SPLIT: "Split verdicts",
    BORDERLINE: "Borderline coverage",
    "clear": "Clear cases",
}


@dataclass(frozen=True)
class SplitCriterion:
    criterion: str
    text: str
    meets: int
    not_yet: int


@dataclass(frozen=True)
class AgendaEntry:
    number: int
    row: PacketStatus
    from_title: str
    to_title: str
    splits: tuple[SplitCriterion, ...]  # criteria with verdicts both ways
    short: tuple[SplitCriterion, ...]  # criteria not met (status partial, gap or missing)
    brief: Brief | None = None  # page 1 of the packet's PDF, for the agenda's PDF (with_briefs)

    @property
    def group_title(self) -> str:
        return GROUP_TITLES[self.row.spread.group]


@dataclass(frozen=True)
class AgendaView:
    cycle: str
    today: str
    entries: tuple[AgendaEntry, ...]
    online: bool
    lang: str = "en"

    @property
    def title(self) -> str:
        return f"Calibration agenda, cycle {self.cycle}"


def agenda_view(status: CycleStatus, cycle: CycleInput) -> AgendaView:
    items = {item.path: item for item in cycle.packets}
    entries = []
    for number, row in enumerate(status.agenda(), 1):
        item = items[row.path]
        criteria = item.ladder.criteria_by_id
        source = item.ladder.level(item.packet.from_level)
        target = item.ladder.level(item.packet.to_level)

        def view(t: CriterionTally, criteria: Mapping[str, Criterion] = criteria) -> SplitCriterion:
            found = criteria.get(t.criterion)
            return SplitCriterion(
                t.criterion, found.text if found else t.criterion, t.meets, t.not_yet
            )

        entries.append(
            AgendaEntry(
                number=number,
                row=row,
                from_title=source.title if source else item.packet.from_level,
                to_title=target.title if target else item.packet.to_level,
                splits=tuple(view(t) for t in row.criteria if t.meets and t.not_yet),
                short=tuple(view(t) for t in row.criteria if t.status != "met"),
            )
        )
    return AgendaView(status.cycle, status.today.isoformat(), tuple(entries), status.online)


def with_briefs(view: AgendaView, cycle: CycleInput) -> AgendaView:
    """The view with every entry's brief, built as the packet's PDF builds its page 1
    (Jinja and the Markdown sanitiser: for ``--format pdf`` only)."""
    from rung.render.html import packet_brief

    items = {item.path: item for item in cycle.packets}
    entries = tuple(
        replace(e, brief=packet_brief(items[e.row.path].packet, items[e.row.path].ladder))
        for e in view.entries
    )
    return replace(view, entries=entries)


def render_json(view: AgendaView) -> str:
    payload = {
        "cycle": view.cycle,
        "agenda": [
            {
                "number": e.number,
                "candidate": e.row.candidate,
                "group": e.row.spread.group,
                "disagreement": round(e.row.spread.disagreement, 3),
                "split": [s.criterion for s in e.splits],
                "short": [s.criterion for s in e.short],
                "state": e.row.state,
                "pull": e.row.pull,
                "remarks": list(e.row.remarks),
            }
            for e in view.entries
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_markdown(view: AgendaView) -> str:
    """The agenda as the body of an issue: one section per group, one line per packet."""
    lines = [f"## {md(view.title)}", ""]
    if not view.online:
        lines += ["Offline: without verdicts, the order is by coverage only.", ""]
    group = None
    for e in view.entries:
        if e.group_title != group:
            group = e.group_title
            lines += [f"### {group}", ""]
        row = e.row
        head = f"{e.number}. **{md(row.name)}** ({md(row.candidate)}"
        head += f", #{row.pull})" if row.pull is not None else ")"
        head += f" — {md(e.from_title)} → {md(e.to_title)}; coverage {md(coverage_cell(row))}"
        if row.spread.split:
            head += f"; disagreement {row.spread.disagreement:.2f}"
        lines.append(head)
        for s in e.splits:
            lines.append(f"   - split: {md(s.text)} ({s.meets} meets, {s.not_yet} not-yet)")
        if not e.splits:
            for s in e.short:
                lines.append(f"   - short: {md(s.text)}")
        for remark in row.remarks:
            lines.append(f"   - not counted or changed: {md(remark, 600)}")
    return "\n".join(lines) + "\n"
