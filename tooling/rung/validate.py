"""Runs the packet rules.  Opens no files: callers hand it text and loaded ladders."""

from __future__ import annotations

from collections.abc import Mapping

from rung.ladder import Ladder
from rung.packet import Packet, parse_packet
from rung.problems import Problem
from rung.sources import Source


def check_packet(
    source: Source, ladders: Mapping[str, Ladder]
) -> tuple[Packet | None, list[Problem]]:
    """Parse ``source`` as a packet and run every rule; findings sorted by position."""
    packet, problems = parse_packet(source.text, source.path)
    return packet, sorted(problems)
