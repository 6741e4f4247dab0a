"""Verdicts a candidate with write access cannot bend (issue 12, problems 1 and 5).

PyGithub runs for real against tests/fakegithub.py, whose GraphQL endpoint says
who last edited each comment, as GitHub's does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from committee.conftest import LEADS, MENTORS, PACKET_PATH, VALID_TEXT
from fakegithub import FakeGitHub
from rung.cli import main

PACKET, TEXT = PACKET_PATH, VALID_TEXT


@pytest.fixture
def gh(github_repo: FakeGitHub) -> FakeGitHub:
    return github_repo


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
    assert card["not_counted"] == [
        {
            "login": "bob",
            "criterion": LEADS,
            "command": "/meets",
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
    assert [i["reason"] for i in card["not_counted"]] == [
        "edited by a deleted account — not counted"
    ]


def test_the_markdown_scorecard_says_who_edited_it(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    forged = gh.add_review_comment(7, "bob", "/not-yet", path=PACKET, line=13)
    gh.edit_review_comment(forged, "dana-levi", "/meets")
    assert main(["scorecard", PACKET, "--pr", "7", "--packet-from-pr"]) == 0
    out = capsys.readouterr().out
    assert (
        "by bob on ic-2.delivery.leads-features (edited by @\u200bdana-levi — not counted)" in out
    )


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
    assert [(i["login"], i["reason"]) for i in card["not_counted"]] == [
        ("carol", "is the pull-request author"),
        ("erin", "holds acme ic-1, below ic-2 (rank 2)"),
    ]
    assert card["reviews"] == {}  # neither approval counts


# --- the privileged path re-checks the packet itself (problem 3) -----------------------


def test_a_candidate_mismatch_is_not_routed_in_the_privileged_path(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """dana-levi.md says ``candidate: bob``: naming bob would exclude him from the plan."""
    forged = TEXT.replace("candidate: dana-levi", "candidate: bob")
    pull = gh.add_pull(7, "dana-levi", {PACKET: forged})
    code = main(["reviewers", "--pr", "7", "--packet-from-pr", "--head-sha", pull.head_sha])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == (
        f"{PACKET}:2:12: error: candidate 'bob' does not match the file name 'dana-levi.md'; "
        f"rename the file to packets/2026-H2/bob.md or fix 'candidate:' [path]\n"
        f"rung: {PACKET} has 1 error(s): it is not routed to reviewers until "
        f"'rung validate {PACKET}' passes\n"
    )
    assert gh.writes() == []  # nobody requested


def test_the_scorecard_of_an_invalid_packet_shows_its_problems(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    lowered = TEXT.replace("to: ic-2", "to: ic-1")  # a move the ladder does not allow
    gh.add_pull(7, "dana-levi", {PACKET: lowered})
    code = main(["scorecard", "--pr", "7", "--packet-from-pr", "--post"])
    out, err = capsys.readouterr()
    assert code == 1
    [(method, _, body)] = gh.writes()
    assert method == "POST"
    comment = body["body"]
    assert comment == out
    assert comment.startswith(
        "<!-- rung:scorecard -->\n### Scorecard: packets/2026-H2/dana-levi.md\n"
    )
    assert "**This packet does not pass `rung validate` (1 error): it is not routed" in comment
    assert "(step)" in comment
    assert "not routed to reviewers" in err


def test_nothing_is_done_when_the_head_moved_on_from_the_checked_commit(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    checked = "c" * 40
    for command in ("reviewers", "scorecard"):
        code = main([command, "--pr", "7", "--packet-from-pr", "--head-sha", checked])
        out, err = capsys.readouterr()
        assert (code, out) == (0, "")
        assert err == (
            f"rung: pull request #7 has moved on from {checked[:12]} to {pull.head_sha[:12]}; "
            "nothing to do (the check of the new head runs this again)\n"
        )
    assert [c.path for c in gh.requests] == ["/repos/acme/promotions/pulls/7"] * 2
