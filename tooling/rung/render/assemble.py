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

from dataclasses import dataclass
from pathlib import Path

from rung.classes import replace
from rung.render.context import CommitInfo
from rung.render.html import STYLESHEET, IndexEntry, IndexView, index_html, notice_html
from rung.render.packet import PacketSummary
from rung.render.pagenumbers import calibration_html
from rung.render.pdf import DEFAULT_TIME_LIMIT, attachment_date, html_to_pdf
from rung.render.pdfjoin import join
from rung.render.pdfmeta import Finish

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


# Rows of the index on its first page and on each further one (templates/bundle.html.j2
# with print.css, one-line rows).  Only a first guess at the index's length: the
# index is laid out until the length it prints is the length it takes, and a
# wrong guess costs one more layout (of 3 s CPU for 300 rows), as guessing 1 did.
INDEX_FIRST_PAGE, INDEX_PER_PAGE = 15, 19


def index_guess(rows: int) -> int:
    """How many pages an index of ``rows`` packets most likely takes."""
    return 1 + max(0, -(-(rows - INDEX_FIRST_PAGE) // INDEX_PER_PAGE))


def _pdf_date(iso: str) -> str:
    return attachment_date(iso).strftime("D:%Y%m%d%H%M%SZ")


def _xmp_date(iso: str) -> str:
    return attachment_date(iso).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    entries, notes = _notices(entries, templates, limit)

    def index_for(pages: int) -> str:
        rows = _index_entries(entries, pages)
        return index_html(IndexView(cycle, rows, commit, volume=volume, volumes=volumes), templates)

    index = html_to_pdf(index_for, templates, limit=limit, guess=index_guess(len(entries)))
    calibration = html_to_pdf(calibration_html(STYLESHEET), templates, limit=limit, tagged=False)
    index_pages = index.pages
    rows = _index_entries(entries, index_pages)

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
    attachments = [(e.summary.source_name, e.source_text.encode("utf-8")) for e in entries]
    finish = Finish(view.title, subject, _xmp_date(date) if date else None, metadata, attachments)
    # The index's placeholder links become jumps to each packet's first page.
    links = {
        row.target: (row.page - 1, f"Go to the packet of {row.name}, page {row.page}")
        for row in rows
    }
    files = [(index.pdf, index_pages), *((entry.pdf, entry.pages) for entry in entries)]
    joined = join(files, calibration.pdf, links, finish)
    return Bundle(
        joined.pdf,
        joined.pages,
        index_pages,
        tuple(row.page for row in rows),
        (*index.messages, *notes),
    )
