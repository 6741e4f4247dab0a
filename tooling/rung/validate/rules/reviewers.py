"""The committee roster has enough eligible reviewers for the packet's target level.

Found by ``rung validate`` when the repository has a committee roster
(``.github/committee.yml``): fewer members who may review the packet (they hold
the target level or above on its ladder, are available, and are neither the
candidate nor, with ``exclude_manager``, the manager) than the roster's
``reviewers_per_packet`` is a warning on the packet's ``to:``.  ``rung
reviewers PACKET --dry-run`` shows the reason for every member.

Passing: three members of the roster hold ``ic-l5`` or above on thelotter, and
the roster asks for three reviewers per packet.

Failing: only one member holds ``ic-l5`` or above, so a packet asking for
``ic-l5`` can get one review of the three it needs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping

from rung.classes import dataclass
from rung.ladder.model import Ladder
from rung.loaders.yamlload import Position
from rung.model.packet import Packet
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

ID = "reviewers"
LEVEL = Level.WARNING


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do per packet alone: :func:`shortfalls` needs the roster."""
    yield from ()


@dataclass(frozen=True, slots=True)  # one per packet checked: no __dict__ each
class Asking:
    """What the check needs to keep of a validated packet (not the whole parse tree)."""

    path: str
    cycle: str
    ladder: str
    to_level: str
    candidate: str
    manager: str
    where: Position  # of the `to:` value
    manager_at: Position = (1, 1)  # of the `manager:` value

    @classmethod
    def of(cls, packet: Packet) -> Asking:
        # Interned: thousands of packets share a cycle, ladder, level and manager,
        # and each parse made its own copy of each.
        return cls(
            packet.path,
            sys.intern(packet.cycle),
            sys.intern(packet.ladder),
            sys.intern(packet.to_level),
            packet.candidate,
            sys.intern(packet.manager),
            packet.value_position("to"),
            packet.value_position("manager"),
        )


# No login can hold a NUL: a target with it as candidate and manager excludes
# nobody for who they are, so its plan names everyone eligible by level alone.
_NOBODY = "\x00"


Eligible = Callable[[str, str], tuple[str, ...] | None]  # (ladder, level) -> logins


def shortfalls(
    roster: Any, ladders: Mapping[str, Ladder], packets: Iterable[Asking], roster_path: str
) -> list[Problem]:
    """A warning for each packet the roster cannot give ``reviewers_per_packet`` reviewers."""
    eligible = eligible_at(roster, ladders)
    return count_shortfalls(
        roster.reviewers_per_packet, roster.exclude_manager, eligible, packets, roster_path
    )


def eligible_at(roster: Any, ladders: Mapping[str, Ladder]) -> Eligible:
    """Who may review a packet for a (ladder, level) by level alone, as casefolded logins;
    None when the ladder or the level does not exist (``reference`` reports it)."""
    from rung.committee.assign import Target, plan_reviewers

    # The plan is computed once per (ladder, level), not per packet: with no pull
    # request state, who is eligible depends on the packet only through its
    # candidate and manager, taken out of the eligible set afterwards.
    eligible_by_level: dict[tuple[str, str], tuple[str, ...]] = {}

    def eligible(ladder_id: str, level_id: str) -> tuple[str, ...] | None:
        ladder = ladders.get(ladder_id)
        if ladder is None or ladder.level(level_id) is None:
            return None
        found = eligible_by_level.get((ladder_id, level_id))
        if found is None:
            target = Target("", "", ladder_id, level_id, _NOBODY, _NOBODY)
            plan = plan_reviewers(roster, ladder, target)
            chosen = (*plan.kept, *plan.requested, *plan.standby)
            # A tuple, not a set: a roster listing someone twice (an error of its
            # own) counts them twice, as the plan does.
            found = eligible_by_level[(ladder_id, level_id)] = tuple(
                c.login.casefold() for c in chosen
            )
        return found

    return eligible


def count_shortfalls(
    quota: int,
    exclude_manager: bool,
    eligible: Eligible,
    packets: Iterable[Asking],
    roster_path: str,
) -> list[Problem]:
    """``shortfalls`` given who is eligible at each level (``eligible_at``, or what
    ``validate/plan_cache.py`` kept of it)."""
    problems: list[Problem] = []
    for asking in packets:
        keys = eligible(asking.ladder, asking.to_level)
        if keys is None:
            continue  # `reference` reports it
        people = _people(asking, exclude_manager)
        count = sum(1 for key in keys if key not in people)
        shortfall = max(0, quota - min(count, max(quota, 0)))
        if not shortfall:
            continue
        members = f"{quota - shortfall} committee member{'s' if quota - shortfall != 1 else ''}"
        problems.append(
            Problem(
                asking.path,
                *asking.where,
                LEVEL,
                ID,
                f"only {members} can review a packet for {asking.ladder} {asking.to_level}, and "
                f"the roster asks for {quota}; add members who hold {asking.to_level} or above "
                f"to {roster_path} ('rung reviewers {asking.path} --dry-run' gives each reason)",
            )
        )
    return problems


def _people(asking: Asking, exclude_manager: bool) -> set[str]:
    """The packet's own people a plan excludes for who they are (``standing_reasons``)."""
    people = {asking.candidate.casefold()}
    if exclude_manager:
        people.add(asking.manager.casefold())
    return people
