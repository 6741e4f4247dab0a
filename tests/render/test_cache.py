"""The render cache: a cached bundle is the uncached bundle, byte for byte, and every
input of a PDF is in its key; the folder is written safely and a bad entry is a miss."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import rung
from rung.cli import main
from rung.loaders.sources import read_source
from rung.model.repo import load_ladders
from rung.render import cache_key as render_cache
from rung.render.cache import CacheUnavailable, RenderCache, decode, encode
from rung.render.cache_key import Keys
from rung.render.context import CommitInfo
from rung.render.packet import PacketRender, PacketSummary
from rung.render.pdf import RenderedPDF

CYCLE = "2026-H2"
SHA = "1" * 40


def _run(root: Path, *args: str, cache: Path | str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.setenv("RUNG_RENDER_CACHE", str(cache))
        mp.delenv("GITHUB_SHA", raising=False)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*args, "--commit", SHA])
    return code, out.getvalue(), err.getvalue()


def _inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.glob("*.entry")}


@pytest.fixture(scope="module")
def repo(render_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the render repository: these tests change its templates."""
    root = tmp_path_factory.mktemp("cached") / "repo"
    shutil.copytree(render_repo, root)
    return root


def test_cached_bundle_is_the_uncached_bundle_and_a_template_change_misses(repo: Path) -> None:
    folder = repo / "cache"
    packets = len(list((repo / "packets" / CYCLE).glob("*.md")))
    assert _run(repo, "bundle", CYCLE, "--out", "plain.pdf", "--no-cache", cache=folder)[0] == 0
    assert not folder.exists()  # --no-cache neither reads nor writes
    assert _run(repo, "bundle", CYCLE, "--out", "cold.pdf", "--jobs", "2", cache=folder)[0] == 0
    cold = _inodes(folder)
    assert len(cold) == packets
    assert _run(repo, "bundle", CYCLE, "--out", "warm.pdf", cache=folder)[0] == 0
    assert _inodes(folder) == cold  # every packet came from the cache: nothing rewritten
    plain = (repo / "plain.pdf").read_bytes()
    assert (repo / "cold.pdf").read_bytes() == plain
    assert (repo / "warm.pdf").read_bytes() == plain
    assert f"PROMOTION CYCLE {CYCLE}" in PdfReader(repo / "warm.pdf").pages[1].extract_text()

    stylesheet = repo / "templates" / "print.css"
    stylesheet.write_text(stylesheet.read_text() + "\n/* a changed template */\n")
    assert _run(repo, "bundle", CYCLE, "--out", "restyled.pdf", cache=folder)[0] == 0
    assert len(_inodes(folder)) == 2 * packets  # each packet rendered again, under a new key


def test_render_reuses_its_pdf_and_a_packet_change_misses(repo: Path) -> None:
    folder = repo / "render-cache"
    packet = sorted((repo / "packets" / CYCLE).glob("*.md"))[0]
    relative = str(packet.relative_to(repo))
    first = _run(repo, "render", relative, "--out", "first", cache=folder)
    assert first[0] == 0
    assert len(_inodes(folder)) == 1
    again = _run(repo, "render", relative, "--out", "again", cache=folder)
    assert again[1] == first[1].replace("first/", "again/")
    name = Path(CYCLE) / f"{packet.stem}.pdf"
    assert (repo / "again" / name).read_bytes() == (repo / "first" / name).read_bytes()
    assert len(_inodes(folder)) == 1
    packet.write_text(packet.read_text() + "\nOne more sentence in the narrative.\n")
    assert _run(repo, "render", relative, "--out", "changed", cache=folder)[0] == 0
    assert len(_inodes(folder)) == 2
    assert "One more sentence" in "".join(
        p.extract_text() for p in PdfReader(repo / "changed" / name).pages
    )


def _keys_for(root: Path, commit: CommitInfo | None = None, **options: str) -> str:
    ladders, _ = load_ladders(root)
    path = sorted((root / "packets" / CYCLE).glob("*.md"))[0]
    source, _ = read_source(path.relative_to(root))
    assert source is not None
    ladder = next(iter(ladders.values()))
    keys = Keys(root / "templates", True)
    keys.options = options
    return keys.key(source, ladder, commit or CommitInfo(SHA, "2026-06-30T12:00:00Z"))


def test_every_input_is_in_the_key(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    base = _keys_for(repo)
    assert _keys_for(repo) == base
    assert _keys_for(repo, CommitInfo(SHA, "2026-07-01T12:00:00Z")) != base
    assert _keys_for(repo, CommitInfo("2" * 40, "2026-06-30T12:00:00Z")) != base
    assert _keys_for(repo, audience="committee") != base

    ladder = sorted((repo / "ladders").glob("*.yaml"))[0]
    original = ladder.read_text()
    ladder.write_text(original + "\n# a comment changes the file, so the key\n")
    try:
        assert _keys_for(repo) != base
    finally:
        ladder.write_text(original)
    assert _keys_for(repo) == base

    render_cache.environment.cache_clear()
    monkeypatch.setattr(rung, "__version__", "999.0")
    try:
        assert _keys_for(repo) != base
    finally:
        monkeypatch.undo()
        render_cache.environment.cache_clear()


SUMMARY = PacketSummary("p.md", "p.md", "ada", "Ada", CYCLE, "L4", "L5", False, 3, 2, 1, 0, 0)
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _render(pdf: bytes = PDF) -> PacketRender:
    return PacketRender(SUMMARY, "<html/>", RenderedPDF(pdf, 2, ("a",), (), ("note",)))


def test_a_bad_entry_is_a_miss(tmp_path: Path) -> None:
    data = encode("k", _render())
    assert decode("k", data) == _render()
    assert decode("other key", data) is None
    assert decode("k", data[:-10]) is None  # truncated
    assert decode("k", data[:-8] + b"XXXXXXXX") is None  # corrupt: the digest disagrees
    assert decode("k", encode("k", _render(b"<html>not a pdf</html>"))) is None
    assert decode("k", b"") is None

    store = RenderCache.open(tmp_path / "c", 10)
    try:
        store.put("k", _render())
        assert store.get("k") == _render()
        (tmp_path / "c" / "k.entry").write_bytes(data[: len(data) // 2])
        assert store.get("k") is None
        assert (store.hits, store.misses) == (1, 1)
    finally:
        store.close()


def test_links_are_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "repo").mkdir()
    os.symlink(elsewhere, tmp_path / "repo" / "linked")
    with pytest.raises(
        CacheUnavailable, match=r"'linked' on the render cache path .* is a symbolic link"
    ):
        RenderCache.open(tmp_path / "repo" / "linked" / "render", 10)
    assert list(elsewhere.iterdir()) == []

    store = RenderCache.open(tmp_path / "c", 10)
    try:
        target = tmp_path / "target"
        target.write_bytes(b"mine")
        os.symlink(target, tmp_path / "c" / "k.entry")
        assert store.get("k") is None  # a link in the folder is not read through
        store.put("k", _render())  # the rename replaces the link itself
        assert target.read_bytes() == b"mine"
        assert not (tmp_path / "c" / "k.entry").is_symlink()
        assert (tmp_path / "c" / "k.entry").stat().st_mode & 0o777 == 0o600
    finally:
        store.close()


def test_the_folder_is_kept_under_its_limit(tmp_path: Path) -> None:
    store = RenderCache.open(tmp_path / "c", 1)
    try:
        big = PDF[:-6] + b"%" * 400_000 + b"\n%%EOF\n"
        for number in range(4):
            store.put(f"k{number}", _render(big))
            os.utime(tmp_path / "c" / f"k{number}.entry", (number, number))
        store.get("k0")  # used now: the least recently used go first
        assert store.trim() == 2
        assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["k0.entry", "k3.entry"]
    finally:
        store.close()


def test_an_unusable_folder_is_a_warning_not_a_failure(repo: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path, repo / "planted")
    packet = sorted((repo / "packets" / CYCLE).glob("*.md"))[0]
    code, out, err = _run(
        repo, "render", str(packet.relative_to(repo)), "--out", "w", cache="planted/render"
    )
    assert code == 0
    assert out.startswith("wrote w/")
    assert (
        "rung: warning: 'planted' on the render cache path planted/render is a symbolic link" in err
    )
    assert list(tmp_path.iterdir()) == []
