"""The pre-commit hook names only the staged files: a ladder-only commit still
re-checks the packets on that ladder, as the pull-request check does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main


def test_a_staged_ladder_change_rechecks_its_packets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    ladder = tmp_path / "ladders" / "thelotter.yaml"
    text = ladder.read_text("utf-8")
    # A new criterion on ic-l5: every open ic-l5 packet now lacks evidence for it.
    anchor = "          - id: ic-l5.execution.hld-for-epics\n"
    assert text.count(anchor) == 1
    new = "          - id: ic-l5.execution.writes-runbooks\n            text: You write runbooks.\n"
    ladder.write_text(text.replace(anchor, new + anchor), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    # What pre-commit runs for a commit that stages only the ladder:
    assert main(["validate", "--format", "json", "ladders/thelotter.yaml"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["path"], f["rule"]) for f in findings if f["level"] == "error"] == [
        ("packets/2026-H2/dana-levi.md", "coverage")
    ]
    assert "ic-l5.execution.writes-runbooks" in findings[0]["message"]
