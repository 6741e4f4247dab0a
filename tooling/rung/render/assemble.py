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

from rung.classes import replace
from rung.render.context import CommitInfo
from rung.render.html import STYLESHEET, IndexEntry, IndexView, index_html, notice_html
from rung.render.packet import PacketSummary
from rung.render.pagenumbers import calibration_html, number_pages, read_calibration
from rung.render.pdf import DEFAULT_TIME_LIMIT, attachment_date, html_to_pdf
from rung.render.pdffonts import retag_fonts
from rung.render.pdfjoin import attach, join, mark_accessible, save

LINK_PREFIX = "rung-bundle:packet/"


@dataclass(frozen=True)
class BundleEntry:
    summary: PacketSummary
    pdf: bytes
    pages: int
    source_text: str
    error: str | None = None  # why the packet could not be rendered (pdf is then empty)
    volume: str = ""  # the volume (committee) it is bound in: rung.committee.volumes


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


def _link_index(pdf: Any, index_pages: int, rows: tuple[IndexEntry, ...]) -> None:
    """Turn the index's placeholder links into jumps to each packet's first page."""
    from pikepdf import Array, Name, String

    for page in pdf.pages[:index_pages]:
        for annot in page.obj.get("/Annots", ()):
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(LINK_PREFIX):
                continue
            row = rows[int(uri.removeprefix(LINK_PREFIX)) - 1]
            del annot["/A"]
            annot.Dest = Array([pdf.pages[row.page - 1].obj, Name.Fit])
            annot.Contents = String(f"Go to the packet of {row.name}, page {row.page}")


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
    *,
    volume: str = "",
    volumes: tuple[tuple[str, int], ...] = (),
) -> Bundle:
    """The committee PDF for ``entries`` (already in packet-path order): one tagged
    document whose printed page numbers run on from the index to the last packet."""
    import pikepdf

    entries, notes = _notices(entries, templates, limit)

    def index_for(pages: int) -> str:
        rows = _index_entries(entries, pages)
        return index_html(IndexView(cycle, rows, commit, volume=volume, volumes=volumes), templates)

    index = html_to_pdf(index_for, templates, limit=limit)
    calibration = html_to_pdf(calibration_html(STYLESHEET), templates, limit=limit, tagged=False)
    index_pages = index.pages
    rows = _index_entries(entries, index_pages)

    joined = join([index.pdf, *(entry.pdf for entry in entries)])
    pdf = joined.pdf
    _link_index(pdf, index_pages, rows)
    with pikepdf.open(io.BytesIO(calibration.pdf)) as footer:
        number_pages(pdf, read_calibration(footer))
    retag_fonts(pdf)
    attach(pdf, [(e.summary.source_name, e.source_text.encode("utf-8")) for e in entries])

    view = IndexView(cycle, rows, commit, volume=volume, volumes=volumes)
    subject = f"Calibration committee bundle: {len(entries)} promotion packets, cycle {cycle}"
    if len(volumes) > 1:
        subject += f", volume {volume}"
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
    for key, value in metadata.items():
        pdf.docinfo[key] = value
    mark_accessible(pdf, view.title, subject, _xmp_date(date) if date else None)
    pages = len(pdf.pages)
    data = save(pdf)
    pdf.close()
    return Bundle(
        data,
        pages,
        index_pages,
        tuple(row.page for row in rows),
        (*index.messages, *notes),
    )
