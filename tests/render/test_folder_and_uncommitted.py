"""`rung render` takes a cycle's folder as well as its files, and `rung bundle` warns when
a packet is not what the commit it stamps holds (issue 28's rough edges)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gitrun import git
from paths import REPO
from rung.cli import main

DANA = "packets/2026-H2/dana-levi.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One packet in the cycle (rendering is the slow part), committed."""
    for name in ("ladders", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / DANA).parent.mkdir(parents=True)
    shutil.copy(REPO / DANA, tmp_path / DANA)
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "--no-gpg-sign", "-m", "one packet")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_SHA", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_render_takes_a_folder_of_packets(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "packets/2026-H2", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("wrote out/2026-H2/dana-levi.pdf (") and out.endswith(" pages)\n")
    assert (repo / "out" / "2026-H2" / "dana-levi.pdf").read_bytes().startswith(b"%PDF-")
    (repo / "empty").mkdir()
    assert main(["render", "empty"]) == 2
    assert capsys.readouterr().err == "rung: error: no packets in empty\n"


def test_bundle_warns_when_a_packet_is_not_what_the_stamped_commit_holds(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert main(["bundle", "2026-H2", "--no-cache"]) == 0
    assert "warning" not in capsys.readouterr().err
    packet = repo / DANA
    packet.write_text(packet.read_text("utf-8").replace("Dana Levi", "Dana Levi-Cohen"), "utf-8")
    assert main(["bundle", "2026-H2", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(
        f"rung: warning: 1 packet differs from the stamped commit {head[:12]} (uncommitted "
        f"changes): {DANA}; commit them so the bundle is what the commit holds\n"
    )
