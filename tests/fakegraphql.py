"""The fake GitHub's GraphQL endpoint: who last edited a comment.

GitHub's REST API does not say who edited a comment; GraphQL does, on the
``Comment`` interface that ``PullRequestReviewComment``, ``PullRequestReview``
and ``IssueComment`` implement.  The fake answers the one query shape rung
sends, ``nodes(ids: $ids) { ... on Comment { id author { login } editor { login }
lastEditedAt } }``, with GitHub's answer shapes: a node per id in order, ``editor``
null for a comment never edited, and for an unknown id a null node plus a
``NOT_FOUND`` error (GitHub answers 200 with both ``data`` and ``errors``).
Served at ``POST /graphql`` (``/api/graphql`` on GitHub Enterprise Server).
"""

from __future__ import annotations

from typing import Any

TYPENAMES = {"PRRC": "PullRequestReviewComment", "PRR": "PullRequestReview", "IC": "IssueComment"}


class GraphQL:
    """Mixed into FakeGitHub: needs ``comment_by_node`` and ``_now``."""

    editors: dict[str, tuple[str | None, str]]  # node id -> (editor login or None, when)

    def comment_by_node(self, node_id: str) -> dict[str, Any] | None:  # pragma: no cover
        raise NotImplementedError

    def _now(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    def edit(self, node_id: str, editor: str | None, body: str) -> None:
        """``editor`` rewrites a comment's body, as anyone with write access may on GitHub.

        ``editor=None``: the editor's account has since been deleted.
        """
        comment = self.comment_by_node(node_id)
        assert comment is not None, node_id
        comment["body"] = body
        when = self._now()
        comment["updated_at"] = when
        self.editors[node_id] = (editor, when)

    def graphql(self, body: Any) -> tuple[int, dict[str, str], Any]:
        query = body.get("query", "") if isinstance(body, dict) else ""
        ids = ((body.get("variables") or {}).get("ids")) if isinstance(body, dict) else None
        if "nodes(ids: $ids)" not in query or not isinstance(ids, list):
            return 200, {}, {"errors": [{"message": "the fake serves only rung's nodes query"}]}
        if len(ids) > 100:
            message = "You may not request more than 100 ids at once."
            return 200, {}, {"errors": [{"type": "EXCESSIVE_PAGINATION", "message": message}]}
        nodes: list[dict[str, Any] | None] = []
        errors = []
        for index, node_id in enumerate(ids):
            comment = self.comment_by_node(str(node_id))
            if comment is None:
                nodes.append(None)
                errors.append(
                    {
                        "type": "NOT_FOUND",
                        "path": ["nodes", index],
                        "locations": [{"line": 3, "column": 3}],
                        "message": f"Could not resolve to a node with the global id of '{node_id}'.",
                    }
                )
                continue
            edit = self.editors.get(str(node_id))
            author = comment.get("user")
            nodes.append(
                {
                    "__typename": TYPENAMES[str(node_id).split("_", 1)[0]],
                    "id": node_id,
                    "author": {"login": author["login"]} if author else None,
                    "editor": None if edit is None or edit[0] is None else {"login": edit[0]},
                    "lastEditedAt": None if edit is None else edit[1],
                }
            )
        answer: dict[str, Any] = {"data": {"nodes": nodes}}
        if errors:
            answer["errors"] = errors
        return 200, {}, answer
