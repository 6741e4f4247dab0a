"""Verdicts from GitHub as it really answers (issue 13): every command on the packet's pull
request is counted on the right criterion, or listed as not counted with the reason.

PyGithub runs for real against tests/fakegithub.py, which now serves what GitHub
does: payloads with keys missing, multi-line and file-level comments, suggestion
blocks, outdated comments with their original commit's file, review bodies,
edited comments, a renamed repository's redirects.  Real payloads come from
``@octokit/webhooks-examples`` (installed in tooling/node by make test).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from fakegithub import FakeGitHub
from paths import REPO
from rung.cli import main

HERE = Path(__file__).resolve().parent / "fixtures"
PACKET = "packets/2026-H2/dana-levi.md"
TEXT = (HERE / "packets" / "dana-levi-valid.md").read_text(encoding="utf-8")
# Lines of TEXT: leads-features 11-15, plans-quarters 16-18, runs-incidents 19-21, mentors 22-24.
LEADS, PLANS, RUNS, MENTORS = (
    "ic-2.delivery.leads-features",
    "ic-2.delivery.plans-quarters",
    "ic-2.delivery.runs-incidents",
    "ic-2.team.mentors",
)
EXAMPLES = REPO / "tooling" / "node" / "node_modules" / "@octokit" / "webhooks-examples"


@pytest.fixture
def gh(github_repo: FakeGitHub) -> FakeGitHub:
    github_repo.add_pull(7, "dana-levi", {PACKET: TEXT})
    return github_repo


def scorecard(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code = main(["scorecard", "--pr", "7", "--packet-from-pr", "--format", "json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    card: dict[str, Any] = json.loads(out)
    return card


def verdicts(card: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {r["criterion"]: r["verdicts"] for r in card["rows"] if r["verdicts"]}


def not_counted(card: dict[str, Any]) -> list[tuple[str, str | None, str, str]]:
    return [(n["login"], n["criterion"], n["command"], n["reason"]) for n in card["not_counted"]]


# --- lost ---------------------------------------------------------------------------


def test_a_capitalised_command_counts(gh: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    gh.add_review_comment(7, "bob", "/Meets agree, the rollout doc says it", path=PACKET, line=13)
    gh.add_review_comment(7, "ann", '  "/NOT-YET" one feature is thin', path=PACKET, line=23)
    assert verdicts(scorecard(capsys)) == {LEADS: {"bob": "meets"}, MENTORS: {"ann": "not-yet"}}


def test_a_command_after_a_suggestion_block_counts(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "```suggestion\n    - claim: Led payouts-v2.\n/meets is not a command here\n```\n/not-yet needs the outcome"
    gh.add_review_comment(7, "bob", body, path=PACKET, line=13)
    gh.add_review_comment(7, "ann", "> /meets quoting bob\n\nI disagree.", path=PACKET, line=13)
    card = scorecard(capsys)
    assert verdicts(card) == {LEADS: {"bob": "not-yet"}}
    assert card["not_counted"] == []  # a quotation is nobody's command


def test_review_bodies_and_the_conversation_carry_recommendations(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_review(7, "bob", "APPROVED", body="/meets all of it, well argued")
    gh.add_review(7, "ann", "COMMENTED", body="/recommend Promote: a strong case")
    gh.add_issue_comment(7, "dave", "/meets overall")
    gh.add_issue_comment(7, "carol", "/recommend defer until the Q4 incident review")
    gh.add_issue_comment(7, "frank", "/recommend maybe")
    card = scorecard(capsys)
    assert card["recommendations"] == {"ann": "promote", "carol": "defer"}
    assert not_counted(card) == [
        ("bob", None, "/meets", "a /meets belongs on a criterion's line, not in a review's body"),
        ("dave", None, "/meets", "a /meets belongs on a criterion's line, not in the conversation"),
        (
            "frank",
            None,
            "/recommend maybe",
            "'/recommend maybe' is not one of: promote, not-yet, defer",
        ),
    ]
    assert card["reviews"] == {"bob": "APPROVED"}


def test_a_file_level_comment_counts_only_as_a_recommendation(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_review_comment(
        7, "bob", "/meets the whole file", path=PACKET, line=None, file_level=True
    )
    gh.add_review_comment(7, "ann", "/recommend not-yet", path=PACKET, line=None, file_level=True)
    card = scorecard(capsys)
    assert card["recommendations"] == {"ann": "not-yet"}
    assert not_counted(card) == [
        (
            "bob",
            None,
            "/meets",
            "on the whole file, not on a criterion's line: only /recommend counts there",
        )
    ]
    assert card["unplaced"] == 0


# --- misplaced ----------------------------------------------------------------------


def test_a_range_over_two_criteria_is_not_counted(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_review_comment(7, "bob", "/meets both", path=PACKET, start_line=14, line=17)
    gh.add_review_comment(7, "ann", "/meets all three items", path=PACKET, start_line=13, line=15)
    card = scorecard(capsys)
    assert verdicts(card) == {LEADS: {"ann": "meets"}}
    assert not_counted(card) == [
        ("bob", None, "/meets", f"spans two criteria ({LEADS} and {PLANS})")
    ]


def test_an_outdated_comment_is_placed_by_id_at_its_own_commit(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """bob's /not-yet was on plans-quarters (line 17); then the author swapped two criteria."""
    first = gh.pulls[7].head_sha
    gh.add_review_comment(7, "bob", "/not-yet no plan of her own", path=PACKET, line=17)
    lines = TEXT.split("\n")
    swapped = "\n".join([*lines[:15], *lines[18:21], *lines[15:18], *lines[21:]])
    assert swapped.split("\n")[16].strip() == f"{RUNS}:"  # line 17 is now runs-incidents
    gh.push(7, {PACKET: swapped})
    [comment] = gh.pulls[7].review_comments
    assert comment["line"] is None and comment["original_commit_id"] == first
    card = scorecard(capsys)
    row = next(r for r in card["rows"] if r["criterion"] == PLANS)
    assert (row["verdicts"], row["outdated"]) == ({"bob": "not-yet"}, ["bob"])
    assert verdicts(card) == {PLANS: {"bob": "not-yet"}}
    reads = [c for c in gh.requests if "/git/trees/" in c.path and c.path.endswith(first)]
    assert len(reads) == 1  # the old packet read once, by its commit


def test_the_verdict_written_last_counts_even_when_an_older_comment_was_edited_last(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    early = gh.add_review_comment(7, "bob", "/not-yet", path=PACKET, line=13)
    gh.add_review_comment(7, "bob", "/not-yet still", path=PACKET, line=14)
    gh.edit_review_comment(early, "bob", "/meets after the second link")
    card = scorecard(capsys)
    assert verdicts(card) == {LEADS: {"bob": "meets"}}
    assert [n["reason"] for n in card["not_counted"]] == ["superseded by their later one"]


def test_a_reply_belongs_to_its_thread(gh: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    root = gh.add_review_comment(7, "bob", "Is this yours?", path=PACKET, line=13)
    gh.add_review_comment(
        7, "ann", "/meets yes, see the doc", path=PACKET, line=13, in_reply_to=root
    )
    assert verdicts(scorecard(capsys)) == {LEADS: {"ann": "meets"}}


# --- broken: real shapes with keys missing ----------------------------------------


def _old_payload_comment() -> dict[str, Any]:
    """The first ``pull_request_review_comment`` example: an older shape, no line keys."""
    data = json.loads((EXAMPLES / "api.github.com" / "index.json").read_text(encoding="utf-8"))
    [event] = [e for e in data if e["name"] == "pull_request_review_comment"]
    comment: dict[str, Any] = copy.deepcopy(event["examples"][0]["comment"])
    assert not {"line", "original_line", "side"} & set(comment)
    return comment


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="npm ci in tooling/node installs them")
def test_real_comments_without_line_keys_need_no_request_per_comment(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _old_payload_comment()
    for index in range(250):
        raw = copy.deepcopy(template)
        raw.update(id=50_000 + index, node_id=f"PRRC_{50_000 + index}", path=PACKET)
        raw["user"] = {**raw["user"], "login": "bob"}
        raw["body"] = "/meets" if index == 249 else f"note {index}"
        gh.add_raw_review_comment(7, raw)
    card = scorecard(capsys)
    pages = gh.pages("/pulls/7/comments")  # by GitHub's next links, which name the id
    assert [c.query.get("page") for c in pages] == [None, "2", "3"]
    assert gh.followed_next_links(pages)
    assert [c for c in gh.requests if "/pulls/comments/" in c.path] == []
    assert len(gh.requests) < 20
    assert not_counted(card) == [
        (
            "bob",
            None,
            "/meets",
            "GitHub sent no line for it (an older comment): comment again on the criterion's lines",
        )
    ]


# --- a renamed repository -----------------------------------------------------------


def test_a_renamed_repository_reads_the_pull_requests_packet(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.pulls[7]
    gh.add_content(PACKET, TEXT.replace("name: Dana", "name: Main-branch Dana"), "main")
    gh.rename("committee")
    gh.add_review_comment(7, "bob", "/meets", path=PACKET, line=13)
    code = main(["scorecard", "--pr", "7", "--packet-from-pr", "--post"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "### Scorecard: Dana" in out and "Main-branch" not in out
    first = gh.requests[0]
    assert (first.path, first.status) == ("/repos/acme/promotions/pulls/7", 301)
    assert gh.requests[1].path == "/repositories/424242/pulls/7"
    later = [c.path for c in gh.requests[2:] if c.path not in ("/graphql", "/user")]
    assert [p for p in later if not p.startswith("/repos/acme/committee/")] == []
    assert f"/repos/acme/committee/git/trees/{pull.head_sha}" in later
    [comment] = gh.comments_on(7)
    assert comment["body"] == out


@pytest.mark.parametrize("command", ["scorecard", "reviewers"])
def test_a_redirected_write_is_an_error_not_a_success(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    gh.redirect_writes = True
    extra = ["--post"] if command == "scorecard" else []
    code = main([command, "--pr", "7", "--packet-from-pr", *extra])
    _, err = capsys.readouterr()
    assert code == 1
    assert "GitHub redirected the write (307)" in err and "nothing was written" in err
    assert gh.comments_on(7) == [] and gh.pulls[7].requested == []


# --- offline --------------------------------------------------------------------------


def test_the_offline_preview_reads_saved_comments(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gh.add_review_comment(7, "bob", "/Meets agree", path=PACKET, line=13)
    gh.add_review_comment(7, "eve", "/not-yet", path=PACKET, line=23)
    saved = tmp_path / "comments.json"
    saved.write_text(json.dumps(gh.pulls[7].review_comments), encoding="utf-8")
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY"):
        pytest.MonkeyPatch().delenv(name, raising=False)
    requests_before = len(gh.requests)
    code = main(["scorecard", PACKET, "--comments", str(saved), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    card = json.loads(out)
    assert verdicts(card) == {LEADS: {"bob": "meets"}}
    assert not_counted(card) == [("eve", MENTORS, "/not-yet", "not on the committee")]
    assert "offline preview" in err
    assert len(gh.requests) == requests_before  # no token, no request
