"""Join tagged PDFs into one tagged PDF, written as it is read: one structure tree,
one outline, one name tree of destinations, page numbers, unique font tags.

A volume of 300 packets is some 650,000 PDF objects; qpdf holds a parsed object
in about 1.5 KiB, so a join that built the volume in qpdf before writing it
peaked at 1.2 GiB.  Here each file is opened in qpdf, edited there, and its
objects written out at once, renumbered (:mod:`rung.render.pdfcopy`,
:mod:`rung.render.pdfwrite`); then it is closed.  What stays in memory is the
bytes written and what must go last: the page tree's kids, the parent tree's
entries, each structure part, the named destinations, the outline's ends.

- each file's ``/Document`` structure element becomes a ``/Part`` under one new
  ``/Document``; parent-tree keys are shifted past the previous file's, and its
  pages and annotations are renumbered to match;
- every page gets ``Page n of N`` (:mod:`rung.render.pagenumbers`): the total is
  the sum of the page counts the caller gives, each checked as its file is read;
- each file's named destinations go into one name tree (the first of a name
  wins, as a viewer reads it) and its top-level bookmarks into one outline;
- the first file (the index) is written last, so its links can point at any
  page: ``links`` maps a link's URI to the page it jumps to.  A file's last
  top-level bookmark is written once the next file's first is known;
- every embedded font subset gets a tag from its own bytes, and byte-identical
  font files are written once (:mod:`rung.render.pdffonts`);
- the catalog says what PDF/UA needs (:mod:`rung.render.pdfmeta`).

Everything is a pure function of the inputs, so two joins give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rung.render.pagenumbers import Footer, footer_stream, read_calibration
from rung.render.pdfcopy import Copier
from rung.render.pdffonts import font_files, retag_fonts
from rung.render.pdfmeta import Finish, Structure, write_catalog
from rung.render.pdfwrite import Writer


class JoinError(ValueError):
    """A file is not what the caller said (its page count) or lacks what a join needs."""


@dataclass(frozen=True)
class Joined:
    pdf: bytes
    pages: int
    starts: tuple[int, ...]  # 0-based index of each file's first page


@dataclass
class _Volume:
    writer: Writer
    total: int
    footer: Footer
    structure: Structure
    footer_refs: dict[str, dict[str, int]] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)  # output number of every page, in order
    fonts: dict[bytes, int] = field(default_factory=dict)  # font file digest -> written as
    last: int | None = None  # the last top-level bookmark so far
    waiting: tuple[Copier, Any] | None = None  # a file and its last bookmark, unwritten


def join(
    files: Sequence[tuple[bytes, int]],
    calibration: bytes,
    links: Mapping[str, tuple[int, str]],
    finish: Finish,
) -> Joined:
    """Join ``files`` (a tagged PDF and its page count each; the first is the index).

    ``calibration`` is the page-number calibration page; ``links`` maps the URI of
    each of the first file's links to (0-based page it jumps to, description)."""
    import pikepdf

    writer = Writer()
    structure = Structure({name: writer.reserve() for name in Structure.NAMES})
    total = sum(pages for _, pages in files)
    with pikepdf.open(io.BytesIO(calibration)) as source:
        retag_fonts(source)
        volume = _Volume(writer, total, read_calibration(source), structure)
        _write_footer(volume, Copier(writer, source))
    starts: list[int] = []
    # The files still open: the index (written last) and at most one whose last
    # bookmark waits.  A closed file must not stay referenced: qpdf frees its
    # parsed objects only when pikepdf lets go of the Pdf.
    opened: list[Copier] = []
    try:
        for data, pages in files:
            starts.append(len(volume.pages))
            copier = Copier(writer, pikepdf.open(io.BytesIO(data)))
            opened.append(copier)
            released = _read(volume, copier, pages)
            if released is not None and released is not opened[0]:
                _close(released, opened)
            waiting = volume.waiting[0] if volume.waiting is not None else None
            if copier is not opened[0] and copier is not waiting:
                _close(copier, opened)
        if volume.waiting is not None:
            copier, bookmark = volume.waiting
            volume.waiting = None
            copier.release(bookmark)
            if copier is not opened[0]:
                _close(copier, opened)
        if opened:
            _link(volume, opened[0], links)
            _close(opened[0], opened)
    finally:
        for copier in opened:
            copier.pdf.close()
        opened.clear()
    structure.pages = volume.pages
    return Joined(write_catalog(writer, structure, finish), total, tuple(starts))


def _close(copier: Copier, opened: list[Copier]) -> None:
    copier.drain()
    copier.pdf.close()
    opened.remove(copier)


def _write_footer(volume: _Volume, copier: Copier) -> None:
    """The calibration page's fonts and colours, written once for every footer."""
    _share_fonts(volume, copier)
    for category, names in volume.footer.resources.items():
        refs = volume.footer_refs.setdefault(category, {})
        for name, value in names.items():
            if value.is_indirect:
                copier.text(value)
                refs[name] = copier.number(value)
            else:
                refs[name] = volume.writer.reserve()
                volume.writer.add(refs[name], copier.text(value))
    for name, data in (("save", b"q\n"), ("restore", b"\nQ\n")):
        # WeasyPrint leaves a transformation in place at the end of a page: save and
        # restore the graphics state around the page's own drawing.
        refs = volume.footer_refs.setdefault("", {})
        refs[name] = volume.writer.reserve()
        volume.writer.add_data(refs[name], b"", data)
    copier.drain()


def _share_fonts(volume: _Volume, copier: Copier) -> None:
    for stream, digest in font_files(copier.pdf):
        kept = volume.fonts.setdefault(digest, copier.number(stream))
        if kept != copier.number(stream):
            copier.stand_for(stream, kept)


def _read(volume: _Volume, copier: Copier, pages: int) -> Copier | None:
    """Edit a file's objects and queue them; the caller drains it.  Returns the
    previous file whose last bookmark this one's first released, if any."""
    pdf = copier.pdf
    if len(pdf.pages) != pages:
        raise JoinError(f"a file has {len(pdf.pages)} pages, not the {pages} it was said to have")
    structure = volume.structure
    root = pdf.Root
    copier.stand_for(root, structure.numbers["catalog"])
    retag_fonts(pdf)
    _share_fonts(volume, copier)
    tree = root.get("/StructTreeRoot")
    offset = structure.next_key
    for page in pdf.pages:
        _number_page(volume, copier, page.obj, offset if tree is not None else 0)
    if tree is not None:
        _structure(structure, copier, tree)
    for name, target in _dests(root):
        structure.dests.setdefault(name, copier.text(target))
    outlines = root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        return _bookmarks(volume, copier, outlines)
    return None


def _number_page(volume: _Volume, copier: Copier, obj: Any, offset: int) -> None:
    from pikepdf import Array, Dictionary, Name

    number = len(volume.pages) + 1
    copier.stand_for(obj.Parent, volume.structure.numbers["pages"])
    _shift(obj, "/StructParents", offset)
    for annot in obj.get("/Annots", ()):
        _shift(annot, "/StructParent", offset)
    resources = obj.Resources
    for category, names in volume.footer_refs.items():
        if not category:
            continue
        if category not in resources:
            resources[category] = Dictionary()
        target = resources[category]
        for name, ref in names.items():
            target[Name(name)] = copier.placeholder(ref)
    footer = volume.writer.reserve()
    text = f"Page {number} of {volume.total}"
    volume.writer.add_data(footer, b"", footer_stream(volume.footer, text))
    contents = obj.get("/Contents")
    own = list(contents) if isinstance(contents, Array) else [contents] if contents else []
    ends = volume.footer_refs[""]
    obj.Contents = Array([copier.placeholder(ends["save"]), *own,
                          copier.placeholder(ends["restore"]), copier.placeholder(footer)])  # fmt: skip
    copier.text(obj)
    volume.pages.append(copier.number(obj))


def _structure(structure: Structure, copier: Copier, tree: Any) -> None:
    """The file's structure elements as a ``/Part`` of the volume's ``/Document``."""
    from pikepdf import Array, Name

    copier.stand_for(tree, structure.numbers["document"])
    pairs = list(_flatten_nums(tree.ParentTree))
    for key, value in pairs:
        structure.nums.append(b"%d %s" % (key + structure.next_key, copier.text(value)))
    top = tree.K
    for element in top if isinstance(top, Array) else [top]:
        if element.get("/S") == Name.Document:
            element.S = Name.Part
        element.P = copier.placeholder(structure.numbers["document"])
        structure.parts.append(copier.text(element))
    structure.next_key += max((key for key, _ in pairs), default=-1) + 1


def _bookmarks(volume: _Volume, copier: Copier, outlines: Any) -> Copier | None:
    """The file's top-level bookmarks, after the previous file's, in one outline; the
    file whose last bookmark waited for them, if any."""
    copier.stand_for(outlines, volume.structure.numbers["outlines"])
    first, last = outlines.First, outlines.Last
    copier.hold(last)
    released = None
    if volume.last is not None:
        first.Prev = copier.placeholder(volume.last)
    if volume.waiting is not None:
        released, bookmark = volume.waiting
        bookmark.Next = released.placeholder(copier.number(first))
        released.release(bookmark)
    count = int(outlines.get("/Count", 0))
    volume.structure.bookmark(copier.number(first), copier.number(last), count)
    volume.last = copier.number(last)
    volume.waiting = (copier, last)
    copier.text(first)
    return released


def _link(volume: _Volume, copier: Copier, links: Mapping[str, tuple[int, str]]) -> None:
    """Turn the index's placeholder links into jumps to the pages they name."""
    from pikepdf import Array, Name, String

    for page in copier.pdf.pages:
        for annot in page.obj.get("/Annots", ()):
            action = annot.get("/A")
            found = links.get(str(action.get("/URI", ""))) if action is not None else None
            if found is None:
                continue
            target, description = found
            del annot["/A"]
            annot.Dest = Array([copier.placeholder(volume.pages[target]), Name.Fit])
            annot.Contents = String(description)


def _dests(root: Any) -> Iterator[tuple[str, Any]]:
    """A catalog's named destinations: its ``/Names /Dests`` tree and old-style ``/Dests``."""
    import pikepdf

    names = root.get("/Names")
    if names is not None and "/Dests" in names:
        yield from pikepdf.NameTree(names.Dests).items()
    old = root.get("/Dests")
    if old is not None:
        for key, value in old.items():
            yield key[1:], value


def _shift(obj: Any, key: str, offset: int) -> None:
    if key in obj:
        obj[key] = int(obj[key]) + offset


def _flatten_nums(node: Any) -> Iterator[tuple[int, Any]]:
    """The (key, value) pairs of a number tree, leaves and intermediate nodes alike."""
    flat = node.get("/Nums", ())
    for i in range(0, len(flat) - 1, 2):
        yield int(flat[i]), flat[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _flatten_nums(kid)
