"""The fake GitHub, plus the repositories of work ``rung evidence`` reads over GraphQL.

Queries are validated and executed against GitHub's published schema
(tests/fakegraphql.py); this module holds the world and the resolvers that
read it.  What the schema cannot say, and the fake assumes from GitHub's
documentation and observed answers (HTTP 200 with ``data`` and ``errors`` side
by side):

* a repository the token cannot see, or that does not exist: ``lN: null`` and
  an error ``{"type": "NOT_FOUND", "path": ["lN"], ...}``, the same for both;
* a repository the organisation blocks for this token (SAML, an App without
  the permission): ``lN: null`` and ``"type": "FORBIDDEN"``;
* ``issueOrPullRequest`` / ``discussion`` with an unknown number: ``item: null``
  and a NOT_FOUND error whose path is ``["lN", "item"]``;
* ``object(expression:)`` / ``release(tagName:)`` with an unknown commit or tag
  (or an abbreviated hash that names two objects): ``item: null`` and no error;
* ``object(expression:)`` answers any git object: a ``Tree``, ``Blob`` or
  annotated ``Tag`` as readily as a ``Commit`` (``add_git_object``);
* a draft release is answered like a published one, ``isDraft`` true, as for a
  token with push access (``release(tagName:)`` hides drafts from readers);
* the rate limit: ``rateLimit`` in the data and ``x-ratelimit-*`` headers of
  resource ``graphql``; when it is used up (``rate_remaining = 0``) GitHub answers
  200 with a ``RATE_LIMITED`` error and no data.

Commits list their authors as GitHub does: the git author, then each
``Co-authored-by:`` trailer whose e-mail belongs to a user (``emails``) or is a
``ID+login@users.noreply.github.com`` address; other e-mails have ``user: null``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLResolveInfo

from fakegithub import Call, FakeGitHub
from fakegraphql import GitHubError, Resolvers, actor

_TRAILER = re.compile(r"^Co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$", re.MULTILINE | re.IGNORECASE)
_NOREPLY = re.compile(r"[0-9]+\+([A-Za-z0-9-]+)@users\.noreply\.github\.com\Z")
RATE_LIMITED_MESSAGE = "API rate limit already exceeded for user ID 4242."


@dataclass
class Repo:
    visible: bool = True  # False: NOT_FOUND, as for a private repository the token cannot see
    forbidden: str = ""  # a FORBIDDEN message, e.g. SAML enforcement
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    discussions: dict[int, dict[str, Any]] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # sha -> git object
    releases: dict[str, dict[str, Any]] = field(default_factory=dict)


SAML_MESSAGE = (
    "Resource protected by organization SAML enforcement. You must grant your Personal "
    "Access token access to this organization."
)


class FakeGraphQL(FakeGitHub):
    """``FakeGitHub`` with repositories of work served over GraphQL."""

    def __init__(self, *args: Any, web: str = "https://github.com", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.web = web  # where the work's ``url`` points (GITHUB_SERVER_URL)
        self.repos: dict[tuple[str, str], Repo] = {}
        self.emails: dict[str, str] = {}  # e-mail -> login, as verified on GitHub accounts
        self.rate_remaining = 5000

    # --- state ------------------------------------------------------------------------

    def repository(self, full_name: str) -> Repo:
        owner, name = full_name.lower().split("/")
        return self.repos.setdefault((owner, name), Repo())

    def _stamp(self, day: str) -> str:
        return day if "T" in day else f"{day}T10:00:00Z"

    def add_pull_work(
        self,
        full_name: str,
        number: int,
        author: str | None,
        *,
        state: str = "MERGED",
        created: str = "2026-02-01",
        merged: str | None = "2026-03-02",
        closed: str | None = None,
        merged_by: str | None = None,
        reviews: tuple[tuple[str | None, str], ...] = (),
        updated: str | None = None,
        draft: bool = False,
    ) -> None:
        """A pull request; ``author=None`` (or a review by None): a deleted account."""
        is_merged = state == "MERGED"
        closed_at = closed or (merged if is_merged else None)
        self.repository(full_name).pulls[number] = {
            "__typename": "PullRequest",
            "url": f"{self.web}/{full_name}/pull/{number}",
            "number": number,
            "state": state,
            "isDraft": draft,
            "merged": is_merged,
            "mergedAt": self._stamp(merged) if is_merged and merged else None,
            "createdAt": self._stamp(created),
            "updatedAt": self._stamp(updated or closed_at or created),
            "closedAt": self._stamp(closed_at) if closed_at else None,
            "author": actor(author),
            "mergedBy": actor(merged_by or author) if is_merged else None,
            "_reviews": [
                {"author": actor(who), "submittedAt": self._stamp(at)} for who, at in reviews
            ],
        }

    def add_issue_work(
        self,
        full_name: str,
        number: int,
        author: str | None,
        *,
        created: str,
        closed: str | None = None,
    ) -> None:
        self.repository(full_name).issues[number] = {
            "__typename": "Issue",
            "url": f"{self.web}/{full_name}/issues/{number}",
            "number": number,
            "state": "CLOSED" if closed else "OPEN",
            "stateReason": "COMPLETED" if closed else None,
            "createdAt": self._stamp(created),
            "updatedAt": self._stamp(closed or created),
            "closedAt": self._stamp(closed) if closed else None,
            "author": actor(author),
        }

    def add_commit_work(
        self, full_name: str, sha: str, author: str | None, *, date: str, message: str = "Change"
    ) -> None:
        authors: list[dict[str, Any]] = [{"user": actor(author), "name": author or "Someone"}]
        for name, email in _TRAILER.findall(message):
            login = self.emails.get(email.lower())
            if login is None and (noreply := _NOREPLY.match(email)):
                login = noreply.group(1)
            authors.append({"user": actor(login), "name": name})
        for person in authors:  # GitActor.user is a User, never a Bot
            if person["user"] is not None:
                person["user"]["__typename"] = "User"
        self.repository(full_name).objects[sha] = {
            "__typename": "Commit",
            "url": f"{self.web}/{full_name}/commit/{sha}",
            "oid": sha,
            "message": message,
            "authoredDate": self._stamp(date),
            "committedDate": self._stamp(date),
            "author": authors[0],
            "_authors": authors,
        }

    def add_git_object(self, full_name: str, sha: str, typename: str) -> None:
        """A ``Tree``, ``Blob`` or annotated ``Tag`` object: what a commit link may name."""
        assert typename in ("Tree", "Blob", "Tag"), typename
        self.repository(full_name).objects[sha] = {
            "__typename": typename,
            "oid": sha,
            "abbreviatedOid": sha[:7],
            "commitUrl": f"{self.web}/{full_name}/commit/{sha}",
        }

    def add_release_work(
        self, full_name: str, tag: str, author: str | None, *, published: str, draft: bool = False
    ) -> None:
        self.repository(full_name).releases[tag] = {
            "__typename": "Release",
            "url": f"{self.web}/{full_name}/releases/tag/{tag}",
            "tagName": tag,
            "createdAt": self._stamp(published),
            "publishedAt": None if draft else self._stamp(published),
            "updatedAt": self._stamp(published),
            "isDraft": draft,
            "author": actor(author),
        }

    def add_discussion_work(
        self,
        full_name: str,
        number: int,
        author: str | None,
        *,
        created: str,
        closed: str | None = None,
    ) -> None:
        self.repository(full_name).discussions[number] = {
            "__typename": "Discussion",
            "url": f"{self.web}/{full_name}/discussions/{number}",
            "number": number,
            "createdAt": self._stamp(created),
            "updatedAt": self._stamp(closed or created),
            "closed": closed is not None,
            "closedAt": self._stamp(closed) if closed else None,
            "author": actor(author),
        }

    def graphql_calls(self) -> list[Call]:
        return [c for c in self.requests if c.method == "POST" and c.path == self._graphql_path]

    # --- GraphQL ----------------------------------------------------------------------

    @property
    def _graphql_path(self) -> str:
        # api.github.com/graphql; GitHub Enterprise Server: HOST/api/graphql beside /api/v3.
        return "/api/graphql" if self.prefix == "/api/v3" else "/graphql"

    def graphql(self, body: Any) -> tuple[int, dict[str, str], Any]:
        status, headers, answer = super().graphql(body)
        if self.rate_remaining <= 0 and "data" in answer:
            # Used up: GitHub answers 200 with the error alone (a query it would refuse
            # anyway was refused above, and already fails the test).
            answer = {"errors": [{"type": "RATE_LIMITED", "message": RATE_LIMITED_MESSAGE}]}
        remaining = max(self.rate_remaining - 1, 0)  # the transport takes this request's point
        headers = {
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Used": str(5000 - remaining),
            "X-RateLimit-Reset": "1782900000",
            "X-RateLimit-Resource": "graphql",
        }
        return status, headers, answer

    def graphql_resolvers(self) -> Resolvers:
        return {
            **super().graphql_resolvers(),
            ("Query", "rateLimit"): self._rate_limit,
            ("Query", "repository"): self._repository_node,
            ("Repository", "issueOrPullRequest"): _issue_or_pull,
            ("Repository", "discussion"): _discussion,
            ("Repository", "object"): _object,
            ("Repository", "release"): _release,
            ("PullRequest", "reviews"): _reviews,
            ("Commit", "authors"): _authors,
        }

    def _rate_limit(
        self, _root: Any, info: GraphQLResolveInfo[Any], **_: Any
    ) -> dict[str, Any] | None:
        if self.rate_remaining <= 0:
            return None  # replaced by the RATE_LIMITED answer
        fields = len(info.operation.selection_set.selections) - 1
        cost = max(1, fields // 100)  # GitHub: connections requested / 100, at least 1
        # The transport (tests/fakegithub.py) takes one point per request once this answers.
        self.rate_remaining -= cost - 1
        remaining = self.rate_remaining - 1
        return {
            "limit": 5000,
            "cost": cost,
            "remaining": remaining,
            "used": 5000 - remaining,
            "resetAt": "2026-07-01T10:00:00Z",
            "nodeCount": fields,
        }

    def _repository_node(self, _root: Any, _info: GraphQLResolveInfo[Any], owner: str, name: str,
                         **_: Any) -> Repo:  # fmt: skip
        repo = self.repos.get((owner.lower(), name.lower()))
        if repo is None or not repo.visible:
            message = f"Could not resolve to a Repository with the name '{owner}/{name}'."
            raise GitHubError("NOT_FOUND", message)
        if repo.forbidden:
            saml = {"saml_failure": repo.forbidden == SAML_MESSAGE}
            raise GitHubError("FORBIDDEN", repo.forbidden, saml)
        return repo


# --- resolvers over one repository's work (parent: the ``Repo``) -------------------------


def _issue_or_pull(repo: Repo, _info: GraphQLResolveInfo[Any], number: int) -> dict[str, Any]:
    found = repo.pulls.get(number) or repo.issues.get(number)
    if found is None:
        message = f"Could not resolve to an issue or pull request with the number of {number}."
        raise GitHubError("NOT_FOUND", message)
    return found


def _discussion(repo: Repo, _info: GraphQLResolveInfo[Any], number: int) -> dict[str, Any]:
    if number not in repo.discussions:
        raise GitHubError(
            "NOT_FOUND", f"Could not resolve to a Discussion with the number of {number}."
        )
    return repo.discussions[number]


def _object(repo: Repo, _info: GraphQLResolveInfo[Any], expression: str | None = None,
            oid: str | None = None) -> dict[str, Any] | None:  # fmt: skip
    wanted = (expression or oid or "").lower()
    found = [o for sha, o in repo.objects.items() if sha.startswith(wanted)]
    return found[0] if len(found) == 1 else None  # unknown or ambiguous: null, no error


def _release(repo: Repo, _info: GraphQLResolveInfo[Any], tagName: str) -> dict[str, Any] | None:
    return repo.releases.get(tagName)


def _reviews(pull: dict[str, Any], _info: GraphQLResolveInfo[Any], author: str | None = None,
             first: int | None = None, **_: Any) -> dict[str, Any]:  # fmt: skip
    mine = [
        r
        for r in pull["_reviews"]
        if author is None
        or (r["author"] is not None and r["author"]["login"].lower() == author.lower())
    ]
    return {"nodes": mine[:first] if first is not None else mine, "totalCount": len(mine)}


def _authors(commit: dict[str, Any], _info: GraphQLResolveInfo[Any], first: int | None = None,
             **_: Any) -> dict[str, Any]:  # fmt: skip
    people = commit["_authors"]
    return {"nodes": people[:first] if first is not None else people, "totalCount": len(people)}
