"""``rung scorecard --comments FILE.json``: the saved REST JSON an offline preview reads.

The file is a list of review comments (``GET /pulls/N/comments``) or an object with
``review_comments``, ``reviews`` and ``comments`` lists.  Anything else is refused: an
object with none of those keys (``{"foo": 1}``) would otherwise preview an empty review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rung.classes import replace
from rung.problems import FatalError
from rung.scorecard.collate import Scorecard
from rung.scorecard.inputs import (
    ConversationComment,
    Review,
    ReviewComment,
    conversation_comment,
    review,
    review_comment,
)

Discussion = tuple[list[ReviewComment], list[Review], list[ConversationComment]]
KEYS = ("review_comments", "reviews", "comments")
SHAPE = "a list of review comments, or an object with review_comments, reviews and comments lists"


def read_saved(path: Path) -> Discussion:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise FatalError(f"cannot read {path} as JSON: {err}") from None
    if isinstance(data, list):
        data = {"review_comments": data}
    if not isinstance(data, dict):
        raise FatalError(f"{path}: expected {SHAPE}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown or not data:
        found = f"found {', '.join(repr(k) for k in unknown)}" if unknown else "found {}"
        raise FatalError(f"{path}: expected {SHAPE}; {found}")

    def items(key: str) -> list[dict[str, Any]]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise FatalError(f"{path}: '{key}' must be a list of objects, as GitHub's API sends")
        return value

    return (
        [review_comment(c) for c in items("review_comments")],
        [review(r) for r in items("reviews") if r.get("state") != "PENDING"],
        [conversation_comment(c) for c in items("comments")],
    )


def with_voters_pending(card: Scorecard) -> Scorecard:
    """``card`` with every committee member who gave a verdict counted as a reviewer.

    Saved comments do not say who was asked to review; without this, two reviewers
    who gave 2 verdicts of 36 would read as "Verdicts still to give: none"."""
    voters = {login for row in card.rows for login in row.verdicts} | set(card.pending)
    pending = {
        login: missing
        for login in sorted(voters, key=str.casefold)
        if (missing := sum(1 for row in card.rows if login not in row.verdicts)) > 0
    }
    return replace(card, pending=pending)
