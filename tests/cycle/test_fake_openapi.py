"""The cycle fake's extra routes answer in GitHub's shapes (npm ``@octokit/openapi``),
and what rung sends them is what GitHub's description says they take.  Skipped, saying
so, without the spec."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

import fakeopenapi
from cycle.fake import CycleFake
from rung.github.context import GitHubContext, RetrySettings
from rung.github.cycle import CycleClient

pytestmark = pytest.mark.skipif(
    not fakeopenapi.SPEC_FILE.is_file(),
    reason="GitHub's OpenAPI description is not installed (make test runs npm ci)",
)
ROUTES = [
    ("GET", r"/repos/acme/promotions/pulls", "/repos/{owner}/{repo}/pulls"),
    ("GET", r"/repos/acme/promotions/pulls/\d+/files", "/repos/{owner}/{repo}/pulls/{pull_number}/files"),
    ("POST", r"/repos/acme/promotions/issues/\d+/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels"),
    ("DELETE", r"/repos/acme/promotions/issues/\d+/labels/.+", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}"),
    ("GET", r"/repos/acme/promotions/issues/\d+/comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("POST", r"/repos/acme/promotions/issues/\d+/comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
]  # fmt: skip


def _check(schema: dict[str, Any], value: Any, what: str) -> None:
    errors = fakeopenapi.schema_errors(schema, value)
    assert not errors, f"{what}: {errors[0]}"


def test_the_cycle_routes_match_githubs_description() -> None:
    with CycleFake() as gh:
        gh.add_cycle_pull(
            7, "dana", {"packets/2026-H2/dana.md": "x"}, created_at="2026-06-01T08:00:00Z",
            draft=True, labels=("rung: not-yet",),
        )  # fmt: skip
        client = CycleClient(
            GitHubContext.from_env(gh.env()), RetrySettings(max_wait=0, throttle=0)
        )
        [pull] = client.cycle_pulls("2026-H2", datetime(2026, 1, 1, tzinfo=UTC), verdicts=False)
        assert pull.draft and pull.labels == ("rung: not-yet",)
        client.set_label(7, "rung: promote", pull.labels, "rung: ")
        # The body GitHub's description gives, not PyGithub's bare list.
        [label] = gh.calls("POST", "/repos/acme/promotions/issues/7/labels")
        assert label.body == {"labels": ["rung: promote"]}
        client.post_once(7, "<!-- m -->\nhi", "<!-- m -->", "2026-01-01T00:00:00Z")
    covered = set()
    for call in gh.requests:
        if call.path == "/user":
            continue
        method, spec_path = next(
            (m, sp)
            for m, pattern, sp in ROUTES
            if m == call.method and re.fullmatch(pattern, call.path)
        )
        covered.add((method, spec_path))
        operation = fakeopenapi.spec()["paths"][spec_path][method.lower()]
        what = f"{call.method} {call.path} -> {call.status}"
        assert fakeopenapi.request_problems(call.method, call.path, call.query, call.body) == []
        response = operation["responses"].get(str(call.status))
        assert response is not None, f"{what}: GitHub does not document this status"
        content = fakeopenapi.resolve(response).get("content", {}).get("application/json")
        if content is not None and call.response is not None:
            _check(content["schema"], call.response, what)
    assert covered == {(m, sp) for m, _, sp in ROUTES}
