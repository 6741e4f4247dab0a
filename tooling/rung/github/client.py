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

import base64
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from github import Auth, Github, GithubException
from github.GithubException import RateLimitExceededExceedsMaxWait

from rung.github.context import ACTIONS_BOT, GitHubContext, GitHubError, RetrySettings
from rung.github.retry import Sleep, error_message, header, make_retry
from rung.github.writes import Writes
from rung.packet import Packet, parse_packet
from rung.problems import FatalError, Problem
from rung.scorecard_grammar import has_command
from rung.scorecard_inputs import (
    ConversationComment,
    Edit,
    Review,
    ReviewComment,
    conversation_comment,
    review,
    review_comment,
)
from rung.sources import MAX_FILE_BYTES, Source, decode

PACKETS_PREFIX = "packets/"
LINK_MODE = "120000"  # a symbolic link in a git tree
FILE_MODES = frozenset({"100644", "100755"})
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


@dataclass(frozen=True)
class PullInfo:
    number: int
    author: str | None
    head_sha: str
    state: str
    requested: tuple[str, ...]  # users with a pending review request
    html_url: str
    repo_html_url: str  # of the base repository: https://HOST/OWNER/REPO


def login_of(user: Any) -> str | None:
    """A PyGithub user's login; None for a deleted account."""
    return None if user is None else str(user.login)


_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


def _next_link(link: str | None) -> str | None:
    match = _LINK_NEXT.search(link or "")
    return match.group(1) if match else None


class GitHubClient(Writes):
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
        each that holds a command with who last edited it (one GraphQL query per 100)."""
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
            if item.get("node_id") and has_command(str(item.get("body") or ""))
        ]
        edits = self.edits(said)
        return (
            [review_comment(c, edits) for c in raw_comments],
            [review(r, edits) for r in raw_reviews],
            [conversation_comment(c, edits) for c in raw_conversation],
        )

    def earlier_packets(self, path: str, comments: list[ReviewComment]) -> dict[str, Packet | None]:
        """The packet at each commit an outdated comment on it was written against."""
        commits = {
            c.original_commit_id
            for c in comments
            if c.line is None and c.path == path and len(c.original_commit_id) == 40
        }
        earlier: dict[str, Packet | None] = {}
        for sha in sorted(commits):
            try:
                source, _ = self.file_text(path, sha)
            except FatalError:
                source = None  # gone, or a link there: such comments are listed, not placed
            earlier[sha] = parse_packet(source.text, path)[0] if source is not None else None
        return earlier

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

    def _get(self, url: str) -> Any:
        """The JSON GitHub sends for a GET below the API root, exactly as sent."""
        _, data = self.github.requester.requestJsonAndCheck("GET", url)
        return data

    def file_text(self, path: str, ref: str) -> tuple[Source | None, list[Problem]]:
        """A file's text at ``ref``: data, never checked out, and never through a link.

        The tree is walked from the commit down (git trees, then the blob) rather
        than asked of the contents API, which follows a symbolic link to a file in
        the repository and so would serve ``dana-levi.md`` as ``eve.md``.  Any
        entry of mode 120000 on the way is refused.
        """
        key = (path, ref)
        if key not in self._files:
            self._files[key] = self._file_text(path, ref)
        return self._files[key]

    def _file_text(self, path: str, ref: str) -> tuple[Source | None, list[Problem]]:
        what = f"reading {path} at {ref[:12]}"
        parts = path.split("/")
        tree_url = f"/repos/{self.repository}/git/trees/{quote(ref, safe='')}"
        for depth, name in enumerate(parts):
            try:
                tree = self._get(tree_url)
            except (GithubException, requests.RequestException) as err:
                if isinstance(err, GithubException) and err.status in (404, 422):
                    raise FatalError(
                        f"{path} does not exist at {ref[:12]} in {self.repository}"
                    ) from None
                raise self.translate(err, what) from None
            entries = tree.get("tree") if isinstance(tree, dict) else None
            found = next(
                (e for e in entries or [] if isinstance(e, dict) and e.get("path") == name), None
            )
            where = "/".join(parts[: depth + 1])
            if found is None:
                raise FatalError(f"{path} does not exist at {ref[:12]} in {self.repository}")
            entry: dict[str, Any] = found
            if entry.get("mode") == LINK_MODE:
                raise FatalError(
                    f"{where} at {ref[:12]} is a symbolic link; rung never follows links "
                    "(another file would be read in its place): commit the file itself"
                )
            if depth < len(parts) - 1:
                if entry.get("type") != "tree":
                    raise FatalError(f"{path} does not exist at {ref[:12]} in {self.repository}")
                tree_url = f"/repos/{self.repository}/git/trees/{quote(str(entry['sha']))}"
        if entry.get("type") != "blob" or entry.get("mode") not in FILE_MODES:
            raise FatalError(f"{path} at {ref[:12]} is not a file")
        size = int(entry.get("size") or 0)
        if size > MAX_FILE_BYTES:
            raise FatalError(
                f"{path} at {ref[:12]} is {size:,} bytes; rung refuses packets over "
                f"{MAX_FILE_BYTES:,} bytes: move long material to linked documents"
            )
        with self.errors(what):
            blob = self._get(f"/repos/{self.repository}/git/blobs/{quote(str(entry['sha']))}")
        if not isinstance(blob, dict) or blob.get("encoding") != "base64":
            raise GitHubError(f"{what}: GitHub sent the blob in an unexpected encoding")
        return decode(base64.b64decode(str(blob.get("content") or "")), path)

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
