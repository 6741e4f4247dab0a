"""rung without extras is validation only; a command whose extra is missing names it."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main


@pytest.mark.parametrize(
    ("argv", "hidden", "extra"),
    [
        (["render", "packets/2026-H2/dana-levi.md"], "weasyprint", "render"),
        (["bundle", "2026-H2"], "pikepdf", "render"),
        (["scorecard", "packets/2026-H2/dana-levi.md", "--pr", "7"], "github", "github"),
        (["scorecard", "packets/2026-H2/dana-levi.md", "--pr", "7"], "markdown_it", "github"),
        (["ladder", "import", "README.md", "--id", "x"], "markdown_it", "import"),
    ],
)
def test_a_missing_extra_is_one_line_and_exit_2(
    argv: list[str],
    hidden: str,
    extra: str,
    in_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # None in sys.modules is how Python spells "this module cannot be imported".
    monkeypatch.setitem(sys.modules, hidden, None)
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/packets")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"needs the '{extra}' extra ({hidden} not installed)" in err
    # Installed here from a folder: the hint says how to add the extra to a clone or a wheel.
    assert f"install it with: pip install '.[{extra}]' in a clone of rung's repository" in err


def test_validate_needs_nothing_but_pyyaml(in_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("jinja2", "weasyprint", "markdown_it", "nh3", "pikepdf", "github"):
        monkeypatch.setitem(sys.modules, name, None)
    assert main(["validate", "packets/2026-H2/dana-levi.md"]) == 0


def test_core_dependencies_are_validation_only() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert [d.split(">")[0] for d in project["dependencies"]] == ["pyyaml"]
    extras = project["optional-dependencies"]
    assert extras["all"] == ["rung[render,github,import]"]
    assert any(d.startswith("weasyprint") for d in extras["render"])
    assert any(d.startswith("pygithub") for d in extras["github"])


def test_every_locked_requirement_is_pinned_with_a_hash() -> None:
    for name in ("dev.txt", "runtime.txt", "lock-tools.txt"):
        text = (REPO / "requirements" / name).read_text()
        entries = [e for e in text.replace("\\\n", " ").splitlines() if e and e[0].isalpha()]
        assert entries, name
        for entry in entries:
            requirement = entry.split()[0]
            assert "==" in requirement, (name, requirement)
            assert "--hash=sha256:" in entry, (name, requirement)
