"""A reviewer's verdicts posted as one pull-request review (``rung verdict``).

One review, created pending with every verdict as a comment on its criterion's
line, then submitted once as ``COMMENT``: the committee and the candidate see
the verdicts arrive together, and a failure half-way leaves nothing published.
GitHub keeps at most one pending review per person and pull request, which is
also what makes the write idempotent: after a failed create rung looks for its
pending review before creating another, and submits it only when it holds
exactly the comments asked for.  A pending review with other comments is the
reviewer's own draft on GitHub, never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from github import GithubException

from rung.github.client import GitHubClient
from rung.github.context import GitHubError
from rung.github.retry import retry_wait
from rung.problems import FatalError

Comment = tuple[int, str]  # (line in the packet file, body)


@dataclass(frozen=True)
class Posted:
    review_id: int
    url: str
    comments: int


def reviewer_login(client: GitHubClient) -> str:
    """The login of the token's user (``GET /user``): whose verdicts these are.

    Unlike the scorecard's own login there is no fallback: a verdict is a
    person's, and a token that cannot say whose it is cannot give one.
    """
    with client.errors("reading whose token this is (GET /user)"):
        _, data = client.github.requester.requestJsonAndCheck("GET", "/user")
    login = data.get("login") if isinstance(data, dict) else None
    if not isinstance(login, str) or not login:
        raise FatalError("GitHub did not say whose token this is (GET /user has no login)")
    return login


def post_review(
    client: GitHubClient,
    number: int,
    *,
    login: str,
    commit_id: str,
    path: str,
    comments: list[Comment],
    body: str,
) -> Posted:
    """Create one pending review with ``comments`` on ``path`` at ``commit_id``, submit it."""
    base = f"/repos/{client.repository}/pulls/{number}/reviews"
    wanted = sorted(comments)
    attempt = 1
    while True:
        review_id = _our_pending(client, number, login, path, wanted)
        if review_id is not None:
            break
        payload = {
            "commit_id": commit_id,
            "comments": [
                {"path": path, "line": line, "side": "RIGHT", "body": text}
                for line, text in comments
            ],
        }
        try:
            created = client.write("POST", base, payload, 200)
        except (GithubException, requests.RequestException) as err:
            wait = retry_wait(err, attempt, client.settings)
            if wait is None:
                raise client.translate(err, f"creating the review on #{number}") from None
            client.sleep(wait)
            attempt += 1
            continue
        review_id = _id(created, number)
        break
    return _submit(client, number, review_id, body, len(comments))


def _id(answer: dict[str, Any], number: int) -> int:
    found = answer.get("id")
    if not isinstance(found, int) or answer.get("state") != "PENDING":
        raise GitHubError(f"creating the review on #{number}: GitHub's answer is not a draft")
    return found


def _our_pending(
    client: GitHubClient, number: int, login: str, path: str, wanted: list[Comment]
) -> int | None:
    """Our pending review holding exactly ``wanted`` (a create that failed after GitHub
    stored it); None when there is none; FatalError when the reviewer has another draft."""
    base = f"/repos/{client.repository}/pulls/{number}/reviews"
    with client.errors(f"reading the reviews of #{number}"):
        reviews = client.paginate(base)
        pending = next(
            (
                r
                for r in reviews
                if r.get("state") == "PENDING"
                and str((r.get("user") or {}).get("login") or "").casefold() == login.casefold()
            ),
            None,
        )
        if pending is None:
            return None
        held = client.paginate(f"{base}/{pending['id']}/comments")
    have = sorted(
        (int(c.get("line") or c.get("original_line") or 0), str(c.get("body") or ""))
        for c in held
        if c.get("path") == path
    )
    if have == wanted and len(held) == len(wanted):
        return int(pending["id"])
    raise FatalError(
        f"you already have a pending review on #{number} (GitHub allows one per person): "
        "submit or discard it on the pull request's 'Files changed' tab, then run rung "
        "verdict again; nothing was posted"
    )


def _submit(client: GitHubClient, number: int, review_id: int, body: str, count: int) -> Posted:
    url = f"/repos/{client.repository}/pulls/{number}/reviews/{review_id}"
    attempt = 1
    while True:
        try:
            answer = client.write("POST", f"{url}/events", {"event": "COMMENT", "body": body}, 200)
        except (GithubException, requests.RequestException) as err:
            wait = retry_wait(err, attempt, client.settings)
            if wait is None:
                raise client.translate(err, f"submitting review {review_id} on #{number}") from None
            client.sleep(wait)
            attempt += 1
            # The failed submit may have worked: a review no longer pending is submitted.
            with client.errors(f"reading review {review_id} on #{number}"):
                answer = _get(client, url)
            if answer.get("state") == "PENDING":
                continue
        if answer.get("state") != "COMMENTED":
            raise GitHubError(
                f"submitting review {review_id} on #{number}: GitHub answered state "
                f"{answer.get('state')!r}, not COMMENTED"
            )
        return Posted(review_id, str(answer.get("html_url") or ""), count)


def _get(client: GitHubClient, url: str) -> dict[str, Any]:
    _, data = client.github.requester.requestJsonAndCheck("GET", url)
    return data if isinstance(data, dict) else {}
