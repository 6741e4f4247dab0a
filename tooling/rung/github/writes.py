"""rung's writes to GitHub: review requests and the sticky scorecard comment.

Every write goes through :meth:`Writes.write`, which checks what GitHub
answered: a redirect (GitHub answers a renamed repository's writes with 307,
which PyGithub does not raise) or an answer without the object asked for is an
error, never a success.  POSTs are never retried blindly, because GitHub can
answer 5xx after it did the work: after a failure rung reads GitHub's state
again and sends only what is still missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests
from github import Github, GithubException

from rung.github.context import GitHubError, RetrySettings
from rung.github.retry import error_message, header, retry_wait

if TYPE_CHECKING:
    from rung.github.pull import PullInfo

REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class RequestOutcome:
    requested: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)  # login -> GitHub's message


@dataclass(frozen=True)
class CommentOutcome:
    action: str  # created, updated or unchanged
    id: int
    url: str


class Writes:
    """Mixed into GitHubClient, which provides these."""

    github: Github
    repository: str
    settings: RetrySettings
    sleep: Callable[[float], None]
    errors: Callable[[str], AbstractContextManager[None]]
    translate: Callable[[Exception, str], Exception]
    pull_request: Callable[[int], PullInfo]
    login: Callable[[], str]
    paginate: Callable[..., list[dict[str, Any]]]

    def write(self, verb: str, url: str, body: dict[str, Any], expect: int) -> dict[str, Any]:
        """Send one write; its JSON answer, or GithubException / GitHubError.

        An error status raises GithubException (callers tell a 422 from a 5xx);
        a redirect or a success without the object raises GitHubError.
        """
        status, headers, output = self.github.requester.requestJson(verb, url, input=body)
        try:
            data = json.loads(output) if output else None
        except ValueError:
            data = None
        if status in REDIRECTS:
            where = header(headers, "location") or "elsewhere"
            raise GitHubError(
                f"{verb} {url}: GitHub redirected the write ({status}) to {where}; nothing was "
                "written. The repository was renamed or moved: set GITHUB_REPOSITORY (or "
                "--repo) to its current name",
                status,
            )
        if status >= 400:
            raise GithubException(status, data, headers)
        if status != expect or not isinstance(data, dict):
            raise GitHubError(
                f"{verb} {url}: GitHub answered {status} without the object written; "
                "nothing can be assumed to have happened",
                status,
            )
        return data

    def request_reviewers(self, number: int, logins: list[str]) -> RequestOutcome:
        """Request reviews from ``logins``; a login GitHub refuses (422) is dropped and reported.

        GitHub refuses the whole request with 422 when any login is the author or not
        a collaborator, without saying which, so after a 422 each login is asked alone.
        """
        if not logins:
            return RequestOutcome()
        try:
            self._request(number, logins)
            return RequestOutcome(tuple(logins))
        except GithubException as err:
            if err.status != 422:
                raise self.translate(err, f"requesting reviewers on #{number}") from None
        requested: list[str] = []
        refused: dict[str, str] = {}
        for login in logins:
            try:
                self._request(number, [login])
                requested.append(login)
            except GithubException as err:
                if err.status != 422:
                    what = f"requesting a review from {login} on #{number}"
                    raise self.translate(err, what) from None
                refused[login] = f"422 {error_message(err)}"
        return RequestOutcome(tuple(requested), refused)

    def _request(self, number: int, logins: list[str]) -> None:
        remaining = list(logins)
        attempt = 1
        url = f"/repos/{self.repository}/pulls/{number}/requested_reviewers"
        while True:
            try:
                answer = self.write("POST", url, {"reviewers": remaining}, 201)
                if answer.get("number") != number:
                    raise GitHubError(
                        f"requesting reviewers on #{number}: GitHub answered with another "
                        "object than the pull request"
                    )
                return
            except (GithubException, requests.RequestException) as err:
                wait = retry_wait(err, attempt, self.settings)
                if wait is None:
                    if isinstance(err, GithubException):
                        raise  # the caller tells a 422 from the rest
                    raise self.translate(err, f"requesting reviewers on #{number}") from None
                self.sleep(wait)
            attempt += 1
            # The failed POST may have worked: ask only for who is still missing.
            current = {u.casefold() for u in self.pull_request(number).requested}
            remaining = [login for login in remaining if login.casefold() not in current]
            if not remaining:
                return

    def _ours(self, number: int, marker: str) -> dict[str, Any] | None:
        me = self.login().casefold()
        with self.errors(f"listing the comments of #{number}"):
            comments = self.paginate(f"/repos/{self.repository}/issues/{number}/comments")
        return next(
            (
                c
                for c in comments
                if str(c.get("body") or "").startswith(marker)
                and str((c.get("user") or {}).get("login") or "").casefold() == me
            ),
            None,
        )

    def upsert_comment(self, number: int, body: str, marker: str) -> CommentOutcome:
        """Create or update the one comment of ours whose body starts with ``marker``.

        The comment is found by listing (marker and our login) before every create,
        so a create that failed after GitHub stored it is never repeated.
        """
        attempt = 1
        while True:
            ours = self._ours(number, marker)
            if ours is not None:
                if ours.get("body") == body:
                    # a create that "failed" after GitHub stored it still created it
                    action = "created" if attempt > 1 else "unchanged"
                    return CommentOutcome(action, int(ours["id"]), str(ours.get("html_url")))
                url = f"/repos/{self.repository}/issues/comments/{ours['id']}"
                try:
                    edited = self.write("PATCH", url, {"body": body}, 200)
                except (GithubException, requests.RequestException) as err:
                    what = f"updating comment {ours['id']} on #{number}"
                    raise self.translate(err, what) from None
                return self._outcome("updated", edited, body, number)
            try:
                url = f"/repos/{self.repository}/issues/{number}/comments"
                created = self.write("POST", url, {"body": body}, 201)
                return self._outcome("created", created, body, number)
            except (GithubException, requests.RequestException) as err:
                wait = retry_wait(err, attempt, self.settings)
                if wait is None:
                    raise self.translate(err, f"creating the comment on #{number}") from None
                self.sleep(wait)
            attempt += 1

    @staticmethod
    def _outcome(action: str, answer: dict[str, Any], body: str, number: int) -> CommentOutcome:
        """The outcome, once GitHub's answer shows the comment as written."""
        comment_id, url = answer.get("id"), answer.get("html_url")
        if (
            not isinstance(comment_id, int)
            or not isinstance(url, str)
            or answer.get("body") != body
        ):
            raise GitHubError(
                f"writing the scorecard comment on #{number}: GitHub's answer is not the "
                "comment rung wrote"
            )
        return CommentOutcome(action, comment_id, url)
