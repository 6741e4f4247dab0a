"""``rung init``: what it writes, what it refuses, and the pin it finds by itself."""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from rung import extras
from rung.cli import main
from rung.commands import init as init_command
from rung.init.callers import Pin

SHA = "0123456789abcdef0123456789abcdef01234567"
PIN = f"acme/rung@{SHA}"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    return tmp_path


def test_the_starter_repository_validates_clean(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        main(["init", str(repo), "--chair", "noa-shapiro", "--rung", PIN, "--cycle", "2026-H2"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"rung init: wrote 23 files in {repo} (ladders: engineering; cycle 2026-H2; "
        f"rung acme/rung@{SHA[:12]})"
    )
    assert "Create the `rung` environment, deployment branches: the default branch only" in out
    from rung.github.doctor import REQUIRED_CHECK  # what rung doctor will look for

    assert f"`{REQUIRED_CHECK}` required" in out
    assert (repo / "packets" / "2026-H2" / ".gitkeep").read_text() == ""
    assert (
        (repo / ".github" / "committee.yml")
        .read_text()
        .endswith(
            "members:\n  - login: noa-shapiro\n    levels: {engineering: ic-3}\n    chair: true\n"
        )
    )
    owners = (repo / ".github" / "CODEOWNERS").read_text().splitlines()
    assert "/.github/ @noa-shapiro" in owners and "/ladders/ @noa-shapiro" in owners
    monkeypatch.chdir(repo)
    assert main(["ladder", "check"]) == 0
    assert main(["validate"]) == 0
    assert capsys.readouterr().err.endswith(
        "rung: checked 0 packets, 1 ladder, the committee roster: 0 errors, 0 warnings, 0 notices\n"
    )


def test_every_trusted_path_has_an_owner(repo: Path) -> None:
    """rung doctor's CODEOWNERS check passes on what rung init writes."""
    from rung.loaders.codeowners import parse
    from rung.model.trusted import TRUSTED_PATHS

    assert main(["init", str(repo), "--chair", "noa-shapiro", "--rung", PIN]) == 0
    owners = parse((repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert [p for p in TRUSTED_PATHS if not owners.owners_of(p)] == []


def test_files_in_the_way_are_listed_and_nothing_is_written(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "README.md").write_text("# Ours\n")
    assert main(["init", str(repo), "--chair", "noa-shapiro", "--rung", PIN]) == 2
    err = capsys.readouterr().err
    assert err == (
        "rung: these files exist already:\n"
        f"  {repo}/README.md\n"
        "rung: error: 1 file(s) in the way, nothing written; --force overwrites them\n"
    )
    assert sorted(p.name for p in repo.iterdir()) == [".git", "README.md"]
    assert main(["init", str(repo), "--chair", "noa-shapiro", "--rung", PIN, "--force"]) == 0
    assert (repo / "README.md").read_text().startswith(f"# {repo.name} promotions\n")


def test_not_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path), "--chair", "noa-shapiro", "--rung", PIN]) == 2
    assert "is not a git repository: clone the repository you created on GitHub" in (
        capsys.readouterr().err
    )
    assert list(tmp_path.iterdir()) == []


def test_without_a_pin_it_asks_for_one(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_command, "installed_pin", lambda: None)
    assert main(["init", str(repo), "--chair", "noa-shapiro"]) == 2
    assert "give --rung OWNER/NAME@SHA" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["acme/rung@v1", "acme/rung", f"rung@{SHA}"])
def test_a_pin_that_is_not_a_commit_is_a_usage_error(repo: Path, bad: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["init", str(repo), "--chair", "noa-shapiro", "--rung", bad])
    assert exit_.value.code == 2


class _Dist:
    def __init__(self, text: str | None) -> None:
        self.text = text

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return self.text


@pytest.mark.parametrize(
    ("recorded", "pin"),
    [
        ({"url": "https://github.com/acme/rung", "vcs_info": {"vcs": "git", "commit_id": SHA}},
         Pin("acme/rung", SHA)),
        ({"url": "https://github.com/acme/rung.git", "vcs_info": {"commit_id": SHA}},
         Pin("acme/rung", SHA)),
        ({"url": "file:///home/me/rung", "dir_info": {}}, None),  # from a folder or a wheel
        (None, None),
    ],
)  # fmt: skip
def test_the_pin_comes_from_a_git_url_install(
    monkeypatch: pytest.MonkeyPatch, recorded: object, pin: Pin | None
) -> None:
    text = None if recorded is None else json.dumps(recorded)
    monkeypatch.setattr(metadata, "distribution", lambda name: _Dist(text))
    assert init_command.installed_pin() == pin
    hint = extras.install_hint("render")
    if pin is None:
        assert hint.startswith("pip install '.[render]' in a clone of rung's repository")
    else:
        assert hint == f"pip install 'rung[render] @ git+https://github.com/acme/rung@{SHA}'"


def test_a_ladder_document_with_unplaced_text_is_written_and_exits_1(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The draft is written for review, as `rung ladder import` does; so is the rest."""
    document = Path(__file__).parents[1] / "fixtures" / "import" / "unplaced.md"
    assert main(["init", str(repo), "--chair", "noa-shapiro", "--rung", PIN,
                 "--ladder", str(document)]) == 1  # fmt: skip
    captured = capsys.readouterr()
    assert "unplaced" in captured.err
    assert (repo / "ladders" / "unplaced.yaml").is_file()
    assert (repo / ".github" / "committee.yml").is_file()


def test_a_ladder_document_that_cannot_be_read_writes_nothing_else(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(repo), "--chair", "noa-shapiro", "--rung", PIN,
                 "--ladder", str(repo / "missing.md")]) == 2  # fmt: skip
    assert "missing.md" in capsys.readouterr().err
    assert sorted(p.name for p in repo.iterdir()) == [".git", "ladders"]
    assert list((repo / "ladders").iterdir()) == []
