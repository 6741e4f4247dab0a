"""Decisions onto pull requests: which outcome label each one gets, the decision comment,
and the decisions that may not be published yet (against the roster's decision rule
without ``override:``).  Pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rung.committee.panel import against_problem, against_rule
from rung.committee.roster import Roster
from rung.cycle.load import CycleInput, pulls_by_path
from rung.cycle.pulls import PullData
from rung.cycle.report import md
from rung.cycle.status import LABEL_PREFIX, outcome_label
from rung.model.decisions import Decision
from rung.problems import Problem
from rung.record.replay import PacketRecord

DECISION_MARKER = "<!-- rung:decision -->"
_WORDS = {"promote": "promote", "not-yet": "not yet", "defer": "deferred to a later cycle"}


@dataclass(frozen=True)
class LabelChange:
    candidate: str
    decision: Decision
    pull: PullData | None  # None: the packet has no pull request GitHub knows of
    label: str
    path: str = ""  # the packet file: packets/CYCLE/LOGIN.md
    family: str = LABEL_PREFIX  # every label starting with this is an outcome label


def plan_labels(
    cycle: CycleInput,
    pulls: Iterable[PullData],
    records: Mapping[str, PacketRecord] | None = None,
) -> Iterator[LabelChange]:
    """One change per decided candidate of the cycle, on the packet's pull request (the
    one the promotion record bound it to, when there is a record)."""
    if cycle.decisions is None:
        return
    by_path = pulls_by_path(pulls, records)
    paths = {item.packet.candidate.casefold(): item.path for item in cycle.packets}
    for decision in cycle.decisions.entries:
        path = paths.get(decision.key, f"packets/{cycle.cycle}/{decision.candidate}.md")
        yield LabelChange(
            decision.candidate,
            decision,
            by_path.get(path),
            outcome_label(decision.outcome),
            path,
        )


def decision_comment(decision: Decision, cycle: str) -> str:
    """The sticky decision comment: the outcome and the chairs' rationale, escaped."""
    when = f", meeting of {md(decision.meeting)}" if decision.meeting else ""
    return "\n".join(
        [
            DECISION_MARKER,
            f"### Committee decision: {_WORDS.get(decision.outcome, md(decision.outcome))}",
            "",
            f"Cycle {md(cycle)}{when}; recorded in `packets/{cycle}/decisions.yaml`.",
            "",
            f"> {md(decision.rationale, limit=2000)}",
            "",
        ]
    )


def against_the_rule(
    cycle: CycleInput, roster: Roster, records: Mapping[str, PacketRecord], ref: str
) -> list[Problem]:
    """An error for each decision against the roster's rule without ``override:``, the
    panel weighed as the promotion record (``records``, read from ``ref``) holds it: the
    finding ``rung validate`` gives on a clone with the record's branch.  A packet the
    record does not know (never routed) has no panel to weigh, as in validate."""
    if cycle.decisions is None or roster.decision_rule is None:
        return []
    packets = {item.packet.candidate.casefold(): item for item in cycle.packets}
    found: list[Problem] = []
    for decision in cycle.decisions.entries:
        item = packets.get(decision.key)
        record = records.get(item.path) if item is not None else None
        if decision.override or item is None or record is None:
            continue
        said = against_rule(decision, record, roster, item.ladder, item.packet)
        if said is not None:
            found.append(against_problem(cycle.decisions, decision, ref, said))
    return found
