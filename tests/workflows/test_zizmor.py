"""zizmor, the GitHub Actions auditor, finds nothing in rung's workflows and action.

Both personas: the default one and ``auditor``, which also reports what is
usually noise (``secrets-outside-env`` among them).  Offline, so no network.
A suppression is an inline ``# zizmor: ignore[audit] -- why`` comment, and
every one must say why right there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from paths import REPO

ZIZMOR = Path(sys.executable).parent / "zizmor"
AUDITED = [*sorted((REPO / ".github" / "workflows").glob("*.yml")), REPO / "action.yml"]


@pytest.mark.parametrize("persona", ["regular", "auditor"])
def test_zizmor_reports_nothing(persona: str) -> None:
    assert ZIZMOR.is_file(), f"zizmor is not installed next to {sys.executable}: run make test"
    done = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", f"--persona={persona}", *map(str, AUDITED)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


IGNORE = re.compile(r"#\s*zizmor:\s*ignore\[([a-z0-9,-]+)\](.*)$")


def test_every_suppression_says_why() -> None:
    found = []
    for path in AUDITED:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = IGNORE.search(line)
            if match:
                reason = match.group(2).strip().removeprefix("--").strip()
                found.append((path.name, number, match.group(1), len(reason) >= 40))
    assert found, "no suppression: drop this test's reason check if none is needed any more"
    assert [f for f in found if not f[3]] == [], "a suppression without a written reason"
    # Each caller of this repository calls its reusable workflow as `./...` (callers.py says why).
    local = {
        (f"{name}.yml", "self-repository")
        for name in (
            "cycle-bundle",
            "cycle-decisions",
            "cycle-reveal",
            "cycle-status",
            "packet-check",
            "packet-review-trigger",
            "packet-review",
        )
    }
    assert {(name, audit) for name, _, audit, _ in found} == {
        ("packet-review.yml", "dangerous-triggers"),
        *local,
    }


def test_zizmor_reports_nothing_in_an_organisations_callers(tmp_path: Path) -> None:
    """What `rung init` writes: callers of rung's reusable workflows at a pinned commit."""
    from rung.init.callers import Pin, callers

    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for path, text in callers(Pin("acme/rung", "0123456789abcdef" * 2 + "01234567")).items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--persona=auditor", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr
