"""The panel's sides on each required criterion, as the promotion record holds them: what
``rung validate`` weighs a decision against, offline.  Pure.

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
from rung.committee.rule import Sides
from rung.ladder.model import Ladder
from rung.model.packet import Packet
from rung.record.replay import PacketRecord


def recorded_sides(
    record: PacketRecord,
    roster: Roster,
    ladder: Ladder,
    packet: Packet,
    *,
    path: str,
    required: Sequence[str],
) -> list[Sides]:
    """Per criterion of ``required``, how many counted verdicts say meets and not yet."""
    target = Target.from_packet(packet, path)
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
