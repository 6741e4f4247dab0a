"""The verdict tests' repository: the committee tests' acme ladder, roster and packet, on
pull request 7 of a fake GitHub whose token is bob's (an eligible committee member)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from committee.conftest import PACKET_PATH, VALID_TEXT, committee_folder, serve
from fakegithub import FakeGitHub


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committee_folder(tmp_path, monkeypatch)


@pytest.fixture
def gh(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    with FakeGitHub(login="bob") as fake:
        fake.add_pull(7, author="dana-levi", files={PACKET_PATH: VALID_TEXT}, requested=("bob",))
        serve(fake, monkeypatch)
        monkeypatch.setenv("RUNG_EVIDENCE_CACHE", str(repo / "no-cache.json"))
        yield fake
