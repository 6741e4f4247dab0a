"""The caller workflows and the files ``rung init`` ships are the ones this repository runs."""

from __future__ import annotations

import pytest

from paths import REPO
from rung.init.callers import CALLERS, Pin, caller, callers
from rung.init.scaffold import _packaged

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_this_repositorys_callers_are_the_local_ones() -> None:
    """Regenerate with: python -c 'from rung.init.callers import callers; ...' (see callers.py)."""
    for path, text in callers(None).items():
        assert (REPO / path).read_text(encoding="utf-8") == text, path


def test_an_organisations_callers_pin_one_commit_twice() -> None:
    for name in CALLERS:
        text = caller(name, Pin("acme/rung", SHA))
        assert f"    uses: acme/rung/.github/workflows/rung-{name}.yml@{SHA}\n" in text
        assert "secrets: inherit\n" not in text and "./" not in text
        if name == "packet-review-trigger":  # installs nothing, so takes no rung inputs
            assert "with:" not in text
            continue
        assert "      rung-repository: acme/rung\n" in text
        assert f"      rung-ref: {SHA}\n" in text


@pytest.mark.parametrize(
    ("repository", "sha", "message"),
    [
        ("acme/rung", "v1.2.0", "not a full 40-character commit SHA: 'v1.2.0'"),
        ("acme/rung", SHA[:12], f"not a full 40-character commit SHA: '{SHA[:12]}'"),
        ("rung", SHA, "not an owner/name repository: 'rung'"),
    ],
)
def test_a_pin_is_a_repository_and_a_full_commit(repository: str, sha: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Pin(repository, sha)


@pytest.mark.parametrize(
    ("folder", "source"), [("templates", "templates"), ("rulesets", "docs/rulesets")]
)
def test_the_packaged_copies_are_this_repositorys_files(folder: str, source: str) -> None:
    """rung init writes these from the installed package; copy again when one changes:
    cp templates/* tooling/rung/init/files/templates/ (docs/rulesets/*.json likewise)."""
    shipped = {p.name: p.read_text(encoding="utf-8") for p in (REPO / source).iterdir()}
    assert _packaged(folder) == shipped


def test_the_wheel_carries_the_packaged_files() -> None:
    """setuptools' package-data must match every file rung init reads from the package."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["rung"]
    files = REPO / "tooling" / "rung" / "init" / "files"
    for path in files.rglob("*"):
        if path.is_file():
            name = path.relative_to(REPO / "tooling" / "rung").as_posix()
            assert any(fnmatch.fnmatch(name, p) for p in patterns), name
