"""The objects a joined volume writes last: its page tree, structure tree root and
parent tree, outline root, name trees (destinations, attached sources), XMP
metadata, document information and the catalog PDF/UA-1 asks for.

:mod:`rung.render.pdfjoin` gathers what they hold while it writes the files;
this module turns it into PDF text, in a fixed order, so the bytes depend only
on what was gathered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from rung.render.pdfwrite import Writer


@dataclass(frozen=True)
class Finish:
    """What the caller says about the volume as a whole."""

    title: str
    subject: str
    date: str | None  # XMP's form, 2026-06-30T12:00:00Z
    info: Mapping[str, str]  # document information: /Title, /Author ...
    attachments: Sequence[tuple[str, bytes]]  # (file name, bytes), embedded in name order


@dataclass
class Structure:
    """What the join gathers for the objects written last."""

    NAMES = ("catalog", "pages", "document", "outlines")  # numbered before any file

    numbers: dict[str, int]
    pages: list[int] = field(default_factory=list)
    parts: list[bytes] = field(default_factory=list)  # the /Document's kids, as written
    nums: list[bytes] = field(default_factory=list)  # parent-tree "key value" pairs, in order
    next_key: int = 0
    dests: dict[str, bytes] = field(default_factory=dict)  # name -> destination, as written
    outline: list[int] = field(default_factory=list)  # first and last top-level bookmark
    count: int = 0

    def bookmark(self, first: int, last: int, count: int) -> None:
        """One file's top-level bookmarks, ``first`` to ``last``, appended."""
        self.outline[1:] = [last] if self.outline else [first, last]
        self.count += count


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


def _string(text: str) -> bytes:
    """``text`` as a PDF string: PDFDocEncoding where it can be, else UTF-16 (qpdf's choice)."""
    import pikepdf

    return bytes(pikepdf.String(text).unparse())


def _ref(number: int) -> bytes:
    return b"%d 0 R" % number


def _add(writer: Writer, body: bytes) -> int:
    number = writer.reserve()
    writer.add(number, body)
    return number


def _name_tree(writer: Writer, pairs: Sequence[tuple[str, bytes]]) -> int:
    """One name-tree node holding every pair (already in name order)."""
    flat = b" ".join(_string(name) + b" " + value for name, value in pairs)
    return _add(writer, b"<< /Names [ %s ] >>" % flat)


def write_catalog(writer: Writer, structure: Structure, finish: Finish) -> bytes:
    """The objects that go last, then the whole file's bytes."""
    numbers = structure.numbers
    kids = b" ".join(_ref(page) for page in structure.pages)
    writer.add(numbers["pages"],
               b"<< /Count %d /Kids [ %s ] /Type /Pages >>" % (len(structure.pages), kids))  # fmt: skip
    parent_tree = _add(writer, b"<< /Nums [ %s ] >>" % b" ".join(structure.nums))
    tree = _add(writer, b"<< /K %s /ParentTree %s /ParentTreeNextKey %d /Type /StructTreeRoot >>"
                % (_ref(numbers["document"]), _ref(parent_tree), structure.next_key))  # fmt: skip
    writer.add(numbers["document"], b"<< /K [ %s ] /P %s /S /Document /Type /StructElem >>"
               % (b" ".join(structure.parts), _ref(tree)))  # fmt: skip
    names = []
    if structure.dests:
        dests = sorted(structure.dests.items())
        names.append(b"/Dests " + _ref(_name_tree(writer, dests)))
    files = []
    # One file a name (a name tree's keys are unique): the last of a name in sorted
    # order, as a name tree that is assigned to keeps it.
    for name, data in dict(sorted(finish.attachments)).items():
        stream = writer.reserve()
        writer.add_data(stream, b"/Type /EmbeddedFile", data)
        spec = b"<< /EF << /F %s >> /F %s /Type /Filespec /UF %s >>"
        files.append(
            (name, _ref(_add(writer, spec % (_ref(stream), _string(name), _string(name)))))
        )
    names.append(b"/EmbeddedFiles " + _ref(_name_tree(writer, files)))
    metadata = writer.reserve()
    writer.add_data(metadata, b"/Subtype /XML /Type /Metadata",
                    xmp(finish.title, finish.subject, finish.date), compress=False)  # fmt: skip
    info = _add(writer, b"<< %s >>" % b" ".join(
        b"/%s %s" % (key.lstrip("/").encode(), _string(value)) for key, value in finish.info.items()
    ))  # fmt: skip
    entries = [
        b"/Lang (en) /MarkInfo << /Marked true >> /Metadata " + _ref(metadata),
        b"/Names << %s >>" % b" ".join(names),
    ]
    if structure.outline:
        first, last = structure.outline
        writer.add(numbers["outlines"], b"<< /Count %d /First %s /Last %s /Type /Outlines >>"
                   % (structure.count, _ref(first), _ref(last)))  # fmt: skip
        entries.append(b"/Outlines " + _ref(numbers["outlines"]))
    entries.append(
        b"/PageMode /UseOutlines /Pages %s /StructTreeRoot %s /Type /Catalog"
        b" /ViewerPreferences << /DisplayDocTitle true >>" % (_ref(numbers["pages"]), _ref(tree))
    )
    writer.add(numbers["catalog"], b"<< %s >>" % b" ".join(entries))
    return writer.finish(numbers["catalog"], info)
