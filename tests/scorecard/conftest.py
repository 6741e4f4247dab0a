"""Shared by the scorecard tests: the committee fixtures (acme ladder, roster, Dana's packet)."""

from __future__ import annotations

import pytest

from committee.conftest import FIXTURES, PACKET_PATH, acme_ladder, fixture_roster
from rung.committee.roster import Roster
from rung.ladder.model import Ladder
from rung.model.packet import Packet, parse_packet

PACKET_TEXT = (FIXTURES / "packets" / "dana-levi.md").read_text(encoding="utf-8")


def packet_from(text: str, path: str = PACKET_PATH) -> Packet:
    packet, problems = parse_packet(text, path)
    assert packet is not None, problems
    return packet


@pytest.fixture
def acme() -> Ladder:
    return acme_ladder()


@pytest.fixture
def roster() -> Roster:
    return fixture_roster()


@pytest.fixture
def packet() -> Packet:
    return packet_from(PACKET_TEXT)
