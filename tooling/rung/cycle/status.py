"""One row per packet of a cycle: coverage, reviewers, verdicts, state.  Pure.

States, in the order a packet goes through them:

``draft``            no pull request yet, or a draft pull request
``in review``        reviewers asked, and someone still owes verdicts
``ready to decide``  every reviewer gave a verdict on every criterion (``/abstain`` too)
``decided``          the cycle's decisions file has its outcome
``unknown``          GitHub was not read (offline), and no decision is recorded

A decision is only ever ``decisions.yaml`` on the default branch.  Outcome labels
(``rung: promote``) are written by ``rung cycle publish`` and never read as a
decision: anyone with write access can add one.  A label that disagrees with the
file is shown to the chairs as a warning (:func:`label_warning`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rung.committee.roster import DecisionRule
from rung.committee.rule import RuleResult, Sides, judge
from rung.cycle.measure import Spread, order, spread
from rung.cycle.pulls import PullData
from rung.cycle.verdicts import DEFER, NOT_YET, PROMOTE, PacketVerdicts
from rung.ladder.model import Ladder, MoveKind
from rung.model.coverage import Coverage
from rung.model.decisions import Decision
from rung.model.packet import Packet
from rung.record.rounds import Rounds

DRAFT, IN_REVIEW, READY, DECIDED, UNKNOWN = (
    "draft",
    "in review",
    "ready to decide",
    "decided",
    "unknown",
)
STATES = (DRAFT, IN_REVIEW, READY, DECIDED, UNKNOWN)
LABEL_PREFIX = "rung: "  # outcome labels: "rung: promote", "rung: not-yet", "rung: defer"


def outcome_label(outcome: str) -> str:
    return LABEL_PREFIX + outcome


@dataclass(frozen=True)
class CriterionTally:
    criterion: str
    status: str  # met, partial, gap, missing
    meets: int
    not_yet: int


@dataclass(frozen=True)
class PacketStatus:
    path: str
    candidate: str
    name: str
    ladder: str
    move: str  # "ic-l4 → ic-l5"
    lateral: bool
    required: int
    evidenced: int  # coverage "met": enough evidence (only reviewers say "meets")
    partial: int
    gaps: int
    missing: int
    pull: int | None
    pull_url: str | None
    days_open: int | None
    reviewers: tuple[str, ...]
    owing: Mapping[str, int]  # reviewer -> criteria still without their verdict
    meets: int
    not_yet: int
    promote: int  # counted /recommend promote, not-yet, defer
    hold: int
    defer: int
    state: str
    outcome: str | None
    spread: Spread
    criteria: tuple[CriterionTally, ...] = field(default=(), repr=False)
    label_warning: str | None = None  # an outcome label decisions.yaml does not back
    remarks: tuple[str, ...] = ()  # verdicts not counted, or changed by others, and why
    rounds: Rounds | None = None  # round one, round two, independence (the record only)
    rule: RuleResult | None = None  # the roster's decision rule on the counted verdicts
    override: str = ""  # decisions.yaml's reason for deciding against the rule

    @property
    def against_rule(self) -> bool:
        """Whether the recorded outcome is not the one the decision rule backs."""
        return (
            self.outcome is not None and self.rule is not None and self.rule.against(self.outcome)
        )

    @property
    def gave(self) -> tuple[str, ...]:
        """Reviewers who owe nothing more."""
        return tuple(r for r in self.reviewers if r not in self.owing)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "candidate": self.candidate,
            "name": self.name,
            "ladder": self.ladder,
            "move": self.move,
            "lateral": self.lateral,
            "coverage": {
                "required": self.required,
                "evidenced": self.evidenced,
                "partial": self.partial,
                "gaps": self.gaps,
                "missing": self.missing,
            },
            "pull": self.pull,
            "pull_url": self.pull_url,
            "days_open": self.days_open,
            "reviewers": list(self.reviewers),
            "gave": list(self.gave),
            "owing": dict(self.owing),
            "verdicts": {"meets": self.meets, "not_yet": self.not_yet},
            "recommendations": {"promote": self.promote, "not_yet": self.hold, "defer": self.defer},
            "state": self.state,
            "outcome": self.outcome,
            "disagreement": round(self.spread.disagreement, 3),
            "split_criteria": self.spread.split_criteria,
            "group": self.spread.group,
            "label_warning": self.label_warning,
            "remarks": list(self.remarks),
            "independent": (
                {"count": len(self.rounds.independent), "of": len(self.rounds.round_one)}
                if self.rounds is not None
                else None
            ),
            "round_two": len(self.rounds.changes) if self.rounds is not None else None,
            "rule": self.rule.words if self.rule is not None else None,
            "rule_backs": self.rule.backs if self.rule is not None else None,
            "against_rule": self.against_rule,
            "override": self.override or None,
        }


@dataclass(frozen=True)
class CycleStatus:
    cycle: str
    rows: tuple[PacketStatus, ...]  # by candidate
    online: bool  # GitHub was read
    today: date
    skipped: tuple[str, ...] = ()  # packet files that could not be read as packets

    def agenda(self) -> list[PacketStatus]:
        """The packets in the calibration meeting's order (rung.cycle.measure)."""
        by_candidate = {row.candidate: row for row in self.rows}
        return [by_candidate[c] for c, _ in order([(r.candidate, r.spread) for r in self.rows])]

    def to_json(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "online": self.online,
            "today": self.today.isoformat(),
            "packets": [row.to_json() for row in self.rows],
            "skipped": list(self.skipped),
        }


def days_between(iso: str, today: date) -> int | None:
    """Whole days from an ISO 8601 timestamp's date to ``today``."""
    try:
        return (today - date.fromisoformat(iso[:10])).days
    except ValueError:
        return None


def _state(
    pull: PullData | None, verdicts: PacketVerdicts, outcome: str | None, online: bool
) -> str:
    if outcome is not None:
        return DECIDED
    if not online:
        return UNKNOWN
    if pull is None or pull.draft:
        return DRAFT
    if verdicts.reviewers and not verdicts.pending:
        return READY
    return IN_REVIEW


def label_warning(pull: PullData | None, outcome: str | None) -> str | None:
    """What to tell the chairs when the pull request's outcome labels are not the
    decision's (a label added by hand, or a decision changed and not yet published).

    Never the decision itself.  No label at all is not a warning: publishing is a
    later step.
    """
    if pull is None:
        return None
    family = LABEL_PREFIX.casefold()
    labels = [name for name in pull.labels if name.casefold().startswith(family)]
    if not labels or (outcome is not None and labels == [outcome_label(outcome)]):
        return None
    said = ", ".join(repr(name) for name in labels)
    recorded = outcome if outcome is not None else "nothing"
    return (
        f"labelled {said} but decisions.yaml says {recorded}; a label is not a decision "
        "('rung cycle publish' sets the labels from the file)"
    )


def packet_status(
    packet: Packet,
    ladder: Ladder,
    coverage: Coverage,
    verdicts: PacketVerdicts,
    *,
    pull: PullData | None,
    decision: Decision | None,
    online: bool,
    today: date,
    rule: DecisionRule | None = None,
) -> PacketStatus:
    """The status row of one packet; ``rule`` (the roster's) is applied to the counted
    verdicts when GitHub was read."""
    outcome = decision.outcome if decision is not None else None
    statuses = [row.status for row in coverage.rows]
    tallies = [
        CriterionTally(row.criterion.id, row.status, len(v.meets), len(v.not_yet))
        for row, v in zip(coverage.rows, verdicts.criteria, strict=True)
    ]
    promote, hold = verdicts.recommending(PROMOTE), verdicts.recommending(NOT_YET)
    evidenced = statuses.count("met")
    required = len(statuses)
    return PacketStatus(
        path=packet.path,
        candidate=packet.candidate,
        name=packet.name,
        ladder=ladder.id,
        move=f"{packet.from_level} → {packet.to_level}",
        lateral=coverage.kind is MoveKind.LATERAL,
        required=required,
        evidenced=evidenced,
        partial=statuses.count("partial"),
        gaps=statuses.count("gap"),
        missing=statuses.count("missing"),
        pull=pull.number if pull is not None else None,
        pull_url=pull.html_url if pull is not None else None,
        days_open=days_between(pull.created_at, today) if pull is not None else None,
        reviewers=verdicts.reviewers,
        owing=dict(verdicts.pending),
        meets=verdicts.meets,
        not_yet=verdicts.not_yet,
        promote=promote,
        hold=hold,
        defer=verdicts.recommending(DEFER),
        state=_state(pull, verdicts, outcome, online),
        outcome=outcome,
        spread=spread(
            [(t.meets, t.not_yet) for t in tallies], promote, hold, required - evidenced, required
        ),
        criteria=tuple(tallies),
        label_warning=label_warning(pull, outcome),
        remarks=verdicts.remarks,
        rounds=verdicts.rounds,
        rule=(
            judge(rule, [Sides(t.criterion, t.meets, t.not_yet) for t in tallies])
            if rule is not None and online and pull is not None
            else None
        ),
        override=decision.override if decision is not None else "",
    )


def tally_states(rows: Sequence[PacketStatus]) -> dict[str, int]:
    """How many packets are in each state (every state named, in order)."""
    return {state: sum(1 for r in rows if r.state == state) for state in STATES}
