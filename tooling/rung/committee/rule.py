"""The roster's decision rule applied to a panel's verdicts: what it backs, in words.  Pure.

Per required criterion, the sides taken (``/meets`` or ``/not-yet``; an abstention
takes none) must reach the ``quorum``; the panel holds a criterion met when at least
``meets_share`` of its sides say meets.  The rule backs ``promote`` when every
criterion reaches the quorum and at most ``max_not_yet`` are held not met, and
``not-yet`` when every criterion reaches the quorum and more are held not met.
Without the quorum it backs nothing, and only ``defer`` agrees with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rung.committee.roster import DecisionRule

PROMOTE, NOT_YET, DEFER = "promote", "not-yet", "defer"


@dataclass(frozen=True)
class Sides:
    """The sides the panel took on one required criterion."""

    criterion: str
    meets: int
    not_yet: int


@dataclass(frozen=True)
class RuleResult:
    backs: str | None  # promote, not-yet, or None: no quorum
    words: str  # the sentence the agenda prints
    short_of_quorum: tuple[str, ...] = ()
    not_met: tuple[str, ...] = ()

    def against(self, outcome: str) -> bool:
        """Whether deciding ``outcome`` goes against the rule (defer never does)."""
        return outcome not in (DEFER, self.backs)


def _criteria(count: int) -> str:
    return f"{count} criterion" if count == 1 else f"{count} criteria"


def judge(rule: DecisionRule, sides: Sequence[Sides]) -> RuleResult:
    """What ``rule`` says about the panel's ``sides`` on every required criterion."""
    short = tuple(s.criterion for s in sides if s.meets + s.not_yet < rule.quorum)
    not_met = tuple(
        s.criterion
        for s in sides
        if s.meets + s.not_yet == 0 or s.meets < rule.meets_share * (s.meets + s.not_yet)
    )
    if short:
        words = (
            f"no quorum: {_criteria(len(short))} of {len(sides)} without {rule.quorum} "
            f"verdict{'s' * (rule.quorum != 1)} taking a side; the rule backs no outcome yet"
        )
        return RuleResult(None, words, short, not_met)
    held = (
        f"{len(sides) - len(not_met)} of {len(sides)} criteria met, with at least "
        f"{rule.written} of a criterion's verdicts saying meets"
    )
    if len(not_met) <= rule.max_not_yet:
        words = f"meets the rule for promote: {held}; at most {rule.max_not_yet} may fall short"
        return RuleResult(PROMOTE, words, short, not_met)
    words = (
        f"the rule backs not yet: {held}; {len(not_met)} fall{'s' * (len(not_met) == 1)} short, "
        f"more than the {rule.max_not_yet} allowed"
    )
    return RuleResult(NOT_YET, words, short, not_met)
