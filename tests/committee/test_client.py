"""The GitHub client's retries and errors: every wait bounded, observed, never slept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakegithub import FakeGitHub
from rung.github.client import GitHubClient
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.problems import FatalError

RR = "/repos/acme/promotions/pulls/7/requested_reviewers"
COMMENTS = "/repos/acme/promotions/issues/7/comments"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        fake.add_pull(7, "dana-levi", {"packets/2026-H2/dana-levi.md": "---\n"})
        yield fake


def client(gh: FakeGitHub, sleeps: list[float], **settings: float) -> GitHubClient:
    options: dict[str, Any] = {"attempts": 4, "backoff": 1.0, "max_wait": 5.0, "throttle": 0.0}
    chosen = RetrySettings(**(options | settings))
    return GitHubClient(GitHubContext.from_env(gh.env()), chosen, sleep=sleeps.append)


def test_a_post_waits_for_retry_after(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.secondary_rate_limit("POST", RR, retry_after=1)
    outcome = client(gh, sleeps).request_reviewers(7, ["ann"])
    assert outcome.requested == ("ann",) and sleeps == [1.0]
    assert [c.method for c in gh.requests] == ["POST", "GET", "POST"]


def test_a_long_retry_after_is_capped(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.secondary_rate_limit("POST", RR, retry_after=120)
    client(gh, sleeps).request_reviewers(7, ["ann"])
    assert sleeps == [5.0]


def test_a_get_rate_limit_waits_in_the_transport(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.secondary_rate_limit("GET", "/repos/acme/promotions/pulls/7", retry_after=2)
    assert client(gh, sleeps).pull_request(7).author == "dana-levi"
    assert sleeps == [2.0]
    assert len(gh.calls("GET", "/repos/acme/promotions/pulls/7")) == 2


def test_a_429_with_retry_after_is_retried_in_the_transport(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.fail("GET", "/repos/acme/promotions/pulls/7/reviews", 429, headers={"Retry-After": "3"})
    assert client(gh, sleeps).reviews(7) == []
    assert sleeps == [3.0]


def test_a_primary_rate_limit_past_the_cap_gives_up_at_once(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.fail(
        "GET",
        "/repos/acme/promotions/pulls/7",
        403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "4102444800"},
        body={"message": "API rate limit exceeded for user ID 1.", "documentation_url": "x"},
    )
    with pytest.raises(
        GitHubError, match=r"^reading pull request #7: GitHub's rate limit resets in \d+ s"
    ):
        client(gh, sleeps).pull_request(7)
    assert sleeps == []


def test_server_errors_on_a_post_are_retried_a_bounded_number_of_times(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.server_error("POST", RR, 502, times=10)
    with pytest.raises(GitHubError) as caught:
        client(gh, sleeps, max_wait=3.0).request_reviewers(7, ["ann"])
    assert caught.value.message == "requesting reviewers on #7: GitHub answered 502 Server Error"
    assert len(gh.calls("POST", RR)) == 4
    assert sleeps == [1.0, 2.0, 3.0]  # exponential backoff, capped


def test_server_errors_on_a_get_are_retried_by_the_transport(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.server_error("GET", "/repos/acme/promotions/pulls/7/reviews", 503, times=10)
    with pytest.raises(GitHubError, match=r"^reading the reviews of #7: GitHub answered 503"):
        client(gh, sleeps, attempts=3).reviews(7)
    assert len(gh.calls("GET", "/repos/acme/promotions/pulls/7/reviews")) == 3
    assert sleeps == [2.0]  # urllib3 does not wait before the first retry, then backs off


def test_a_failed_comment_create_is_relisted_then_retried(gh: FakeGitHub) -> None:
    sleeps: list[float] = []
    gh.server_error("POST", COMMENTS, 500)
    outcome = client(gh, sleeps).upsert_comment(7, "<!-- m -->\nbody", "<!-- m -->")
    assert outcome.action == "created"
    assert [(c.method, c.path) for c in gh.requests] == [
        ("GET", "/user"),
        ("GET", COMMENTS),
        ("POST", COMMENTS),
        ("GET", COMMENTS),
        ("POST", COMMENTS),
    ]
    assert len(gh.comments_on(7)) == 1 and sleeps == [1.0]


def test_a_forbidden_write_is_a_configuration_error(gh: FakeGitHub) -> None:
    gh.fail("POST", COMMENTS, 403, body={"message": "Resource not accessible by integration"})
    with pytest.raises(FatalError) as caught:
        client(gh, []).upsert_comment(7, "<!-- m -->\nbody", "<!-- m -->")
    assert str(caught.value) == (
        "creating the comment on #7: GitHub refused (403 Resource not accessible by integration); "
        "the token needs 'pull-requests: write' and 'contents: read' (see docs/committee.md)"
    )


def test_the_comment_owner_can_be_named(gh: FakeGitHub) -> None:
    context = GitHubContext.from_env({**gh.env(), "RUNG_GITHUB_LOGIN": "rung-bot"})
    github = GitHubClient(context, RetrySettings(throttle=0))
    assert github.login() == "rung-bot"
    assert gh.calls("GET", "/user") == []


def test_changed_packets_ignore_removed_files_and_other_folders(gh: FakeGitHub) -> None:
    files = {
        "packets/2026-H2/a.md": "a",
        "ladders/acme.yaml": "b",
        "packets/README.md": "c",
        "packets/2026-H2/README.md": "d",
        "packets/2026-H2/deep/b.md": "e",
    }
    pull = gh.add_pull(8, "x", files)
    pull.files["packets/2026-H2/old.md"] = "removed"
    assert client(gh, []).changed_packets(8) == ["packets/2026-H2/a.md"]


def test_file_text_decodes_through_sources(gh: FakeGitHub) -> None:
    gh.add_content("packets/2026-H2/bom.md", "\ufeff---\r\nx: 1\r\n".encode(), "abc")
    source, problems = client(gh, []).file_text("packets/2026-H2/bom.md", "abc")
    assert source is not None and source.text == "---\nx: 1\n"
    assert [p.message for p in problems] == [
        "file starts with a UTF-8 byte-order mark; save it without one"
    ]
    with pytest.raises(
        FatalError, match=r"^packets/2026-H2/nope.md does not exist at abc in acme/promotions$"
    ):
        client(gh, []).file_text("packets/2026-H2/nope.md", "abc")


# --- configuration from the environment -----------------------------------------------


def test_context_from_the_environment() -> None:
    env = {
        "GITHUB_TOKEN": "t",
        "GITHUB_REPOSITORY": "acme/promotions",
        "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
        "GITHUB_SERVER_URL": "https://ghe.example.com",
        "GITHUB_RUN_ID": "77",
    }
    context = GitHubContext.from_env(env, repository="acme/other")
    assert (context.repository, context.api_url) == ("acme/other", "https://ghe.example.com/api/v3")
    # the artifacts belong to the run's own repository, not to --repo
    assert (
        context.artifacts_url == "https://ghe.example.com/acme/promotions/actions/runs/77#artifacts"
    )
    assert GitHubContext.from_env({}).api_url == "https://api.github.com"
    assert GitHubContext.from_env({}).artifacts_url is None


def test_missing_token_or_repository_and_bad_values_are_fatal() -> None:
    with pytest.raises(FatalError, match=r"^GITHUB_TOKEN is not set"):
        GitHubContext.from_env({"GITHUB_REPOSITORY": "a/b"}).require()
    with pytest.raises(FatalError, match=r"^no repository: set GITHUB_REPOSITORY or pass --repo"):
        GitHubContext.from_env({"GITHUB_TOKEN": "t"}).require()
    with pytest.raises(FatalError, match=r"^repository 'a/b/c' is not in the form OWNER/NAME$"):
        GitHubContext.from_env({}, repository="a/b/c")
    with pytest.raises(
        FatalError, match=r"^RUNG_GITHUB_RETRY_MAX_WAIT='-1' is not a number of at least 0$"
    ):
        RetrySettings.from_env({"RUNG_GITHUB_RETRY_MAX_WAIT": "-1"})
    with pytest.raises(
        FatalError, match=r"^RUNG_GITHUB_RETRY_ATTEMPTS='0' is not a number of at least 1$"
    ):
        RetrySettings.from_env({"RUNG_GITHUB_RETRY_ATTEMPTS": "0"})
    assert RetrySettings.from_env(
        {"RUNG_GITHUB_RETRY_ATTEMPTS": "2", "RUNG_GITHUB_THROTTLE": "0"}
    ) == RetrySettings(attempts=2, throttle=0.0)
