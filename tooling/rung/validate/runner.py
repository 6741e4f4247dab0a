"""Runs the packet rules.  Opens no files: callers hand it text and loaded ladders."""

from __future__ import annotations

from collections.abc import Mapping

from rung.classes import dataclass
from rung.ladder.model import Ladder, MoveError
from rung.loaders.sources import Source
from rung.model.coverage import Coverage, move_coverage
from rung.model.packet import Packet, parse_packet
from rung.problems import Problem
from rung.validate.rules import PACKET_RULES, Context, reference

TYPE_CHECKING = False  # not typing's: importing typing costs every start

if TYPE_CHECKING:
    from rung.validate.config import Config


@dataclass(frozen=True)
class PacketCheck:
    """Everything validation learned about one packet file."""

    path: str
    packet: Packet | None  # None when the file could not be parsed as a packet
    ladder: Ladder | None  # None when the ladder or a level did not resolve
    coverage: Coverage | None  # None when the ladder does not allow the move
    problems: tuple[Problem, ...]  # sorted by position
    statuses: tuple[str, ...] = ()  # coverage.rows[i].status, computed once


def validate_packet(
    source: Source, ladders: Mapping[str, Ladder], config: Config | None = None
) -> PacketCheck:
    """Parse ``source`` as a packet and run every rule that applies; ``config``: the
    repository's rule levels (``rung.toml``), when the caller read them."""
    packet, problems = parse_packet(source.text, source.path)
    ladder: Ladder | None = None
    coverage: Coverage | None = None
    statuses: tuple[str, ...] = ()
    if packet is not None:
        ladder, found = reference.resolve(packet, ladders)
        problems.extend(found)
    if packet is not None and ladder is not None:
        try:
            coverage = move_coverage(packet, ladder)
        except MoveError:
            coverage = None  # `step` explains which moves the ladder allows
        ctx = Context(packet, ladder, coverage)
        for rule in PACKET_RULES:
            problems.extend(rule.check(ctx))
        statuses = ctx.statuses
    if config is not None:
        problems = config.apply(problems)
    return PacketCheck(source.path, packet, ladder, coverage, tuple(sorted(problems)), statuses)


def check_packet(
    source: Source, ladders: Mapping[str, Ladder], config: Config | None = None
) -> tuple[Packet | None, list[Problem]]:
    """Parse ``source`` as a packet and run every rule; findings sorted by position."""
    result = validate_packet(source, ladders, config)
    return result.packet, list(result.problems)
