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

import gc
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rung.render.context import CommitInfo
from rung.render.html import STYLESHEET, IndexEntry, IndexView, index_html, notice_html
from rung.render.packet import PacketSummary
from rung.render.pagenumbers import calibration_html, number_pages, read_calibration
from rung.render.pdf import DEFAULT_TIME_LIMIT, attachment_date, html_to_pdf
from rung.render.pdfjoin import compact, join, mark_accessible, retag_fonts

LINK_PREFIX = "rung-bundle:packet/"


@dataclass(frozen=True)
class BundleEntry:
    summary: PacketSummary
    pdf: bytes
    pages: int
    source_text: str
    error: str | None = None  # why the packet could not be rendered (pdf is then empty)


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
                error=entry.error,
            )
        )
        page += entry.pages
    return tuple(rows)


def _pdf_date(iso: str) -> str:
    return attachment_date(iso).strftime("D:%Y%m%d%H%M%SZ")


def _xmp_date(iso: str) -> str:
    return attachment_date(iso).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def _notices(
    entries: list[BundleEntry], templates: Path, limit: float
) -> tuple[list[BundleEntry], list[str]]:
    """Each packet that could not be rendered replaced by a page that says which and why."""
    out: list[BundleEntry] = []
    messages: list[str] = []
    for entry in entries:
        if entry.error is None:
            out.append(entry)
            continue
        notice = html_to_pdf(notice_html(entry.summary, entry.error, templates), templates,
                             limit=limit)  # fmt: skip
        messages.extend(notice.messages)
        out.append(replace(entry, pdf=notice.pdf, pages=notice.pages))
    return out, messages


def assemble_bundle(
    cycle: str,
    entries: list[BundleEntry],
    commit: CommitInfo | None,
    templates: Path,
    limit: float = DEFAULT_TIME_LIMIT,
) -> Bundle:
    """The committee PDF for ``entries`` (already in packet-path order): one tagged
    document whose printed page numbers run on from the index to the last packet."""
    entries, notes = _notices(entries, templates, limit)

    def index_for(pages: int) -> str:
        return index_html(IndexView(cycle, _index_entries(entries, pages), commit), templates)

    index = html_to_pdf(index_for, templates, limit=limit)
    calibration = html_to_pdf(calibration_html(STYLESHEET), templates, limit=limit, tagged=False)
    index_pages = index.pages
    rows = _index_entries(entries, index_pages)

    joined = join([index.pdf, *(entry.pdf for entry in entries)])
    writer = joined.writer
    _link_index(writer, index_pages, rows)
    number_pages(writer, read_calibration(calibration.pdf))
    retag_fonts(writer)
    for entry in entries:
        writer.add_attachment(entry.summary.source_name, entry.source_text.encode("utf-8"))

    view = IndexView(cycle, rows, commit)
    subject = f"Calibration committee bundle: {len(entries)} promotion packets, cycle {cycle}"
    metadata = {
        "/Title": view.title,
        "/Author": "rung",
        "/Subject": subject,
        "/Keywords": f"promotion packets, {cycle}, calibration committee",
        "/Creator": "rung",
    }
    date = commit.date if commit is not None and commit.date else None
    if date:
        metadata["/CreationDate"] = metadata["/ModDate"] = _pdf_date(date)
    writer.add_metadata(metadata)
    mark_accessible(writer, view.title, subject, _xmp_date(date) if date else None)
    out = io.BytesIO()
    writer.write(out)
    pages = len(writer.pages)
    # pypdf's objects hold each other (parents, pages): free them before qpdf reads
    # the file, or the peak holds both copies of the bundle.
    del writer, joined
    gc.collect()
    return Bundle(
        compact(out.getvalue()),
        pages,
        index_pages,
        tuple(row.page for row in rows),
        (*index.messages, *notes),
    )
