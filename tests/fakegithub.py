"""A small stateful fake of GitHub's REST API, served over HTTP on 127.0.0.1.

PyGithub (or any client) runs for real against it through ``base_url``.  It
implements the operations of ``/work/shared/reference/github-rest-operations.md``
with GitHub's response shapes (``pull-request``, ``pull-request-simple``,
``simple-user``, ``pull-request-review-comment``, ``pull-request-review``,
``issue-comment``, ``content-file``, ``diff-entry``, ``basic-error``,
``validation-error``), pagination (``per_page`` up to 100, ``Link`` headers
naming the repository by id, as GitHub's do) and GitHub's refusals (422 for a
review requested from the author or a non-collaborator).  It records every
request so a test can assert on what GitHub received, and injects faults.
Every request is checked against its operation in GitHub's OpenAPI
description (tests/fakeopenapi.py) and every GraphQL document against GitHub's
schema (tests/fakegraphql.py): what GitHub's descriptions reject fails the
test that sent it.

Example::

    with FakeGitHub() as gh:                      # acme/promotions, token "test-token"
        gh.add_pull(7, author="dana-levi", files={"packets/2026-H2/dana-levi.md": text})
        gh.add_review_comment(7, "noa-shapiro", "/meets Clear HLD.", path=..., line=12)
        gh.fail("POST", "/repos/acme/promotions/pulls/7/requested_reviewers", 502)
        env = gh.env()                            # GITHUB_* and RUNG_GITHUB_* for a run
        ...                                       # run rung with env
        [call] = gh.calls("POST", "/repos/acme/promotions/issues/7/comments")
        assert call.body == {"body": ...}

Routes (paths below the API root; ``prefix="/api/v3"`` serves them like GitHub
Enterprise Server)::

    GET   /user
    POST  /graphql                                            (tests/fakegraphql.py)
    GET   /repos/{o}/{r}/pulls?state=open                     (paginated)
    GET   /repos/{o}/{r}/pulls/{n}
    GET   /repos/{o}/{r}/pulls/{n}/files                      (paginated)
    GET   /repos/{o}/{r}/pulls/{n}/requested_reviewers
    POST  /repos/{o}/{r}/pulls/{n}/requested_reviewers
    GET   /repos/{o}/{r}/pulls/{n}/reviews                    (paginated)
    POST  /repos/{o}/{r}/pulls/{n}/reviews                    (tests/fakereviews.py: pending
    GET   /repos/{o}/{r}/pulls/{n}/reviews/{id}[/comments]     without event; drafts seen
    POST  /repos/{o}/{r}/pulls/{n}/reviews/{id}/events         only once submitted)
    GET   /repos/{o}/{r}/pulls/{n}/comments                   (paginated)
    GET   /repos/{o}/{r}/issues/{n}/comments                  (paginated)
    POST  /repos/{o}/{r}/issues/{n}/comments
    PATCH /repos/{o}/{r}/issues/comments/{id}
    GET   /repos/{o}/{r}/contents/{path}?ref=REF             (follows in-repository links)
    GET   /repos/{o}/{r}/git/trees/{commit or tree sha}       (tests/fakegit.py)
    GET   /repos/{o}/{r}/git/blobs/{sha}
    POST  /repos/{o}/{r}/git/blobs|trees|commits|refs         (tests/fakegitdata.py: a real
    GET   /repos/{o}/{r}/git/commits/{sha}, /git/ref/heads/.. bare repository)
    PATCH /repos/{o}/{r}/git/refs/heads/{name}
    GET   /repos/{o}/{r}/collaborators/{login}
    GET   /repos/{o}/{r}, /environments/.., /rules/branches/.., /rulesets/{id}
                                                              (tests/fakesettings.py)

Every request is kept in ``gh.requests`` as a ``Call`` (method, path below the
API root, query, parsed JSON body, headers, and the answer's status and JSON);
``calls(method, path)`` filters them and ``writes()`` lists the non-GET ones as
``(method, path, body)``.

Not idealised (what real GitHub does, which rung must survive):
``rename(name)`` makes the old name answer 301 (reads) and 307 (writes) with
``Location`` on ``/repositories/ID/...``, which is served too, pagination links
included; ``redirect_writes`` answers every write with 307;
``add_raw_review_comment`` keeps a payload exactly as given (older ones lack
``line``, ``original_line``, ``side``), and there is no per-comment route, so a
client that completes objects lazily fails; ``add_review_comment`` makes
multi-line (``start_line``), file-level (``file_level``) and reply comments;
``push`` moves the head so earlier comments become outdated, their original
commit's file still readable; ``edit`` / ``edit_review_comment`` rewrite a body
as another user, which GraphQL then reports (tests/fakegraphql.py); review
bodies and conversation comments carry commands; ``X-RateLimit-*`` headers hold
real epoch values.

Faults: ``fail(method, path, status, times=1, headers=..., body=..., after=False)``
answers the next ``times`` matching requests with an error; ``after=True`` does
the work first and then answers with the error (GitHub's ambiguous 5xx).
``secondary_rate_limit(...)`` and ``server_error(...)`` are the usual two.
``collaborators`` (None = everyone) makes other logins get GitHub's 422.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import fakeopenapi
import fakerefusals
from fakegit import GitData
from fakegitdata import GitDatabase
from fakegraphql import GraphQL
from fakereviews import Reviews
from fakesettings import Settings

DOCS = "https://docs.github.com/rest"
MAX_CONTENT_BYTES = 1024 * 1024
SECONDARY_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
    "again. If you reach out to GitHub Support for help, please include the request ID "
    "0000:0000:0000000:0000000:00000000."
)
NOT_COLLABORATOR_MESSAGE = (
    "Reviews may only be requested from collaborators. One or more of the users or teams "
    "you specified is not a collaborator of the {repo} repository."
)
AUTHOR_MESSAGE = "Review cannot be requested from pull request author."


@dataclass
class Call:
    """One request as the fake received it, and its answer.

    ``path`` is below the API root, unquoted; ``body`` is the parsed JSON body.
    """

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    status: int = 0  # the answer: status and JSON body
    response: Any = None
    link: str = ""  # the answer's Link header (pagination)

    def next_page(self) -> tuple[str, dict[str, str]] | None:
        """The ``rel="next"`` address GitHub gave with this page: its path and query."""
        for part in self.link.split(","):
            url, _, rel = part.partition(";")
            if rel.strip() == 'rel="next"':
                split = urlsplit(url.strip().strip("<>"))
                return unquote(split.path), dict(parse_qsl(split.query))
        return None


@dataclass
class Fault:
    method: str
    path: str
    status: int
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    after: bool = False


@dataclass
class Pull:
    number: int
    author: str
    head_sha: str
    head_ref: str
    title: str
    state: str = "open"
    draft: bool = False
    files: dict[str, str] = field(default_factory=dict)  # path -> status
    requested: list[str] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = ""


class FakeGitHub(GitData, GitDatabase, GraphQL, Settings, Reviews):
    """The fake server and its state; use as a context manager (see the module docstring)."""

    def __init__(
        self,
        owner: str = "acme",
        repo: str = "promotions",
        token: str = "test-token",
        login: str = "rung-bot",
        prefix: str = "",
    ) -> None:
        self.owner, self.repo, self.token, self.login = owner, repo, token, login
        self.prefix = prefix.rstrip("/")
        self.collaborators: set[str] | None = None  # None: everyone may be asked to review
        self.user_forbidden = False  # GET /user answers 403, as for an Actions token
        # The GitHub App's installation token, accepted beside ``token``; with
        # ``protected_refs``, the only one that may create or move those branches (a
        # ruleset with the App as its one bypass actor, docs/rulesets/record-ref.json).
        self.app_token: str | None = None
        self.protected_refs: set[str] = set()
        self.repo_id = 424242
        self.old_names: set[str] = set()  # OWNER/NAME a rename left behind: answered 301 / 307
        self.redirect_writes = False  # every write answered 307, as for a repository just moved
        self.rate_remaining = 5000
        self.pulls: dict[int, Pull] = {}
        self.contents: dict[tuple[str, str], bytes] = {}  # (ref, path) -> bytes
        self.links: dict[tuple[str, str], str] = {}  # (ref, path) -> symbolic link target
        self._trees: dict[str, tuple[str, str]] = {}
        self._blobs: dict[str, bytes] = {}
        self.editors: dict[str, tuple[str | None, str]] = {}  # node id -> (editor, when)
        self.issue_comments: list[dict[str, Any]] = []
        self.requests: list[Call] = []
        self.faults: list[Fault] = []
        self.init_settings()
        self.init_reviews()
        self._next_id = 1000
        self._clock = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- lifecycle and addresses ------------------------------------------------------

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)  # an IPv4 address: the server binds 127.0.0.1
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """The API root to give PyGithub as ``base_url`` (GITHUB_API_URL)."""
        return self.origin + self.prefix

    @property
    def html_url(self) -> str:
        """The repository's web address, as GitHub puts it in ``html_url``."""
        return f"{self.origin}/{self.owner}/{self.repo}"

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.repo}"

    def env(self) -> dict[str, str]:
        """Environment for a rung run against this fake: no waiting, no pacing."""
        return {
            "GITHUB_TOKEN": self.token,
            "GITHUB_REPOSITORY": self.full_name,
            "GITHUB_API_URL": self.api_url,
            "RUNG_GITHUB_RETRY_MAX_WAIT": "0",
            "RUNG_GITHUB_RETRY_BACKOFF": "0",
            "RUNG_GITHUB_THROTTLE": "0",
        }

    # --- state ------------------------------------------------------------------------

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _now(self) -> str:
        self._clock += timedelta(minutes=1)
        return self._clock.strftime("%Y-%m-%dT%H:%M:%SZ")

    def add_pull(
        self,
        number: int,
        author: str,
        files: dict[str, str] | None = None,
        *,
        requested: tuple[str, ...] = (),
        state: str = "open",
        title: str = "",
    ) -> Pull:
        """A pull request whose head commit holds ``files`` (path -> text)."""
        head_sha = hashlib.sha1(f"{number}".encode()).hexdigest()
        pull = Pull(
            number=number,
            author=author,
            head_sha=head_sha,
            head_ref=f"promotion/{author}",
            title=title or f"Promotion packet: {author}",
            state=state,
            files=dict.fromkeys(files or {}, "added"),
            requested=list(requested),
            created_at=self._now(),
        )
        for path, text in (files or {}).items():
            self.add_content(path, text, head_sha)
        self.pulls[number] = pull
        return pull

    def rename(self, name: str) -> None:
        """Rename the repository: the old name answers 301 (reads) and 307 (writes), with
        ``Location`` on ``/repositories/ID/...``, as GitHub does (@octokit/fixtures'
        rename-repository scenario)."""
        self.old_names.add(self.full_name.casefold())
        self.repo = name

    def add_raw_review_comment(self, number: int, raw: dict[str, Any]) -> None:
        """A review comment exactly as given (a payload that lacks keys stays without them)."""
        self.pulls[number].review_comments.append(raw)

    def push(self, number: int, files: dict[str, str]) -> str:
        """A new head commit on pull request ``number`` with ``files`` changed; its SHA.

        The review comments stay where they were written: as on GitHub, those on
        a line of the old head become outdated (``line`` and ``position`` null).
        """
        pull = self.pulls[number]
        old = pull.head_sha
        new = hashlib.sha1(f"{number}:{old}".encode()).hexdigest()
        for (ref, path), data in list(self.contents.items()):
            if ref == old:
                self.contents[(new, path)] = data
        for path, text in files.items():
            self.add_content(path, text, new)
        for comment in pull.review_comments:
            if comment["path"] in files and comment["line"] is not None:
                comment["line"] = comment["position"] = comment["start_line"] = None
            comment["commit_id"] = new
        pull.head_sha = new
        return new

    def add_content(self, path: str, data: str | bytes, ref: str) -> None:
        self.contents[(ref, path)] = data.encode("utf-8") if isinstance(data, str) else data

    def add_review_comment(
        self,
        number: int,
        login: str | None,
        body: str,
        *,
        path: str,
        line: int | None,
        original_line: int | None = None,
        side: str = "RIGHT",
        in_reply_to: int | None = None,
        original_commit: str | None = None,
        start_line: int | None = None,
        file_level: bool = False,
    ) -> int:
        """A review comment; ``line=None`` makes it outdated (placed by ``original_line``)."""
        pull = self.pulls[number]
        comment_id = self._id()
        original = original_line if original_line is not None else line
        comment: dict[str, Any] = {
            "url": f"{self._repo_api}/pulls/comments/{comment_id}",
            "pull_request_review_id": self._id(),
            "id": comment_id,
            "node_id": f"PRRC_{comment_id}",
            "diff_hunk": f"@@ -0,0 +1,{original or 1} @@",
            "path": path,
            "position": None if line is None else line,
            "original_position": original,
            "commit_id": pull.head_sha,
            # An outdated comment was written on an earlier commit: by default the
            # head's, which tests move on with ``push``.
            "original_commit_id": original_commit or pull.head_sha,
            "user": self.user(login) if login else None,
            "body": body,
            "created_at": self._now(),
            "updated_at": self._clock.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "html_url": f"{self.html_url}/pull/{number}#discussion_r{comment_id}",
            "pull_request_url": f"{self._repo_api}/pulls/{number}",
            "author_association": "MEMBER",
            "_links": {
                "self": {"href": f"{self._repo_api}/pulls/comments/{comment_id}"},
                "html": {"href": f"{self.html_url}/pull/{number}#discussion_r{comment_id}"},
                "pull_request": {"href": f"{self._repo_api}/pulls/{number}"},
            },
            "start_line": start_line,
            "original_start_line": start_line,
            "start_side": side if start_line is not None else None,
            "line": line,
            "original_line": original,
            "side": side,
            "subject_type": "line",
        }
        if file_level:  # on the whole file: GitHub sends no line at all
            comment.update(line=None, original_line=None, position=None, subject_type="file")
            comment.update(original_position=None, start_line=None, original_start_line=None)
        if in_reply_to is not None:
            comment["in_reply_to_id"] = in_reply_to
        pull.review_comments.append(comment)
        return comment_id

    def add_review(self, number: int, login: str, state: str, body: str = "") -> int:
        """A review (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING)."""
        pull = self.pulls[number]
        review_id = self._id()
        review: dict[str, Any] = {
            "id": review_id,
            "node_id": f"PRR_{review_id}",
            "user": self.user(login),
            "body": body,
            "state": state,
            "html_url": f"{self.html_url}/pull/{number}#pullrequestreview-{review_id}",
            "pull_request_url": f"{self._repo_api}/pulls/{number}",
            "author_association": "MEMBER",
            "_links": {
                "html": {"href": f"{self.html_url}/pull/{number}#pullrequestreview-{review_id}"},
                "pull_request": {"href": f"{self._repo_api}/pulls/{number}"},
            },
            "commit_id": pull.head_sha,
        }
        if state != "PENDING":
            review["submitted_at"] = self._now()
        pull.reviews.append(review)
        # As on GitHub: a submitted review answers the request.
        if state != "PENDING":
            pull.requested = [r for r in pull.requested if r.casefold() != login.casefold()]
        return review_id

    def add_issue_comment(self, number: int, login: str, body: str) -> int:
        return self._create_issue_comment(number, login, body)["id"]  # type: ignore[no-any-return]

    def comment_by_node(self, node_id: str) -> dict[str, Any] | None:
        """The review comment, review or issue comment with GraphQL id ``node_id``."""
        for pull in self.pulls.values():
            for item in (*pull.review_comments, *pull.reviews):
                if item["node_id"] == node_id:
                    return item
        return next((c for c in self.issue_comments if c["node_id"] == node_id), None)

    def edit_review_comment(self, comment_id: int, editor: str | None, body: str) -> None:
        """``editor`` rewrites review comment ``comment_id`` (see ``GraphQL.edit``)."""
        self.edit(f"PRRC_{comment_id}", editor, body)

    def comments_on(self, number: int) -> list[dict[str, Any]]:
        """The issue comments of pull request ``number``, oldest first."""
        suffix = f"/issues/{number}"
        return [c for c in self.issue_comments if c["issue_url"].endswith(suffix)]

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Any = None,
        after: bool = False,
    ) -> None:
        """Answer the next ``times`` ``method path`` requests with ``status``."""
        default = {"message": "Server Error"} if status >= 500 else _error(status, "Forbidden")
        self.faults.append(
            Fault(method, path, status, times, headers or {}, body or default, after)
        )

    def server_error(self, method: str, path: str, status: int = 502, **kw: Any) -> None:
        self.fail(method, path, status, **kw)

    def secondary_rate_limit(self, method: str, path: str, retry_after: int = 1) -> None:
        body = {
            "message": SECONDARY_LIMIT_MESSAGE,
            "documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/"
            "rate-limits-for-the-rest-api#about-secondary-rate-limits",
            "status": "403",
        }
        self.fail(method, path, 403, headers={"Retry-After": str(retry_after)}, body=body)

    def calls(self, method: str | None = None, path: str | None = None) -> list[Call]:
        """Recorded requests, optionally only those with ``method`` and/or ``path``."""
        return [
            c
            for c in self.requests
            if (method is None or c.method == method) and (path is None or c.path == path)
        ]

    def pages(self, rest: str) -> list[Call]:
        """The GETs of one listing below the repository (``/pulls/7/comments``), in order,
        whether addressed by the repository's name or, as GitHub's next links are, its id."""
        return [
            c for c in self.requests if c.method == "GET" and self.below_repository(c.path) == rest
        ]

    def followed_next_links(self, pages: list[Call]) -> bool:
        """Whether each page after the first was asked for exactly at the address the
        previous page's ``rel="next"`` link gave, and the last page had no next link."""
        asked = [(self.prefix + c.path, c.query) for c in pages[1:]]
        given = [c.next_page() for c in pages]
        return asked == given[:-1] and given[-1] is None

    def writes(self) -> list[tuple[str, str, Any]]:
        """Every request that changes state as ``(method, path, body)``, in order.

        GraphQL queries are POSTs that change nothing, so they are left out.
        """
        return [
            (c.method, c.path, c.body)
            for c in self.requests
            if c.method != "GET" and not c.path.endswith("/graphql")
        ]

    # --- GitHub's shapes --------------------------------------------------------------

    @property
    def _repo_api(self) -> str:
        return f"{self.api_url}/repos/{self.owner}/{self.repo}"

    def user(self, login: str) -> dict[str, Any]:
        """``simple-user``."""
        user_id = int(hashlib.sha256(login.encode()).hexdigest()[:8], 16)
        api = f"{self.api_url}/users/{quote(login)}"
        return {
            "login": login,
            "id": user_id,
            "node_id": f"U_{user_id}",
            "avatar_url": f"{self.origin}/avatars/u/{user_id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.origin}/{quote(login)}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": "Bot" if login.endswith("[bot]") else "User",
            "user_view_type": "public",
            "site_admin": False,
        }

    def _repository(self) -> dict[str, Any]:
        """``repository`` (as in a pull request's ``head.repo`` and ``base.repo``)."""
        api = self._repo_api
        urls = {
            f"{name}_url": f"{api}/{path}"
            for name, path in [
                ("archive", "{archive_format}{/ref}"),
                ("assignees", "assignees{/user}"),
                ("blobs", "git/blobs{/sha}"),
                ("branches", "branches{/branch}"),
                ("collaborators", "collaborators{/collaborator}"),
                ("comments", "comments{/number}"),
                ("commits", "commits{/sha}"),
                ("compare", "compare/{base}...{head}"),
                ("contents", "contents/{+path}"),
                ("contributors", "contributors"),
                ("deployments", "deployments"),
                ("downloads", "downloads"),
                ("events", "events"),
                ("forks", "forks"),
                ("git_commits", "git/commits{/sha}"),
                ("git_refs", "git/refs{/sha}"),
                ("git_tags", "git/tags{/sha}"),
                ("hooks", "hooks"),
                ("issue_comment", "issues/comments{/number}"),
                ("issue_events", "issues/events{/number}"),
                ("issues", "issues{/number}"),
                ("keys", "keys{/key_id}"),
                ("labels", "labels{/name}"),
                ("languages", "languages"),
                ("merges", "merges"),
                ("milestones", "milestones{/number}"),
                ("notifications", "notifications{?since,all,participating}"),
                ("pulls", "pulls{/number}"),
                ("releases", "releases{/id}"),
                ("stargazers", "stargazers"),
                ("statuses", "statuses/{sha}"),
                ("subscribers", "subscribers"),
                ("tags", "tags"),
                ("teams", "teams"),
                ("trees", "git/trees{/sha}"),
            ]
        }
        host = self.origin.split("://", 1)[1]
        return {
            "id": self.repo_id,
            "node_id": f"R_{self.repo_id}",
            "name": self.repo,
            "full_name": self.full_name,
            "private": True,
            "owner": {**self.user(self.owner), "type": "Organization"},
            "html_url": self.html_url,
            "description": "Promotion packets",
            "fork": False,
            "url": api,
            **urls,
            "subscription_url": f"{api}/subscription",
            "git_url": f"git://{host}/{self.full_name}.git",
            "ssh_url": f"git@{host}:{self.full_name}.git",
            "clone_url": f"{self.html_url}.git",
            "svn_url": self.html_url,
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks": 0,
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers": 0,
            "watchers_count": 0,
            "size": 120,
            "default_branch": "main",
            "open_issues": len(self.pulls),
            "open_issues_count": len(self.pulls),
            "has_issues": True,
            "has_projects": False,
            "has_wiki": False,
            "has_pages": False,
            "has_downloads": False,
            "archived": False,
            "disabled": False,
            "license": None,
            "visibility": "private",
            "created_at": "2026-01-05T08:00:00Z",
            "updated_at": "2026-06-30T08:00:00Z",
            "pushed_at": "2026-06-30T08:00:00Z",
        }

    def _pull_simple(self, pull: Pull) -> dict[str, Any]:
        """``pull-request-simple``."""
        api = f"{self._repo_api}/pulls/{pull.number}"
        issue_api = f"{self._repo_api}/issues/{pull.number}"
        html = f"{self.html_url}/pull/{pull.number}"
        repo = self._repository()

        def part(ref: str, sha: str) -> dict[str, Any]:
            return {
                "label": f"{self.owner}:{ref}",
                "ref": ref,
                "sha": sha,
                "user": self.user(self.owner),
                "repo": repo,
            }

        return {
            "url": api,
            "id": 9000 + pull.number,
            "node_id": f"PR_{pull.number}",
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue_api,
            "commits_url": f"{api}/commits",
            "review_comments_url": f"{api}/comments",
            "review_comment_url": f"{self._repo_api}/pulls/comments{{/number}}",
            "comments_url": f"{issue_api}/comments",
            "statuses_url": f"{self._repo_api}/statuses/{pull.head_sha}",
            "number": pull.number,
            "state": pull.state,
            "locked": False,
            "title": pull.title,
            "user": self.user(pull.author),
            "body": None,
            "labels": [],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": pull.created_at,
            "updated_at": pull.created_at,
            "closed_at": None if pull.state == "open" else pull.created_at,
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [self.user(login) for login in pull.requested],
            "requested_teams": [],
            "head": part(pull.head_ref, pull.head_sha),
            "base": part("main", "b" * 40),
            "_links": {
                "self": {"href": api},
                "html": {"href": html},
                "issue": {"href": issue_api},
                "comments": {"href": f"{issue_api}/comments"},
                "review_comments": {"href": f"{api}/comments"},
                "review_comment": {"href": f"{self._repo_api}/pulls/comments{{/number}}"},
                "commits": {"href": f"{api}/commits"},
                "statuses": {"href": f"{self._repo_api}/statuses/{pull.head_sha}"},
            },
            "author_association": "MEMBER",
            "auto_merge": None,
            "draft": pull.draft,
        }

    def _pull_full(self, pull: Pull) -> dict[str, Any]:
        """``pull-request``."""
        return {
            **self._pull_simple(pull),
            "merged": False,
            "mergeable": True,
            "rebaseable": True,
            "mergeable_state": "clean",
            "merged_by": None,
            "comments": len(self.comments_on(pull.number)),
            "review_comments": len(pull.review_comments),
            "maintainer_can_modify": False,
            "commits": 1,
            "additions": 100,
            "deletions": 0,
            "changed_files": len(pull.files),
        }

    def _diff_entry(self, pull: Pull, path: str, status: str) -> dict[str, Any]:
        data = self.contents.get((pull.head_sha, path), b"")
        lines = data.decode("utf-8", "replace").count("\n")
        return {
            "sha": hashlib.sha1(data).hexdigest(),
            "filename": path,
            "status": status,
            "additions": lines,
            "deletions": 0,
            "changes": lines,
            "blob_url": f"{self.html_url}/blob/{pull.head_sha}/{quote(path)}",
            "raw_url": f"{self.html_url}/raw/{pull.head_sha}/{quote(path)}",
            "contents_url": f"{self._repo_api}/contents/{quote(path)}?ref={pull.head_sha}",
            "patch": "@@ -0,0 +1 @@",
        }

    def _content_file(self, path: str, ref: str, data: bytes) -> dict[str, Any]:
        """``content-file``; over 1 MB GitHub sends no content (encoding "none")."""
        sha = hashlib.sha1(data).hexdigest()
        encoded = base64.b64encode(data).decode("ascii")
        wrapped = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"
        large = len(data) > MAX_CONTENT_BYTES
        api = f"{self._repo_api}/contents/{quote(path)}?ref={ref}"
        html = f"{self.html_url}/blob/{ref}/{quote(path)}"
        git = f"{self._repo_api}/git/blobs/{sha}"
        return {
            "type": "file",
            "encoding": "none" if large else "base64",
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": "" if large else wrapped,
            "sha": sha,
            "url": api,
            "git_url": git,
            "html_url": html,
            "download_url": f"{self.origin}/raw/{self.full_name}/{ref}/{quote(path)}",
            "_links": {"self": api, "git": git, "html": html},
        }

    def _create_issue_comment(self, number: int, login: str, body: str) -> dict[str, Any]:
        comment_id = self._id()
        now = self._now()
        comment = {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{self._repo_api}/issues/comments/{comment_id}",
            "html_url": f"{self.html_url}/pull/{number}#issuecomment-{comment_id}",
            "body": body,
            "user": self.user(login),
            "created_at": now,
            "updated_at": now,
            "issue_url": f"{self._repo_api}/issues/{number}",
            "author_association": "NONE" if login.endswith("[bot]") else "MEMBER",
            "performed_via_github_app": None,
            "reactions": {
                "url": f"{self._repo_api}/issues/comments/{comment_id}/reactions",
                "total_count": 0,
                "+1": 0,
                "-1": 0,
                "laugh": 0,
                "hooray": 0,
                "confused": 0,
                "heart": 0,
                "rocket": 0,
                "eyes": 0,
            },
        }
        self.issue_comments.append(comment)
        return comment

    def _private_user(self) -> dict[str, Any]:
        return {
            **self.user(self.login),
            "name": None,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": 0,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            "private_gists": 0,
            "total_private_repos": 0,
            "owned_private_repos": 0,
            "disk_usage": 0,
            "collaborators": 0,
            "two_factor_authentication": True,
        }

    # --- routing ----------------------------------------------------------------------

    def handle(self, call: Call) -> tuple[int, dict[str, str], Any]:
        """Answer one request: ``(status, headers, JSON body or None)``, recorded in ``call``."""
        with self._lock:
            self.requests.append(call)
            for problem in _undescribed(call):
                fakerefusals.refuse(problem)  # fails the test that sent it (tests/conftest.py)
            call.status, headers, call.response = self._answer(call)
            call.link = headers.get("Link", "")
            return call.status, headers, call.response

    def tokens(self) -> set[str]:
        return {self.token, *([self.app_token] if self.app_token else [])}

    def by_app(self, call: Any) -> bool:
        """Whether ``call`` came with the App's token."""
        return self.app_token is not None and call.headers.get("authorization") in (
            f"token {self.app_token}",
            f"Bearer {self.app_token}",
        )

    def _answer(self, call: Call) -> tuple[int, dict[str, str], Any]:
        if call.headers.get("authorization") not in {
            f"{scheme} {token}" for token in self.tokens() for scheme in ("token", "Bearer")
        }:
            return (
                401,
                {},
                {"message": "Bad credentials", "documentation_url": DOCS, "status": "401"},
            )
        fault = next(
            (
                f
                for f in self.faults
                if f.times > 0 and (f.method, f.path) == (call.method, call.path)
            ),
            None,
        )
        if fault is not None and not fault.after:
            fault.times -= 1
            return fault.status, dict(fault.headers), fault.body
        answer = self._route(call)
        if fault is not None:
            fault.times -= 1
            return fault.status, dict(fault.headers), fault.body
        return answer

    def _route(self, call: Call) -> tuple[int, dict[str, str], Any]:
        m, path = call.method, call.path
        if m == "POST" and path in ("/graphql", "/api/graphql"):
            return self.graphql(call.body)
        if (m, path) == ("GET", "/user"):
            if self.user_forbidden:
                return 403, {}, _error(403, "Resource not accessible by integration")
            return 200, {}, self._private_user()
        moved = self._moved(call)
        if moved is not None:
            return moved
        base = f"/repos/{self.owner}/{self.repo}"
        if path.startswith(f"/repositories/{self.repo_id}/"):
            base = f"/repositories/{self.repo_id}"
        if m != "GET" and self.redirect_writes:
            return self._redirect(call, 307, path[len(base) :])
        if path == base or path.startswith(base + "/"):
            answer = self.settings_route(call, path[len(base) :])  # tests/fakesettings.py
            if answer is not None:
                return answer
        if not path.startswith(base + "/"):
            return 404, {}, _error(404, "Not Found")
        rest = path[len(base) :]
        if m == "GET" and rest == "/pulls":
            state = call.query.get("state", "open")
            pulls = [p for n, p in sorted(self.pulls.items()) if state in ("all", p.state)]
            return self._page(call, [self._pull_simple(p) for p in pulls])
        if match := re.fullmatch(r"/pulls/(\d+)(/[a-z_]+(?:/\d+(?:/[a-z_]+)?)?)?", rest):
            pull = self.pulls.get(int(match.group(1)))
            if pull is None:
                return 404, {}, _error(404, "Not Found")
            return self._pull_route(call, pull, match.group(2) or "")
        if match := re.fullmatch(r"/issues/(\d+)/comments", rest):
            number = int(match.group(1))
            if number not in self.pulls:
                return 404, {}, _error(404, "Not Found")
            if m == "GET":
                return self._page(call, self.comments_on(number))
            if m == "POST":
                body = call.body if isinstance(call.body, dict) else {}
                if not isinstance(body.get("body"), str):
                    return 422, {}, _invalid("IssueComment", "body", "missing_field")
                created = self._create_issue_comment(number, self.login, body["body"])
                return 201, {"Location": created["url"]}, created
        if (match := re.fullmatch(r"/issues/comments/(\d+)", rest)) and m == "PATCH":
            comment = next((c for c in self.issue_comments if c["id"] == int(match.group(1))), None)
            if comment is None:
                return 404, {}, _error(404, "Not Found")
            if comment["user"]["login"] != self.login:
                return 403, {}, _error(403, "You must have write access to edit this comment")
            comment["body"] = call.body["body"]
            comment["updated_at"] = self._now()
            return 200, {}, comment
        if m == "GET" and rest.startswith("/contents/"):
            file_path = rest[len("/contents/") :]
            ref = call.query.get("ref", "main")
            data = self.follow(ref, file_path)  # GitHub follows links inside the repository
            if data is None:
                return 404, {}, _error(404, "Not Found")
            return 200, {}, self._content_file(file_path, ref, data)
        if rest.startswith("/git/") and (answer := self.git_database_route(call, rest)):
            return answer  # the writable Git database (tests/fakegitdata.py)
        if m == "GET" and rest.startswith("/git/"):
            return self.git_route(rest) or (404, {}, _error(404, "Not Found"))
        if m == "GET" and (match := re.fullmatch(r"/collaborators/([^/]+)", rest)):
            allowed = self.collaborators is None or match.group(1) in self.collaborators
            return (204, {}, None) if allowed else (404, {}, _error(404, "Not Found"))
        return 404, {}, _error(404, "Not Found")

    def _moved(self, call: Call) -> tuple[int, dict[str, str], Any] | None:
        """301 for a read, 307 for a write, of a repository under a name it no longer has."""
        parts = call.path.split("/", 4)
        if len(parts) < 4 or parts[1] != "repos":
            return None
        if f"{parts[2]}/{parts[3]}".casefold() not in self.old_names:
            return None
        rest = "/" + parts[4] if len(parts) > 4 else ""
        return self._redirect(call, 301 if call.method == "GET" else 307, rest)

    def _redirect(self, call: Call, status: int, rest: str) -> tuple[int, dict[str, str], Any]:
        query = "&".join(f"{k}={quote(v)}" for k, v in call.query.items())
        location = f"{self.api_url}/repositories/{self.repo_id}{rest}" + (
            f"?{query}" if query else ""
        )
        body = {
            "message": "Moved Permanently",
            "url": location,
            "documentation_url": "https://docs.github.com/v3/#http-redirects",
        }
        return status, {"Location": location}, body

    def _pull_route(self, call: Call, pull: Pull, tail: str) -> tuple[int, dict[str, str], Any]:
        m = call.method
        if tail.startswith("/reviews") and (m == "POST" or tail != "/reviews"):
            return self.review_route(call, pull, tail)  # tests/fakereviews.py
        if m == "GET" and tail == "":
            return 200, {}, self._pull_full(pull)
        if m == "GET" and tail == "/files":
            return self._page(call, [self._diff_entry(pull, p, s) for p, s in pull.files.items()])
        if m == "GET" and tail == "/reviews":
            return self._page(call, pull.reviews)
        if m == "GET" and tail == "/comments":
            return self._page(call, sorted(pull.review_comments, key=lambda c: c["id"]))
        if tail == "/requested_reviewers":
            if m == "GET":
                users = [self.user(login) for login in pull.requested]
                return 200, {}, {"users": users, "teams": []}
            if m == "POST":
                return self._request_reviewers(call, pull)
        return 404, {}, _error(404, "Not Found")

    def _request_reviewers(self, call: Call, pull: Pull) -> tuple[int, dict[str, str], Any]:
        body = call.body if isinstance(call.body, dict) else {}
        logins = body.get("reviewers")
        if not isinstance(logins, list) or not logins:
            return 422, {}, _invalid("PullRequest", "reviewers", "missing_field")
        if any(str(login).casefold() == pull.author.casefold() for login in logins):
            return 422, {}, _error(422, AUTHOR_MESSAGE)
        if self.collaborators is not None and any(who not in self.collaborators for who in logins):
            return 422, {}, _error(422, NOT_COLLABORATOR_MESSAGE.format(repo=self.full_name))
        for login in logins:
            if all(r.casefold() != login.casefold() for r in pull.requested):
                pull.requested.append(login)
        return 201, {}, self._pull_simple(pull)

    def _page(self, call: Call, items: list[dict[str, Any]]) -> tuple[int, dict[str, str], Any]:
        """One page of ``items`` with GitHub's ``Link`` header (per_page at most 100)."""
        per_page = min(max(int(call.query.get("per_page", "30") or 30), 1), 100)
        page = max(int(call.query.get("page", "1") or 1), 1)
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]

        # GitHub's links name the repository by id, whatever name the request used
        # (@octokit/fixtures' paginate-issues: /repositories/1000/issues?per_page=3&page=2).
        rest = self.below_repository(call.path)
        path = call.path if rest is None else f"/repositories/{self.repo_id}{rest}"

        def url(number: int) -> str:
            query = {**call.query, "per_page": str(per_page), "page": str(number)}
            return f"{self.api_url}{path}?" + "&".join(f"{k}={quote(v)}" for k, v in query.items())

        links = []  # in GitHub's order: prev, next, last, first
        if page > 1:
            links.append(f'<{url(page - 1)}>; rel="prev"')
        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links.append(f'<{url(1)}>; rel="first"')
        return 200, ({"Link": ", ".join(links)} if links else {}), chunk

    def below_repository(self, path: str) -> str | None:
        """The part of ``path`` below the repository, under its name or its id; else None."""
        for base in (f"/repos/{self.owner}/{self.repo}", f"/repositories/{self.repo_id}"):
            if path.startswith(base + "/"):
                return path[len(base) :]
        return None


def _undescribed(call: Call) -> list[str]:
    """Where ``call`` is not what GitHub's OpenAPI description says its operation takes."""
    try:
        return fakeopenapi.request_problems(call.method, call.path, call.query, call.body)
    except RuntimeError as err:  # the description is not installed
        return [str(err)]


def _error(status: int, message: str) -> dict[str, Any]:
    """``basic-error``."""
    return {"message": message, "documentation_url": DOCS, "status": str(status)}


def _invalid(resource: str, field_name: str, code: str) -> dict[str, Any]:
    """``validation-error``."""
    return {
        "message": "Validation Failed",
        "errors": [{"resource": resource, "field": field_name, "code": code}],
        "documentation_url": DOCS,
        "status": "422",
    }


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes

        def _serve(self) -> None:
            split = urlsplit(self.path)
            path = unquote(split.path)
            if fake.prefix and path.startswith(fake.prefix):
                path = path[len(fake.prefix) :]
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            call = Call(
                method=self.command,
                path=path,
                query=dict(parse_qsl(split.query)),
                body=body,
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            status, headers, payload = fake.handle(call)
            data = b"" if payload is None else json.dumps(payload).encode("utf-8")
            self.send_response(status)
            fake.rate_remaining = max(0, fake.rate_remaining - 1)
            sent = {
                "X-GitHub-Media-Type": "github.v3; format=json",
                "X-RateLimit-Limit": "5000",
                "X-RateLimit-Remaining": str(fake.rate_remaining),
                # A real epoch second, an hour ahead, as GitHub sends it.
                "X-RateLimit-Reset": str(int(time.time()) // 3600 * 3600 + 3600),
                "X-RateLimit-Used": str(5000 - fake.rate_remaining),
                "X-RateLimit-Resource": "graphql" if path.endswith("/graphql") else "core",
            }
            if payload is not None:
                sent["Content-Type"] = "application/json; charset=utf-8"
            sent.update(headers)  # a fault's headers replace the defaults
            sent["Content-Length"] = str(len(data))
            for name, value in sent.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the test reads gh.requests instead

    return Handler
