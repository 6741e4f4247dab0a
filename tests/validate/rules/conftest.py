"""Shared by the packet rule tests: the repository's ladders plus the mini test ladder."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paths import FIXTURES, REPO
from rung.ladder.model import Ladder
from rung.loaders.sources import decode
from rung.model.repo import load_ladder_file, load_ladders
from rung.problems import Level, Problem
from rung.validate.runner import validate_packet

PACKETS = FIXTURES / "packets"
MINI = PACKETS / "ladders" / "mini.yaml"
CLEAN = PACKETS / "2026-H2" / "clean.md"

Finding = tuple[int, int, Level, str, str]
Lint = Callable[..., list[Finding]]


def load_test_ladders() -> dict[str, Ladder]:
    found, problems = load_ladders(REPO)
    assert problems == []
    mini, problems = load_ladder_file(MINI)
    assert mini is not None, problems
    return {**found, "mini": mini}


def findings(problems: list[Problem]) -> list[Finding]:
    return [(p.line, p.column, p.level, p.rule, p.message) for p in sorted(problems)]


@pytest.fixture(scope="session")
def ladders() -> dict[str, Ladder]:
    return load_test_ladders()


@pytest.fixture
def lint(ladders: dict[str, Ladder]) -> Lint:
    """Validate packet text as if it were at ``path``; findings as comparable tuples."""

    def run(text: str, path: str = "packets/2026-H2/clean.md") -> list[Finding]:
        source, problems = decode(text.encode("utf-8"), path)
        if source is not None:
            problems += validate_packet(source, ladders).problems
        return findings(problems)

    return run


@pytest.fixture
def clean() -> str:
    """A packet for mini ic2 -> ic3 that passes every rule (line numbers in the tests rely on it)."""
    return CLEAN.read_text("utf-8")
