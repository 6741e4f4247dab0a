"""``to`` is a move the ladder allows from ``from``.

A promotion is the next level up on ``from``'s track.  A lateral move is a
level of the same rank on another track, at or above that track's entry level;
it is reported as a notice, because it is a change of role and not a
promotion.  Anything else is an error on ``to`` that lists the moves the
ladder allows from ``from``.

Passing (a promotion; ``ic-l4`` -> ``em-l4`` is a lateral move, a notice)::

    ladder: thelotter
    from: ic-l4
    to: ic-l5

Failing (skips ``ic-l5``)::

    ladder: thelotter
    from: ic-l4
    to: ic-l6
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.ladder.model import Ladder, Level, MoveError, MoveKind, classify_move
from rung.problems import Level as Severity
from rung.problems import Problem
from rung.validate.rules.base import Context

ID = "step"
LEVEL = Severity.ERROR


def _entry(ladder: Ladder, track_id: str) -> Level | None:
    track = ladder.track(track_id)
    return ladder.level(track.entry) if track else None


def allowed(ladder: Ladder, source: Level) -> str:
    """The moves out of ``source``, in words; lateral moves respect each track's entry level."""
    options: list[str] = []
    above = [lv for lv in ladder.track_levels(source.track) if lv.rank > source.rank]
    if above:
        options.append(f"promotion to '{above[0].id}'")
    for level in ladder.levels:
        if level.track == source.track or level.rank != source.rank:
            continue
        entry = _entry(ladder, level.track)
        if entry is None or level.rank >= entry.rank:
            options.append(f"lateral move to '{level.id}'")
    if not options:
        return f"'{source.id}' is the top of its track and has no lateral counterpart"
    return f"from '{source.id}' the ladder allows: " + ", ".join(options)


def check(ctx: Context) -> Iterator[Problem]:
    ladder, packet = ctx.ladder, ctx.packet
    # What a move gets depends on the ladder and the two levels alone: judged once
    # per move of the ladder, not per packet.
    key = ("step", packet.from_level, packet.to_level)
    said = ladder.memo.get(key)
    if said is None:
        said = ladder.memo[key] = tuple(_judge(ladder, packet.from_level, packet.to_level))
    if said:
        where = packet.value_position("to")
        for level, message in said:
            yield ctx.problem(where, level, ID, message)


def _judge(ladder: Ladder, from_level: str, to_level: str) -> Iterator[tuple[Severity, str]]:
    source, target = ladder.level(from_level), ladder.level(to_level)
    assert source is not None and target is not None  # reference.resolve checked them
    entry = _entry(ladder, target.track)
    try:
        kind = classify_move(ladder, source.id, target.id)
    except MoveError:
        kind = None
    if kind is MoveKind.LATERAL and entry is not None and target.rank < entry.rank:
        kind = None  # the track's entry level is where anyone joins it
    if kind is None:
        message = f"'{source.id}' -> '{target.id}' is not allowed; {allowed(ladder, source)}"
        if entry is not None and target.track != source.track:
            message += f" (track '{target.track}' starts at '{entry.id}', rank {entry.rank})"
        yield LEVEL, f"{message}; fix 'to:' or 'from:'"
    elif kind is MoveKind.LATERAL:
        yield (
            Severity.NOTICE,
            f"'{source.id}' -> '{target.id}' is a lateral move from track '{source.track}' to "
            f"track '{target.track}' at the same rank: a change of role, not a promotion",
        )
