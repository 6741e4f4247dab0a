"""Verdicts a candidate with write access cannot bend (issue 12, problems 1 and 5).

PyGithub runs for real against tests/fakegithub.py, whose GraphQL endpoint says
who last edited each comment, as GitHub's does.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakegithub import FakeGitHub
from rung.cli import main

HERE = Path(__file__).resolve().parent / "fixtures"
PACKET = "packets/2026-H2/dana-levi.md"
TEXT = (HERE / "packets" / "dana-levi.md").read_text(encoding="utf-8")
LEADS = "ic-2.delivery.leads-features"  # lines 11-15 of the packet
MENTORS = "ic-2.team.mentors"  # lines 22-24


@pytest.fixture
def gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    (tmp_path / "ladders").mkdir()
    shutil.copy(HERE / "ladders" / "acme.yaml", tmp_path / "ladders" / "acme.yaml")
    (tmp_path / ".github").mkdir()
    shutil.copy(HERE / "committee.yml", tmp_path / ".github" / "committee.yml")
    monkeypatch.chdir(tmp_path)
    with FakeGitHub() as fake:
        for name in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "RUNG_GITHUB_LOGIN"):
            monkeypatch.delenv(name, raising=False)
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        yield fake


def scorecard(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    card: dict[str, Any] = json.loads(out)
    return card


def verdicts(card: dict[str, Any], criterion: str) -> dict[str, str]:
    row = next(r for r in card["rows"] if r["criterion"] == criterion)
    return dict(row["verdicts"])


def test_a_verdict_edited_by_the_candidate_is_not_counted(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dana (write access) edits bob's /not-yet into /meets: GitHub allows it, rung does not count it."""
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    forged = gh.add_review_comment(
        7, "bob", "/not-yet one feature is not enough", path=PACKET, line=13
    )
    gh.edit_review_comment(forged, "dana-levi", "/meets two features, clearly")
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {}
    assert card["ignored"] == [
        {
            "login": "bob",
            "criterion": LEADS,
            "reason": "edited by @dana-levi — not counted",
            "comment": forged,
            "url": f"{gh.html_url}/pull/7#discussion_r{forged}",
        }
    ]
    # rung asked GitHub who edited it, by the comment's GraphQL id
    [query] = gh.calls("POST", "/graphql")
    assert query.body["variables"] == {"ids": [f"PRRC_{forged}"]}
    assert "editor { login }" in query.body["query"]


def test_a_verdict_its_author_edited_counts(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    own = gh.add_review_comment(7, "bob", "/not-yet", path=PACKET, line=13)
    gh.edit_review_comment(own, "Bob", "/meets after the second link")  # logins ignore case
    assert verdicts(scorecard(capsys), LEADS) == {"bob": "meets"}


def test_an_edit_by_a_deleted_account_is_not_counted(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    edited = gh.add_review_comment(7, "bob", "/not-yet", path=PACKET, line=13)
    gh.edit_review_comment(edited, None, "/meets")
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {}
    assert [i["reason"] for i in card["ignored"]] == ["edited by a deleted account — not counted"]


def test_the_markdown_scorecard_says_who_edited_it(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    forged = gh.add_review_comment(7, "bob", "/not-yet", path=PACKET, line=13)
    gh.edit_review_comment(forged, "dana-levi", "/meets")
    assert main(["scorecard", PACKET, "--pr", "7", "--packet-from-pr"]) == 0
    out = capsys.readouterr().out
    assert "bob on ic-2.delivery.leads-features (edited by @\u200bdana-levi — not counted)" in out


def test_only_members_eligible_for_the_packet_count(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """carol opened the pull request for Dana; erin holds ic-1, below the ic-2 asked for."""
    gh.add_pull(7, "carol", {PACKET: TEXT})
    gh.add_review_comment(7, "carol", "/meets I opened it for her", path=PACKET, line=13)
    gh.add_review_comment(7, "erin", "/meets from below", path=PACKET, line=23)
    gh.add_review_comment(7, "ann", "/meets", path=PACKET, line=23)
    gh.add_review(7, "carol", "APPROVED")
    gh.add_review(7, "erin", "APPROVED")
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {}
    assert verdicts(card, MENTORS) == {"ann": "meets"}
    assert [(i["login"], i["reason"]) for i in card["ignored"]] == [
        ("carol", "is the pull-request author"),
        ("erin", "holds acme ic-1, below ic-2 (rank 2)"),
    ]
    assert card["reviews"] == {}  # neither approval counts
