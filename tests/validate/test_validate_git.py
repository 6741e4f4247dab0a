"""`rung validate --changed-since REF` in a real temporary git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from paths import FIXTURES
from rung.cli import main

CLEAN = (FIXTURES / "packets" / "2026-H2" / "clean.md").read_text()
MINI = (FIXTURES / "packets" / "ladders" / "mini.yaml").read_text()


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def packet(name: str, broken: bool = False) -> str:
    """A copy of the clean packet whose links are its own (shared links are a `reuse` notice)."""
    text = CLEAN.replace("candidate: clean", f"candidate: {name}")
    for link in ("acme/shop/pull/1", "docs.example.com/checkout", "docs.example.com/payments"):
        text = text.replace(
            link, f"{link}-{name}" if "docs" in link else f"acme/shop-{name}/pull/1"
        )
    return text.replace("to: ic3", "to: ic9") if broken else text


def unknown_level(name: str) -> str:
    return (
        f"packets/2026-H2/{name}.md:7:5: error: ladder 'mini' has no level 'ic9'; did you mean "
        "'ic3'? [reference]"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: a ladder, a clean packet and one that was already broken before the branch."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI)
    folder = tmp_path / "packets" / "2026-H2"
    folder.mkdir(parents=True)
    for name, broken in (("old-broken", True), ("edited", False), ("worktree", False)):
        (folder / f"{name}.md").write_text(packet(name, broken))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "main")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_only_what_changed_since_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "packets" / "2026-H2"
    (folder / "edited.md").write_text(packet("edited", broken=True))
    (folder / "committed-new.md").write_text(packet("committed-new", broken=True))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "feature")
    (folder / "worktree.md").write_text(packet("worktree", broken=True))  # modified, uncommitted
    (folder / "untracked.md").write_text(packet("untracked", broken=True))
    assert main(["validate", "--changed-since", "main"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        unknown_level(name) for name in ("committed-new", "edited", "untracked", "worktree")
    ]
    assert captured.err == "rung: checked 4 packets, 1 ladder: 4 errors, 0 warnings, 0 notices\n"


def test_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--changed-since", "main"]) == 0
    assert (
        capsys.readouterr().err
        == "rung: checked 0 packets, 0 ladders: 0 errors, 0 warnings, 0 notices\n"
    )


def test_a_changed_ladder_checks_the_packets_that_use_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "ladders" / "mini.yaml").write_text(
        MINI.replace("Leads projects", "Leads big projects")
    )
    git(repo, "commit", "-q", "-am", "reword a criterion")
    assert main(["validate", "--changed-since", "main"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [unknown_level("old-broken")]
    assert captured.err == "rung: checked 3 packets, 1 ladder: 1 error, 0 warnings, 0 notices\n"


def test_a_deleted_packet_is_not_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", "packets/2026-H2/old-broken.md")
    git(repo, "commit", "-q", "-m", "withdraw")
    assert main(["validate", "--changed-since", "main"]) == 0
    assert capsys.readouterr().out == ""


def test_an_unknown_ref_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--changed-since", "origin/nope"]) == 2
    assert capsys.readouterr().err == (
        "rung: error: unknown git revision 'origin/nope'; in CI, fetch it first "
        "(actions/checkout with fetch-depth: 0)\n"
    )
    assert main(["validate", "--changed-since=--output=x"]) == 2
    assert capsys.readouterr().err == (
        "rung: error: --changed-since needs a git revision, not '--output=x'\n"
    )


def test_outside_a_git_repository_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["validate", "--changed-since", "main"]) == 2
    assert capsys.readouterr().err == (
        "rung: error: --changed-since needs a git repository, and this is not one\n"
    )


def test_a_changed_ladder_rechecks_the_roster(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys
    import types

    from rung.problems import Level, Problem

    def load_roster(text, path, ladders):
        return None, [Problem(path, 1, 1, Level.ERROR, "roster", f"levels of {sorted(ladders)}")]

    monkeypatch.setitem(
        sys.modules, "rung.committee.roster", types.SimpleNamespace(load_roster=load_roster)
    )
    (repo / ".github").mkdir()
    (repo / ".github" / "committee.yml").write_text("members: []\n")
    git(repo, "add", ".github")
    git(repo, "commit", "-q", "-m", "roster")
    assert main(["validate", "--changed-since", "HEAD"]) == 0  # nothing changed since HEAD
    (repo / "ladders" / "mini.yaml").write_text(MINI.replace("title: IC3", "title: Senior IC3"))
    assert main(["validate", "--changed-since", "HEAD"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        ".github/committee.yml:1:1: error: levels of ['mini'] [roster]",
        unknown_level("old-broken"),
    ]
