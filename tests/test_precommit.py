"""The pre-commit hooks name only the staged files: a ladder-only commit still
re-checks the packets on that ladder, as the pull-request check does; every file
rung validates is selected (decisions files and the people file too), and the
`rung-fmt` hook fixes what it finds, with `rung-fmt-check` left for CI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

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


HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}


def staged(hook_id: str, paths: list[str]) -> list[str]:
    """The files pre-commit gives the hook out of the staged ``paths``."""
    hook = HOOKS[hook_id]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    return [p for p in paths if files.search(p) and not exclude.search(p)]


def run_hook(hook_id: str, paths: list[str]) -> int:
    """What pre-commit runs for a commit staging ``paths``: nothing when the hook selects
    none of them (it skips the hook), else the entry with the files selected."""
    entry = HOOKS[hook_id]["entry"].split()
    assert entry[0] == "rung"
    selected = staged(hook_id, paths)
    if not selected:
        return 0
    return main([*entry[1:], *selected])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_the_validate_hook_selects_every_file_rung_validates() -> None:
    paths = [
        "packets/2026-H2/dana-levi.md",
        "packets/2026-H2/decisions.yaml",
        "packets/README.md",
        "ladders/thelotter.yaml",
        ".github/committee.yml",
        ".github/people.yml",
        ".github/committee.yaml",  # rung reads only committee.yml: not a ladder either
        ".github/workflows/packet-check.yml",
        "docs/packets.md",
        "rung.toml",
        "docs/rung.toml",  # only the repository's own configuration
    ]
    assert staged("rung-validate", paths) == [
        "packets/2026-H2/dana-levi.md",
        "packets/2026-H2/decisions.yaml",
        "ladders/thelotter.yaml",
        ".github/committee.yml",
        ".github/people.yml",
        "rung.toml",
    ]


def test_a_staged_rung_toml_with_an_unknown_rule_fails_the_commit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text('[rules]\nreuse = "off"\ngithub-lnk = "warning"\n', "utf-8")
    assert run_hook("rung-validate", ["rung.toml"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("rung.toml:3:1: error:")
    assert "github-link" in out  # the did-you-mean


def test_a_staged_decisions_file_with_errors_fails_the_commit(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decisions = repo / "packets" / "2026-H2" / "decisions.yaml"
    text = decisions.read_text("utf-8")
    decisions.write_text(text.replace("outcome: promote", "outcome: promoted", 1), "utf-8")
    assert run_hook("rung-validate", ["packets/2026-H2/decisions.yaml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("packets/2026-H2/decisions.yaml:")
    assert "promoted" in out


def test_a_staged_people_file_rechecks_every_packets_manager(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".github" / "people.yml").write_text("managers:\n  dana-levi: rgolan\n", "utf-8")
    assert run_hook("rung-validate", [".github/people.yml"]) == 1
    out, err = capsys.readouterr()
    assert [line.split(": ")[0:2] for line in out.splitlines() if ": error: " in line] == [
        ["packets/2026-H2/dana-levi.md:4:10", "error"]
    ]
    assert "rgolan" in out and "[manager]" in out
    assert err.startswith("rung: checked 4 packets, ")


def test_the_fmt_hook_fixes_in_place_and_the_check_hook_only_reports(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = repo / "packets" / "2026-H2" / "dana-levi.md"
    text = packet.read_text("utf-8")
    slipped = text.replace("name: Dana Levi", "name: Dana Levi #1 fan", 1)
    packet.write_text(slipped, "utf-8")
    assert run_hook("rung-fmt-check", ["packets/2026-H2/dana-levi.md"]) == 1
    assert packet.read_text("utf-8") == slipped
    # pre-commit fails a hook that changed a file, so the fix is staged and committed next.
    assert run_hook("rung-fmt", ["packets/2026-H2/dana-levi.md", "packets/README.md"]) == 0
    assert packet.read_text("utf-8") == text.replace(
        "name: Dana Levi", 'name: "Dana Levi #1 fan"', 1
    )
    assert "reformatted packets/2026-H2/dana-levi.md" in capsys.readouterr().out
    assert run_hook("rung-fmt-check", ["packets/2026-H2/dana-levi.md"]) == 0
