"""The fake GitHub is bound to GitHub's published descriptions, and says so when it is not.

GraphQL: every document is validated and executed against ``schema.graphql``
(npm ``@octokit/graphql-schema``); REST: every request is matched to its
operation in npm ``@octokit/openapi`` and its query and body checked.  What
either refuses fails the test that sent it (tests/conftest.py); here the
refusals are sent on purpose and taken with ``expect_refusal``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from cycle.fake import CycleFake
from evidence.fake import FakeGraphQL
from fakegithub import FakeGitHub
from fakerefusals import expect_refusal

PACKET = "packets/2026-H2/dana-levi.md"


@pytest.fixture
def gh() -> Iterator[CycleFake]:
    with CycleFake() as fake:
        fake.add_pull(7, "dana-levi", {PACKET: "text"})
        yield fake


def send(gh: FakeGitHub, method: str, path: str, body: Any = None) -> requests.Response:
    headers = {"Authorization": f"token {gh.token}"}
    return requests.request(method, gh.api_url + path, json=body, headers=headers, timeout=10)


def graphql(gh: FakeGitHub, query: str, **variables: Any) -> dict[str, Any]:
    answer = send(gh, "POST", "/graphql", {"query": query, "variables": variables})
    assert answer.status_code == 200  # GitHub answers GraphQL errors with 200
    data: dict[str, Any] = answer.json()
    return data


# --- GraphQL ------------------------------------------------------------------------------


def test_only_the_fields_asked_for_with_githubs_types(gh: CycleFake) -> None:
    comment = gh.add_review_comment(7, "bob", "/meets", path=PACKET, line=1)
    gh.edit_review_comment(comment, None, "/meets, edited")  # by an account since deleted
    answer = graphql(
        gh,
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Comment { id editor { login } } } }",
        ids=[f"PRRC_{comment}", "IC_1"],
    )
    assert answer == {
        "data": {
            "nodes": [
                {"__typename": "PullRequestReviewComment", "id": f"PRRC_{comment}", "editor": None},
                None,
            ]
        },
        "errors": [
            {
                "type": "NOT_FOUND",
                "path": ["nodes", 1],
                "locations": [{"line": 1, "column": 23}],
                "message": "Could not resolve to a node with the global id of 'IC_1'.",
            }
        ],
    }


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (
            "query { viewer { nosuchfield } }",
            {},
            "Cannot query field 'nosuchfield' on type 'User'.",
        ),
        (
            "query($login: String!) { rateLimit { cost } }",
            {"login": "x"},
            "Variable '$login' is never used.",
        ),
        ("query { nodes(ids: [1]) { id } ", {}, "Syntax Error: Expected Name, found <EOF>."),
    ],
)
def test_a_document_githubs_schema_rejects_is_refused(
    gh: CycleFake, query: str, variables: dict[str, Any], message: str
) -> None:
    with expect_refusal() as refused:
        answer = graphql(gh, query, **variables)
    assert "data" not in answer
    assert answer["errors"][0]["message"] == message
    assert refused[0].endswith(message)


def test_a_variable_of_the_wrong_type_is_refused(gh: CycleFake) -> None:
    with expect_refusal() as refused:
        answer = graphql(gh, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", ids=None)
    assert "data" not in answer
    assert refused[0].endswith(
        "Variable '$ids' has invalid value: Expected value of non-null type '[ID!]!' not to be None."
    )


def test_a_field_the_fake_does_not_hold_is_its_gap_not_a_null(gh: CycleFake) -> None:
    comment = gh.add_review_comment(7, "bob", "/meets", path=PACKET, line=1)
    with expect_refusal() as refused:
        graphql(
            gh,
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequestReviewComment { diffHunk } } }",
            ids=[f"PRRC_{comment}"],
        )
    assert "the fake holds no PullRequestReviewComment.diffHunk" in refused[0]


def test_an_abstract_type_resolves_by_typename_to_a_possible_type() -> None:
    with FakeGraphQL() as gh:
        gh.add_git_object("acme/shop", "a" * 40, "Tree")
        answer = graphql(
            gh,
            'query { repository(owner: "acme", name: "shop") { object(expression: "aaaaaaa") {'
            " __typename ... on Commit { url } ... on Tree { abbreviatedOid } } } }",
        )
    assert answer == {
        "data": {"repository": {"object": {"__typename": "Tree", "abbreviatedOid": "aaaaaaa"}}}
    }


# --- REST ---------------------------------------------------------------------------------


def test_a_body_githubs_description_does_not_describe_is_refused(gh: CycleFake) -> None:
    """GitHub's prose allows a bare list of labels; its description does not: rung sends
    the described ``{"labels": [...]}`` (tests/cycle/test_fake_openapi.py)."""
    with expect_refusal() as refused:
        send(gh, "POST", "/repos/acme/promotions/issues/7/labels", ["rung: promote"])
    assert refused == [
        "POST /repos/acme/promotions/issues/7/labels request body: ['rung: promote'] is not "
        "valid under any of the given schemas at []"
    ]
    assert send(gh, "POST", "/repos/acme/promotions/issues/7/labels", {"labels": ["x"]}).ok


def test_an_operation_or_parameter_github_does_not_describe_is_refused(gh: CycleFake) -> None:
    with expect_refusal() as refused:
        send(gh, "GET", "/repos/acme/promotions/pulls/7/requested_reviewers?per_page=100")
        send(gh, "POST", "/repos/acme/promotions/pulls/7/comments/9/likes", {})
        send(gh, "POST", "/repos/acme/promotions/issues/7/comments")
    assert refused == [
        "GET /repos/acme/promotions/pulls/7/requested_reviewers: query parameter 'per_page' "
        "is not one /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers takes",
        "POST /repos/acme/promotions/pulls/7/comments/9/likes: GitHub's REST description has "
        "no such operation",
        "POST /repos/acme/promotions/issues/7/comments: "
        "/repos/{owner}/{repo}/issues/{issue_number}/comments needs a request body",
    ]


def test_pagination_links_name_the_repository_by_id_in_githubs_order(gh: CycleFake) -> None:
    for n in range(5):
        gh.add_issue_comment(7, "bob", f"comment {n}")
    answer = send(gh, "GET", "/repos/acme/promotions/issues/7/comments?per_page=2&page=2")
    base = f"{gh.api_url}/repositories/{gh.repo_id}/issues/7/comments?per_page=2&page="
    assert answer.headers["Link"] == (
        f'<{base}1>; rel="prev", <{base}3>; rel="next", <{base}3>; rel="last", '
        f'<{base}1>; rel="first"'
    )
    following = send(gh, "GET", f"/repositories/{gh.repo_id}/issues/7/comments?per_page=2&page=3")
    assert [c["body"] for c in following.json()] == ["comment 4"]
