"""Loading rung's workflow files for the tests, with rung's own strict YAML loader.

PyYAML's ``safe_load`` would read the ``on:`` key as ``True``; rung's loader
keeps it the string the author wrote, and rejects duplicate keys and aliases.

Each workflow is a thin caller (its triggers, concurrency and the most its
token may do) whose one job calls a reusable ``rung-*.yml`` (``on:
workflow_call``).  :func:`load_workflow` reads the pair as GitHub runs it: the
caller's ``name``, ``on`` and ``concurrency`` with the called workflow's jobs,
``env`` and ``defaults``, and the call itself under ``_call`` (its ``with:``,
``secrets:`` and ``permissions:``, and the inputs the called workflow declares),
which the local runner turns into the ``inputs`` context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paths import REPO
from rung.loaders.yamlload import load_yaml

WORKFLOWS_DIR = REPO / ".github" / "workflows"
WORKFLOW_NAMES = (
    "packet-check",
    "packet-review",
    "packet-review-trigger",
    "cycle-bundle",
    "cycle-decisions",
    "cycle-reveal",
    "cycle-status",
)
ACTION_FILE = REPO / "action.yml"


def workflow_path(name: str) -> Path:
    return WORKFLOWS_DIR / f"{name}.yml"


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    document, problems = load_yaml(text, str(path))
    assert not problems, [p.message for p in problems]
    assert document is not None
    data: dict[str, Any] = document.data
    return data


def called_path(uses: str) -> Path:
    """The file a caller's ``uses:`` names: ``./.github/workflows/x.yml`` here, or
    ``OWNER/rung/.github/workflows/x.yml@SHA`` (an organisation's caller), which is
    this repository's copy of that file: GitHub would fetch it from rung at SHA."""
    path = uses.split("@", 1)[0]
    if not path.startswith("./"):
        path = path.split("/", 2)[2]  # drop OWNER/REPO
    return REPO / path.removeprefix("./")


def effective(data: dict[str, Any]) -> dict[str, Any]:
    """A caller read with the workflow its one job calls; any other workflow as it is."""
    calls = {k: j for k, j in data.get("jobs", {}).items() if "uses" in j}
    if not calls:
        return data
    assert len(data["jobs"]) == 1, "a caller has one job: the call"
    job_id, job = next(iter(calls.items()))
    called = load(called_path(str(job["uses"])))
    spec = called["on"]["workflow_call"] or {}
    return {
        **called,
        "name": data["name"],
        "on": data["on"],
        "permissions": data.get("permissions"),
        "concurrency": data.get("concurrency"),
        "_call": {
            "job": job_id,
            "uses": job["uses"],
            "with": job.get("with") or {},
            "secrets": job.get("secrets") or {},
            "permissions": job.get("permissions"),
            "inputs": spec.get("inputs") or {},
            "declared_secrets": spec.get("secrets") or {},
        },
    }


def load_workflow(name: str) -> dict[str, Any]:
    return effective(load(workflow_path(name)))


def load_caller(path: Path) -> dict[str, Any]:
    """A workflow file on disk, read with what it calls (``effective``)."""
    return effective(load(path))
