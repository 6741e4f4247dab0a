"""Symbolic links are findings, never followed (issue 12, problem 6)."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import REPO
from rung.cli import main
from rung.loaders.sources import (
    display_path,
    read_source,
    read_upto,
    resolved_text,
    symbolic_link,
)

DANA = "packets/2026-H2/dana-levi.md"
EVE = "packets/2026-H2/eve.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's ladders, roster and packets, as the working directory."""
    for folder in ("ladders", "packets"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / ".github").mkdir()
    shutil.copy(REPO / ".github" / "committee.yml", tmp_path / ".github" / "committee.yml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


LINK = (
    "is a symbolic link; rung never follows links (another file would be read in its "
    "place): commit the file itself [read]"
)


def test_a_packet_that_links_to_another_is_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("dana-levi.md", repo / EVE)
    assert main(["validate", EVE]) == 1
    assert capsys.readouterr().out == f"{EVE}:1:1: error: file {LINK}\n"


def test_a_link_to_git_config_shows_the_link_not_its_target(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text("[core]\n\tsecret = 1\n", encoding="utf-8")
    os.symlink("../../.git/config", repo / EVE)
    assert main(["validate", EVE]) == 1
    out = capsys.readouterr().out
    assert out == f"{EVE}:1:1: error: file {LINK}\n"
    assert ".git" not in out and "secret" not in out


def test_a_linked_cycle_folder_is_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    shutil.copytree(repo / "packets" / "2026-H2", elsewhere)
    os.symlink(elsewhere, repo / "packets" / "2027-H1")
    path = "packets/2027-H1/dana-levi.md"
    assert main(["validate", path]) == 1
    assert capsys.readouterr().out == (
        f"{path}:1:1: error: file (its folder packets/2027-H1) {LINK}\n"
    )


def test_the_whole_repository_run_reports_the_link(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("dana-levi.md", repo / EVE)
    assert main(["validate"]) == 1
    assert f"{EVE}:1:1: error: file {LINK}" in capsys.readouterr().out


def test_a_linked_ladder_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "ladders" / "beyond.yaml").rename(repo / "beyond.yaml")
    os.symlink("../beyond.yaml", repo / "ladders" / "beyond.yaml")
    assert main(["ladder", "check"]) == 1
    assert f"ladders/beyond.yaml:1:1: error: file {LINK}" in capsys.readouterr().out


def test_a_linked_committee_roster_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = repo / ".github" / "committee.yml"
    roster.rename(repo / "committee.yml")
    os.symlink("../committee.yml", roster)
    assert main(["reviewers", DANA, "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "the committee roster .github/committee.yml is invalid" in err
    assert f".github/committee.yml:1:1: error: file {LINK}" in err


def test_a_link_swapped_in_after_the_check_is_not_followed(repo: Path) -> None:
    """O_NOFOLLOW: the open itself refuses a link, whatever the check before it saw."""
    os.symlink("dana-levi.md", repo / EVE)
    with pytest.raises(OSError):
        os.open(repo / EVE, os.O_RDONLY | os.O_NOFOLLOW)
    source, problems = read_source(Path(EVE))
    assert source is None and [p.rule for p in problems] == ["read"]


def test_render_refuses_a_linked_packet(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / "templates", repo / "templates")
    os.symlink("dana-levi.md", repo / EVE)
    assert main(["render", EVE, "--out", "out"]) != 0
    assert f"{EVE}:1:1: error: file {LINK}" in capsys.readouterr().out
    assert not (repo / "out" / "2026-H2" / "eve.pdf").exists()


@pytest.mark.parametrize(
    "given",
    ["packets/a.md", "./packets/a.md", "../x/a.md", ".", "", "/", "/etc/passwd", "a//b/./c.md"],
)
def test_display_path_shows_what_the_pathlib_form_shows(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The string shortcuts of display_path (issue 29) answer as absolute().relative_to()."""
    monkeypatch.chdir(tmp_path)
    for path in (Path(given), tmp_path / given, Path(str(tmp_path) + "x") / given):
        try:
            expected = path.absolute().relative_to(Path.cwd()).as_posix()
        except ValueError:
            expected = path.as_posix()
        assert display_path(path) == expected


def _old_symbolic_link(path: Path) -> Path | None:
    """symbolic_link as it was before its string walks (issue 29), the reference."""
    absolute = path.absolute()
    cwd = Path.cwd()
    try:
        parts = absolute.relative_to(cwd).parts
        current = cwd
    except ValueError:
        parts, current = (absolute.name,), absolute.parent
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def test_the_link_walk_on_strings_finds_what_the_pathlib_walk_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative and absolute paths, below the working directory, at it and beside it,
    with a link as the file, as a folder, or none."""
    work = tmp_path / "work"
    (work / "packets" / "2026-H2").mkdir(parents=True)
    (work / "packets" / "2026-H2" / "dana.md").write_text("x\n", encoding="utf-8")
    (work / "packets" / "2026-H2" / "eve.md").symlink_to("dana.md")
    (work / "linked").symlink_to(work / "packets")
    (tmp_path / "workx").mkdir()
    (tmp_path / "workx" / "eve.md").symlink_to(work / "packets" / "2026-H2" / "dana.md")
    monkeypatch.chdir(work)
    names = [
        "packets/2026-H2/dana.md",
        "packets/2026-H2/eve.md",
        "linked/2026-H2/dana.md",
        "packets/../linked/2026-H2/dana.md",
        "packets/2026-H2/missing.md",
        "packets",
        ".",
        "",
    ]
    paths = [Path(n) for n in names] + [work / n for n in names]
    paths += [tmp_path / "workx" / "eve.md", Path("/"), Path("/etc/passwd"), tmp_path]
    found = {str(p): symbolic_link(p) for p in paths}
    assert found == {str(p): _old_symbolic_link(p) for p in paths}
    assert found[str(work / "linked/2026-H2/dana.md")] == work / "linked"
    assert found[str(tmp_path / "workx" / "eve.md")] == tmp_path / "workx" / "eve.md"


@pytest.mark.parametrize("limit", [0, 1, 5, 100, 70_000, 200_000])
@pytest.mark.parametrize("size", [0, 1, 5, 99, 100, 101, 65_536, 150_000])
@pytest.mark.parametrize("seen", ["right", "smaller", "larger"])
def test_read_upto_reads_what_a_buffered_read_reads(
    tmp_path: Path, limit: int, size: int, seen: str
) -> None:
    """read_upto gives ``open(...).read(limit)``'s bytes, whether the size fstat saw
    still holds or the file changed since (the read, not the hint, decides)."""
    data = bytes(i % 251 for i in range(size))
    path = tmp_path / "f"
    path.write_bytes(data)
    hint = {"right": size, "smaller": max(size - 7, 0), "larger": size + 7}[seen]
    fd = os.open(path, os.O_RDONLY)
    try:
        got = read_upto(fd, limit, hint)
    finally:
        os.close(fd)
    with path.open("rb") as handle:
        assert got == handle.read(limit)


def test_read_upto_reads_on_after_a_short_read() -> None:
    """A pipe answers a read with what it holds; read_upto keeps reading to the end."""
    reader, writer = os.pipe()
    try:
        os.write(writer, b"abc")
        os.write(writer, b"def")
        os.close(writer)
        writer = -1
        assert read_upto(reader, 100, 2) == b"abcdef"
    finally:
        os.close(reader)
        if writer >= 0:
            os.close(writer)


def _resolve(path: Path) -> str:
    return os.fspath(path.resolve())


def _outcome(call: Callable[[], str]) -> str:
    try:
        return call()
    except (OSError, RuntimeError) as err:
        return f"{type(err).__name__}: {err}"


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(range(14)), inside=st.booleans())
def test_resolved_text_is_what_resolve_gives(
    order: list[int], inside: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Files, links to files and folders, a loop of links, missing files, ``..`` and
    ``.`` names, relative and absolute, in any order through one folder memo."""
    base = tmp_path_factory.mktemp("resolve")
    (base / "real" / "sub").mkdir(parents=True)
    (base / "real" / "a.md").write_text("a", encoding="utf-8")
    (base / "real" / "sub" / "b.md").write_text("b", encoding="utf-8")
    (base / "real" / "link.md").symlink_to("a.md")
    (base / "folder").symlink_to(base / "real")
    (base / "real" / "loop").symlink_to("loop")
    names = [
        "real/a.md",
        "real/link.md",
        "folder/a.md",
        "folder/sub/b.md",
        "folder/sub/../a.md",
        "real/missing.md",
        "missing/x.md",
        "real/loop",
        "real/loop/x.md",
        "real/sub/..",
        "real/.",
        "folder",
        "a.md",
        "",
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base / "real" if inside else base)
        folders: dict[str, str] = {}
        for i in order:
            for path in (Path(names[i]), base / names[i]):
                expected = _outcome(functools.partial(_resolve, path))
                found = _outcome(functools.partial(resolved_text, path, folders))
                assert found == expected, path
