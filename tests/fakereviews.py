"""The fake GitHub's pull-request reviews written through the API (``rung verdict``).

A mixin of ``FakeGitHub`` (tests/fakegithub.py).  As on GitHub: a review created
without ``event`` is ``PENDING`` and its ``comments[]`` are drafts, seen only
through the review (``GET .../reviews/{id}/comments``), never in the pull
request's comments, until the review is submitted (``POST .../events``); the
author of both is the token's user; a person has at most one pending review per
pull request (422 otherwise); a comment's ``line`` must be in the diff (here: a
line of a file the pull request changes, at its head).  Shapes are GitHub's
``pull-request-review`` and ``pull-request-review-comment``.

    POST /repos/{o}/{r}/pulls/{n}/reviews                  (pending without event)
    GET  /repos/{o}/{r}/pulls/{n}/reviews/{id}
    GET  /repos/{o}/{r}/pulls/{n}/reviews/{id}/comments    (paginated)
    POST /repos/{o}/{r}/pulls/{n}/reviews/{id}/events      (submit)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

DOCS = "https://docs.github.com/rest"
STATES = {"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED"}
ONE_PENDING = "User can only have one pending review per pull request"
NOT_IN_DIFF = (
    "Pull request review thread line must be part of the diff and Pull request review "
    "thread diff hunk can't be blank"
)


def _unprocessable(message: str) -> dict[str, Any]:
    """GitHub's 422 for a review it will not take: a message and the reasons."""
    return {
        "message": "Unprocessable Entity",
        "errors": [message],
        "documentation_url": DOCS,
        "status": "422",
    }


class Reviews:
    """Mixed into FakeGitHub, which provides these."""

    login: str
    pulls: dict[int, Any]
    contents: dict[tuple[str, str], bytes]
    add_review: Callable[..., int]
    add_review_comment: Callable[..., int]
    _now: Callable[[], str]
    _page: Callable[..., tuple[int, dict[str, str], Any]]

    def init_reviews(self) -> None:
        # pending review id -> its comments, seen only through the review until submitted
        self.review_drafts: dict[int, list[dict[str, Any]]] = {}

    def review_route(self, call: Any, pull: Any, tail: str) -> tuple[int, dict[str, str], Any]:
        if call.method == "POST" and tail == "/reviews":
            return self._create_review(call, pull)
        match = re.fullmatch(r"/reviews/(\d+)(/comments|/events)?", tail)
        review = None
        if match is not None:
            review = next((r for r in pull.reviews if r["id"] == int(match.group(1))), None)
        if match is None or review is None:
            return 404, {}, {"message": "Not Found", "documentation_url": DOCS, "status": "404"}
        what = (call.method, match.group(2) or "")
        if what == ("GET", ""):
            return 200, {}, review
        if what == ("GET", "/comments"):
            held = self.review_drafts.get(review["id"])
            if held is None:
                held = [
                    c for c in pull.review_comments if c["pull_request_review_id"] == review["id"]
                ]
            return self._page(call, held)
        if what == ("POST", "/events"):
            return self._submit(call, pull, review)
        return 404, {}, {"message": "Not Found", "documentation_url": DOCS, "status": "404"}

    def _create_review(self, call: Any, pull: Any) -> tuple[int, dict[str, str], Any]:
        body = call.body if isinstance(call.body, dict) else {}
        mine = self.login.casefold()
        if any(
            r["state"] == "PENDING" and r["user"]["login"].casefold() == mine for r in pull.reviews
        ):
            return 422, {}, _unprocessable(ONE_PENDING)
        comments = body.get("comments") or []
        for comment in comments:
            text = self.contents.get((pull.head_sha, comment["path"]))
            line = comment.get("line")
            lines = text.decode("utf-8").count("\n") + 1 if text is not None else 0
            if (
                comment["path"] not in pull.files
                or not isinstance(line, int)
                or not 0 < line <= lines
            ):
                return 422, {}, _unprocessable(NOT_IN_DIFF)
        review_id = self.add_review(pull.number, self.login, "PENDING", body.get("body", ""))
        review = pull.reviews[-1]
        if body.get("commit_id"):
            review["commit_id"] = body["commit_id"]
        held = self.review_drafts.setdefault(review_id, [])
        for comment in comments:
            self.add_review_comment(
                pull.number,
                self.login,
                comment["body"],
                path=comment["path"],
                line=comment["line"],
                side=comment.get("side", "RIGHT"),
                start_line=comment.get("start_line"),
            )
            made = pull.review_comments.pop()  # a draft: not in the pull request's comments
            made["pull_request_review_id"] = review_id
            made["commit_id"] = made["original_commit_id"] = review["commit_id"]
            held.append(made)
        if body.get("event"):
            return self._submit(call, pull, review)
        return 200, {}, review

    def _submit(
        self, call: Any, pull: Any, review: dict[str, Any]
    ) -> tuple[int, dict[str, str], Any]:
        body = call.body if isinstance(call.body, dict) else {}
        if review["state"] != "PENDING" or review["user"]["login"] != self.login:
            return 422, {}, _unprocessable("Can not submit a non-pending review")
        event = body.get("event")
        if event not in STATES:
            return 422, {}, _unprocessable("Unrecognizable entity")
        review["state"] = STATES[event]
        review["body"] = body.get("body", review["body"])
        review["submitted_at"] = self._now()
        for comment in self.review_drafts.pop(review["id"], []):
            comment["created_at"] = comment["updated_at"] = review["submitted_at"]
            pull.review_comments.append(comment)
        pull.requested = [r for r in pull.requested if r.casefold() != self.login.casefold()]
        return 200, {}, review
