"""The fake GitHub, plus ``POST /graphql`` for the work items ``rung evidence`` reads.

It answers the way GitHub's GraphQL API does (HTTP 200 with ``data`` and
``errors`` side by side):

* a repository the token cannot see, or that does not exist: ``lN: null`` and
  an error ``{"type": "NOT_FOUND", "path": ["lN"], "locations": [...],
  "message": "Could not resolve to a Repository with the name 'o/r'."}``;
* a repository the organisation blocks for this token (SAML, an App without
  the permission): ``lN: null`` and ``"type": "FORBIDDEN"``;
* ``issueOrPullRequest`` / ``discussion`` with an unknown number: ``item: null``
  and a NOT_FOUND error whose path is ``["lN", "item"]``;
* ``object(expression:)`` / ``release(tagName:)`` with an unknown commit or tag:
  ``item: null`` and no error at all;
* ``rateLimit`` in the data and ``x-ratelimit-*`` headers of resource ``graphql``.

Commits list their authors as GitHub does: the git author, then each
``Co-authored-by:`` trailer whose e-mail belongs to a user (``emails``) or is a
``ID+login@users.noreply.github.com`` address; other e-mails have ``user: null``.

The query is read the way rung writes it (one aliased ``repository`` per link,
variables for every value); a query in another shape gets GitHub's parse error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fakegithub import Call, FakeGitHub

_ALIAS = re.compile(
    r"(l[0-9]+): repository\(owner: \$(o[0-9]+), name: \$(r[0-9]+)\) \{ item: "
    r"(issueOrPullRequest|discussion|object|release)\((number|expression|tagName): \$(n[0-9]+)\)"
)
_TRAILER = re.compile(r"^Co-authored-by:\s*(.*?)\s*<([^>]+)>\s*$", re.MULTILINE | re.IGNORECASE)
_NOREPLY = re.compile(r"[0-9]+\+([A-Za-z0-9-]+)@users\.noreply\.github\.com\Z")


@dataclass
class Repo:
    visible: bool = True  # False: NOT_FOUND, as for a private repository the token cannot see
    forbidden: str = ""  # a FORBIDDEN message, e.g. SAML enforcement
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    discussions: dict[int, dict[str, Any]] = field(default_factory=dict)
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)
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
        reviews: tuple[tuple[str, str], ...] = (),
        updated: str | None = None,
    ) -> None:
        is_merged = state == "MERGED"
        closed_at = closed or (merged if is_merged else None)
        self.repository(full_name).pulls[number] = {
            "__typename": "PullRequest",
            "url": f"{self.web}/{full_name}/pull/{number}",
            "number": number,
            "state": state,
            "merged": is_merged,
            "mergedAt": self._stamp(merged) if is_merged and merged else None,
            "createdAt": self._stamp(created),
            "updatedAt": self._stamp(updated or closed_at or created),
            "closedAt": self._stamp(closed_at) if closed_at else None,
            "author": {"login": author} if author else None,
            "mergedBy": {"login": merged_by or author}
            if is_merged and (merged_by or author)
            else None,
            "_reviews": [
                {"author": {"login": who}, "submittedAt": self._stamp(at)} for who, at in reviews
            ],
        }

    def add_issue_work(
        self, full_name: str, number: int, author: str, *, created: str, closed: str | None = None
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
            "author": {"login": author},
        }

    def add_commit_work(
        self, full_name: str, sha: str, author: str | None, *, date: str, message: str = "Change"
    ) -> None:
        authors = [{"user": {"login": author} if author else None, "name": author or "Someone"}]
        for name, email in _TRAILER.findall(message):
            login = self.emails.get(email.lower())
            if login is None and (noreply := _NOREPLY.match(email)):
                login = noreply.group(1)
            authors.append({"user": {"login": login} if login else None, "name": name})
        self.repository(full_name).commits[sha] = {
            "__typename": "Commit",
            "url": f"{self.web}/{full_name}/commit/{sha}",
            "oid": sha,
            "message": message,
            "authoredDate": self._stamp(date),
            "committedDate": self._stamp(date),
            "author": authors[0],
            "authors": {"nodes": authors},
        }

    def add_release_work(self, full_name: str, tag: str, author: str, *, published: str) -> None:
        self.repository(full_name).releases[tag] = {
            "__typename": "Release",
            "url": f"{self.web}/{full_name}/releases/tag/{tag}",
            "tagName": tag,
            "createdAt": self._stamp(published),
            "publishedAt": self._stamp(published),
            "updatedAt": self._stamp(published),
            "isDraft": False,
            "author": {"login": author},
        }

    def add_discussion_work(
        self, full_name: str, number: int, author: str, *, created: str
    ) -> None:
        self.repository(full_name).discussions[number] = {
            "__typename": "Discussion",
            "url": f"{self.web}/{full_name}/discussions/{number}",
            "number": number,
            "createdAt": self._stamp(created),
            "updatedAt": self._stamp(created),
            "closed": False,
            "closedAt": None,
            "author": {"login": author},
        }

    def graphql_calls(self) -> list[Call]:
        return [c for c in self.requests if c.method == "POST" and c.path == self._graphql_path]

    # --- GraphQL ----------------------------------------------------------------------

    @property
    def _graphql_path(self) -> str:
        # api.github.com/graphql; GitHub Enterprise Server: HOST/api/graphql beside /api/v3.
        return "/api/graphql" if self.prefix == "/api/v3" else "/graphql"

    def _route(self, call: Call) -> tuple[int, dict[str, str], Any]:
        if call.path == self._graphql_path and call.method == "POST" and not self._committee(call):
            return self._graphql(call)
        return super()._route(call)

    @staticmethod
    def _committee(call: Call) -> bool:
        """The scorecard's own query (who edited each comment), which FakeGitHub answers,
        so one fake serves a packet-review run end to end: evidence, then the scorecard."""
        query = call.body.get("query") if isinstance(call.body, dict) else None
        return isinstance(query, str) and "nodes(ids: $ids)" in query

    def _graphql(self, call: Call) -> tuple[int, dict[str, str], Any]:
        body = call.body if isinstance(call.body, dict) else {}
        query, variables = body.get("query"), body.get("variables") or {}
        if not isinstance(query, str) or not query.lstrip().startswith("query Evidence("):
            return (
                200,
                {},
                {
                    "errors": [
                        {"message": "Parse error on input", "locations": [{"line": 1, "column": 1}]}
                    ]
                },
            )
        data: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        lines = query.splitlines()
        for alias, o, r, field_name, _arg, n in _ALIAS.findall(query):
            line = next(
                i for i, text in enumerate(lines, 1) if text.lstrip().startswith(f"{alias}:")
            )
            where = [{"line": line, "column": 3}]
            owner, name = str(variables[o]), str(variables[r])
            repo = self.repos.get((owner.lower(), name.lower()))
            if repo is None or not repo.visible:
                data[alias] = None
                errors.append(
                    {
                        "type": "NOT_FOUND",
                        "path": [alias],
                        "locations": where,
                        "message": f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                    }
                )
                continue
            if repo.forbidden:
                data[alias] = None
                errors.append(
                    {
                        "type": "FORBIDDEN",
                        "path": [alias],
                        "extensions": {"saml_failure": repo.forbidden == SAML_MESSAGE},
                        "locations": where,
                        "message": repo.forbidden,
                    }
                )
                continue
            item, error = self._item(
                repo, field_name, variables[n], str(variables.get("login", ""))
            )
            data[alias] = {"item": item}
            if error:
                errors.append(
                    {
                        "type": "NOT_FOUND",
                        "path": [alias, "item"],
                        "locations": [{"line": line, "column": 40}],
                        "message": error,
                    }
                )
        cost = max(1, len(data) // 100)  # GitHub: connections requested / 100, at least 1
        # The transport (tests/fakegithub.py) takes one point per request once this answers.
        self.rate_remaining -= cost - 1
        remaining = self.rate_remaining - 1
        data = {
            "rateLimit": {
                "limit": 5000,
                "cost": cost,
                "remaining": remaining,
                "used": 5000 - remaining,
                "resetAt": "2026-07-01T10:00:00Z",
            },
            **data,
        }
        headers = {
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Used": str(5000 - remaining),
            "X-RateLimit-Reset": "1782900000",
            "X-RateLimit-Resource": "graphql",
        }
        answer: dict[str, Any] = {"data": data}
        if errors:
            answer["errors"] = errors
        return 200, headers, answer

    def _item(self, repo: Repo, field_name: str, value: Any, login: str) -> tuple[Any, str]:
        if field_name == "issueOrPullRequest":
            number = int(value)
            if number in repo.pulls:
                pull = dict(repo.pulls[number])
                mine = [
                    r for r in pull.pop("_reviews") if r["author"]["login"].lower() == login.lower()
                ]
                pull["reviews"] = {"nodes": [{"submittedAt": r["submittedAt"]} for r in mine[:1]]}
                return pull, ""
            if number in repo.issues:
                return repo.issues[number], ""
            return (
                None,
                f"Could not resolve to an issue or pull request with the number of {number}.",
            )
        if field_name == "discussion":
            number = int(value)
            if number in repo.discussions:
                return repo.discussions[number], ""
            return None, f"Could not resolve to a Discussion with the number of {number}."
        if field_name == "object":
            found = [c for sha, c in repo.commits.items() if sha.startswith(str(value).lower())]
            return (found[0] if len(found) == 1 else None), ""  # unknown: null, no error
        return repo.releases.get(str(value)), ""  # release(tagName:) too
