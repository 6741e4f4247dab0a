"""The expression evaluator of the workflow tests behaves as GitHub's does.

The end-to-end tests trust it to decide which steps run and what each ``env:``
value is, so GitHub's quirks are pinned here: loose equality, ``||`` returning
an operand, case-insensitive property names, missing properties as null.
"""

from __future__ import annotations

from typing import Any

import pytest

from workflows.ghexpr import ExpressionError, condition_holds, evaluate, interpolate

CONTEXT: dict[str, Any] = {
    "github": {
        "event_name": "workflow_run",
        "event": {
            "workflow_run": {"conclusion": "failure", "pull_requests": [], "head_sha": "abc"},
            "pull_request": {"number": 7, "head": {"repo": {"full_name": "acme/promotions"}}},
        },
        "repository": "acme/promotions",
    },
    "steps": {"pr": {"outputs": {"count": "1", "draft": "false"}, "outcome": "success"}},
    "env": {"RUNG_APP_CONFIGURED": "false"},
    "secrets": {},
    "matrix": {"shard": 2},
    "status": "success",
}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("github.event.pull_request.number", 7),
        ("github.EVENT.Pull_Request.number", 7),  # property names ignore case
        ("github.event.workflow_run.pull_requests[0].number", None),
        (
            "github.event.workflow_run.pull_requests[0].number || github.event.workflow_run.head_sha",
            "abc",
        ),
        ("steps.pr.outputs.count == 1", True),  # '1' == 1: compared as numbers
        ("steps.pr.outputs.count > 0", True),
        ("steps.nothing.outputs.count > 0", False),  # null is 0
        ("steps.pr.outputs.draft == 'FALSE'", True),  # strings ignore case
        ("secrets.RUNG_APP_PRIVATE_KEY != ''", False),  # an unset secret is ''
        ("github.event.workflow_run.conclusion == 'success' || 'no'", "no"),
        ("1 && 'x'", "x"),
        ("!cancelled() && steps.pr.outcome == 'success'", True),
        ("github.event.pull_request.head.repo.full_name == github.repository", True),
        ("format('{0}/{1}', matrix.shard, 2)", "2/2"),
        (
            'contains(fromJSON(\'["success", "failure"]\'), github.event.workflow_run.conclusion)',
            True,
        ),
        ("startsWith(github.repository, 'ACME/')", True),
    ],
)
def test_evaluate(expression: str, value: Any) -> None:
    result = evaluate(expression, CONTEXT)
    assert result == value and type(result) is type(value)


def test_interpolate_writes_values_as_github_does() -> None:
    text = "${{ github.event.pull_request.number }}/${{ matrix.shard }}-${{ steps.x.outputs.y }}-${{ 1 == 1 }}"
    assert interpolate(text, CONTEXT) == "7/2--true"


@pytest.mark.parametrize(
    ("condition", "status", "runs"),
    [
        (None, "success", True),
        (None, "failure", False),  # a step after a failure is skipped by default
        ("steps.pr.outputs.count == 1", "failure", False),  # implies success()
        ("${{ !cancelled() && steps.pr.outputs.count == 1 }}", "failure", True),
        ("always()", "failure", True),
        ("env.RUNG_APP_CONFIGURED == 'true'", "success", False),
    ],
)
def test_conditions(condition: str | None, status: str, runs: bool) -> None:
    assert condition_holds(condition, {**CONTEXT, "status": status}) is runs


@pytest.mark.parametrize("expression", ["github.event ==", "nope(1)", "'unterminated", "a ? b"])
def test_unreadable_expressions_are_errors(expression: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expression, CONTEXT)
