"""The verdict tests' repository: the committee tests' acme ladder, roster and packet, on
pull request 7 of a fake GitHub whose token is bob's (an eligible committee member)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakegithub import FakeGitHub

FIXTURES = Path(__file__).resolve().parent.parent / "committee" / "fixtures"
PACKET = "packets/2026-H2/dana-levi.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ladders").mkdir()
    shutil.copy(FIXTURES / "ladders" / "acme.yaml", tmp_path / "ladders")
    (tmp_path / ".github").mkdir()
    shutil.copy(FIXTURES / "committee.yml", tmp_path / ".github")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def gh(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    text = (FIXTURES / "packets" / "dana-levi-valid.md").read_text(encoding="utf-8")
    with FakeGitHub(login="bob") as fake:
        fake.add_pull(7, author="dana-levi", files={PACKET: text}, requested=("bob",))
        for name in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "RUNG_GITHUB_LOGIN"):
            monkeypatch.delenv(name, raising=False)
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("RUNG_EVIDENCE_CACHE", str(repo / "no-cache.json"))
        yield fake
