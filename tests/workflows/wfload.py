"""Loading rung's workflow files for the tests, with rung's own strict YAML loader.

PyYAML's ``safe_load`` would read the ``on:`` key as ``True``; rung's loader
keeps it the string the author wrote, and rejects duplicate keys and aliases.
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


def load_workflow(name: str) -> dict[str, Any]:
    return load(workflow_path(name))
