"""Shared by the hostile-input tests: the loopback trap server and a scratch repository."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile.trapserver import Trap, serve_trap
from paths import FIXTURES, REPO

HOSTILE = FIXTURES / "hostile"


@pytest.fixture(scope="session")
def trap() -> Iterator[Trap]:
    """One trap for the whole run: no hostile case may ever reach it."""
    with serve_trap() as running:
        yield running


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the hostile ladder, a clean packet and the real templates; cwd is it."""
    root = tmp_path / "repo"
    shutil.copytree(HOSTILE / "repo", root)
    shutil.copytree(REPO / "templates", root / "templates")
    monkeypatch.chdir(root)
    # `--format auto`, the job summary and the commit must not depend on where the tests run.
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_SHA", "RUNG_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return root
