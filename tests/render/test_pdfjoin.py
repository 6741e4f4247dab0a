"""The streaming join: same bytes twice, every file's structure, links, bookmarks and
page numbers kept, each file closed as soon as it is written, references renumbered
but never inside strings."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from paths import REPO
from rung.render import pdfjoin
from rung.render.assemble import index_guess
from rung.render.html import STYLESHEET
from rung.render.pagenumbers import calibration_html
from rung.render.pdf import html_to_pdf
from rung.render.pdfcopy import Copier
from rung.render.pdfmeta import Finish
from rung.render.pdfwrite import Writer

Cli = Callable[..., tuple[int, str, str]]
FINISH = Finish("Joined", "three packets", None, {"/Title": "Joined"}, [("a.md", b"# a\n")])


@pytest.fixture(scope="module")
def files(rendered: tuple[int, str, str], render_repo: Path) -> list[tuple[bytes, int]]:
    code, out, err = rendered
    assert code == 0, out + err
    found = sorted((render_repo / "out-render").rglob("*.pdf"))
    assert len(found) >= 3
    pairs = []
    for path in found:
        with pikepdf.open(path) as pdf:
            pairs.append((path.read_bytes(), len(pdf.pages)))
    return pairs


@pytest.fixture(scope="module")
def calibration() -> bytes:
    return html_to_pdf(calibration_html(STYLESHEET), REPO / "templates", tagged=False).pdf


@pytest.fixture(scope="module")
def joined(files: list[tuple[bytes, int]], calibration: bytes) -> pdfjoin.Joined:
    return pdfjoin.join(files, calibration, {}, FINISH)


def test_two_joins_give_the_same_bytes(
    files: list[tuple[bytes, int]], calibration: bytes, joined: pdfjoin.Joined
) -> None:
    assert pdfjoin.join(files, calibration, {}, FINISH).pdf == joined.pdf


def test_every_page_is_numbered_in_order(
    files: list[tuple[bytes, int]], joined: pdfjoin.Joined
) -> None:
    total = sum(pages for _, pages in files)
    assert joined.pages == total
    assert joined.starts == tuple(sum(p for _, p in files[:n]) for n in range(len(files)))
    reader = PdfReader(io.BytesIO(joined.pdf))
    assert len(reader.pages) == total
    for number, page in enumerate(reader.pages, start=1):
        assert re.search(rf"Page {number} of {total}\s*$", page.extract_text()), number


def test_links_outline_and_structure_survive(
    files: list[tuple[bytes, int]], joined: pdfjoin.Joined
) -> None:
    pdf = pikepdf.open(io.BytesIO(joined.pdf))
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    ends = [*joined.starts[1:], len(pdf.pages)]
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    titles: list[str] = []
    for n, (data, _) in enumerate(files):
        with pikepdf.open(io.BytesIO(data)) as source:
            names = list(pikepdf.NameTree(source.Root.Names.Dests).keys())
            assert names
            for name in names:  # each packet's link targets, on its own pages
                assert joined.starts[n] <= page_index[tree[name][0].objgen] < ends[n]
            titles.append(str(source.Root.Outlines.First.Title))
    seen, item, previous = [], pdf.Root.Outlines.First, None
    while True:
        seen.append(str(item.Title))
        assert item.Parent.objgen == pdf.Root.Outlines.objgen
        if previous is not None:
            assert item.Prev.objgen == previous.objgen
        if "/Next" not in item:
            break
        previous, item = item, item.Next
    assert seen == titles  # one top-level bookmark per packet, in order
    assert item.objgen == pdf.Root.Outlines.Last.objgen
    assert [str(part.S) for part in pdf.Root.StructTreeRoot.K.K] == ["/Part"] * len(files)
    assert pdf.Root.StructTreeRoot.K.P.objgen == pdf.Root.StructTreeRoot.objgen


def test_every_marked_sequence_finds_its_element_on_its_own_page(joined: pdfjoin.Joined) -> None:
    """The parent-tree keys are shifted file by file: each page's key leads to the
    structure elements of that page's marked content, never another file's."""
    pdf = pikepdf.open(io.BytesIO(joined.pdf))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    values = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(values) + 1
    for page in pdf.pages:
        elements = values[int(page.obj.StructParents)]
        mcids = set(map(int, re.findall(rb"/MCID (\d+)", _contents(page.obj))))
        assert mcids and max(mcids) < len(elements)
        for mcid in mcids:
            element = elements[mcid]
            while "/Pg" not in element:  # a kid without a page takes its parent's
                element = element.P
            assert element.Pg.objgen == page.obj.objgen
        for annot in page.obj.get("/Annots", ()):
            owner = values[int(annot.StructParent)]
            assert any(
                kid.get("/Obj") == annot for kid in owner.K if isinstance(kid, pikepdf.Dictionary)
            )


def _contents(page: Any) -> bytes:
    contents = page.Contents
    parts = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"".join(part.read_bytes() for part in parts)


def test_a_wrong_page_count_is_refused(files: list[tuple[bytes, int]], calibration: bytes) -> None:
    data, pages = files[0]
    with pytest.raises(pdfjoin.JoinError, match=f"has {pages} pages, not the {pages + 1}"):
        pdfjoin.join([(data, pages + 1)], calibration, {}, FINISH)


def test_no_more_than_three_files_are_open_at_once(
    files: list[tuple[bytes, int]], calibration: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What bounds the join's memory: the index, one file whose last bookmark waits
    and the file being written; every other file is closed once written."""
    live: list[int] = []
    most = [0]
    real_open, real_close = pikepdf.open, pikepdf.Pdf.close

    def opened(*args: Any, **kwargs: Any) -> Any:
        pdf = real_open(*args, **kwargs)
        live.append(id(pdf))
        most[0] = max(most[0], len(live))
        return pdf

    def closed(pdf: Any) -> None:
        if id(pdf) in live:
            live.remove(id(pdf))
        real_close(pdf)

    monkeypatch.setattr(pikepdf, "open", opened)
    monkeypatch.setattr(pikepdf.Pdf, "close", closed)
    pdfjoin.join([*files, *files, *files], calibration, {}, FINISH)
    assert live == []
    assert most[0] <= 3


def _objects(pdf: Any) -> Iterator[bytes]:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary):
            yield bytes(obj.unparse(resolved=True))


def test_references_are_renumbered_but_strings_are_not() -> None:
    """Text that reads like a reference, escaped parentheses and all, stays as it was."""
    made = pikepdf.new()
    target = made.make_indirect(pikepdf.Dictionary(Name=pikepdf.String("target")))
    tricky = "see 1 0 R and (2 0 R) \\ 3 0 R"
    made.Root.Holder = made.make_indirect(pikepdf.Dictionary(
        T=pikepdf.String(tricky), To=target, Many=pikepdf.Array([target, 7, 0.5])
    ))  # fmt: skip
    buffer = io.BytesIO()
    made.save(buffer)
    source = pikepdf.open(io.BytesIO(buffer.getvalue()))
    holder, found_target = source.Root.Holder, source.Root.Holder.To
    writer = Writer()
    catalog, pages = writer.reserve(), writer.reserve()
    writer.add(pages, b"<< /Count 0 /Kids [ ] /Type /Pages >>")
    copier = Copier(writer, source)
    assert copier.base > pages
    held = copier.text(holder)
    copier.drain()
    writer.add(catalog, b"<< /Pages %d 0 R /Type /Catalog /Held %s >>" % (pages, held))
    info = writer.reserve()
    writer.add(info, b"<< /Producer (rung) >>")
    data = writer.finish(catalog, info)
    assert b"/Type /ObjStm" in data and b"/Type /XRef" in data
    with pikepdf.open(io.BytesIO(data)) as out:
        found = out.Root.Held
        assert str(found.T) == tricky
        assert str(found.To.Name) == "target"
        assert found.To.objgen == (copier.base + found_target.objgen[0], 0)
        assert found.Many[0].objgen == found.To.objgen and list(found.Many)[1:] == [7, 0.5]


def test_the_cross_reference_stream_is_read_by_qpdf_and_pypdf() -> None:
    writer = Writer()
    catalog, pages, info = writer.reserve(), writer.reserve(), writer.reserve()
    unused = writer.reserve(300)  # numbers never given an object are free
    writer.add(pages, b"<< /Count 0 /Kids [ ] /Type /Pages >>")
    for n in range(250):  # more than one object stream
        writer.add(unused + n, b"(object %d)" % n)
    writer.add(info, b"<< /Producer (rung) >>")
    writer.add(catalog, b"<< /Pages %d 0 R /Type /Catalog /Last %d 0 R >>" % (pages, unused + 249))
    data = writer.finish(catalog, info)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Last) == "object 249"
        assert str(pdf.get_object((unused + 7, 0))) == "object 7"
        assert pdf.get_object((unused + 299, 0)) is None
    root: Any = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert root["/Last"] == "object 249"
    assert data.count(b"/Type /ObjStm") == 3


def test_a_wrong_first_guess_costs_a_layout_not_the_result() -> None:
    """The index is laid out from a guess at its length (``assemble.index_guess``):
    a wrong guess is laid out again with the length it took."""
    asked: list[int] = []

    def html(pages: int) -> str:
        asked.append(pages)
        return f'<!DOCTYPE html><html lang="en"><body><p>{pages} pages</p></body></html>'

    done = html_to_pdf(html, REPO / "templates", guess=5, tagged=False)
    assert (done.pages, asked) == (1, [5, 1])
    assert "1 pages" in PdfReader(io.BytesIO(done.pdf)).pages[0].extract_text()
    asked.clear()
    html_to_pdf(html, REPO / "templates", guess=1, tagged=False)
    assert asked == [1]
    # 15 rows on the first page, 19 on each further one (generated packets).
    assert [index_guess(n) for n in (1, 15, 16, 34, 35, 300)] == [1, 1, 2, 2, 3, 16]


def test_attachments_and_metadata(files: list[tuple[bytes, int]], calibration: bytes) -> None:
    """One attachment a name (the last of a name in sorted order), the document
    information and the PDF/UA identification the caller gave."""
    finish = Finish(
        "Joined — ünïcode", "one packet", "2026-06-30T12:00:00Z",
        {"/Title": "Joined — ünïcode", "/Author": "rung"},
        [("b.md", b"b"), ("a.md", b"first"), ("a.md", b"second")],
    )  # fmt: skip
    data = pdfjoin.join(files[:1], calibration, {}, finish).pdf
    reader = PdfReader(io.BytesIO(data))
    assert dict(reader.attachments.items()) == {
        "a.md": [b"second"],
        "b.md": [b"b"],
    }
    assert reader.metadata is not None and reader.metadata.title == "Joined — ünïcode"
    assert reader.metadata.author == "rung"
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp and b"2026-06-30T12:00:00Z" in xmp
    assert "Joined — ünïcode".encode() in xmp
    assert root["/Lang"] == "en" and bool(root["/MarkInfo"]["/Marked"]) is True
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
