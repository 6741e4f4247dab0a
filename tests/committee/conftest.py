"""Fixtures shared by the committee tests: the acme ladder, the roster, the packet.

Files live in tests/committee/fixtures/; tests reach them through these fixtures
(or ``Path(__file__).parent / "fixtures"``), since test directories are not importable.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cycle.fake import CycleFake
from fakegithub import FakeGitHub
from rung.committee.roster import Roster, load_roster
from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder
from rung.model.packet import Packet, parse_packet

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PACKET_PATH = "packets/2026-H2/dana-levi.md"


def acme_ladder() -> Ladder:
    path = FIXTURES / "ladders" / "acme.yaml"
    ladder, problems = load_ladder(path.read_text(encoding="utf-8"), str(path))
    assert ladder is not None, problems
    return ladder


def fixture_roster() -> Roster:
    text = (FIXTURES / "committee.yml").read_text(encoding="utf-8")
    roster, problems = load_roster(text, ".github/committee.yml", {"acme": acme_ladder()})
    assert roster is not None and problems == [], problems
    return roster


def fixture_packet() -> Packet:
    text = (FIXTURES / "packets" / "dana-levi.md").read_text(encoding="utf-8")
    packet, problems = parse_packet(text, PACKET_PATH)
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
    return fixture_packet()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def github_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The working folder: a repository with the acme ladder and the roster; a fake
    GitHub in the environment (and no Actions variables of the machine running us)."""
    (tmp_path / "ladders").mkdir()
    shutil.copy(FIXTURES / "ladders" / "acme.yaml", tmp_path / "ladders" / "acme.yaml")
    (tmp_path / ".github").mkdir()
    shutil.copy(FIXTURES / "committee.yml", tmp_path / ".github" / "committee.yml")
    monkeypatch.chdir(tmp_path)
    with FakeGitHub() as fake:
        for name in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "RUNG_GITHUB_LOGIN"):
            monkeypatch.delenv(name, raising=False)
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        yield fake


@pytest.fixture
def labelled(github_repo: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> Iterator[CycleFake]:
    """The committee's working folder with a fake GitHub that keeps labels (what
    ``rung cycle publish`` writes)."""
    with CycleFake() as fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        yield fake
