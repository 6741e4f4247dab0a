"""Join tagged PDFs into one tagged PDF with pypdf: one structure tree, unique font tags.

pypdf's ``append`` copies pages, annotations, named destinations and outlines,
but not the structure tree that makes a PDF accessible (PDF/UA-1), and it keeps
each file's font subset tags, which WeasyPrint derives from the font file, not
from the glyphs kept: five packets would embed five different subsets all named
``XKQQSR+DejaVu-Sans``, which ISO 32000 forbids.  This module does the rest:

- each file's ``/Document`` structure element becomes a ``/Part`` under one new
  ``/Document``; the parent trees are joined with each file's keys shifted past
  the previous file's, and pages and annotations are renumbered to match;
- every embedded font subset gets a tag derived from its own bytes
  (:func:`retag_fonts`, run last, after the page numbers add their font);
- the catalog says what PDF/UA needs: ``/MarkInfo``, ``/Lang``, the title shown
  in the viewer, and XMP metadata with the PDF/UA identification.
- the written file goes through qpdf (:func:`compact`): object streams and one
  copy of each identical font file, about the size of its packets.

Everything is a pure function of the input bytes, so two joins give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

TAG_LETTERS = 6


@dataclass(frozen=True)
class Joined:
    writer: Any  # pypdf.PdfWriter, pages of every file in order
    starts: tuple[int, ...]  # 0-based index of each file's first page


def join(files: Sequence[bytes]) -> Joined:
    """Append ``files`` (tagged PDFs) into one writer with one structure tree."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    document_ref = writer._add_object(document)
    kids = ArrayObject()
    nums = ArrayObject()
    offset = 0
    starts = []
    for data in files:
        reader = PdfReader(io.BytesIO(data))
        first = len(writer.pages)
        starts.append(first)
        writer.append(reader, import_outline=True)
        tree = reader.root_object.get("/StructTreeRoot")
        if tree is None:
            continue
        cloned = tree.get_object().clone(writer)
        pairs = _flatten_nums(cloned["/ParentTree"].get_object())
        for page in writer.pages[first:]:
            _shift(page, "/StructParents", offset)
            for ref in page.get("/Annots", []):
                _shift(ref.get_object(), "/StructParent", offset)
        for key, value in pairs:
            nums.extend([NumberObject(key + offset), value])
        top = cloned["/K"]
        for ref in top if isinstance(top, list) else [top]:
            element = ref.get_object()
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
            element[NameObject("/P")] = document_ref
            kids.append(ref)
        offset += max((key for key, _ in pairs), default=-1) + 1
        _release(writer, reader, first)
    document[NameObject("/K")] = kids
    root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): document_ref,
            NameObject("/ParentTree"): writer._add_object(
                DictionaryObject({NameObject("/Nums"): nums})
            ),
            NameObject("/ParentTreeNextKey"): NumberObject(offset),
        }
    )
    document[NameObject("/P")] = writer._add_object(root)
    writer.root_object[NameObject("/StructTreeRoot")] = document[NameObject("/P")]
    return Joined(writer, tuple(starts))


def _release(writer: Any, reader: Any, first: int) -> None:
    """Let ``reader``'s parsed objects go once they are copied into ``writer``.

    pypdf keeps every appended reader alive until the writer is written: its
    translation table holds the reader (so an ``id()`` is never reused), and the
    links it copied are patched at write time against the reader's pages.  That
    kept about 10 MiB per packet until the end.  The links are patched now
    instead (each packet's links point into its own pages, which are all in the
    writer by now, so the result is the same), the reader's table is dropped,
    and so is the reference to the reader's page that ``append`` leaves on each
    new page (``original_page``, used only inside ``append``).
    """
    for page in writer.pages[first:]:
        page.__dict__.pop("original_page", None)
    writer._resolve_links()
    writer._unresolved_links.clear()
    writer._merged_in_pages.clear()
    writer.reset_translation(reader)


def _shift(obj: Any, key: str, offset: int) -> None:
    from pypdf.generic import NameObject, NumberObject

    if key in obj:
        obj[NameObject(key)] = NumberObject(int(obj[key]) + offset)


def _flatten_nums(node: Any) -> list[tuple[int, Any]]:
    """The (key, value) pairs of a number tree, leaves and intermediate nodes alike."""
    pairs: list[tuple[int, Any]] = []
    flat = node.get("/Nums", [])
    pairs.extend((int(flat[i]), flat[i + 1]) for i in range(0, len(flat) - 1, 2))
    for kid in node.get("/Kids", []):
        pairs.extend(_flatten_nums(kid.get_object()))
    return pairs


def subset_tag(data: bytes) -> str:
    """Six capital letters from the subset's own bytes: same bytes, same tag."""
    digest = base64.b32encode(hashlib.sha256(data).digest()).decode()
    return "".join(ch for ch in digest if ch.isalpha())[:TAG_LETTERS]


def retag_fonts(writer: Any) -> None:
    """Give every embedded font subset of ``writer`` a tag made from its bytes."""
    from pypdf.generic import NameObject

    seen: set[int] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            key = id(font) if ref.indirect_reference is None else ref.indirect_reference.idnum
            if key in seen:
                continue
            seen.add(key)
            parts = [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]
            descriptor = next(
                (p["/FontDescriptor"].get_object() for p in parts if "/FontDescriptor" in p), None
            )
            if descriptor is None:
                continue
            stream = next(
                (
                    descriptor[k]
                    for k in ("/FontFile2", "/FontFile3", "/FontFile")
                    if k in descriptor
                ),
                None,
            )
            if stream is None:
                continue
            tag = subset_tag(stream.get_object().get_data())
            for obj, name in [*((p, "/BaseFont") for p in parts), (descriptor, "/FontName")]:
                old = str(obj.get(name, ""))
                if len(old) > 8 and old[7] == "+":  # "/XKQQSR+DejaVu-Sans"
                    obj[NameObject(name)] = NameObject(f"/{tag}+{old[8:]}")


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


def mark_accessible(writer: Any, title: str, description: str, date: str | None) -> None:
    """The catalog entries PDF/UA-1 asks of a tagged file."""
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, StreamObject
    from pypdf.generic import TextStringObject as Text

    root = writer.root_object
    root[NameObject("/Lang")] = Text("en")
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    metadata = StreamObject()
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    metadata.set_data(xmp(title, description, date))
    root[NameObject("/Metadata")] = writer._add_object(metadata)


def compact(pdf: bytes) -> bytes:
    """``pdf`` written again by qpdf: objects packed into compressed object streams,
    identical embedded font files kept once, unreferenced objects dropped.

    pypdf writes every object of every packet (about 27,000 per packet, the
    structure tree of a tagged PDF) as plain text: a bundle was 3.8 times the size
    of its packets.  qpdf keeps every object and reference, so the structure tree,
    outline, links and page labels are what pypdf wrote; ``deterministic_id``
    derives the file identifier from the content, so the bytes stay a function of
    the input."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        _share_font_files(document)
        out = io.BytesIO()
        document.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
            fix_metadata_version=False,
        )
    return out.getvalue()


def _share_font_files(document: Any) -> None:
    """Point every font descriptor at the first embedded font file with the same bytes.

    WeasyPrint subsets each document's fonts to the glyphs it uses, so two packets
    (or the index and the page numbers) often embed byte-identical subsets; after
    :func:`retag_fonts` they carry the same tag too, so sharing one file is exact."""
    import pikepdf

    first: dict[bytes, Any] = {}
    seen: set[tuple[int, int]] = set()
    for page in document.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for _, font in fonts.items():
            parts = [font, *font.get("/DescendantFonts", pikepdf.Array())]
            for part in parts:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None or descriptor.objgen in seen:
                    continue
                seen.add(descriptor.objgen)
                for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                    stream = descriptor.get(key)
                    if stream is None:
                        continue
                    digest = hashlib.sha256(
                        repr(
                            sorted((k, repr(v)) for k, v in stream.items() if k != "/Length")
                        ).encode()
                        + stream.read_raw_bytes()
                    ).digest()
                    kept = first.setdefault(digest, stream)
                    if kept.objgen != stream.objgen:
                        descriptor[key] = kept
