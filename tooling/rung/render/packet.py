"""One validated packet -> its committee PDF: what ``rung render`` and each bundle worker run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rung.ladder import Ladder
from rung.packet import parse_packet
from rung.render.context import CommitInfo, PacketView
from rung.render.html import packet_html
from rung.render.pdf import DEFAULT_TIME_LIMIT, RenderedPDF, SourceFile, html_to_pdf
from rung.sources import Source


@dataclass(frozen=True)
class PacketSummary:
    """What the bundle index says about a packet."""

    path: str
    source_name: str
    candidate: str
    name: str
    cycle: str
    from_title: str
    to_title: str
    lateral: bool
    required: int
    met: int
    partial: int
    gaps: int
    missing: int


@dataclass(frozen=True)
class PacketRender:
    summary: PacketSummary
    html: str
    rendered: RenderedPDF


class NotAPacket(ValueError):
    """The source does not parse as a packet (callers validate before rendering)."""


def summarize(view: PacketView, path: str) -> PacketSummary:
    return PacketSummary(
        path=path,
        source_name=view.source_name,
        candidate=view.candidate,
        name=view.name,
        cycle=view.cycle,
        from_title=view.from_title,
        to_title=view.to_title,
        lateral=view.lateral,
        required=len(view.criteria),
        met=view.count("met"),
        partial=view.count("partial"),
        gaps=view.count("gap"),
        missing=view.count("missing"),
    )


def render_packet(
    source: Source,
    ladder: Ladder,
    commit: CommitInfo | None,
    templates: Path,
    limit: float = DEFAULT_TIME_LIMIT,
    *,
    for_bundle: bool = False,
) -> PacketRender:
    """Render a packet that passed validation.

    ``for_bundle`` leaves out what a bundle does not keep (tags, the attachment:
    the bundle attaches every source itself) so the bundle can be joined quickly.

    Raises ``NotAPacket`` if it does not parse, ``MoveError`` if the ladder refuses
    its move, and ``RenderTimeout`` if WeasyPrint needs longer than ``limit`` seconds.
    """
    packet, _ = parse_packet(source.text, source.path)
    if packet is None:
        raise NotAPacket(f"{source.path} is not a packet; run 'rung validate {source.path}'")
    html, view = packet_html(packet, ladder, commit, templates)
    description = f"Packet source {source.path}" + (
        f" at commit {commit.sha}" if commit is not None else ""
    )
    attachment = SourceFile(view.source_name, source.text.encode("utf-8"), description)
    rendered = html_to_pdf(
        html,
        templates,
        attachment=None if for_bundle else attachment,
        date=commit.date if commit is not None else None,
        limit=limit,
        tagged=not for_bundle,
    )
    return PacketRender(summarize(view, source.path), html, rendered)
