"""The fake GitHub cannot drift from GitHub: its answers, and what rung sends it,
validate against GitHub's own OpenAPI description (npm ``@octokit/openapi``).

The description is 13 MB, so it is not vendored: the test looks for it at
``$RUNG_OCTOKIT_OPENAPI`` or ``tooling/node/node_modules/@octokit/openapi/generated/api.github.com.json``
(installed by ``make test``)
and is skipped, saying so, when neither exists.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

import fakeopenapi
from fakegithub import Call, FakeGitHub
from rung.github.client import GitHubClient
from rung.github.context import GitHubContext, RetrySettings
from rung.problems import FatalError

pytestmark = pytest.mark.skipif(
    not fakeopenapi.SPEC_FILE.is_file(),
    reason="GitHub's OpenAPI description is not installed (make test runs npm ci in tooling/node, "
    "or set RUNG_OCTOKIT_OPENAPI)",
)

# fake route (method, path below /repos/acme/promotions or absolute) -> the spec's path
ROUTES = [
    ("GET", r"/user", "/user"),
    ("GET", r"/repos/acme/promotions/pulls", "/repos/{owner}/{repo}/pulls"),
    ("GET", r"/repos/acme/promotions/pulls/\d+", "/repos/{owner}/{repo}/pulls/{pull_number}"),
    (
        "GET",
        r"/repos/acme/promotions/pulls/\d+/files",
        "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    ),
    (
        "GET",
        r"/repos/acme/promotions/pulls/\d+/reviews",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    ),
    (
        "GET",
        r"/repos/acme/promotions/pulls/\d+/comments",
        "/repos/{owner}/{repo}/pulls/{pull_number}/comments",
    ),
    (
        "GET",
        r"/repos/acme/promotions/pulls/\d+/requested_reviewers",
        "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    ),
    (
        "POST",
        r"/repos/acme/promotions/pulls/\d+/requested_reviewers",
        "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    ),
    (
        "GET",
        r"/repos/acme/promotions/issues/\d+/comments",
        "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ),
    (
        "POST",
        r"/repos/acme/promotions/issues/\d+/comments",
        "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    ),
    (
        "PATCH",
        r"/repos/acme/promotions/issues/comments/\d+",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    ),
    ("GET", r"/repos/acme/promotions/contents/.+", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", r"/repos/acme/promotions/git/trees/\w+", "/repos/{owner}/{repo}/git/trees/{tree_sha}"),
    ("GET", r"/repos/acme/promotions/git/blobs/\w+", "/repos/{owner}/{repo}/git/blobs/{file_sha}"),
]


# Where GitHub's description is known to be narrower than GitHub: an outdated
# review comment comes back with ``line`` and ``position`` null (the issue and
# GitHub's docs on outdated comments), though the schema says integer.
KNOWN_NULLABLE = {"pull-request-review-comment": ("line", "position")}


def _operation(call: Call) -> tuple[str, dict[str, Any]]:
    for method, pattern, spec_path in ROUTES:
        if method == call.method and re.fullmatch(pattern, call.path):
            return spec_path, fakeopenapi.spec()["paths"][spec_path][method.lower()]
    raise AssertionError(f"the fake answered {call.method} {call.path}, which no route maps")


@functools.cache
def widened() -> dict[str, Any]:
    schemas = fakeopenapi.draft4(fakeopenapi.spec()["components"]["schemas"])
    for name, fields in KNOWN_NULLABLE.items():
        for field_name in fields:
            properties = schemas[name]["properties"]
            properties[field_name] = {"anyOf": [properties[field_name], {"type": "null"}]}
    return {"schemas": schemas}


def _check(schema: dict[str, Any], value: Any, what: str) -> None:
    errors = fakeopenapi.schema_errors(schema, value, widened())
    assert not errors, f"{what}: {errors[0]}"


def _exercise(gh: FakeGitHub) -> None:
    """Every route the fake serves, successes and GitHub's refusals."""
    pull = gh.add_pull(7, "dana-levi", {"packets/2026-H2/dana-levi.md": "---\nx: 1\n---\n"})
    gh.add_pull(8, "maya", {"packets/2026-H2/maya.md": "x"}, requested=("bob",))
    gh.add_review_comment(7, "bob", "/meets yes", path="packets/2026-H2/dana-levi.md", line=2)
    gh.add_review_comment(
        7, "bob", "/meets old", path="packets/2026-H2/dana-levi.md", line=None, original_line=2
    )
    gh.add_review_comment(7, None, "ghost", path="packets/2026-H2/dana-levi.md", line=2)
    gh.add_review(7, "carol", "APPROVED")
    gh.add_review(7, "dave", "PENDING")
    gh.collaborators = {"ann", "bob", "carol"}
    client = GitHubClient(GitHubContext.from_env(gh.env()), RetrySettings(max_wait=0, throttle=0))
    client.pull_request(7)
    client.reviews(7)
    client.discussion(7)
    client.open_packet_load(7)
    client.changed_packets(7)
    client.file_text("packets/2026-H2/dana-levi.md", pull.head_sha)
    client.request_reviewers(7, ["ann", "zed"])  # 422 for the pair, then one by one
    client.github.requester.requestJsonAndCheck(  # GET requested_reviewers, as GitHub documents it
        "GET", f"{client.repo.url}/pulls/7/requested_reviewers"
    )
    client.upsert_comment(7, "<!-- m -->\none", "<!-- m -->")
    client.upsert_comment(7, "<!-- m -->\ntwo", "<!-- m -->")
    with pytest.raises(FatalError):
        client.file_text("packets/2026-H2/none.md", pull.head_sha)
    gh.add_symlink("packets/2026-H2/eve.md", "dana-levi.md", pull.head_sha)
    with pytest.raises(FatalError):
        client.file_text("packets/2026-H2/eve.md", pull.head_sha)
    client.repo.get_contents(
        "packets/2026-H2/eve.md", ref=pull.head_sha
    )  # followed, as GitHub does
    gh.add_content("big.md", b"x" * (1024 * 1024 + 1), "main")
    with pytest.raises(FatalError):
        client.file_text("big.md", "main")


def test_the_fakes_answers_and_rungs_requests_match_githubs_description() -> None:
    with FakeGitHub() as gh:
        _exercise(gh)
    covered = set()
    for call in gh.requests:
        if call.path == "/graphql":
            continue  # GraphQL has its own schema, not in the REST description
        spec_path, operation = _operation(call)
        covered.add((call.method, spec_path))
        what = f"{call.method} {call.path} -> {call.status}"
        # What rung sent: checked by the fake itself for every request of the suite.
        assert fakeopenapi.request_problems(call.method, call.path, call.query, call.body) == []
        response = operation["responses"].get(str(call.status))
        assert response is not None, f"{what}: GitHub does not document this status"
        content = fakeopenapi.resolve(response).get("content", {}).get("application/json")
        if content is not None and call.response is not None:
            _check(content["schema"], call.response, what)
    assert covered == {(method, spec_path) for method, _, spec_path in ROUTES}
