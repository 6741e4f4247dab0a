"""The panel's sides on each required criterion, as the promotion record holds them, and
the finding on a decision that goes against the roster's rule: what ``rung validate``
weighs offline (the record from local git) and ``rung cycle publish`` before it writes
(the record through the API), in the same words.  Pure.

The record's rules, as the scorecard applies them (``rung.scorecard.recorded``): only
reviewers rung or a chair assigned count, each verdict as its author last wrote it,
withdrawn verdicts not at all, and only members eligible for the packet with the
manager recorded at assignment.  What the scorecard also knows, and validate cannot
(the pull request's author), is left out: rung never assigns the author anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

from rung.classes import replace
from rung.committee.assign import Target, standing_reasons
from rung.committee.roster import Roster
from rung.committee.rule import Sides, judge
from rung.ladder.model import Ladder, MoveError
from rung.model.coverage import move_coverage
from rung.model.decisions import RULE, Decision, Decisions
from rung.model.packet import Packet
from rung.problems import Level, Problem
from rung.record.replay import PacketRecord


def recorded_sides(
    record: PacketRecord,
    roster: Roster,
    ladder: Ladder,
    packet: Packet,
    *,
    required: Sequence[str],
) -> list[Sides]:
    """Per criterion of ``required``, how many counted verdicts say meets and not yet."""
    target = Target.from_packet(packet)
    if record.manager_recorded:
        target = replace(target, manager=record.manager or "")
    counted: set[str] = set()
    for login in record.assigned:
        member = roster.member(login)
        if member is not None and not standing_reasons(member, roster, ladder, target, None):
            counted.add(login)
    said: dict[str, list[str]] = {criterion: [] for criterion in required}
    for verdict in record.verdicts:
        criterion = verdict.criterion
        if criterion in said and verdict.author in counted and not verdict.withdrawn:
            said[criterion].append(verdict.current.command.removeprefix("/"))
    return [Sides(c, values.count("meets"), values.count("not-yet")) for c, values in said.items()]


def against_rule(
    decision: Decision, record: PacketRecord, roster: Roster, ladder: Ladder, packet: Packet
) -> str | None:
    """What the roster's rule says when ``decision`` goes against the panel's verdicts in
    ``record`` (None: it does not, the roster states no rule, or the packet's move is one
    its ladder refuses, which the packet's own findings say)."""
    rule = roster.decision_rule
    if rule is None:
        return None
    try:
        required = [row.criterion.id for row in move_coverage(packet, ladder).rows]
    except MoveError:
        return None
    result = judge(rule, recorded_sides(record, roster, ladder, packet, required=required))
    return result.words if result.against(decision.outcome) else None


def against_problem(decisions: Decisions, decision: Decision, ref: str, said: str) -> Problem:
    """The error on ``decision``'s outcome: it goes against the rule (``said``, weighed on
    the record's branch ``ref``) and gives no ``override:``."""
    line, column = decisions.position(decision.index, "outcome")
    return Problem(
        decisions.path, line, column, Level.ERROR, RULE,
        f"the decision on '{decision.candidate}' is {decision.outcome}, but the panel's "
        f"verdicts in the promotion record ({ref}) do not back it: {said}; add "
        "'override: WHY' to the decision (docs/committee.md, \"The decision rule\")",
    )  # fmt: skip
