"""Join rendered packet PDFs into the committee bundle: index page(s), packets, outline.

The bundle is built only from the per-packet PDF bytes and their summaries, in
packet-path order, so a single run and a merge of shard parts hand this module
identical inputs and get identical bytes.

The index is laid out by WeasyPrint.  Its rows link to ``rung-bundle:packet/N``
placeholders, which are rewritten here into jumps to the packet's first page
(WeasyPrint cannot link into documents it has not laid out).  Page numbers are
known before the index is drawn (each packet's page count is), except for the
index's own length, which is found by rendering until it stops changing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rung.render.context import CommitInfo
from rung.render.html import IndexEntry, IndexView, index_html
from rung.render.packet import PacketSummary
from rung.render.pdf import DEFAULT_TIME_LIMIT, attachment_date, html_to_pdf

LINK_PREFIX = "rung-bundle:packet/"


@dataclass(frozen=True)
class BundleEntry:
    summary: PacketSummary
    pdf: bytes
    pages: int
    source_text: str


@dataclass(frozen=True)
class Bundle:
    pdf: bytes
    pages: int
    index_pages: int
    starts: tuple[int, ...]  # 1-based first page of each packet, in entry order
    messages: tuple[str, ...]


def _index_entries(entries: list[BundleEntry], index_pages: int) -> tuple[IndexEntry, ...]:
    rows = []
    page = index_pages + 1
    for number, entry in enumerate(entries, start=1):
        s = entry.summary
        rows.append(
            IndexEntry(
                number=number,
                name=s.name,
                candidate=s.candidate,
                from_title=s.from_title,
                to_title=s.to_title,
                lateral=s.lateral,
                required=s.required,
                met=s.met,
                partial=s.partial,
                gaps=s.gaps,
                missing=s.missing,
                page=page,
                target=f"{LINK_PREFIX}{number}",
            )
        )
        page += entry.pages
    return tuple(rows)


def _pdf_date(iso: str) -> str:
    return attachment_date(iso).strftime("D:%Y%m%d%H%M%SZ")


def _link_index(writer: Any, index_pages: int, rows: tuple[IndexEntry, ...]) -> None:
    """Turn the index's placeholder links into jumps to each packet's first page."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    for page in writer.pages[:index_pages]:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            action = annot.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(LINK_PREFIX):
                continue
            row = rows[int(uri.removeprefix(LINK_PREFIX)) - 1]
            target = writer.pages[row.page - 1].indirect_reference
            del annot["/A"]
            annot[NameObject("/Dest")] = ArrayObject([target, NameObject("/Fit")])
            annot[NameObject("/Contents")] = TextStringObject(
                f"Go to the packet of {row.name}, page {row.page}"
            )


def _forget_structure(writer: Any) -> None:
    """Appended pages point into structure trees pypdf does not carry over: drop the refs."""
    for page in writer.pages:
        if "/StructParents" in page:
            del page["/StructParents"]
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if "/StructParent" in annot:
                del annot["/StructParent"]


def assemble_bundle(
    cycle: str,
    entries: list[BundleEntry],
    commit: CommitInfo | None,
    templates: Path,
    limit: float = DEFAULT_TIME_LIMIT,
) -> Bundle:
    """The committee PDF for ``entries`` (already in packet-path order)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    def index_for(pages: int) -> str:
        return index_html(IndexView(cycle, _index_entries(entries, pages), commit), templates)

    index = html_to_pdf(index_for, templates, limit=limit, tagged=False)
    index_pages = index.pages
    rows = _index_entries(entries, index_pages)

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(index.pdf)), import_outline=True)
    for entry in entries:
        writer.append(PdfReader(io.BytesIO(entry.pdf)), import_outline=True)
    _link_index(writer, index_pages, rows)
    _forget_structure(writer)
    for entry in entries:
        writer.add_attachment(entry.summary.source_name, entry.source_text.encode("utf-8"))

    metadata = {
        "/Title": IndexView(cycle, rows, commit).title,
        "/Author": "rung",
        "/Subject": f"Calibration committee bundle: {len(entries)} promotion packets, cycle {cycle}",
        "/Keywords": f"promotion packets, {cycle}, calibration committee",
        "/Creator": "rung",
    }
    if commit is not None and commit.date:
        metadata["/CreationDate"] = metadata["/ModDate"] = _pdf_date(commit.date)
    writer.add_metadata(metadata)
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject("en")
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    out = io.BytesIO()
    writer.write(out)
    return Bundle(
        out.getvalue(),
        len(writer.pages),
        index_pages,
        tuple(row.page for row in rows),
        index.messages,
    )
