"""The fake GitHub's GraphQL endpoint, bound to GitHub's own published schema.

Every document rung sends is parsed and validated with graphql-core against
``schema.graphql`` from npm ``@octokit/graphql-schema`` (pinned in
tooling/node, installed by ``make test``), then *executed* against that schema
by resolvers over the fake's world.  So an answer has GitHub's types,
nullability and only the fields the query asked for, and a document GitHub's
schema rejects gets GitHub's kind of answer (HTTP 200, ``errors``, no
``data``) *and* fails the test that sent it (``tests/fakerefusals.py``), even
when rung copes with the refusal.

How an answer is resolved: a field with a resolver in ``graphql_resolvers()``
(keyed by ``(type, field)``, called as ``resolver(parent, info, **arguments)``)
computes its value; any other field is read from the parent, a dict keyed by
GraphQL field names.  A field the world does not hold is the fake's gap, never
a silent null: it is noted as a refusal too.  Interfaces and unions (``Node``,
``Actor``, ``GitObject``, ``IssueOrPullRequest``) resolve to the type named by
the value's ``__typename``, which graphql-core checks is a possible type.

Not described by the schema, so still assumed here from GitHub's documentation
and observed answers (docs/security.md lists them): the ``errors`` entries'
``type`` (NOT_FOUND, FORBIDDEN, RATE_LIMITED, EXCESSIVE_PAGINATION) and
messages, which lookups answer null with an error and which null without one,
and the 100-ids limit of ``nodes``.

The comment editors (this module): GitHub's REST API does not say who edited
a comment; GraphQL does, on the ``Comment`` interface that
``PullRequestReviewComment``, ``PullRequestReview`` and ``IssueComment``
implement.  ``nodes(ids:)`` answers a node per id in order, ``editor`` null for
a comment never edited, and for an unknown id a null node plus a ``NOT_FOUND``
error.  Served at ``POST /graphql`` (``/api/graphql`` on GitHub Enterprise
Server).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLAbstractType,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    build_schema,
    execute_sync,
    parse,
    validate,
)

import fakerefusals
from paths import REPO

SCHEMA_FILE = Path(
    os.environ.get("RUNG_OCTOKIT_GRAPHQL_SCHEMA")
    or REPO / "tooling/node/node_modules/@octokit/graphql-schema/schema.graphql"
)
TYPENAMES = {"PRRC": "PullRequestReviewComment", "PRR": "PullRequestReview", "IC": "IssueComment"}

Resolver = Callable[..., Any]
Resolvers = dict[tuple[str, str], Resolver]


@functools.cache
def github_schema() -> GraphQLSchema:
    """GitHub's schema, built once per test session (about a second)."""
    if not SCHEMA_FILE.is_file():
        raise RuntimeError(
            f"GitHub's GraphQL schema is not at {SCHEMA_FILE}: run "
            "`make tooling/node/node_modules/.package-lock.json` (make test does)"
        )
    # GitHub's SDL defines two EnterpriseOwnerInfo fields twice and deprecates a few
    # implementations of interface fields that are not deprecated (Project.id):
    # graphql-core refuses to *build* such a schema, though neither changes how a
    # query validates or executes.  The later definition wins, as in graphql-js.
    return build_schema(
        SCHEMA_FILE.read_text(encoding="utf-8"), assume_valid=True, assume_valid_sdl=True
    )


class GitHubError(Exception):
    """An entry GitHub puts in ``errors`` beside the data: its ``type`` and message.

    A resolver raises it (or returns it as a list item) where GitHub answers a
    field with null and an error whose ``path`` names that field.
    """

    def __init__(self, kind: str, message: str, extensions: dict[str, Any] | None = None):
        super().__init__(message)
        self.kind = kind
        self.extensions = extensions or {}


class _WorldGap(Exception):
    """The fake's world holds no value for a field a valid query asked for."""


def actor(login: str | None) -> dict[str, Any] | None:
    """An ``Actor`` (interface) for a REST login; None for a deleted account.

    GitHub's GraphQL names a bot without the ``[bot]`` its REST API adds
    (``github-actions`` for ``github-actions[bot]``): observed, not in the schema.
    """
    if login is None:
        return None
    if login.endswith("[bot]"):
        return {"__typename": "Bot", "login": login.removesuffix("[bot]")}
    return {"__typename": "User", "login": login}


def serve(body: Any, resolvers: Resolvers) -> dict[str, Any]:
    """GitHub's JSON answer to one ``POST /graphql`` body."""
    query = body.get("query") if isinstance(body, dict) else None
    variables = body.get("variables") if isinstance(body, dict) else None
    if not isinstance(query, str) or not isinstance(variables, dict | None):
        return _refused(
            repr(body)[:200], ["A query attribute must be specified and must be a string."]
        )
    try:
        document = parse(query)
    except GraphQLError as err:
        return _refused(query, [err.message], [err])
    invalid = validate(github_schema(), document)
    if invalid:
        return _refused(query, [e.message for e in invalid], invalid)

    def field(parent: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        resolver = resolvers.get((info.parent_type.name, info.field_name))
        if resolver is not None:
            return resolver(parent, info, **arguments)
        if isinstance(parent, Mapping) and info.field_name in parent:
            return parent[info.field_name]
        raise _WorldGap(f"the fake holds no {info.parent_type.name}.{info.field_name}")

    result = execute_sync(
        github_schema(),
        document,
        variable_values=variables,
        operation_name=body.get("operationName"),
        field_resolver=field,
        type_resolver=_typename,
    )
    errors = list(result.errors or [])
    unexpected = [e for e in errors if not isinstance(e.original_error, GitHubError)]
    if unexpected:
        # A variable of the wrong type (GitHub refuses the request), or a gap in the fake.
        first = " ".join(query.split())[:120]
        fakerefusals.refuse(
            f"GraphQL request GitHub would not answer so ({first}...): {unexpected[0].message}"
        )
    answer: dict[str, Any] = {}
    if result.data is not None or any(e.path for e in errors):
        answer["data"] = result.data
    if errors:
        answer["errors"] = [_github_error(e) for e in errors]
    return answer


def _typename(value: Any, _info: GraphQLResolveInfo[Any], abstract: GraphQLAbstractType) -> str:
    name = value.get("__typename") if isinstance(value, Mapping) else None
    if not isinstance(name, str):
        raise _WorldGap(f"the fake's {abstract.name} value has no __typename")
    return name


def _refused(
    query: str, messages: list[str], errors: list[GraphQLError] | None = None
) -> dict[str, Any]:
    first = " ".join(query.split())[:120]
    fakerefusals.refuse(f"GraphQL document GitHub's schema rejects ({first}...): {messages[0]}")
    if not errors:
        return {"errors": [{"message": m} for m in messages]}
    return {"errors": [_github_error(e) for e in errors]}


def _github_error(error: GraphQLError) -> dict[str, Any]:
    """One entry of ``errors`` in GitHub's order: type, path, extensions, locations, message."""
    out: dict[str, Any] = {}
    original = error.original_error
    if isinstance(original, GitHubError):
        out["type"] = original.kind
    if error.path:
        out["path"] = list(error.path)
    if isinstance(original, GitHubError) and original.extensions:
        out["extensions"] = original.extensions
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    out["message"] = error.message
    return out


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
        return 200, {}, serve(body, self.graphql_resolvers())

    def graphql_resolvers(self) -> Resolvers:
        """The fields computed from the world; a subclass adds its own."""
        return {("Query", "nodes"): self._nodes}

    def _nodes(self, _root: Any, _info: GraphQLResolveInfo[Any], ids: list[str]) -> list[Any]:
        if len(ids) > 100:
            message = "You may not request more than 100 ids at once."
            raise GitHubError("EXCESSIVE_PAGINATION", message)
        return [self._comment_node(node_id) for node_id in ids]

    def _comment_node(self, node_id: str) -> dict[str, Any] | GitHubError:
        comment = self.comment_by_node(node_id)
        if comment is None:
            message = f"Could not resolve to a node with the global id of '{node_id}'."
            return GitHubError("NOT_FOUND", message)
        edit = self.editors.get(node_id)
        author = comment.get("user")
        created = comment.get("created_at") or comment.get("submitted_at")
        return {
            "__typename": TYPENAMES[node_id.split("_", 1)[0]],
            "id": node_id,
            "author": actor(author["login"]) if author else None,
            "editor": actor(edit[0]) if edit is not None else None,
            "lastEditedAt": None if edit is None else edit[1],
            "body": comment.get("body") or "",
            "createdAt": created,
            "databaseId": comment.get("id"),
        }
