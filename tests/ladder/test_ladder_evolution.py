"""Ladders that change without breaking open packets: `renamed_from`, `rung packet sync`."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main

NEW = "ic-l5.research.writes-runbooks"


def evolve(text: str) -> str:
    """thelotter with ic-l5's area `rnd` renamed `research`, and one criterion added."""
    start = text.index("  - id: ic-l5\n")
    end = text.index("      - id: company\n", start)
    part = text[start:end].replace("      - id: rnd\n", "      - id: research\n")
    part = re.sub(
        r"( +)- id: ic-l5\.rnd\.([a-z0-9-]+)\n",
        lambda m: f"{m[1]}- id: ic-l5.research.{m[2]}\n{m[1]}  renamed_from: [ic-l5.rnd.{m[2]}]\n",
        part,
    )
    part += f"          - id: {NEW}\n            text: You write the runbooks of what you own.\n"
    return text[:start] + part + text[end:]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    ladder = tmp_path / "ladders" / "thelotter.yaml"
    ladder.write_text(evolve(ladder.read_text("utf-8")), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def findings(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return list(json.loads(capsys.readouterr().out)["findings"])


def test_old_ids_are_notices_and_still_count(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ladder", "check", "ladders/thelotter.yaml"]) == 0
    capsys.readouterr()
    assert main(["validate", "--format", "json", "packets/2026-H2/dana-levi.md"]) == 1
    found = findings(capsys)
    notices = [f for f in found if f["level"] == "notice"]
    assert len(notices) == 6
    assert all("is now 'ic-l5.research." in str(f["message"]) for f in notices)
    errors = [f for f in found if f["level"] == "error"]
    assert len(errors) == 1  # only the new criterion: the renamed ones still count
    assert NEW in str(errors[0]["message"])


def test_sync_renames_adds_and_touches_nothing_else(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packets = sorted((repo / "packets").rglob("*.md"))
    before = {p: p.read_text("utf-8") for p in packets}
    assert main(["packet", "sync", "--check"]) == 1
    capsys.readouterr()
    assert main(["packet", "sync"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("synced packets/2026-H2/dana-levi.md: renamed ic-l5.rnd.")
    for path in packets:
        after = path.read_text("utf-8")
        diff = [
            line
            for line in difflib.unified_diff(before[path].splitlines(), after.splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        if path.stem != "dana-levi":  # not on thelotter ic-l4 -> ic-l5: untouched
            assert diff == [], path
            continue
        removed = [line[1:] for line in diff if line.startswith("-")]
        added = [line[1:] for line in diff if line.startswith("+")]
        assert len(removed) == 6
        assert all(re.fullmatch(r"  ic-l5\.rnd\.[a-z0-9-]+:", line) for line in removed)
        renamed = [line.replace(".rnd.", ".research.") for line in removed]
        assert added[:6] == renamed
        assert added[6:] == [
            "  # You write the runbooks of what you own.",
            f"  {NEW}:",
            '    - claim: ""',
            "      links: []",
        ]
    # Every example packet is valid but for the one criterion its author must now show.
    assert main(["validate", "--format", "json"]) == 1
    found = findings(capsys)
    assert [(f["path"], f["rule"], f["level"]) for f in found if f["level"] != "notice"] == [
        ("packets/2026-H2/dana-levi.md", "coverage", "error")
    ]
    assert NEW in str(found[0]["message"]) or any(NEW in str(f["message"]) for f in found)
    assert main(["packet", "sync", "--check"]) == 0  # idempotent


def test_ladder_check_refuses_a_reused_old_id(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ladder = repo / "ladders" / "thelotter.yaml"
    text = ladder.read_text("utf-8")
    text = text.replace(
        "renamed_from: [ic-l5.rnd.impact-other-teams]",
        "renamed_from: [ic-l5.execution.hld-for-epics]",
    )
    ladder.write_text(text, "utf-8")
    assert main(["ladder", "check", "ladders/thelotter.yaml"]) == 1
    out = capsys.readouterr().out
    assert (
        "'ic-l5.execution.hld-for-epics' is renamed to 'ic-l5.research.impact-other-teams' " in out
    )
    assert "an old id cannot be reused [ladder]" in out


def test_sync_marks_a_criterion_no_longer_required(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = repo / "packets" / "2026-H2" / "tamar-golan.md"
    text = packet.read_text("utf-8")
    key = next(line for line in text.splitlines() if re.fullmatch(r"  [a-z0-9.-]+:", line))
    packet.write_text(text.replace(key, "  ic-l5.gone.old-criterion:", 1), "utf-8")
    assert main(["packet", "sync", "packets/2026-H2/tamar-golan.md"]) == 0
    synced = packet.read_text("utf-8")
    assert "  # rung packet sync: no longer required by" in synced, capsys.readouterr().out
    assert f"\n{key}:\n" in synced or f"\n{key}\n" in synced  # re-added as a new empty item


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_ladder_impact_lists_what_each_packet_gains_and_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    _git(tmp_path, "checkout", "-q", "-b", "ladder-change")
    ladder = tmp_path / "ladders" / "thelotter.yaml"
    ladder.write_text(evolve(ladder.read_text("utf-8")), "utf-8")
    monkeypatch.chdir(tmp_path / "packets")  # from a subfolder, against the default branch
    assert main(["ladder", "impact", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ladders"] == ["thelotter"]
    (dana,) = report["packets"]
    assert (dana["packet"], dana["move"]) == ("2026-H2/dana-levi.md", "ic-l4 -> ic-l5")
    assert dana["gained"] == [NEW]
    assert dana["lost"] == []
    assert len(dana["renamed"]) == 6
    assert all(r["to"] == r["from"].replace(".rnd.", ".research.") for r in dana["renamed"])
    assert main(["ladder", "impact", "--since", "main", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert (
        f"| `2026-H2/dana-levi.md` | thelotter ic-l4 -> ic-l5 | {NEW} |  | ic-l5.rnd." in markdown
    )
    assert main(["ladder", "impact"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2026-H2/dana-levi.md (thelotter ic-l4 -> ic-l5):\n")
    assert f"  gains   {NEW}\n" in text
