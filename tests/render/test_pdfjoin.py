"""The qpdf join: each source closed once copied, its links and outline kept, same bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from rung.render import pdfjoin

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def pdfs(rendered: tuple[int, str, str], render_repo: Path) -> list[bytes]:
    code, out, err = rendered
    assert code == 0, out + err
    found = sorted((render_repo / "out-render").rglob("*.pdf"))
    assert len(found) >= 3
    return [path.read_bytes() for path in found]


def test_two_joins_give_the_same_bytes(pdfs: list[bytes]) -> None:
    assert pdfjoin.save(pdfjoin.join(pdfs).pdf) == pdfjoin.save(pdfjoin.join(pdfs).pdf)


def test_no_source_is_needed_once_joined(pdfs: list[bytes]) -> None:
    """Each source is closed as soon as it is copied (its parsed objects freed); the
    joined document still writes every page, its streams read from the sources' bytes."""
    joined = pdfjoin.join(pdfs).pdf
    written = pdfjoin.save(joined)
    with pikepdf.open(io.BytesIO(written)) as again:
        pages = sum(len(pikepdf.open(io.BytesIO(p)).pages) for p in pdfs)
        assert len(again.pages) == pages
        for page in again.pages:
            assert page.obj.Contents.read_bytes()


def test_links_outline_and_structure_survive(pdfs: list[bytes]) -> None:
    joined = pdfjoin.join(pdfs)
    pdf = joined.pdf
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    ends = [*joined.starts[1:], len(pdf.pages)]
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    for n, data in enumerate(pdfs):
        with pikepdf.open(io.BytesIO(data)) as source:
            names = list(pikepdf.NameTree(source.Root.Names.Dests).keys())
            assert names
            for name in names:  # each packet's link targets, on its own pages
                assert joined.starts[n] <= page_index[tree[name][0].objgen] < ends[n]
    titles, item = [], pdf.Root.Outlines.First
    while True:
        titles.append(str(item.Title))
        assert item.Parent.objgen == pdf.Root.Outlines.objgen
        if "/Next" not in item:
            break
        item = item.Next
    assert len(titles) == len(pdfs)  # one top-level bookmark per packet
    assert [str(part.S) for part in pdf.Root.StructTreeRoot.K.K] == ["/Part"] * len(pdfs)
