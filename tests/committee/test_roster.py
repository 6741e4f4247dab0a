"""The committee roster: each fixture gives exactly the findings it expects."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from paths import REPO
from rung.committee.roster import Member, Sealing, load_roster
from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder
from rung.loaders.schema import iter_errors
from rung.loaders.schema_fast import load_schema
from rung.loaders.yamlload import load_yaml
from rung.model.repo import load_ladders

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROSTERS = sorted((FIXTURES / "rosters").glob("*.yml"))
EXPECT = re.compile(r"# expect: (\d+):(\d+) (\w+) \[(\w+)\] (.*)")


def acme_ladder() -> Ladder:
    path = FIXTURES / "ladders" / "acme.yaml"
    ladder, problems = load_ladder(path.read_text(encoding="utf-8"), str(path))
    assert ladder is not None, problems
    return ladder


def _expected(path: Path) -> list[str]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := EXPECT.match(line):
            row, column, level, rule, message = match.groups()
            found.append(f"{path.name}:{row}:{column}: {level}: {message} [{rule}]")
    return found


@pytest.mark.parametrize("path", ROSTERS, ids=lambda p: p.name)
def test_roster_fixture_gives_exactly_its_expected_findings(path: Path) -> None:
    roster, problems = load_roster(
        path.read_text(encoding="utf-8"), path.name, {"acme": acme_ladder()}
    )
    assert [p.format_text() for p in sorted(problems)] == _expected(path)
    has_errors = any(str(p.level) == "error" for p in problems)
    assert (roster is None) == has_errors


def test_valid_fixture_builds_the_model() -> None:
    text = (FIXTURES / "rosters" / "valid.yml").read_text(encoding="utf-8")
    roster, _ = load_roster(text, "valid.yml", {"acme": acme_ladder()})
    assert roster is not None
    assert (roster.reviewers_per_packet, roster.exclude_manager, roster.max_open_reviews) == (
        2,
        False,
        3,
    )
    assert roster.members[0] == Member(
        login="ann", levels={"acme": "ic-3"}, org="payments", name="Ann Example", position=(12, 12)
    )
    assert roster.sealed == {
        "2026-H2": Sealing(
            "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", date(2026, 9, 30)
        )
    }  # 2027-H1 names no sealed mode: open, as every cycle is by default
    assert roster.members[2].org == "" and roster.members[2].unavailable is False
    assert roster.member("bob-2") is roster.members[1]  # logins compare case-insensitively
    assert roster.member("nobody") is None


def test_defaults_when_only_members_are_given() -> None:
    roster, problems = load_roster(
        "members:\n  - {login: a, levels: {acme: ic-2}}\n  - {login: b, levels: {acme: ic-2}}\n"
        "  - {login: c, levels: {acme: ic-2}}\n",
        "c.yml",
        {"acme": acme_ladder()},
    )
    assert problems == []
    assert roster is not None
    assert (roster.reviewers_per_packet, roster.exclude_manager, roster.max_open_reviews) == (
        3,
        True,
        None,
    )


def test_the_repository_roster_is_clean_against_the_repository_ladders() -> None:
    ladders, _ = load_ladders(REPO)
    text = (REPO / ".github" / "committee.yml").read_text(encoding="utf-8")
    roster, problems = load_roster(text, ".github/committee.yml", ladders)
    assert problems == []
    assert roster is not None
    assert 8 <= len(roster.members) <= 12
    assert len({m.org for m in roster.members}) == 3


YAML_ROSTERS = [
    p for p in ROSTERS if load_yaml(p.read_text(encoding="utf-8"), p.name)[0] is not None
]


@pytest.mark.parametrize("path", YAML_ROSTERS, ids=lambda p: p.name)
def test_our_schema_evaluator_agrees_with_jsonschema(path: Path) -> None:
    doc, _ = load_yaml(path.read_text(encoding="utf-8"), path.name)
    assert doc is not None
    schema = load_schema("committee")
    ours = not list(iter_errors(doc.data, schema, schema))
    assert ours == jsonschema.Draft202012Validator(schema).is_valid(doc.data)
