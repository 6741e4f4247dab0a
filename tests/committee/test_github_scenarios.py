"""``rung reviewers`` and ``rung scorecard`` against a GitHub API served on 127.0.0.1.

PyGithub runs for real against tests/fakegithub.py; every test asserts on the
requests GitHub received (method, path, body), not only on rung's output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from committee.conftest import FIXTURES, PACKET_PATH, VALID_TEXT, committee_folder, serve
from fakegithub import FakeGitHub
from rung.cli import main
from rung.scorecard.collate import MARKER

PACKET, TEXT = PACKET_PATH, VALID_TEXT
REPO_API = "/repos/acme/promotions"
RR = f"{REPO_API}/pulls/7/requested_reviewers"
COMMENTS = f"{REPO_API}/issues/7/comments"
FIRST_PICKS = ["bob", "dave", "carol"]  # see test_assign: the fixture roster's plan


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A rung repository: the acme ladder, the fixture roster and Dana's packet."""
    committee_folder(tmp_path, monkeypatch)
    (tmp_path / "packets" / "2026-H2").mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    return tmp_path


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch, repo: Path) -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        serve(fake, monkeypatch)
        yield fake


def rung(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def reviewers_json(
    capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict[str, object]]:
    code, out, _ = rung(capsys, "reviewers", PACKET, "--pr", "7", "--format", "json", *extra)
    return code, json.loads(out)


def test_first_request_asks_the_planned_reviewers_once(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    code, plan = reviewers_json(capsys)
    assert code == 0
    assert (plan["requested"], plan["kept"], plan["shortfall"]) == (FIRST_PICKS, [], 0)
    assert {
        "login": "dana-levi",
        "reason": "is the candidate; is the pull-request author; "
        "holds acme ic-1, below ic-2 (rank 2)",
    } in plan["excluded"]  # type: ignore[operator]
    assert [(c.method, c.path, c.query.get("state")) for c in gh.requests] == [
        ("GET", f"{REPO_API}/pulls/7", None),
        ("GET", f"{REPO_API}/pulls/7/reviews", None),
        ("GET", f"{REPO_API}/pulls", "open"),
        ("POST", RR, None),
    ]
    assert gh.writes() == [("POST", RR, {"reviewers": FIRST_PICKS})]
    assert gh.pulls[7].requested == FIRST_PICKS


def test_rerun_requests_nothing_and_edits_the_one_comment(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    assert reviewers_json(capsys)[0] == 0
    code, plan = reviewers_json(capsys)
    assert code == 0
    assert (plan["requested"], plan["kept"]) == ([], ["bob", "carol", "dave"])  # roster order
    gh.add_review(7, "bob", "COMMENTED")  # answers bob's request on GitHub
    code, plan = reviewers_json(capsys)
    assert (plan["requested"], plan["kept"]) == ([], ["bob", "carol", "dave"])
    assert plan["reasons"]["bob"] == "already reviewed (COMMENTED); holds acme ic-2 (rank 2)"  # type: ignore[index]
    assert len(gh.calls("POST", RR)) == 1  # only the first run requested anybody

    assert rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")[0] == 0
    [created] = gh.comments_on(7)
    assert gh.writes()[-1] == ("POST", COMMENTS, {"body": created["body"]})
    assert created["body"].startswith(MARKER + "\n")
    gh.add_review_comment(
        7, "bob", "/meets Two features, both led end to end.", path=PACKET, line=13
    )
    code, _, err = rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")
    assert code == 0
    assert err == f"rung: scorecard comment updated: {created['html_url']}\n"
    [edited] = gh.comments_on(7)
    assert gh.writes()[-1] == (
        "PATCH",
        f"{REPO_API}/issues/comments/{created['id']}",
        {"body": edited["body"]},
    )
    assert "✅ bob" in edited["body"]
    writes = len(gh.writes())
    assert rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")[2].startswith(
        "rung: scorecard comment unchanged"
    )
    assert len(gh.writes()) == writes  # nothing changed, nothing written
    assert len(gh.calls("POST", COMMENTS)) == 1  # never a second comment


def test_the_author_on_the_roster_is_never_requested(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "bob", {PACKET: TEXT})  # bob opened Dana's pull request
    code, out, _ = rung(capsys, "reviewers", PACKET, "--pr", "7")
    assert code == 0
    assert "  exclude  bob        is the pull-request author\n" in out
    assert gh.writes() == [("POST", RR, {"reviewers": ["dave", "carol", "ann"]})]


def test_a_non_collaborator_is_dropped_reported_and_replaced(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.collaborators = {"ann", "bob", "dave", "dana-levi"}
    code, out, err = rung(capsys, "reviewers", PACKET, "--pr", "7", "--format", "json")
    assert code == 1
    plan = json.loads(out)
    message = (
        "422 Reviews may only be requested from collaborators. One or more of the users or teams "
        "you specified is not a collaborator of the acme/promotions repository."
    )
    assert plan["requested"] == ["bob", "dave", "ann"]
    assert plan["refused"] == {"carol": message}
    assert {"login": "carol", "reason": f"GitHub refused the review request ({message})"} in plan[
        "excluded"
    ]
    assert gh.writes() == [
        ("POST", RR, {"reviewers": ["bob", "dave", "carol"]}),  # 422 for all of them
        ("POST", RR, {"reviewers": ["bob"]}),
        ("POST", RR, {"reviewers": ["dave"]}),
        ("POST", RR, {"reviewers": ["carol"]}),  # 422: carol is dropped
        ("POST", RR, {"reviewers": ["ann"]}),  # the next eligible member instead
    ]
    assert gh.pulls[7].requested == ["bob", "dave", "ann"]
    assert "GitHub refused a review request for carol (422 Reviews may only" in err


def test_a_502_then_success_is_retried_after_rereading_the_state(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.server_error("POST", RR, 502)
    gh.server_error("GET", f"{REPO_API}/pulls/7/reviews", 502)  # reads retry in the transport
    assert reviewers_json(capsys)[0] == 0
    assert [(c.method, c.path) for c in gh.requests] == [
        ("GET", f"{REPO_API}/pulls/7"),
        ("GET", f"{REPO_API}/pulls/7/reviews"),
        ("GET", f"{REPO_API}/pulls/7/reviews"),
        ("GET", f"{REPO_API}/pulls"),
        ("POST", RR),
        ("GET", f"{REPO_API}/pulls/7"),  # what did the failed POST do?
        ("POST", RR),
    ]
    assert [c.body for c in gh.calls("POST", RR)] == [{"reviewers": FIRST_PICKS}] * 2
    assert gh.pulls[7].requested == FIRST_PICKS


def test_a_502_after_github_did_the_work_is_not_repeated(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.server_error("POST", RR, 502, after=True)
    gh.server_error("POST", COMMENTS, 502, after=True)
    assert reviewers_json(capsys)[0] == 0
    assert gh.writes() == [("POST", RR, {"reviewers": FIRST_PICKS})]
    code, _, err = rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")
    [comment] = gh.comments_on(7)
    assert (code, err) == (0, f"rung: scorecard comment created: {comment['html_url']}\n")
    assert len(gh.calls("POST", COMMENTS)) == 1
    assert len(gh.comments_on(7)) == 1  # the failed create was found by listing, not repeated


def test_a_secondary_rate_limit_is_waited_out(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.secondary_rate_limit("POST", RR, retry_after=1)
    gh.secondary_rate_limit("GET", f"{REPO_API}/pulls", retry_after=1)
    assert reviewers_json(capsys)[0] == 0
    assert [c.body for c in gh.calls("POST", RR)] == [{"reviewers": FIRST_PICKS}] * 2
    assert len(gh.calls("GET", f"{REPO_API}/pulls")) == 2
    assert gh.pulls[7].requested == FIRST_PICKS


def test_more_than_100_review_comments_are_read_page_by_page(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    for i in range(130):
        gh.add_review_comment(7, "ann", f"note {i}", path=PACKET, line=24)
    gh.add_review_comment(7, "ann", "/not-yet the mentees are not named", path=PACKET, line=24)
    code, out, _ = rung(capsys, "scorecard", PACKET, "--pr", "7", "--format", "json")
    assert code == 0
    mentors = json.loads(out)["rows"][3]
    assert (mentors["criterion"], mentors["comments"], mentors["verdicts"]) == (
        "ic-2.team.mentors",
        131,
        {"ann": "not-yet"},  # the verdict sits on the second page
    )
    # rung asks for 100 a page, then follows GitHub's next link as given (GitHub's links
    # name the repository by id), never building a page's address itself.
    pages = gh.pages("/pulls/7/comments")
    assert [c.query for c in pages] == [{"per_page": "100"}, {"per_page": "100", "page": "2"}]
    assert gh.followed_next_links(pages)


def test_outdated_and_non_member_comments(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT}, requested=("carol",))
    gh.add_review_comment(
        7, "bob", "/meets the HLD is solid", path=PACKET, line=None, original_line=13
    )
    gh.add_review_comment(7, "eve", "/not-yet I disagree", path=PACKET, line=13)
    gh.add_review(7, "eve", "APPROVED")
    code, out, _ = rung(capsys, "scorecard", PACKET, "--pr", "7", "--format", "json")
    assert code == 0
    card = json.loads(out)
    leads = card["rows"][0]
    assert (leads["comments"], leads["verdicts"], leads["outdated"]) == (
        2,
        {"bob": "meets"},
        ["bob"],
    )
    assert card["not_counted"] == [
        {
            "login": "eve",
            "criterion": "ic-2.delivery.leads-features",
            "command": "/not-yet",
            "reason": "not on the committee",
            "comment": gh.pulls[7].review_comments[1]["id"],
            "url": gh.pulls[7].review_comments[1]["html_url"],
        }
    ]
    assert card["reviews"] == {}  # eve's approval does not count
    assert card["pending"] == ["carol"]
    assert gh.writes() == []  # without --post nothing is written
    code, markdown, _ = rung(capsys, "scorecard", PACKET, "--pr", "7")
    assert "| ✅ bob (outdated) |" in markdown
    assert f"({gh.html_url}/blob/{gh.pulls[7].head_sha}/{PACKET}#L12)" in markdown


def _big_repository(repo: Path, criteria: int) -> None:
    """The acme ladder with ``criteria`` criteria at ic-2, and a packet citing each."""
    ladder = (FIXTURES / "ladders" / "acme.yaml").read_text(encoding="utf-8")
    head, rest = ladder.split("  - id: em-2\n")
    head = head.split("  - id: ic-2\n")[0]
    lines = ["  - id: ic-2", "    track: ic", "    rank: 2", "    title: Senior engineer"]
    lines += ["    areas:", "      - id: work", "        name: Work", "        criteria:"]
    for i in range(criteria):
        lines += [
            f"          - id: ic-2.work.c{i}",
            f"            text: {'Does a long thing. ' * 8}",
        ]
    text = head + "\n".join(lines) + "\n  - id: em-2\n" + rest
    (repo / "ladders" / "acme.yaml").write_text(text, encoding="utf-8")
    packet = TEXT.split("evidence:")[0] + "evidence:\n"
    for i in range(criteria):
        packet += f"  ic-2.work.c{i}:\n    - claim: {'Did the long thing. ' * 4}\n"
    (repo / PACKET).write_text(packet + "---\nBody.\n", encoding="utf-8")


def test_a_comment_over_the_limit_is_cut_with_a_pointer_to_the_artifacts(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _big_repository(repo, 300)
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_RUN_ID", "4242")
    gh.add_pull(7, "dana-levi", {PACKET: (repo / PACKET).read_text(encoding="utf-8")})
    code, full, err = rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")
    assert code == 0, err
    [call] = gh.calls("POST", COMMENTS)
    body = call.body["body"]
    assert len(full) > 60_000 >= len(body)
    assert body.startswith(MARKER + "\n") and full.startswith(body[: body.index("\n| 2 |")])
    assert (
        "the table is cut here.** The full report: the workflow run's artifacts: "
        "https://github.com/acme/promotions/actions/runs/4242#artifacts\n"
    ) in body
    assert "\n| 300 | " in full and "\n| 300 | " not in body


def test_the_packet_is_read_from_the_pull_request_head(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / PACKET).unlink()  # a privileged workflow has only the base branch checked out
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    code, plan = reviewers_json_no_packet(capsys)
    assert code == 0 and plan["requested"] == FIRST_PICKS
    assert (f"{REPO_API}/pulls/7/files", {"per_page": "100"}) in [
        (c.path, c.query) for c in gh.requests
    ]
    # Walked down the head commit's tree, never through the contents API (which follows links).
    reads = [c.path for c in gh.requests if "/git/" in c.path or "/contents/" in c.path]
    assert len(reads) == 4 and reads[0] == f"{REPO_API}/git/trees/{pull.head_sha}"
    assert [r.rsplit("/", 2)[-2] for r in reads] == ["trees", "trees", "trees", "blobs"]


def test_a_packet_that_is_a_symbolic_link_in_the_pull_request_is_refused(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Eve's pull request commits eve.md -> dana-levi.md: GitHub's contents API would serve Dana's."""
    eve = "packets/2026-H2/eve.md"
    pull = gh.add_pull(7, "eve", {PACKET: TEXT})
    pull.files = {eve: "added"}
    gh.add_symlink(eve, "dana-levi.md", pull.head_sha)
    assert gh.follow(pull.head_sha, eve) == TEXT.encode()  # the hole rung must not use
    for command in ("reviewers", "scorecard"):
        code, out, err = rung(capsys, command, "--pr", "7", "--packet-from-pr")
        assert (code, out) == (2, "")
        assert err == (
            f"rung: error: {eve} at {pull.head_sha[:12]} is a symbolic link; rung never follows "
            "links (another file would be read in its place): commit the file itself\n"
        )
    assert gh.writes() == []


def test_a_linked_cycle_folder_in_the_pull_request_is_refused(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    linked = "packets/2027-H1/dana-levi.md"
    pull.files = {linked: "added"}
    gh.add_symlink("packets/2027-H1", "2026-H2", pull.head_sha)
    code, _, err = rung(capsys, "scorecard", "--pr", "7", "--packet-from-pr")
    assert code == 2
    assert f"packets/2027-H1 at {pull.head_sha[:12]} is a symbolic link" in err


def reviewers_json_no_packet(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code, out, _ = rung(capsys, "reviewers", "--pr", "7", "--packet-from-pr", "--format", "json")
    return code, json.loads(out)


def test_a_packet_over_1_mb_is_refused_clearly(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT + "x" * (1024 * 1024)})
    code, out, err = rung(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr")
    assert (code, out) == (2, "")
    size = len(TEXT) + 1024 * 1024
    assert err == (
        f"rung: error: {PACKET} at {pull.head_sha[:12]} is {size:,} bytes; rung refuses packets "
        "over 1,048,576 bytes: move long material to linked documents\n"
    )


def test_other_open_packet_pull_requests_count_as_load(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.add_pull(8, "maya", {"packets/2026-H2/maya.md": "x"}, requested=("bob",))
    gh.add_pull(9, "ido", {"packets/2026-H2/ido.md": "x"}, requested=("bob", "dave"))
    gh.add_pull(10, "ops", {"ladders/acme.yaml": "x"}, requested=("bob",))  # not a packet
    gh.add_pull(11, "tamar", {"packets/2026-H2/tamar.md": "x"})  # nobody requested
    gh.add_pull(12, "old", {"packets/2026-H1/old.md": "x"}, requested=("bob",), state="closed")
    code, plan = reviewers_json(capsys)
    assert code == 0
    assert {"login": "bob", "reason": "has 2 open packet reviews (max 2)"} in plan["excluded"]  # type: ignore[operator]
    # ann and carol are idle; dave has one open review, and payments again
    assert plan["requested"] == ["ann", "carol", "dave"]
    assert plan["reasons"]["dave"].startswith("holds acme ic-2 (rank 2); 1 open packet review; ")  # type: ignore[index]
    files = [c.path for c in gh.requests if c.path.endswith("/files")]
    assert files == [f"{REPO_API}/pulls/{n}/files" for n in (8, 9, 10)]


def test_a_closed_pull_request_gets_no_requests(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT}, state="closed")
    code, _, err = rung(capsys, "reviewers", PACKET, "--pr", "7")
    assert code == 0
    assert err == "rung: pull request #7 is closed; nothing requested\n"
    assert gh.writes() == []


def test_github_enterprise_api_root_and_links(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeGitHub(prefix="/api/v3") as ghe:
        for name, value in ghe.env().items():
            monkeypatch.setenv(name, value)
        ghe.add_pull(7, "dana-levi", {PACKET: TEXT})
        code, out, _ = rung(capsys, "scorecard", PACKET, "--pr", "7", "--format", "json")
    assert code == 0
    assert ghe.api_url.endswith("/api/v3")
    assert (
        json.loads(out)["rows"][0]["link"]
        == f"{ghe.html_url}/blob/{ghe.pulls[7].head_sha}/{PACKET}#L12"
    )
    assert ghe.requests[0].path == f"{REPO_API}/pulls/7"


def test_an_actions_token_owns_the_comment_as_the_actions_bot(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeGitHub(login="github-actions[bot]") as gh:
        gh.user_forbidden = True  # GITHUB_TOKEN cannot read GET /user
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        gh.add_pull(7, "dana-levi", {PACKET: TEXT})
        gh.add_issue_comment(7, "eve", MARKER + "\nnot rung's")  # same marker, someone else
        assert rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")[0] == 0
        gh.add_review_comment(7, "bob", "/meets yes", path=PACKET, line=13)
        assert rung(capsys, "scorecard", PACKET, "--pr", "7", "--post")[0] == 0
        ours = [c for c in gh.comments_on(7) if c["user"]["login"] == "github-actions[bot]"]
        assert len(ours) == 1 and "✅ bob" in ours[0]["body"]
        assert [m for m, _, _ in gh.writes()] == ["POST", "PATCH"]
        assert gh.comments_on(7)[0]["body"] == MARKER + "\nnot rung's"


def test_a_bad_token_is_a_configuration_error(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")
    code, _, err = rung(capsys, "reviewers", PACKET, "--pr", "7")
    assert code == 2
    assert (
        err == "rung: error: GitHub refused the token (401 Bad credentials); check GITHUB_TOKEN\n"
    )
    assert gh.writes() == []


def test_an_unknown_pull_request_is_a_configuration_error(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = rung(capsys, "scorecard", PACKET, "--pr", "99")
    assert code == 2
    assert err.startswith(
        "rung: error: reading pull request #99: not found in acme/promotions (404 Not Found)"
    )
