"""Join tagged PDFs into one tagged PDF in qpdf (through pikepdf): one structure tree,
one outline, one name tree of destinations, unique font tags.

qpdf copies each file's pages with everything they reach (contents, fonts,
annotations) and keeps one map per source from its objects to their copies, so
the structure tree, destinations and outline copied after the pages point at the
copied pages.  This module does what a plain page copy does not:

- each file's ``/Document`` structure element becomes a ``/Part`` under one new
  ``/Document``; the parent trees are joined with each file's keys shifted past
  the previous file's, and pages and annotations are renumbered to match;
- the named destinations (the targets of each packet's own links) go into one
  name tree, and each file's outline is appended to one outline;
- each file is closed once copied, which frees its parsed objects: what a
  copied stream keeps until the result is written is its place in the file's
  bytes (qpdf reads the data from there when it writes), not the file's objects;
- every embedded font subset gets a tag derived from its own bytes
  (:func:`rung.render.pdffonts.retag_fonts`, run last, after the page numbers);
- the catalog says what PDF/UA needs: ``/MarkInfo``, ``/Lang``, the title shown
  in the viewer, and XMP metadata with the PDF/UA identification;
- :func:`save` writes object streams and one copy of each identical font file.

Everything is a pure function of the input bytes, so two joins give the same bytes.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

PDF_VERSION = "1.7"  # what WeasyPrint writes


@dataclass(frozen=True)
class Joined:
    pdf: Any  # pikepdf.Pdf, pages of every file in order
    starts: tuple[int, ...]  # 0-based index of each file's first page


def join(files: Sequence[bytes]) -> Joined:
    """Append ``files`` (tagged PDFs) into one document with one structure tree."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    out = pikepdf.new()
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    # Python lists, made Arrays once at the end: extending a pikepdf Array copies it,
    # which made the join quadratic in the packets (23 s of 26 s for 20 packets).
    kids: list[Any] = []
    nums: list[Any] = []  # parent-tree keys and values
    offset = 0
    starts = []
    dests: dict[str, Any] = {}
    outline = _Outline(out)
    for data in files:
        with pikepdf.open(io.BytesIO(data)) as source:
            first = len(out.pages)
            starts.append(first)
            with warnings.catch_warnings():
                # pikepdf warns that a page copy leaves named destinations behind:
                # they are carried over below, into one name tree.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(source.pages)
            root = source.Root
            for name, target in _dests(root):
                if name not in dests:  # first one wins, as a viewer would read it
                    dests[name] = copy_into(out, target)
            if "/Outlines" in root:
                outline.append(out, root.Outlines)
            tree = root.get("/StructTreeRoot")
            if tree is not None:
                copied = out.copy_foreign(tree)
                pairs = list(_flatten_nums(copied.ParentTree))
                for page in out.pages[first:]:
                    _shift(page.obj, "/StructParents", offset)
                    for annot in page.obj.get("/Annots", ()):
                        _shift(annot, "/StructParent", offset)
                for key, value in pairs:
                    nums.extend([key + offset, value])
                top = copied.K
                for element in top if isinstance(top, Array) else [top]:
                    if element.get("/S") == Name.Document:
                        element.S = Name.Part
                    element.P = document
                    kids.append(element)
                offset += max((key for key, _ in pairs), default=-1) + 1
    document.K = Array(kids)
    tree_root = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=document,
            ParentTree=out.make_indirect(Dictionary(Nums=Array(nums))),
            ParentTreeNextKey=offset,
        )
    )
    document.P = tree_root
    out.Root.StructTreeRoot = tree_root
    if dests:
        names = pikepdf.NameTree.new(out)
        for name in sorted(dests):
            names[name] = dests[name]
        out.Root.Names = Dictionary(Dests=names.obj)
    outline.finish(out)
    return Joined(out, tuple(starts))


class _Outline:
    """The sources' outlines, one after the other at the top level of one outline."""

    def __init__(self, out: Any) -> None:
        from pikepdf import Dictionary, Name

        self.root = out.make_indirect(Dictionary(Type=Name.Outlines))
        self.first: Any = None
        self.last: Any = None
        self.count = 0

    def append(self, out: Any, outlines: Any) -> None:
        if "/First" not in outlines:
            return
        # Copying the first item copies its siblings and descendants (and the
        # source's outline root through /Parent, left unreferenced and not written).
        item = out.copy_foreign(outlines.First)
        self.count += int(outlines.get("/Count", 0))
        if self.last is None:
            self.first = item
        else:
            self.last.Next = item
            item.Prev = self.last
        while True:
            item.Parent = self.root
            if "/Next" not in item:
                break
            item = item.Next
        self.last = item

    def finish(self, out: Any) -> None:
        if self.first is None:
            return
        self.root.First, self.root.Last, self.root.Count = self.first, self.last, self.count
        out.Root.Outlines = self.root


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


def copy_into(out: Any, obj: Any) -> Any:
    """``obj`` (from another file) as an object of ``out``; pages already copied stay copied."""
    from pikepdf import Array, Dictionary, Object

    if not isinstance(obj, Object):  # a number, converted to Python's
        return obj
    if obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([copy_into(out, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: copy_into(out, value) for key, value in obj.items()})
    return obj


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


def xmp(title: str, description: str, date: str | None) -> bytes:
    """XMP metadata that identifies the file as PDF/UA-1 (ISO 14289-1, 5)."""
    dates = (
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        if date
        else ""
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        "<pdfuaid:part>1</pdfuaid:part>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(description)}</rdf:li>'
        "</rdf:Alt></dc:description>"
        "<dc:creator><rdf:Seq><rdf:li>rung</rdf:li></rdf:Seq></dc:creator>"
        f"<xmp:CreatorTool>rung</xmp:CreatorTool>{dates}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    ).encode()


def mark_accessible(pdf: Any, title: str, description: str, date: str | None) -> None:
    """The catalog entries PDF/UA-1 asks of a tagged file."""
    from pikepdf import Dictionary, Name, Stream, String

    root = pdf.Root
    root.Lang = String("en")
    root.MarkInfo = Dictionary(Marked=True)
    root.PageMode = Name.UseOutlines
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    metadata = Stream(pdf, xmp(title, description, date))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    root.Metadata = pdf.make_indirect(metadata)


def attach(pdf: Any, files: Sequence[tuple[str, bytes]]) -> None:
    """Embed ``files`` (name, bytes) as the document's attachments, in name order."""
    import pikepdf
    from pikepdf import Dictionary, Name, String

    tree = pikepdf.NameTree.new(pdf)
    for name, data in sorted(files):
        stream = pikepdf.Stream(pdf, data)
        stream.Type = Name.EmbeddedFile
        spec = Dictionary(Type=Name.Filespec, F=String(name), UF=String(name),
                          EF=Dictionary(F=pdf.make_indirect(stream)))  # fmt: skip
        tree[name] = pdf.make_indirect(spec)
    if "/Names" not in pdf.Root:
        pdf.Root.Names = Dictionary()
    pdf.Root.Names.EmbeddedFiles = tree.obj


def save(pdf: Any) -> bytes:
    """``pdf`` written with compressed object streams, identical embedded font files
    kept once and unreferenced objects dropped; ``deterministic_id`` derives the file
    identifier from the content, so the bytes stay a function of the input."""
    import pikepdf

    from rung.render.pdffonts import share_font_files

    share_font_files(pdf)
    out = io.BytesIO()
    pdf.save(
        out,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
        deterministic_id=True,
        fix_metadata_version=False,
        min_version=PDF_VERSION,
    )
    return out.getvalue()
