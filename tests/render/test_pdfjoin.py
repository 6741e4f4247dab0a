"""The join lets each packet's parsed PDF go once it is copied, and writes the same bytes."""

from __future__ import annotations

import gc
import io
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from rung.render import pdfjoin

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def pdfs(rendered: tuple[int, str, str], render_repo: Path) -> list[bytes]:
    code, out, err = rendered
    assert code == 0, out + err
    found = sorted((render_repo / "out-render").rglob("*.pdf"))
    assert len(found) >= 3
    return [path.read_bytes() for path in found]


def _written(files: list[bytes]) -> bytes:
    joined = pdfjoin.join(files)
    out = io.BytesIO()
    joined.writer.write(out)
    return out.getvalue()


def test_released_readers_give_the_bytes_pypdf_gives_keeping_them(
    pdfs: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    released = _written(pdfs)
    with monkeypatch.context() as mp:
        mp.setattr(pdfjoin, "_release", lambda writer, reader, first: None)
        kept = _written(pdfs)
    assert released == kept
    # and the links still jump inside their own packet
    reader = PdfReader(io.BytesIO(released))
    links = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/Dest" in a.get_object()
    ]
    assert links, "the packets have internal links"


def test_no_reader_outlives_its_append(pdfs: list[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    readers: list[weakref.ref[PdfReader]] = []
    original = PdfReader.__init__

    def tracked(self: PdfReader, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        readers.append(weakref.ref(self))

    monkeypatch.setattr(PdfReader, "__init__", tracked)
    joined = pdfjoin.join(pdfs)
    gc.collect()
    assert len(readers) == len(pdfs)
    assert [r() for r in readers] == [None] * len(pdfs)
    assert len(joined.writer.pages) == sum(len(PdfReader(io.BytesIO(p)).pages) for p in pdfs)
