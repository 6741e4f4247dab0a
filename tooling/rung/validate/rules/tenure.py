"""Time in ``from`` by the cycle's date meets the level's minimum.

Time in level is the whole months from ``in_level_since`` to the cycle's date,
the first day of the cycle's period (``2026-H2`` -> 2026-07-01, ``2026-Q3`` ->
2026-07-01, ``2026-11`` -> 2026-11-01; see docs/packets.md).  When the
``from`` level has a ``tenure`` minimum and the move is a promotion, less time
than that is a warning for a ``guideline`` and an error for a
``requirement``.  An ``in_level_since`` after the cycle's date is always an
error.

Passing (dotnet tl2 has a 12-month guideline; 2025-07 to 2026-07-01 is 12
months)::

    ladder: dotnet
    from: tl2
    to: tl4
    cycle: 2026-H2
    in_level_since: 2025-07

Failing (9 months: a warning)::

    cycle: 2026-H2
    in_level_since: 2025-10
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.ladder.model import MoveKind
from rung.model.cycles import cycle_date, months_between, year_month
from rung.problems import Level, Problem
from rung.validate.rules.base import Context, quote

ID = "tenure"
LEVEL = Level.WARNING


def _months(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


def check(ctx: Context) -> Iterator[Problem]:
    packet = ctx.packet
    when, since = cycle_date(packet.cycle), year_month(packet.in_level_since)
    if when is None or since is None:  # the schema's patterns make this unreachable
        return
    months = months_between(since, when)
    if months < 0:
        yield ctx.problem(
            packet.value_position("in_level_since"),
            Level.ERROR,
            ID,
            f"in_level_since {packet.in_level_since} is after the cycle's date "
            f"{when.isoformat()} ({packet.cycle}); write the month you reached "
            f"'{packet.from_level}'",
        )
        return
    level = ctx.ladder.level(packet.from_level)
    tenure = level.tenure if level else None
    if tenure is None or months >= tenure.minimum_months:
        return
    if ctx.coverage is not None and ctx.coverage.kind is MoveKind.LATERAL:
        return  # a minimum time before promotion says nothing about a change of track
    severity = Level.ERROR if tenure.kind == "requirement" else Level.WARNING
    why = f": {quote(tenure.text[0])}" if tenure.text else ""
    advice = (
        "wait for a later cycle"
        if severity is Level.ERROR
        else "say in the narrative why now, or wait for a later cycle"
    )
    yield ctx.problem(
        packet.value_position("in_level_since"),
        severity,
        ID,
        f"{_months(months)} in '{packet.from_level}' by {packet.cycle} "
        f"({packet.in_level_since} to {when.isoformat()}), under the {tenure.kind} of "
        f"{_months(tenure.minimum_months)}{why}; {advice}",
    )
