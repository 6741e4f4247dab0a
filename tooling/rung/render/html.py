"""Packets and the bundle index as HTML: the one Jinja environment and its filters.

Templates live in the repository's ``templates/`` directory so an organisation
can restyle its PDFs without touching rung.  ``autoescape=True`` is set
explicitly: ``select_autoescape()`` would not escape ``*.html.j2`` names, and
every packet field is untrusted text.  Templates are code an adopting
organisation (or a pull request) controls, and the composite action renders
with the calling repository's templates, so they run in Jinja's
``ImmutableSandboxedEnvironment``: no ``__globals__``/``__class__`` walks to
``os``, no mutation of the values rung passes in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from rung.evidence.marks import marks_for_packet
from rung.ladder.model import Ladder
from rung.model.coverage import move_coverage
from rung.model.packet import Packet
from rung.problems import FatalError
from rung.render.context import CommitInfo, PacketView, packet_view
from rung.render.markdown import break_long_words, keep_joined, render_markdown, split_sections
from rung.render.verdicts import Panel

PACKET_TEMPLATE = "packet.html.j2"
INDEX_TEMPLATE = "bundle.html.j2"
NOTICE_TEMPLATE = "notice.html.j2"
STYLESHEET = "print.css"
# Narrative sections the first page shows (and the narrative then leaves out).
BRIEF_SECTIONS = ("summary", "impact")


@dataclass(frozen=True)
class IndexEntry:
    """One packet's line in the bundle index."""

    number: int
    name: str
    candidate: str
    from_title: str
    to_title: str
    lateral: bool
    required: int
    met: int
    partial: int
    gaps: int
    missing: int
    page: int  # 1-based page of the bundle where the packet starts
    target: str  # link target, rewritten to an in-document jump when the bundle is assembled
    error: str | None = None  # the packet could not be rendered: why


@dataclass(frozen=True)
class IndexView:
    cycle: str
    entries: tuple[IndexEntry, ...]
    commit: CommitInfo | None
    lang: str = "en"
    volume: str = ""  # this volume's name, when the cycle is split (committee/volumes.py)
    volumes: tuple[tuple[str, int], ...] = ()  # every volume of the cycle: name, packets

    @property
    def title(self) -> str:
        if len(self.volumes) > 1:
            return f"Promotion packets, cycle {self.cycle}, volume {self.volume}"
        return f"Promotion packets, cycle {self.cycle}"


def short_sha(sha: str) -> str:
    return sha[:12]


def commit_date(iso: str | None) -> str:
    """``2026-06-30T14:03:11+02:00`` -> ``2026-06-30 14:03 (UTC+02:00)``."""
    if not iso:
        return "unknown"
    day, _, rest = iso.partition("T")
    clock, zone = rest[:5], rest[8:]
    if zone in {"Z", "+00:00"}:
        zone = "UTC"
    elif zone:
        zone = "UTC" + zone
    return f"{day} {clock} ({zone})" if clock else day


def breakable(text: str) -> str:
    return break_long_words(text)


@cache
def environment(templates: Path) -> jinja2.Environment:
    """The sandboxed Jinja environment for a templates directory: built once per process."""
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {
            "short_sha": short_sha,
            "commit_date": commit_date,
            "breakable": breakable,
            "joined": keep_joined,
        }
    )
    return env


def _render(templates: Path, name: str, **values: object) -> str:
    """Render a template; a broken template is the organisation's to fix, not a rung bug."""
    try:
        return environment(templates).get_template(name).render(**values)
    except SecurityError as err:
        raise FatalError(
            f"template {templates.name}/{name} tried something the sandbox forbids ({err}); "
            "templates may only print the values rung gives them"
        ) from None
    except jinja2.TemplateSyntaxError as err:
        where = f"{templates.name}/{err.name or name}:{err.lineno}"
        raise FatalError(f"template {where}: {err.message}; fix the template") from None
    except jinja2.TemplateError as err:
        raise FatalError(f"template {templates.name}/{name}: {err}; fix the template") from None


def _view(
    packet: Packet,
    ladder: Ladder,
    commit: CommitInfo | None,
    *,
    evidence: Mapping[str, Any] | None = None,
    panel: Panel | None = None,
    audience: str = "committee",
    narrative: bool = True,
    ids: bool = False,
) -> PacketView:
    coverage = move_coverage(packet, ladder)
    if evidence is not None:  # the caller matched it to this packet, whatever path it was given
        evidence = {**evidence, "packet": packet.path}
    brief, rest = split_sections(packet.body, BRIEF_SECTIONS)
    return packet_view(
        packet,
        ladder,
        coverage,
        render_markdown(rest) if narrative and rest.strip() else "",
        commit,
        summary_html=render_markdown(brief.get("summary", ""), top=4),
        results_html=render_markdown(brief.get("impact", ""), top=4),
        marks=marks_for_packet(packet, evidence),
        panel=None if audience == "candidate" else panel,
        audience=audience,
        ids=ids,
    )


def packet_html(
    packet: Packet,
    ladder: Ladder,
    commit: CommitInfo | None,
    templates: Path,
    *,
    in_bundle: bool = False,
    evidence: Mapping[str, Any] | None = None,
    panel: Panel | None = None,
    audience: str = "committee",
    preview: bool = False,
    ids: bool = False,
) -> tuple[str, PacketView]:
    """The packet as one HTML document; raises ``MoveError`` when the ladder refuses the move.

    ``evidence`` is a ``rung evidence --format json`` document for this packet:
    without one, every claim is marked "not checked".  ``preview`` marks every page
    as a pull request's own rendering (``rung render --preview``, packet-check); ``ids``
    prints criterion and level ids beside their words (``--ids``).
    """
    view = _view(packet, ladder, commit, evidence=evidence, panel=panel, audience=audience, ids=ids)
    html = _render(
        templates,
        PACKET_TEMPLATE,
        packet=view,
        narrative=Markup(view.narrative_html),  # noqa: S704 - nh3-sanitised in render_markdown
        summary=Markup(view.summary_html),  # noqa: S704 - the same
        results=Markup(view.results_html),  # noqa: S704 - the same
        stylesheet=STYLESHEET,
        in_bundle=in_bundle,
        preview=preview,
    )
    return html, view


@dataclass(frozen=True)
class Brief:
    """What ``brief.html.j2``'s macro shows of a packet: its view, Summary and key results."""

    packet: PacketView
    summary: Markup
    results: Markup


def packet_brief(packet: Packet, ladder: Ladder) -> Brief:
    """The brief alone, as page 1 of the packet's PDF shows it (for the calibration agenda);
    raises ``MoveError`` when the ladder refuses the move."""
    view = _view(packet, ladder, None, narrative=False)
    return Brief(
        view,
        Markup(view.summary_html),  # noqa: S704 - nh3-sanitised in render_markdown
        Markup(view.results_html),  # noqa: S704 - the same
    )


def index_html(view: IndexView, templates: Path) -> str:
    return _render(templates, INDEX_TEMPLATE, index=view, stylesheet=STYLESHEET)


def notice_html(summary: object, reason: str, templates: Path) -> str:
    """The bundle page that stands in for a packet that could not be rendered."""
    return _render(templates, NOTICE_TEMPLATE, packet=summary, reason=reason, stylesheet=STYLESHEET)
