"""Every command finds the repository root from any folder inside it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main
from rung.model.repo import find_root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / ".git").mkdir()  # the top of a work tree: the search stops here
    return tmp_path


def test_validate_from_a_subfolder_checks_the_repository(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo / "packets" / "2026-H2")
    assert main(["validate", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["packets"]) == 4
    assert "checked 4 packets, 3 ladders, 1 decisions file, the committee roster" in captured.err


def test_a_packet_named_from_its_folder_finds_its_ladder(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo / "packets")
    assert main(["validate", "2026-H2/dana-levi.md"]) == 0
    assert "unknown ladder" not in capsys.readouterr().out
    assert main(["ladder", "diff", "thelotter", "ic-l4", "ic-l5", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["to"] == "ic-l5"


def test_a_broken_ladder_is_named_broken_in_every_packet_on_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ladder = repo / "ladders" / "thelotter.yaml"
    ladder.write_text(ladder.read_text("utf-8").replace("rank: 2", "rank: 0", 1), "utf-8")
    monkeypatch.chdir(repo / "packets")
    assert main(["validate", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    about = [f["message"] for f in findings if f["rule"] == "reference"]
    assert len(about) == 2  # the two thelotter packets
    assert all(
        re.fullmatch(r"ladder 'thelotter' has 1 error; see \S*ladders/thelotter\.yaml:\d+:\d+", m)
        for m in about
    ), about


def test_the_search_stops_at_the_work_tree_top(tmp_path: Path) -> None:
    (tmp_path / "ladders").mkdir()
    inner = tmp_path / "project"
    (inner / ".git").mkdir(parents=True)
    (inner / "docs").mkdir()
    assert find_root(inner / "docs") == inner / "docs"
    (inner / "rung.toml").write_text("")
    assert find_root(inner / "docs") == inner.resolve()
