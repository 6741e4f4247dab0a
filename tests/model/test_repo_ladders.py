"""``LazyLadders`` gives what ``load_ladders`` gives, parsing a ladder only when asked
for it (issue 29: one packet of a large repository needs one ladder of three)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paths import FIXTURES, REPO
from rung.model import repo
from rung.model.repo import LazyLadders, load_ladders


@pytest.fixture
def ladders_root(tmp_path: Path) -> Path:
    """This repository's ladders, every broken fixture, and one whose id is not its name."""
    folder = tmp_path / "ladders"
    shutil.copytree(REPO / "ladders", folder)
    for path in (FIXTURES / "ladders").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    text = (REPO / "ladders" / "dotnet.yaml").read_text("utf-8")
    (folder / "renamed.yaml").write_text(text, "utf-8")  # says id: dotnet
    return tmp_path


def test_the_same_ladders_broken_ladders_and_findings(ladders_root: Path) -> None:
    eager, problems = load_ladders(ladders_root)
    lazy = LazyLadders(ladders_root)
    assert lazy.get("thelotter") is not None and lazy.get("renamed") is None
    assert "renamed" in lazy.broken and "tabs" not in lazy.broken  # only those asked for
    assert list(lazy) == list(eager) and dict(lazy) == dict(eager) and len(lazy) == len(eager)
    assert lazy.broken == eager.broken and "tabs" in lazy.broken
    assert [p for stem in lazy.files for p in lazy.found[stem]] == problems
    assert lazy.get("nowhere") is None and "nowhere" not in lazy


def test_a_ladder_is_parsed_when_asked_for_and_once(
    ladders_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = repo.load_ladder_file

    def counting(path: Path, **kwargs: bool) -> object:
        parsed.append(path.stem)
        return real(path, **kwargs)

    monkeypatch.setattr(repo, "load_ladder_file", counting)
    lazy = LazyLadders(ladders_root)
    assert parsed == []
    assert lazy["thelotter"].id == "thelotter" and "thelotter" in lazy
    assert lazy.get("tabs") is None
    assert parsed == ["thelotter", "tabs"]
    with pytest.raises(KeyError):
        lazy["tabs"]
    assert parsed == ["thelotter", "tabs"]


def test_a_ladder_set_takes_the_repository_ones_place(ladders_root: Path) -> None:
    """A draft kept elsewhere (``rung validate drafts/thelotter.yaml``) is used in place
    of the repository's ladder of the same id; the repository's is still there."""
    lazy = LazyLadders(ladders_root)
    draft = lazy["dotnet"]
    lazy["thelotter"] = draft
    lazy["new"] = draft
    assert lazy["thelotter"] is draft and lazy["new"] is draft
    assert lazy.repository_ladder("thelotter") is not draft
    assert list(lazy)[-1] == "new"
