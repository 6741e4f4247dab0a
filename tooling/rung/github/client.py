"""PyGithub, configured for bounded retries, returning plain data.

Retries happen at two levels, so that nothing is ever done twice:

* the transport (``GithubRetry``) retries reads and idempotent writes (GET,
  PATCH, PUT, DELETE) on 5xx and on rate limits, every wait capped;
* POSTs are never retried blindly, because GitHub can answer 5xx after it did
  the work (a second comment would appear).  ``request_reviewers`` and
  ``upsert_comment`` retry themselves: after a failure they read GitHub's
  current state again and send only what is still missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from github import Auth, Github, GithubException
from github.GithubException import RateLimitExceededExceedsMaxWait

from rung.github.context import ACTIONS_BOT, GitHubContext, GitHubError, RetrySettings
from rung.github.files import RepositoryFiles
from rung.github.pull import PullInfo, login_of
from rung.github.retry import Sleep, error_message, header, make_retry
from rung.github.writes import Writes
from rung.loaders.sources import Source
from rung.problems import FatalError, Problem
from rung.scorecard.grammar import has_command
from rung.scorecard.inputs import (
    ConversationComment,
    Edit,
    Review,
    ReviewComment,
    conversation_comment,
    review,
    review_comment,
)
from rung.scorecard.sealed import is_sealed

PACKETS_PREFIX = "packets/"
PACKET_FILE = re.compile(r"packets/[^/]+/[^/]+\.md")
TIMEOUT = 30
GRAPHQL_PAGE = 100  # GitHub resolves at most 100 ids per nodes() call
EDITS_QUERY = """
query($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Comment { id author { login } editor { login } lastEditedAt }
  }
}
"""


_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


def _next_link(link: str | None) -> str | None:
    match = _LINK_NEXT.search(link or "")
    return match.group(1) if match else None


class GitHubClient(Writes, RepositoryFiles):
    """The pull-request operations rung needs, on one repository."""

    def __init__(
        self,
        context: GitHubContext,
        settings: RetrySettings | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        token, repository = context.require()
        self.context = context
        self.settings = settings if settings is not None else RetrySettings()
        self.sleep = sleep
        throttle = self.settings.throttle
        self.github = Github(
            base_url=context.api_url,
            auth=Auth.Token(token),
            retry=make_retry(self.settings, sleep),
            timeout=TIMEOUT,
            per_page=100,
            seconds_between_requests=throttle / 4 if throttle > 0 else None,
            seconds_between_writes=throttle if throttle > 0 else None,
            lazy=True,
        )
        self.repository = repository
        self.repo = self.github.get_repo(repository)
        self._login: str | None = None
        self._files: dict[tuple[str, str], tuple[Source | None, list[Problem]]] = {}
        self.blob_shas: dict[tuple[str, str], str] = {}

    def close(self) -> None:
        self.github.close()

    @contextmanager
    def errors(self, what: str) -> Iterator[None]:
        """Turn PyGithub's and requests' exceptions into rung's, saying what was being done."""
        try:
            yield
        except (GithubException, requests.RequestException) as err:
            raise self.translate(err, what) from None

    def translate(self, err: Exception, what: str) -> Exception:
        """FatalError (exit 2) for what configuration must fix; GitHubError for the rest."""
        if isinstance(err, RateLimitExceededExceedsMaxWait):
            return GitHubError(
                f"{what}: GitHub's rate limit resets in {err.wait:.0f} s, longer than "
                f"{self.settings.max_wait:g} s (RUNG_GITHUB_RETRY_MAX_WAIT); rerun later, "
                "nothing will be duplicated",
                err.status,
            )
        if isinstance(err, GithubException):
            message = error_message(err)
            if err.status == 401:
                return FatalError(f"GitHub refused the token (401 {message}); check GITHUB_TOKEN")
            if err.status == 404:
                return FatalError(
                    f"{what}: not found in {self.repository} (404 {message}); check the number, "
                    "the repository and that the token can read it"
                )
            limited = (
                header(err.headers, "retry-after") is not None or "rate limit" in message.lower()
            )
            if err.status == 403 and not limited:
                return FatalError(
                    f"{what}: GitHub refused (403 {message}); the token needs "
                    "'pull-requests: write' and 'contents: read' (see docs/committee.md)"
                )
            return GitHubError(f"{what}: GitHub answered {err.status} {message}", err.status)
        return GitHubError(
            f"{what}: cannot reach GitHub at {self.context.api_url} ({type(err).__name__})"
        )

    # --- reading ----------------------------------------------------------------------

    def pull_request(self, number: int) -> PullInfo:
        """The pull request; after a rename, every later call goes to the new name.

        GitHub answers a renamed repository's old name with 301 to
        ``/repositories/ID/...``, and PyGithub follows that without the query
        string (``?ref=SHA`` would silently read the default branch).  Reading
        the new name here, once, means no later read is redirected at all.
        """
        with self.errors(f"reading pull request #{number}"):
            pr = self.repo.get_pull(number)
            current = pr.base.repo.full_name
            if current and current.casefold() != self.repository.casefold():
                self.repository = current
                self.repo = self.github.get_repo(current)  # lazy, as the client is
            return PullInfo(
                number=pr.number,
                author=login_of(pr.user),
                head_sha=pr.head.sha,
                state=pr.state,
                requested=tuple(u.login for u in pr.requested_reviewers or []),
                html_url=pr.html_url,
                repo_html_url=pr.base.repo.html_url,
            )

    def discussion(
        self, number: int
    ) -> tuple[list[ReviewComment], list[Review], list[ConversationComment]]:
        """Review comments, submitted reviews and conversation comments, as GitHub sent them,
        each that holds a command or a sealed verdict with who last edited it (one GraphQL query per 100)."""
        base = f"/repos/{self.repository}"
        with self.errors(f"reading the reviews and comments of #{number}"):
            raw_comments = self.paginate(f"{base}/pulls/{number}/comments")
            raw_reviews = [
                r
                for r in self.paginate(f"{base}/pulls/{number}/reviews")
                if r.get("state") != "PENDING"
            ]
            raw_conversation = self.paginate(f"{base}/issues/{number}/comments")
        said = [
            str(item.get("node_id"))
            for item in (*raw_comments, *raw_reviews, *raw_conversation)
            if item.get("node_id")
            and (has_command(body := str(item.get("body") or "")) or is_sealed(body))
        ]
        edits = self.edits(said)
        return (
            [review_comment(c, edits) for c in raw_comments],
            [review(r, edits) for r in raw_reviews],
            [conversation_comment(c, edits) for c in raw_conversation],
        )

    def reviews(self, number: int) -> list[Review]:
        """Submitted reviews in GitHub's (chronological) order; pending drafts are skipped."""
        with self.errors(f"reading the reviews of #{number}"):
            raw = self.paginate(f"/repos/{self.repository}/pulls/{number}/reviews")
        return [review(r) for r in raw if r.get("state") != "PENDING"]

    def paginate(self, url: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Every item of a list endpoint, as the JSON GitHub sent (no lazy completion)."""
        items: list[dict[str, Any]] = []
        next_url: str | None = url
        query: dict[str, Any] | None = {"per_page": 100, **(params or {})}
        while next_url is not None:
            headers, page = self.github.requester.requestJsonAndCheck("GET", next_url, query)
            items += [item for item in page or [] if isinstance(item, dict)]
            next_url = _next_link(header(headers, "link"))
            query = None  # the next link carries the query
        return items

    def edits(self, node_ids: list[str]) -> dict[str, Edit]:
        """node id -> who last edited it, from GraphQL.

        GitHub's REST API does not say who edited a comment; GraphQL's ``Comment``
        interface does (``editor``, ``lastEditedAt``).  A node GitHub cannot
        resolve is reported as edited by nobody known, so it is never counted.
        """
        found: dict[str, Edit] = {}
        for start in range(0, len(node_ids), GRAPHQL_PAGE):
            chunk = node_ids[start : start + GRAPHQL_PAGE]
            with self.errors("reading who edited the comments with commands (GraphQL)"):
                _, data = self.github.requester.graphql_query(EDITS_QUERY, {"ids": chunk})
            nodes = (data.get("data") or {}).get("nodes") or []
            for node_id, node in zip(chunk, [*nodes, *[None] * len(chunk)], strict=False):
                if not isinstance(node, dict):
                    found[node_id] = Edit(True, None)
                    continue
                editor = node.get("editor")
                login = editor.get("login") if isinstance(editor, dict) else None
                found[node_id] = Edit(bool(node.get("lastEditedAt")) or login is not None, login)
        return found

    def changed_packets(self, number: int) -> list[str]:
        """Packet files (``packets/CYCLE/NAME.md``, not a README) the pull request adds or changes."""
        with self.errors(f"listing the files of #{number}"):
            return [
                f.filename
                for f in self.repo.get_pull(number).get_files()
                if PACKET_FILE.fullmatch(f.filename)
                and f.filename.rsplit("/", 1)[-1].lower() != "readme.md"
                and f.status != "removed"
            ]

    def open_packet_load(self, exclude: int) -> dict[str, int]:
        """Pending review requests per login on the other open pull requests that touch packets/."""
        load: dict[str, int] = {}
        with self.errors("reading the open pull requests"):
            for pr in self.repo.get_pulls(state="open"):
                reviewers = [u.login for u in pr.requested_reviewers or []]
                if pr.number == exclude or not reviewers:
                    continue  # nobody to count: spare the files request
                if not any(f.filename.startswith(PACKETS_PREFIX) for f in pr.get_files()):
                    continue
                for login in reviewers:
                    load[login.casefold()] = load.get(login.casefold(), 0) + 1
        return load

    def login(self) -> str:
        """The login whose comments rung owns: RUNG_GITHUB_LOGIN, GET /user, or the Actions bot."""
        if self._login is None:
            self._login = self.context.login or self._token_login()
        return self._login

    def _token_login(self) -> str:
        try:
            return str(self.github.get_user().login)
        except (GithubException, requests.RequestException) as err:
            if isinstance(err, GithubException) and err.status in (403, 404):
                # An Actions or App installation token may not read /user.
                return ACTIONS_BOT
            raise self.translate(err, "reading the token's user") from None
