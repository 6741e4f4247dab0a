"""The cycle fake's extra routes answer in GitHub's shapes (npm ``@octokit/openapi``),
and what rung sends them is what GitHub accepts.  Skipped, saying so, without the spec."""

from __future__ import annotations

import functools
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cycle.fake import CycleFake
from paths import REPO
from rung.github.context import GitHubContext, RetrySettings
from rung.github.cycle import CycleClient

SPEC = Path(
    os.environ.get("RUNG_OCTOKIT_OPENAPI")
    or REPO / "tooling/node/node_modules/@octokit/openapi/generated/api.github.com.json"
)
pytestmark = pytest.mark.skipif(
    not SPEC.is_file(),
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


@functools.cache
def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return data


def _draft4(node: Any) -> Any:
    if isinstance(node, list):
        return [_draft4(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _draft4(value) for key, value in node.items() if key != "nullable"}
    return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = spec()["components"][kind][name]
    return node


def _check(schema: dict[str, Any], value: Any, what: str) -> None:
    root = {**_draft4(schema), "components": {"schemas": _draft4(spec()["components"]["schemas"])}}
    errors = sorted(jsonschema.Draft4Validator(root).iter_errors(value), key=str)
    assert not errors, f"{what}: {errors[0].message} at {list(errors[0].absolute_path)}"


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
        operation = spec()["paths"][spec_path][method.lower()]
        what = f"{call.method} {call.path} -> {call.status}"
        names = {_resolve(p)["name"] for p in operation.get("parameters", [])}
        assert set(call.query) <= names, what
        if isinstance(call.body, list) and spec_path.endswith("/labels"):
            # PyGithub sends a bare list.  GitHub's description says "You can also pass an
            # `array` of labels directly"; Octokit's copy drops that array branch.
            assert call.body and all(isinstance(name, str) for name in call.body), what
        elif call.body is not None:
            request = _resolve(operation["requestBody"])["content"]["application/json"]["schema"]
            _check(request, call.body, what + " (request body)")
        response = operation["responses"].get(str(call.status))
        assert response is not None, f"{what}: GitHub does not document this status"
        content = _resolve(response).get("content", {}).get("application/json")
        if content is not None and call.response is not None:
            _check(content["schema"], call.response, what)
    assert covered == {(m, sp) for m, _, sp in ROUTES}
