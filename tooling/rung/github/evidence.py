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
from rung.github.evidence_query import build_query, read_item
from rung.github.retry import Sleep, error_message, header, make_retry, retry_wait
from rung.model.githublink import GitHubLink, kind_name
from rung.problems import FatalError

# Links per request: 100 aliases stay far below GitHub's 500,000-node and
# 10-second limits for one query, and cost about one point each.
BATCH = 100
TIMEOUT = 30


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
        self.used_up = ""  # why later batches are not sent: GitHub's rate limit is spent

    def close(self) -> None:
        self.github.close()

    def read(self, refs: Sequence[GitHubLink], candidate: str) -> list[Work | Missing]:
        """GitHub's answer for each of ``refs``, in order."""
        answers: list[Work | Missing] = []
        for start in range(0, len(refs), BATCH):
            batch = refs[start : start + BATCH]
            if self.used_up:  # every later request would be refused the same way
                answers += [Missing(ERROR, self.used_up)] * len(batch)
                continue
            answers += self._batch(batch, candidate)
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
            if _rate_limited(data.get("errors")):
                # Not in GitHub's schema: a spent GraphQL limit is HTTP 200 with one error
                # of type RATE_LIMITED (RATE_LIMIT in some answers) and no data.
                self.used_up = (
                    f"GitHub's GraphQL rate limit is used up ({message}); rerun after it resets"
                )
                return [Missing(ERROR, self.used_up)] * len(refs)
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


def _rate_limited(errors: Any) -> bool:
    return isinstance(errors, list) and any(
        isinstance(e, dict) and e.get("type") in ("RATE_LIMITED", "RATE_LIMIT") for e in errors
    )


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
    return read_item(ref, item, candidate)
