"""The calibration agenda: the cycle's packets in discussion order (rung.cycle.measure),
decided packets apart at the end, as JSON, as Markdown for an issue, and as the view of
the PDF agenda's template, whose page per packet is the packet's own one-page brief
(templates/brief.html.j2; rung.cycle.agenda_fit keeps each brief to one page)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rung.classes import replace
from rung.cycle.load import CycleInput
from rung.cycle.measure import BORDERLINE, SPLIT
from rung.cycle.report import coverage_cell, md
from rung.cycle.status import CriterionTally, CycleStatus, PacketStatus
from rung.ladder.model import Criterion
from rung.record.rounds import Change

if TYPE_CHECKING:
    from rung.render.html import Brief

DECIDED = "decided"
GROUP_TITLES = {
    SPLIT: "Split verdicts",
    BORDERLINE: "Borderline coverage",
    "clear": "Clear cases",
    DECIDED: "Decided",
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
    all_not_yet: tuple[SplitCriterion, ...] = ()  # every verdict given said not yet
    online: bool = True
    fit: int = 0  # how much the brief is shortened to fit its page (rung.cycle.agenda_fit)

    @property
    def group(self) -> str:
        """A decided packet is listed apart, whatever its reviewers said."""
        return DECIDED if self.row.outcome is not None else self.row.spread.group

    @property
    def group_title(self) -> str:
        return GROUP_TITLES[self.group]

    @property
    def reviewers_words(self) -> str:
        """What the reviewers said, in words: "split 2–1 on 3 criteria", never a bare score."""
        return reviewers_words(self.row, self.splits, self.all_not_yet, online=self.online)

    @property
    def panel_lines(self) -> list[str]:
        return panel_lines(self.row)


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


def _criteria_words(count: int) -> str:
    return f"{count} criterion" if count == 1 else f"{count} criteria"


def reviewers_words(
    row: PacketStatus,
    splits: tuple[SplitCriterion, ...],
    all_not_yet: tuple[SplitCriterion, ...],
    *,
    online: bool,
) -> str:
    """The reviewers' spread as a sentence a committee member reads at a glance."""
    if not online:
        return "verdicts not read (offline)"
    if not row.reviewers:
        return "no reviewers yet"
    if row.meets + row.not_yet == 0:
        return "no verdicts yet"
    parts = []
    if splits:
        patterns = Counter((max(s.meets, s.not_yet), min(s.meets, s.not_yet)) for s in splits)
        if len(patterns) == 1:
            (high, low), _ = patterns.popitem()
            parts.append(f"split {high}–{low} on {_criteria_words(len(splits))}")
        else:
            each = ", ".join(
                f"{high}–{low} on {count}" for (high, low), count in sorted(patterns.items())
            )
            parts.append(f"split on {_criteria_words(len(splits))} ({each})")
    else:
        parts.append("agreed on every criterion")
    if all_not_yet:
        parts.append(f"all said not yet on {_criteria_words(len(all_not_yet))}")
    if row.promote and row.hold:
        parts.append(f"recommendations split: {row.promote} promote, {row.hold} not yet")
    return "; ".join(parts)


_WORDS = {"meets": "meets", "not-yet": "not yet", "abstain": "abstained"}


def change_words(change: Change) -> str:
    """``bob on X: round one meets, round two not yet — why``."""
    before = _WORDS[change.before.value] if change.before is not None else "nothing"
    return (
        f"{change.after.author} on {change.after.criterion}: round one {before}, "
        f"round two {_WORDS[change.after.value]} — {change.reason}"
    )


def panel_lines(row: PacketStatus) -> list[str]:
    """What the record and the roster's rule say about the panel, one line each."""
    lines: list[str] = []
    if row.rounds is not None:
        when = (
            f"revealed {row.rounds.revealed_at}"
            if row.rounds.revealed_at
            else "the panel is not complete yet"
        )
        lines.append(f"rounds: {when}; {row.rounds.independence_words}")
        lines += [f"round two: {change_words(c)}" for c in row.rounds.changes]
    if row.rule is not None:
        lines.append(f"decision rule: {row.rule.words}")
    if row.against_rule:
        why = f"override: {row.override}" if row.override else "no override reason given"
        lines.append(f"decided {row.outcome} against the decision rule; {why}")
    return lines


def _discussion_order(status: CycleStatus) -> list[PacketStatus]:
    """The meeting's order, decided packets last (they are not calibrated again)."""
    rows = status.agenda()
    return [r for r in rows if r.outcome is None] + [r for r in rows if r.outcome is not None]


def agenda_view(status: CycleStatus, cycle: CycleInput) -> AgendaView:
    items = {item.path: item for item in cycle.packets}
    entries = []
    for number, row in enumerate(_discussion_order(status), 1):
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
                all_not_yet=tuple(view(t) for t in row.criteria if t.not_yet and not t.meets),
                online=status.online,
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
                "group": e.group,
                "disagreement": round(e.row.spread.disagreement, 3),
                "reviewers": e.reviewers_words,
                "split": [s.criterion for s in e.splits],
                "all_not_yet": [s.criterion for s in e.all_not_yet],
                "short": [s.criterion for s in e.short],
                "state": e.row.state,
                "pull": e.row.pull,
                "remarks": list(e.row.remarks),
                "rule": e.row.rule.words if e.row.rule is not None else None,
                "against_rule": e.row.against_rule,
                "override": e.row.override or None,
                "independent": e.row.rounds.independence_words if e.row.rounds else None,
                "round_two": [change_words(c) for c in e.row.rounds.changes]
                if e.row.rounds
                else [],
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
        if row.outcome is not None:
            head += f"; decided: {md(row.outcome)}"
        elif view.online:
            head += f"; reviewers {md(e.reviewers_words)}"
        lines.append(head)
        for s in e.splits:
            lines.append(f"   - split: {md(s.text)} ({s.meets} meets, {s.not_yet} not-yet)")
        for s in e.all_not_yet:
            lines.append(f"   - all not yet: {md(s.text)} ({s.not_yet} not-yet)")
        if not e.splits and not e.all_not_yet:
            for s in e.short:
                lines.append(f"   - short: {md(s.text)}")
        for remark in row.remarks:
            lines.append(f"   - not counted or changed: {md(remark, 600)}")
        lines += [f"   - {md(line, 600)}" for line in panel_lines(row)]
    return "\n".join(lines) + "\n"
