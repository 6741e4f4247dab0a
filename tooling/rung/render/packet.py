"""One validated packet -> its committee PDF: what ``rung render`` and each bundle worker run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from rung.ladder.model import Ladder
from rung.loaders.sources import Source
from rung.model.packet import parse_packet
from rung.render.context import CommitInfo, PacketView
from rung.render.html import packet_html
from rung.render.pdf import DEFAULT_TIME_LIMIT, RenderedPDF, SourceFile, html_to_pdf
from rung.render.verdicts import Panel


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


def failed_summary(source: Source, ladder: Ladder | None) -> PacketSummary:
    """What the index can still say about a packet that could not be rendered."""
    packet, _ = parse_packet(source.text, source.path)
    stem = PurePosixPath(source.path).stem
    if packet is None:
        return PacketSummary(source.path, PurePosixPath(source.path).name, stem, stem,
                             "", "", "", False, 0, 0, 0, 0, 0)  # fmt: skip

    def title(level_id: str) -> str:
        level = ladder.level(level_id) if ladder is not None else None
        return level.title if level is not None else level_id

    return PacketSummary(
        path=source.path,
        source_name=PurePosixPath(source.path).name,
        candidate=packet.candidate,
        name=packet.name,
        cycle=packet.cycle,
        from_title=title(packet.from_level),
        to_title=title(packet.to_level),
        lateral=False,
        required=0,
        met=0,
        partial=0,
        gaps=0,
        missing=0,
    )


def render_packet(
    source: Source,
    ladder: Ladder,
    commit: CommitInfo | None,
    templates: Path,
    limit: float = DEFAULT_TIME_LIMIT,
    *,
    for_bundle: bool = False,
    evidence: Mapping[str, Any] | None = None,
    panel: Panel | None = None,
    audience: str = "committee",
    preview: bool = False,
    ids: bool = False,
) -> PacketRender:
    """Render a packet that passed validation.

    ``for_bundle`` leaves out the attachment (the bundle attaches every source
    itself) and the page number (the bundle numbers its pages across packets).
    ``evidence``, ``panel`` and ``audience`` are ``rung render``'s
    ``--evidence``, ``--verdicts`` and ``--audience`` (:mod:`rung.render.inputs`);
    ``preview`` is ``--preview``: every page says it is the pull request's own rendering;
    ``ids`` is ``--ids``: criterion and level ids beside their words.

    Raises ``NotAPacket`` if it does not parse, ``MoveError`` if the ladder refuses
    its move, and ``RenderTimeout`` if WeasyPrint needs longer than ``limit`` seconds.
    """
    packet, _ = parse_packet(source.text, source.path)
    if packet is None:
        raise NotAPacket(f"{source.path} is not a packet; run 'rung validate {source.path}'")
    html, view = packet_html(
        packet,
        ladder,
        commit,
        templates,
        in_bundle=for_bundle,
        evidence=evidence,
        panel=panel,
        audience=audience,
        preview=preview,
        ids=ids,
    )
    description = f"Packet source {source.path}" + (
        f" at commit {commit.stamp}" if commit is not None else ""
    )
    attachment = SourceFile(view.source_name, source.text.encode("utf-8"), description)
    rendered = html_to_pdf(
        html,
        templates,
        attachment=None if for_bundle else attachment,
        date=commit.date if commit is not None else None,
        limit=limit,
        descriptions=view.link_descriptions,
    )
    return PacketRender(summarize(view, source.path), html, rendered)
