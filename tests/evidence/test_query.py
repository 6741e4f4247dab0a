"""The evidence query is valid against GitHub's published schema for every mix of link kinds.

GitHub's own ``schema.graphql`` (npm ``@octokit/graphql-schema``) and graphql-core's
validation rules: what a strict GraphQL server refuses, whatever GitHub's server
tolerates today with a deprecation warning.  The end-to-end tests beside this
one send the same documents to the fake, which validates them too.
"""

from __future__ import annotations

import itertools

import pytest
from graphql import parse, validate

from fakegraphql import github_schema
from rung.github.evidence_query import build_query
from rung.model.githublink import GitHubLink
from rung.model.githublink import parse as parse_link

SHA = "0123456789abcdef0123456789abcdef01234567"
LINKS = {
    "pull": "https://github.com/acme/shop/pull/1",
    "issue": "https://github.com/acme/shop/issues/2",
    "commit": f"https://github.com/acme/shop/commit/{SHA}",
    "discussion": "https://github.com/acme/shop/discussions/3",
    "release": "https://github.com/acme/shop/releases/tag/v1.0",
}
MIXES = [
    mix for size in range(1, len(LINKS) + 1) for mix in itertools.combinations(sorted(LINKS), size)
]


def refs(kinds: tuple[str, ...]) -> list[GitHubLink]:
    found = [parse_link(LINKS[kind], frozenset({"github.com"})) for kind in kinds]
    assert all(isinstance(ref, GitHubLink) for ref in found)
    return found  # type: ignore[return-value]


def errors(kinds: tuple[str, ...]) -> list[str]:
    query, _ = build_query(refs(kinds), "dana-levi")
    return [error.message for error in validate(github_schema(), parse(query))]


def test_every_kind_of_link_is_in_the_mixes() -> None:
    assert {ref.kind for ref in refs(tuple(LINKS))} == {
        "pull",
        "issue",
        "commit",
        "discussion",
        "release",
    }
    assert len(MIXES) == 31


@pytest.mark.parametrize("kinds", MIXES, ids="+".join)
def test_every_mix_of_link_kinds_is_a_valid_document(kinds: tuple[str, ...]) -> None:
    assert errors(kinds) == []


def test_a_pull_request_and_an_issue_in_one_batch_read_state_under_distinct_aliases() -> None:
    """GitHub: "Fields 'state' conflict because they return conflicting types
    'PullRequestState!' and 'IssueState!'" -- on main every batch with a pull or issue link."""
    assert errors(("pull", "issue")) == []
    query, _ = build_query(refs(("pull", "issue")), "dana-levi")
    assert "pullState: state" in query and "issueState: state" in query


def test_login_is_declared_only_when_a_pull_request_reads_reviews() -> None:
    """GitHub refuses "Variable $login is declared by Evidence but not used" outright."""
    assert errors(("commit", "discussion", "release")) == []
    query, variables = build_query(refs(("commit", "discussion", "release")), "dana-levi")
    assert "$login" not in query and "login" not in variables
    query, variables = build_query(refs(("commit", "pull")), "dana-levi")
    assert query.startswith("query Evidence($login: String!, ")
    assert variables["login"] == "dana-levi"


def test_the_fake_validates_against_the_same_schema() -> None:
    """The check above is not a tautology: the schema refuses what GitHub refuses."""
    schema = github_schema()
    unused = "query Evidence($login: String!) { rateLimit { cost } }"
    assert [e.message for e in validate(schema, parse(unused))] == [
        "Variable '$login' is never used in operation 'Evidence'."
    ]
    clash = (
        'query($n: Int!) { repository(owner: "a", name: "b") { issueOrPullRequest(number: $n)'
        " { ... on PullRequest { state } ... on Issue { state } } } }"
    )
    [message] = [e.message for e in validate(schema, parse(clash))]
    assert message.startswith("Fields 'state' conflict because they return conflicting types")
