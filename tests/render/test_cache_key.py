# mypy: disable-error-code="attr-defined,arg-type,func-returns-value,no-any-return"
# (the tests patch the key module's own imports -- os, platform, zlib, metadata -- through it)
"""The render cache key, fact by fact: each input the cache documents changes the key,
and nothing else does (the order a file system lists a folder in, the key's own memo).

Rendering is not needed: :class:`Keys` is pure but for the files it digests, so these
tests build a ladder, a packet and a templates folder and change one thing at a time.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import rung
from paths import REPO
from rung.classes import replace
from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder
from rung.loaders.sources import Source
from rung.render import cache_key
from rung.render.cache_key import Keys
from rung.render.context import CommitInfo

COMMIT = CommitInfo("1" * 40, "2026-06-30T12:00:00Z")
TEXT = "---\ncandidate: dana-levi\n---\n## Summary\n"


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with two ladder files, a templates folder with a subfolder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ladders").mkdir()
    for name in ("thelotter", "beyond"):
        shutil.copy(REPO / "ladders" / f"{name}.yaml", tmp_path / "ladders" / f"{name}.yaml")
    templates = tmp_path / "templates"
    (templates / "fonts").mkdir(parents=True)
    (templates / "packet.html.j2").write_text("<p>{{ packet.name }}</p>\n", "utf-8")
    (templates / "print.css").write_text("p { margin: 0 }\n", "utf-8")
    (templates / "fonts" / "a.woff2").write_bytes(b"font a")
    (templates / "fonts" / "b.woff2").write_bytes(b"font b")
    return tmp_path


def ladder(name: str = "thelotter") -> Ladder:
    path = f"ladders/{name}.yaml"
    loaded, problems = load_ladder(Path(path).read_text("utf-8"), path)
    assert loaded is not None, problems
    return loaded


def key(
    source: Source | None = None,
    of: Ladder | None = None,
    *,
    commit: CommitInfo | None = COMMIT,
    bundle: bool = True,
    **options: str,
) -> str:
    keys = Keys(Path("templates"), bundle, options)
    return keys.key(source or Source("packets/2026-H2/dana-levi.md", TEXT), of or ladder(), commit)


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    """environment() is computed once per process: forget it before and after."""
    cache_key.environment.cache_clear()
    yield
    cache_key.environment.cache_clear()


def test_the_same_inputs_give_the_same_key(place: Path) -> None:
    assert key() == key()
    assert len(key()) == 64 and int(key(), 16) >= 0


def test_the_packets_path_and_text_are_in_the_key(place: Path) -> None:
    base = key()
    assert key(Source("packets/2026-H2/eve.md", TEXT)) != base  # the same text, another file
    assert key(Source("packets/2026-H2/dana-levi.md", TEXT + "More.\n")) != base
    # The path and the text are two facts, not one string: moving the boundary changes it.
    assert key(Source("p", "ab")) != key(Source("pa", "b"))


def test_the_ladder_file_and_which_ladder_are_in_the_key(place: Path) -> None:
    base = key()
    assert key(of=ladder("beyond")) != base
    keys = Keys(Path("templates"), True)
    source = Source("packets/2026-H2/dana-levi.md", TEXT)
    # One Keys object for a whole bundle: each ladder gets its own digest, not the first one's.
    assert keys.key(source, ladder(), COMMIT) == base
    assert keys.key(source, ladder("beyond"), COMMIT) == key(of=ladder("beyond"))
    path = place / "ladders" / "thelotter.yaml"
    path.write_text(path.read_text("utf-8") + "# a comment changes the file\n", "utf-8")
    assert key() != base


def test_a_ladder_that_is_no_file_is_keyed_by_its_value(place: Path) -> None:
    loaded = ladder()
    memory = replace(loaded, path="")  # not from a file: its value stands in for the file
    renamed = replace(memory, name=memory.name + " (revised)")
    assert key(of=memory) != key(of=renamed)
    keys = Keys(Path("templates"), True)
    source = Source("p.md", TEXT)
    # Two ladders without a file in one run never share the first one's digest.
    assert keys.key(source, memory, COMMIT) != keys.key(source, renamed, COMMIT)
    assert keys.key(source, renamed, COMMIT) == key(source, renamed)


def test_every_template_byte_and_name_is_in_the_key(place: Path) -> None:
    base = key()
    css = place / "templates" / "print.css"
    css.write_text("p { margin: 1px }\n", "utf-8")
    assert key() != base
    css.write_text("p { margin: 0 }\n", "utf-8")
    assert key() == base
    font = place / "templates" / "fonts" / "a.woff2"
    font.rename(font.with_name("a2.woff2"))  # the same bytes, in the same order, renamed
    assert key() != base
    font.with_name("a2.woff2").rename(font)
    assert key() == base
    (place / "templates" / "fonts" / "new.css").write_text("", "utf-8")  # a new, empty file
    assert key() != base


def test_a_dangling_link_among_the_templates_is_not_a_file(place: Path) -> None:
    base = key()
    os.symlink(place / "nowhere", place / "templates" / "gone.css")
    assert key() == base  # nothing the asset fetcher could serve


def _walk(backwards: bool) -> Callable[..., Iterator[tuple[str, list[str], list[str]]]]:
    """os.walk, top-down, listing every folder by name (or backwards); honours edits of
    ``dirs``, as os.walk does."""

    def walk(top: Any, *args: Any, **kwargs: Any) -> Iterator[tuple[str, list[str], list[str]]]:
        entries = sorted(os.scandir(top), key=lambda e: e.name, reverse=backwards)
        dirs = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
        files = [e.name for e in entries if not e.is_dir(follow_symlinks=False)]
        yield str(top), dirs, files
        for name in dirs:
            yield from walk(os.path.join(top, name))

    return walk


def test_the_key_does_not_depend_on_the_order_a_folder_is_listed_in(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (place / "templates" / "b-dir").mkdir()
    (place / "templates" / "b-dir" / "x.css").write_text("x", "utf-8")
    cache_key.environment()  # computed once, outside the listing orders compared here
    monkeypatch.setattr(cache_key.os, "walk", _walk(backwards=False))
    forwards = key()
    monkeypatch.setattr(cache_key.os, "walk", _walk(backwards=True))
    assert key() == forwards


def test_the_commit_mode_and_options_are_in_the_key(place: Path) -> None:
    base = key()
    assert key(commit=CommitInfo("2" * 40, COMMIT.date)) != base
    assert key(commit=CommitInfo(COMMIT.sha, "2026-07-01T12:00:00Z")) != base
    assert key(commit=None) != base
    assert key(commit=CommitInfo(COMMIT.sha, COMMIT.date, dirty=True)) != base
    assert key(bundle=False) != base
    assert key(audience="committee") != base
    assert key(audience="committee") != key(audience="candidate")
    assert key(audience="x", verdicts="d") == key(verdicts="d", audience="x")  # order is no fact


def test_the_entry_format_is_in_the_key(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = key()
    monkeypatch.setattr(cache_key, "MAGIC", b"rung-render-cache/2\n")
    assert key() != base


def test_the_shared_part_is_digested_once_per_run(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = Keys(Path("templates"), True)
    source = Source("p.md", TEXT)
    first = keys.key(source, ladder(), COMMIT)
    calls: list[Path] = []
    real = cache_key._digest_tree
    monkeypatch.setattr(cache_key, "_digest_tree", lambda root: calls.append(root) or real(root))
    assert keys.key(Source("q.md", TEXT), ladder(), COMMIT) != first
    assert calls == []  # the templates are read once per run, not once per packet


# --- the environment: everything outside the repository that changes a PDF's bytes --------


def _changes_environment(change: Callable[[], None]) -> bool:
    cache_key.environment.cache_clear()
    before = cache_key.environment()
    change()
    cache_key.environment.cache_clear()
    return cache_key.environment() != before


@pytest.mark.usefixtures("fresh_environment")
def test_rungs_own_source_is_in_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "rung"
    shutil.copytree(Path(rung.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rung, "__file__", str(copy / "__init__.py"))
    module = copy / "render" / "html.py"
    assert _changes_environment(lambda: module.write_text(module.read_text() + "\n# changed\n"))


@pytest.mark.usefixtures("fresh_environment")
def test_bytecode_python_writes_is_not_rungs_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module imported for the first time writes __pycache__/*.pyc: the same code must
    keep the same key, or a second run of one commit would miss every cached PDF."""
    copy = tmp_path / "rung"
    shutil.copytree(Path(rung.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rung, "__file__", str(copy / "__init__.py"))

    def compile_a_module() -> None:
        (copy / "render" / "__pycache__").mkdir(exist_ok=True)
        (copy / "render" / "__pycache__" / "html.cpython-311.pyc").write_bytes(b"bytecode")

    assert not _changes_environment(compile_a_module)


class _Distribution:
    def __init__(self, name: str, version: str) -> None:
        self.metadata = {"Name": name}
        self.version = version


@pytest.mark.usefixtures("fresh_environment")
@pytest.mark.parametrize(
    "fact",
    ["version", "distributions", "python", "machine", "zlib", "libraries", "harfbuzz-subset"],
)
def test_each_fact_of_the_environment_is_in_the_key(
    fact: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cache_key.metadata.distributions
    subset = cache_key._harfbuzz_subset()
    change: dict[str, Callable[[], None]] = {
        "version": lambda: monkeypatch.setattr(rung, "__version__", "999.0"),
        "distributions": lambda: monkeypatch.setattr(
            cache_key.metadata,
            "distributions",
            lambda: [*real(), _Distribution("fonttools", "0.0.1")],
        ),
        "python": lambda: monkeypatch.setattr(sys, "version", sys.version + " (patched)"),
        "machine": lambda: monkeypatch.setattr(cache_key.platform, "machine", lambda: "riscv"),
        "zlib": lambda: monkeypatch.setattr(cache_key.zlib, "ZLIB_RUNTIME_VERSION", "0.0"),
        "libraries": lambda: monkeypatch.setattr(
            cache_key, "_library_version", lambda soname, function: f"{soname} 0.0"
        ),
        "harfbuzz-subset": lambda: monkeypatch.setattr(
            cache_key, "_harfbuzz_subset", lambda: not subset
        ),
    }
    assert _changes_environment(change[fact])


@pytest.mark.usefixtures("fresh_environment")
def test_the_fonts_fontconfig_can_find_are_in_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(cache_key, "FONT_DIRS", (str(fonts),))
    font = fonts / "Inter.ttf"
    assert _changes_environment(lambda: font.write_bytes(b"glyphs"))
    os.utime(font, ns=(10**18, 10**18))
    assert _changes_environment(lambda: font.write_bytes(b"other!"))  # the same size
    assert _changes_environment(lambda: os.utime(font, ns=(0, 0)))  # only the time differs
    walked: list[str] = []
    real = cache_key.os.walk

    def spy(top: Any, *args: Any, **kwargs: Any) -> Iterator[tuple[str, list[str], list[str]]]:
        walked.append(str(top))
        return real(top, *args, **kwargs)

    monkeypatch.setattr(cache_key.os, "walk", spy)
    cache_key.environment.cache_clear()
    cache_key.environment()
    assert str(fonts) in walked and "/etc/fonts" in walked  # fontconfig's configuration too
