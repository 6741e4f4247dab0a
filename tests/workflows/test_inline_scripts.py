"""No program lives inside a workflow: every ``run:`` script is at most 15 lines.

Logic in a workflow runs with the job's token and is reviewed as YAML; logic
in rung is typed, unit-tested and run by the e2e tests as the workflow calls
it.  Anything longer than a few commands and their checks belongs in rung (as
``rung pr locate`` took packet-review's pull-request lookup).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workflows.hardening import steps_of
from workflows.wfload import WORKFLOWS_DIR, load

MAX_LINES = 15
FILES = sorted(WORKFLOWS_DIR.glob("*.y*ml"))  # every workflow on disk, a new one too


def long_scripts(path: Path) -> list[str]:
    """``where: N lines`` for every ``run:`` script of ``path`` over MAX_LINES lines."""
    found = []
    for where, step in steps_of(load(path)):
        script = step.get("run")
        lines = str(script).rstrip("\n").count("\n") + 1 if script is not None else 0
        if lines > MAX_LINES:
            found.append(f"{where}: {lines} lines")
    return found


def test_every_workflow_is_checked() -> None:
    assert {p.stem for p in FILES} >= {"packet-review", "packet-check", "cycle-decisions"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_run_script_is_longer_than_15_lines(path: Path) -> None:
    assert long_scripts(path) == []


def test_the_count_is_of_the_script_as_written(tmp_path: Path) -> None:
    body = "".join(f"          echo {i}\n" for i in range(MAX_LINES))
    workflow = tmp_path / "w.yml"
    workflow.write_text(
        "jobs:\n  j:\n    steps:\n"
        f"      - id: short\n        run: |\n{body}"
        f"      - id: long\n        run: |\n{body}          echo last\n"
        "      - id: one\n        run: echo one\n",
        encoding="utf-8",
    )
    assert long_scripts(workflow) == [f"job j step long: {MAX_LINES + 1} lines"]
