"""Reading the work a packet cites through GitHub's GraphQL API: one request per 100 links.

The query text is fixed: one aliased field per link (``l0`` ... ``l99``) whose
owner, repository, number, commit hash or tag travel as GraphQL variables,
each already checked by ``rung.model.githublink``.  Packet text never becomes query
text.  GitHub answers with partial data: a link GitHub cannot resolve comes
back as ``null`` with an entry in ``errors`` whose ``path`` names its alias
(``NOT_FOUND``, ``FORBIDDEN``), and the other links are still answered.

GraphQL lives at ``/graphql`` below api.github.com and at ``/api/graphql`` on
GitHub Enterprise Server (GITHUB_API_URL ``https://HOST/api/v3``); PyGithub's
requester derives it from the REST root.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import requests
from github import Auth, Github, GithubException

from rung.evidence.model import ERROR, NO_ACCESS, NOT_FOUND, Missing, Work
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.github.retry import Sleep, error_message, header, make_retry, retry_wait
from rung.model.githublink import GitHubLink, kind_name
from rung.problems import FatalError

# Links per request: 100 aliases stay far below GitHub's 500,000-node and
# 10-second limits for one query, and cost about one point each.
BATCH = 100
TIMEOUT = 30

_FRAGMENTS = {
    "PullRequest": """fragment Pull on PullRequest {
  url state merged mergedAt createdAt updatedAt closedAt
  author { login } mergedBy { login }
  reviews(author: $login, first: 1) { nodes { submittedAt } }
}""",
    "Issue": """fragment Issue on Issue {
  url state createdAt updatedAt closedAt author { login }
}""",
    "Commit": """fragment Commit on Commit {
  url authoredDate author { user { login } }
  authors(first: 10) { nodes { user { login } } }
}""",
    "Discussion": """fragment Discussion on Discussion {
  url createdAt updatedAt closed closedAt author { login }
}""",
    "Release": """fragment Release on Release {
  url createdAt publishedAt updatedAt isDraft author { login }
}""",
}
_FIELD = {
    "pull": ("issueOrPullRequest(number: $n{i})", "Int!", ("PullRequest", "Issue")),
    "issue": ("issueOrPullRequest(number: $n{i})", "Int!", ("PullRequest", "Issue")),
    "discussion": ("discussion(number: $n{i})", "Int!", ("Discussion",)),
    "commit": ("object(expression: $n{i})", "String!", ("Commit",)),
    "release": ("release(tagName: $n{i})", "String!", ("Release",)),
}
_SPREAD = {
    "PullRequest": "...Pull",
    "Issue": "...Issue",
    "Commit": "...Commit",
    "Discussion": "...Discussion",
    "Release": "...Release",
}


def build_query(refs: Sequence[GitHubLink], candidate: str) -> tuple[str, dict[str, Any]]:
    """The query for up to ``BATCH`` links, and its variables."""
    declared = ["$login: String!"]
    fields: list[str] = []
    used: set[str] = set()
    variables: dict[str, Any] = {"login": candidate}
    for i, ref in enumerate(refs):
        field, kind, types = _FIELD[ref.kind]
        declared += [f"$o{i}: String!", f"$r{i}: String!", f"$n{i}: {kind}"]
        variables |= {f"o{i}": ref.owner, f"r{i}": ref.repo}
        variables[f"n{i}"] = ref.number if kind == "Int!" else ref.ref
        used.update(types)
        spreads = " ".join(_SPREAD[t] for t in types)
        fields.append(
            f"  l{i}: repository(owner: $o{i}, name: $r{i}) {{ item: {field.format(i=i)} "
            f"{{ __typename {spreads} }} }}"
        )
    query = (
        f"query Evidence({', '.join(declared)}) {{\n"
        "  rateLimit { limit cost remaining used resetAt }\n"
        + "\n".join(fields)
        + "\n}\n"
        + "\n".join(_FRAGMENTS[t] for t in _FRAGMENTS if t in used)
        + "\n"
    )
    return query, variables


@dataclass
class Budget:
    """What the run cost: requests sent, and GitHub's GraphQL rate limit after the last."""

    requests: int = 0
    cost: int = 0  # points GitHub charged (rateLimit.cost, summed)
    limit: int | None = None
    remaining: int | None = None
    used: int | None = None
    reset: str = ""  # ISO 8601 or a Unix time from the headers

    def note(self, data: Any, headers: dict[str, Any]) -> None:
        limit = data.get("rateLimit") if isinstance(data, dict) else None
        if isinstance(limit, dict):
            self.cost += int(limit.get("cost") or 0)
            self.limit, self.remaining = limit.get("limit"), limit.get("remaining")
            self.used, self.reset = limit.get("used"), str(limit.get("resetAt") or "")
            return
        # GitHub Enterprise Server with rate limiting off has no rateLimit; headers may say.
        for attr, name in (("limit", "limit"), ("remaining", "remaining"), ("used", "used")):
            value = header(headers, f"x-ratelimit-{name}")
            if value is not None and value.isdigit():
                setattr(self, attr, int(value))
        self.reset = header(headers, "x-ratelimit-reset") or self.reset


class EvidenceReader:
    """Reads work items by GraphQL with one token; ``budget`` counts what it cost."""

    def __init__(
        self,
        context: GitHubContext,
        settings: RetrySettings | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        if context.token is None:
            raise FatalError(
                "GITHUB_TOKEN is not set; rung evidence needs a token that can read the "
                "repositories the packet links to (see docs/evidence.md)"
            )
        self.context = context
        self.settings = settings if settings is not None else RetrySettings()
        self.sleep = sleep
        self.github = Github(
            base_url=context.api_url,
            auth=Auth.Token(context.token),
            retry=make_retry(self.settings, sleep),
            timeout=TIMEOUT,
            seconds_between_requests=self.settings.throttle / 4 or None,
            lazy=True,
        )
        self.budget = Budget()

    def close(self) -> None:
        self.github.close()

    def read(self, refs: Sequence[GitHubLink], candidate: str) -> list[Work | Missing]:
        """GitHub's answer for each of ``refs``, in order."""
        answers: list[Work | Missing] = []
        for start in range(0, len(refs), BATCH):
            answers += self._batch(refs[start : start + BATCH], candidate)
        return answers

    def _batch(self, refs: Sequence[GitHubLink], candidate: str) -> list[Work | Missing]:
        query, variables = build_query(refs, candidate)
        try:
            headers, data = self._post({"query": query, "variables": variables})
        except GitHubError as err:
            return [Missing(ERROR, err.message)] * len(refs)
        if not isinstance(data, dict):
            return [Missing(ERROR, "GitHub's answer was not JSON data")] * len(refs)
        self.budget.note(data.get("data"), headers)
        errors: dict[tuple[str, ...], dict[str, Any]] = {}
        for error in data.get("errors") or []:
            if isinstance(error, dict) and isinstance(error.get("path"), list):
                errors[tuple(str(p) for p in error["path"])] = error
        if not isinstance(data.get("data"), dict):
            message = _first_message(data.get("errors")) or "no data"
            return [Missing(ERROR, f"GitHub refused the query: {message}")] * len(refs)
        found = data["data"]
        return [
            _answer(ref, found.get(f"l{i}"), errors, f"l{i}", candidate)
            for i, ref in enumerate(refs)
        ]

    def _post(self, body: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        """POST the query, retrying what is safe to retry: a GraphQL query changes nothing."""
        requester = self.github.requester
        attempt = 1
        while True:
            self.budget.requests += 1
            try:
                return requester.requestJsonAndCheck("POST", requester.graphql_url, input=body)
            except (GithubException, requests.RequestException) as err:
                if isinstance(err, GithubException) and err.status == 401:
                    raise FatalError(
                        f"GitHub refused the token (401 {error_message(err)}); check GITHUB_TOKEN"
                    ) from None
                wait = retry_wait(err, attempt, self.settings)
                if wait is None:
                    if isinstance(err, GithubException):
                        raise GitHubError(
                            f"GitHub answered {err.status} {error_message(err)}", err.status
                        ) from None
                    raise GitHubError(
                        f"cannot reach GitHub at {self.context.api_url} ({type(err).__name__})"
                    ) from None
                self.sleep(wait)
            attempt += 1


def _first_message(errors: Any) -> str:
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return " ".join(str(errors[0].get("message", "")).split())[:300]
    return ""


def _answer(
    ref: GitHubLink,
    repository: Any,
    errors: dict[tuple[str, ...], dict[str, Any]],
    alias: str,
    candidate: str,
) -> Work | Missing:
    where = f"{ref.owner}/{ref.repo}"
    if not isinstance(repository, dict):
        error = errors.get((alias,)) or errors.get((alias, "item")) or {}
        if error.get("type") == "FORBIDDEN":
            return Missing(NO_ACCESS, f"GitHub refused rung's token for {where}")
        if error.get("type") == "NOT_FOUND" or not error:
            # GitHub answers the same for a private repository the token cannot
            # see as for one that does not exist; it never says which.
            return Missing(NO_ACCESS, f"{where} is not visible to rung's token (or does not exist)")
        return Missing(ERROR, f"GitHub could not read {where}: {_first_message([error])}")
    item = repository.get("item")
    if not isinstance(item, dict):
        error = errors.get((alias, "item")) or {}
        if error.get("type") == "FORBIDDEN":
            return Missing(NO_ACCESS, f"GitHub refused rung's token for {where}")
        what = kind_name(ref.kind)
        name = f"{ref.number}" if ref.number else ref.ref
        return Missing(NOT_FOUND, f"{where} has no {what} {name}")
    return work_from(item, candidate)


def _login(actor: Any) -> str | None:
    if isinstance(actor, dict) and isinstance(actor.get("login"), str):
        return str(actor["login"])
    return None  # a deleted account: GitHub answers null


def work_from(item: dict[str, Any], candidate: str) -> Work:
    """A ``Work`` from one GraphQL node (PullRequest, Issue, Commit, Discussion, Release)."""
    typename = item.get("__typename")
    text = {k: v if isinstance(v, str) else "" for k, v in item.items()}
    if typename == "PullRequest":
        reviews = (item.get("reviews") or {}).get("nodes") or []
        state = "merged" if item.get("merged") else str(item.get("state", "")).lower()
        return Work(
            "pull",
            text["url"],
            _login(item.get("author")),
            state,
            created=text.get("createdAt", ""),
            updated=text.get("updatedAt", ""),
            merged=text.get("mergedAt", ""),
            closed=text.get("closedAt", ""),
            merged_by=_login(item.get("mergedBy")),
            reviewed=str((reviews[0] or {}).get("submittedAt") or "") if reviews else "",
            candidate=candidate,
        )
    if typename == "Commit":
        logins = [
            _login((node or {}).get("user"))
            for node in (item.get("authors") or {}).get("nodes") or []
        ]
        first = _login((item.get("author") or {}).get("user"))
        coauthors = tuple(x for x in logins if x is not None and x != first)
        return Work(
            "commit",
            text["url"],
            first,
            "committed",
            text.get("authoredDate", ""),
            coauthors=coauthors,
        )
    if typename == "Release":
        state = "draft" if item.get("isDraft") else "published"
        created = text.get("publishedAt") or text.get("createdAt", "")
        return Work(
            "release",
            text["url"],
            _login(item.get("author")),
            state,
            created,
            updated=text.get("updatedAt", ""),
        )
    if typename == "Discussion":
        state = "closed" if item.get("closed") else "open"
    else:
        state = str(item.get("state", "")).lower()
    kind = "discussion" if typename == "Discussion" else "issue"
    return Work(
        kind,
        text["url"],
        _login(item.get("author")),
        state,
        created=text.get("createdAt", ""),
        updated=text.get("updatedAt", ""),
        closed=text.get("closedAt", ""),
    )
