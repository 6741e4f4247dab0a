"""The ladder, the levels, the criteria and the competencies a packet names exist.

An unknown ``ladder``, ``from`` or ``to`` is an error on its value, with a
did-you-mean suggestion; the rules after this one run only once they resolve.
An evidence key that is no criterion of the ladder is an error on the key, and
so is a ``ratings`` entry for a competency the ladder does not define.  A key
that is an earlier id of a criterion (its ``renamed_from``) is a notice and
counts for the criterion it became.

Passing::

    ladder: thelotter
    from: ic-l4
    to: ic-l5
    evidence:
      ic-l5.execution.hld-for-epics: ...

Failing (``ic-5`` is no level of thelotter: did you mean ``ic-l5``?; the
criterion id lost its final ``s``)::

    ladder: thelotter
    from: ic-l4
    to: ic-5
    evidence:
      ic-l5.execution.hld-for-epic: ...
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rung.ladder.model import Ladder
from rung.model.packet import Packet
from rung.problems import Level, Problem
from rung.validate.rules.base import Context, did_you_mean

ID = "reference"
LEVEL = Level.ERROR


def resolve(packet: Packet, ladders: Mapping[str, Ladder]) -> tuple[Ladder | None, list[Problem]]:
    """The packet's ladder when it and both levels exist; otherwise the findings why not."""

    def error(key: str, message: str) -> Problem:
        line, column = packet.value_position(key)
        return Problem(packet.path, line, column, LEVEL, ID, message)

    ladder = ladders.get(packet.ladder)
    broken: Mapping[str, str] = getattr(ladders, "broken", {})
    if ladder is None and packet.ladder in broken:
        return None, [error("ladder", f"ladder '{packet.ladder}' has {broken[packet.ladder]}")]
    if ladder is None:
        known = ", ".join(sorted(ladders)) or "none"
        hint = did_you_mean(packet.ladder, ladders)
        return None, [
            error(
                "ladder",
                f"unknown ladder '{packet.ladder}'{hint} (known ladders: {known})",
            )
        ]
    problems = []
    level_ids = [lv.id for lv in ladder.levels]
    for key, level_id in (("from", packet.from_level), ("to", packet.to_level)):
        if ladder.level(level_id) is None:
            hint = did_you_mean(level_id, level_ids) or f"; its levels: {', '.join(level_ids)}"
            problems.append(error(key, f"ladder '{ladder.id}' has no level '{level_id}'{hint}"))
    return (None if problems else ladder), problems


def check(ctx: Context) -> Iterator[Problem]:
    ladder, packet = ctx.ladder, ctx.packet
    known = ctx.criteria
    unknown = [(cid, e) for cid, e in packet.evidence.items() if cid not in known]
    # Built only when a criterion is unknown (a packet's usual case has none).
    renamed = ctx.ladder.renamed if unknown else {}
    # Suggest the move's own criteria first: a typo is most likely one of them.
    preferred = [row.criterion.id for row in ctx.coverage.rows] if unknown and ctx.coverage else []
    for criterion_id, evidence in unknown:
        if criterion_id in renamed:
            yield ctx.problem(
                evidence.position,
                Level.NOTICE,
                ID,
                f"'{criterion_id}' is now '{renamed[criterion_id]}' in ladder '{ladder.id}'; "
                "the evidence counts for it ('rung packet sync' renames the key)",
            )
            continue
        hint = did_you_mean(criterion_id, preferred) or did_you_mean(criterion_id, known)
        if not hint:
            hint = (
                f"; 'rung ladder diff {ladder.id} {packet.from_level} {packet.to_level}' lists them"
            )
        yield ctx.problem(
            evidence.position,
            LEVEL,
            ID,
            f"unknown criterion '{criterion_id}' in ladder '{ladder.id}'{hint}",
        )
    if packet.ratings and not ladder.competencies:
        yield ctx.problem(
            packet.key_position("ratings"),
            LEVEL,
            ID,
            f"ladder '{ladder.id}' has no competency ratings; remove 'ratings:'",
        )
        return
    names = ", ".join(ladder.competencies)
    for competency in packet.ratings:
        if competency not in ladder.competencies:
            hint = did_you_mean(competency, ladder.competencies)
            yield ctx.problem(
                packet.key_position("ratings", competency),
                LEVEL,
                ID,
                f"unknown competency '{competency}'{hint} (ladder '{ladder.id}' rates: {names})",
            )
