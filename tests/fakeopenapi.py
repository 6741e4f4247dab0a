"""What rung sends the fake GitHub's REST API, checked against GitHub's OpenAPI description.

The fake (tests/fakegithub.py) passes every request it receives through
``request_problems``: the operation the method and path name in npm
``@octokit/openapi`` (pinned in tooling/node), the query parameters it
documents, and the JSON body validated against its ``requestBody`` schema.  A
request the description does not describe is noted in tests/fakerefusals.py and
fails the test that sent it, whatever the fake answered.

GitHub's next links and redirects name a repository by id
(``/repositories/ID/...``), which the description does not list: such a path is
checked as the ``/repos/{owner}/{repo}/...`` operation it stands for.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema

from paths import REPO

SPEC_FILE = Path(
    os.environ.get("RUNG_OCTOKIT_OPENAPI")
    or REPO / "tooling/node/node_modules/@octokit/openapi/generated/api.github.com.json"
)
NOT_REST = {"/graphql", "/api/graphql"}  # GraphQL: tests/fakegraphql.py checks those
_BY_ID = re.compile(r"/repositories/[0-9]+(?=/)")


@functools.cache
def spec() -> dict[str, Any]:
    """GitHub's REST description (13 MB of JSON, read once per session)."""
    if not SPEC_FILE.is_file():
        raise RuntimeError(
            f"GitHub's OpenAPI description is not at {SPEC_FILE}: run "
            "`make tooling/node/node_modules/.package-lock.json` (make test does)"
        )
    data: dict[str, Any] = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    return data


def draft4(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` as JSON Schema."""
    if isinstance(node, list):
        return [draft4(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: draft4(value) for key, value in node.items() if key != "nullable"}
    return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out


@functools.cache
def components() -> dict[str, Any]:
    return {"schemas": draft4(spec()["components"]["schemas"])}


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = spec()["components"][kind][name]
    return node


def schema_errors(
    schema: dict[str, Any], value: Any, known: dict[str, Any] | None = None
) -> list[str]:
    """Why ``value`` does not fit ``schema``, whose refs point into the description's
    components (or into ``known``, a copy a test widened where GitHub is wider)."""
    root = {**draft4(schema), "components": known or components()}
    # Never str() an error: it prints the schema, here the whole description (seconds).
    found = [
        (e.message, list(e.absolute_path))
        for e in jsonschema.Draft4Validator(root).iter_errors(value)
    ]
    return [f"{message} at {path}" for message, path in sorted(found, key=str)]


@functools.cache
def _templates(method: str) -> list[tuple[re.Pattern[str], str]]:
    """The description's paths for ``method`` as patterns, the most literal first."""
    found = []
    for template, operations in spec()["paths"].items():
        if method.lower() not in operations:
            continue
        pattern = re.sub(
            r"\\\{([a-z_]+)\\\}",
            lambda m: ".+" if m.group(1) in ("path", "ref") else "[^/]+",  # a ref is heads/NAME
            re.escape(template),
        )
        literal = sum(1 for part in template.split("/") if part and "{" not in part)
        found.append((-literal, template, re.compile(pattern)))
    return [(pattern, template) for _, template, pattern in sorted(found)]


def operation(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """The description's path and operation for a request below the API root."""
    path = (
        _BY_ID.sub("/repos/OWNER/REPO", path, count=1)
        if path.startswith("/repositories/")
        else path
    )
    for pattern, template in _templates(method):
        if pattern.fullmatch(path):
            return template, spec()["paths"][template][method.lower()]
    return None


def request_problems(method: str, path: str, query: dict[str, str], body: Any) -> list[str]:
    """Where a request differs from what GitHub's description says the operation takes."""
    if path in NOT_REST:
        return []
    found = operation(method, path)
    what = f"{method} {path}"
    if found is None:
        return [f"{what}: GitHub's REST description has no such operation"]
    template, described = found
    names = {
        resolve(p)["name"] for p in described.get("parameters", []) if resolve(p)["in"] == "query"
    }
    problems = [
        f"{what}: query parameter {name!r} is not one {template} takes"
        for name in sorted(set(query) - names)
    ]
    request = resolve(described["requestBody"]) if "requestBody" in described else None
    if body is None:
        if request is not None and request.get("required"):
            problems.append(f"{what}: {template} needs a request body")
        return problems
    if request is None:
        return [*problems, f"{what}: {template} takes no request body"]
    schema = request["content"]["application/json"]["schema"]
    problems += [f"{what} request body: {e}" for e in schema_errors(schema, body)[:1]]
    return problems


def response_problems(method: str, path: str, status: int, body: Any) -> list[str]:
    """Where an answer differs from the schema GitHub's description gives for ``status``
    (for routes whose tests ask for it: the fake's older routes predate this check)."""
    found = operation(method, path)
    if found is None:
        return [f"{method} {path}: GitHub's REST description has no such operation"]
    template, described = found
    answer = described["responses"].get(str(status))
    if answer is None and status >= 400:  # GitHub's errors are basic-error, listed or not
        schema = {"$ref": "#/components/schemas/basic-error"}
        return [f"{method} {path} {status}: {e}" for e in schema_errors(schema, body)[:3]]
    if answer is None:
        return [f"{method} {path}: {template} does not answer {status}"]
    content = resolve(answer).get("content", {}).get("application/json")
    if content is None:
        return [] if body is None else [f"{method} {path}: {status} carries no body"]
    return [f"{method} {path} {status}: {e}" for e in schema_errors(content["schema"], body)[:3]]
