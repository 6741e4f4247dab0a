"""`rung validate` warns when the roster cannot give a packet enough reviewers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_the_repository_roster_is_enough(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f for f in findings if f["rule"] == "reviewers"] == []


def test_too_few_eligible_members_is_a_warning_on_the_target_level(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = repo / ".github" / "committee.yml"
    text = roster.read_text("utf-8")
    roster.write_text(text.replace("reviewers_per_packet: 3", "reviewers_per_packet: 7"), "utf-8")
    assert main(["validate", "--format", "json", "packets/2026-H2/dana-levi.md"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    (warning,) = [f for f in findings if f["rule"] == "reviewers"]
    packet = (repo / "packets" / "2026-H2" / "dana-levi.md").read_text("utf-8").splitlines()
    assert (warning["line"], warning["level"]) == (packet.index("to: ic-l5") + 1, "warning")
    assert warning["message"].startswith("only 5 committee members can review")
    assert (
        "can review a packet for thelotter ic-l5, and the roster asks for 7" in warning["message"]
    )
    assert main(["validate", "--strict", "packets/2026-H2/dana-levi.md"]) == 1
