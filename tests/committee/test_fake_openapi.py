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
from github import GithubException

import fakeopenapi
from fakegithub import Call, FakeGitHub
from rung.github.client import GitHubClient
from rung.github.context import GitHubContext, RetrySettings
from rung.github.record import RecordStore
from rung.problems import FatalError
from rung.record.events import Assigned

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
    # reviews written through the API (rung verdict; tests/fakereviews.py)
    (
        "POST",
        r"/repos/acme/promotions/pulls/\d+/reviews",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    ),
    (
        "GET",
        r"/repos/acme/promotions/pulls/\d+/reviews/\d+",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
    ),
    (
        "GET",
        r"/repos/acme/promotions/pulls/\d+/reviews/\d+/comments",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments",
    ),
    (
        "POST",
        r"/repos/acme/promotions/pulls/\d+/reviews/\d+/events",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events",
    ),
    ("GET", r"/repos/acme/promotions/contents/.+", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", r"/repos/acme/promotions/git/trees/\w+", "/repos/{owner}/{repo}/git/trees/{tree_sha}"),
    ("GET", r"/repos/acme/promotions/git/blobs/\w+", "/repos/{owner}/{repo}/git/blobs/{file_sha}"),
    # the record's writes (tests/fakegitdata.py, a real bare repository)
    ("POST", r"/repos/acme/promotions/git/blobs", "/repos/{owner}/{repo}/git/blobs"),
    ("POST", r"/repos/acme/promotions/git/trees", "/repos/{owner}/{repo}/git/trees"),
    ("POST", r"/repos/acme/promotions/git/commits", "/repos/{owner}/{repo}/git/commits"),
    (
        "GET",
        r"/repos/acme/promotions/git/commits/\w+",
        "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    ),
    ("GET", r"/repos/acme/promotions/git/ref/.+", "/repos/{owner}/{repo}/git/ref/{ref}"),
    ("POST", r"/repos/acme/promotions/git/refs", "/repos/{owner}/{repo}/git/refs"),
    ("PATCH", r"/repos/acme/promotions/git/refs/.+", "/repos/{owner}/{repo}/git/refs/{ref}"),
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
    _exercise_record(gh, client)
    _exercise_reviews(gh, client)


def _exercise_reviews(gh: FakeGitHub, client: GitHubClient) -> None:
    """A review created pending with comments, read back, submitted; GitHub's 422s for
    a line outside the diff, a second pending review and a second submit."""
    from rung.github.review import post_review

    reviews = "/repos/acme/promotions/pulls/7/reviews"
    path = "packets/2026-H2/dana-levi.md"
    outside = {"comments": [{"path": path, "line": 99, "side": "RIGHT", "body": "/meets"}]}
    with pytest.raises(GithubException) as refused:
        client.write("POST", reviews, outside, 200)
    assert refused.value.status == 422
    gh.add_review(7, gh.login, "PENDING")
    with pytest.raises(FatalError):  # the token's user has a draft of their own
        post_review(
            client, 7, login=gh.login, commit_id="", path=path, comments=[(2, "/meets")], body=""
        )
    gh.pulls[7].reviews.pop()
    posted = post_review(
        client, 7, login=gh.login, commit_id=gh.pulls[7].head_sha, path=path,
        comments=[(2, "/meets yes")], body="rung verdict",
    )  # fmt: skip
    client.github.requester.requestJsonAndCheck("GET", f"{reviews}/{posted.review_id}")
    client.github.requester.requestJsonAndCheck("GET", f"{reviews}/{posted.review_id}/comments")
    with pytest.raises(GithubException) as refused:
        client.write("POST", f"{reviews}/{posted.review_id}/events", {"event": "COMMENT"}, 200)
    assert refused.value.status == 422


def _exercise_record(gh: FakeGitHub, client: GitHubClient) -> None:
    """The record's reads and writes: the ref made (404, then POST /git/refs), moved
    (PATCH), refused by the fake's own checks (422 not a fast forward, 422 exists)."""
    path = "records/2026-H2/dana-levi.jsonl"
    packet = "packets/2026-H2/dana-levi.md"
    store = RecordStore(client, clock=lambda: "2026-07-01T09:00:00Z")
    first = store.append(path, [Assigned(packet, 7, "ann", "rung")]).commit
    store.append(path, [Assigned(packet, 7, "bob", "rung")])
    assert store.read(path).text.count("\n") == 2
    refs = "/repos/acme/promotions/git/refs"
    backwards = {"sha": first, "force": False}
    again = {"ref": "refs/heads/rung-record", "sha": first}
    for verb, url, body in (
        ("PATCH", f"{refs}/heads/rung-record", backwards),
        ("POST", refs, again),
    ):
        with pytest.raises(GithubException) as refused:
            client.write(verb, url, body, 200)
        assert refused.value.status == 422


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
