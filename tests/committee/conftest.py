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
# Valid: an invalid packet is never routed (test_trust's test_an_invalid_packet_is_never_routed).
VALID_TEXT = (FIXTURES / "packets" / "dana-levi-valid.md").read_text(encoding="utf-8")
LEADS = "ic-2.delivery.leads-features"  # lines 11-15 of the valid packet
MENTORS = "ic-2.team.mentors"  # lines 22-24


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


def committee_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the working folder of the committee's repository: the acme ladder
    and the roster (no packet yet)."""
    (tmp_path / "ladders").mkdir()
    shutil.copy(FIXTURES / "ladders" / "acme.yaml", tmp_path / "ladders" / "acme.yaml")
    (tmp_path / ".github").mkdir()
    shutil.copy(FIXTURES / "committee.yml", tmp_path / ".github" / "committee.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def serve(fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point rung at ``fake``, with none of the Actions variables of the machine running
    the tests."""
    for name in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "RUNG_GITHUB_LOGIN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def github_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The working folder: a repository with the acme ladder and the roster; a fake
    GitHub in the environment (and no Actions variables of the machine running us)."""
    committee_folder(tmp_path, monkeypatch)
    with FakeGitHub() as fake:
        serve(fake, monkeypatch)
        yield fake


@pytest.fixture
def labelled(github_repo: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> Iterator[CycleFake]:
    """The committee's working folder with a fake GitHub that keeps labels (what
    ``rung cycle publish`` writes)."""
    with CycleFake() as fake:
        serve(fake, monkeypatch)
        yield fake
