"""One page per packet in the agenda's PDF, always: a brief that runs over its page is
shortened step by step until it fits (summarised, never spilled).

Each step keeps fewer words of the Summary and the key results, fewer of the
candidate's stated gaps and of the criteria in the "For calibration" box, and at
the last steps smaller type.  The layout decides: the agenda is laid out, every
brief that takes more than one page goes one step further, and it is laid out
again; a brief that fits keeps everything.  Deterministic: the same input takes
the same steps, so the PDF is the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from rung.classes import replace
from rung.cycle.agenda import AgendaView, with_briefs
from rung.cycle.load import CycleInput
from rung.cycle.pdf import pdf_from_html, render_html

TEMPLATE = "agenda.html.j2"


@dataclass(frozen=True)
class Fit:
    """How much of a brief one step keeps (None: all of it)."""

    summary_words: int | None
    results_words: int | None
    gaps: int | None  # stated gaps listed
    plan_chars: int | None  # characters of each gap's plan
    listed: int | None  # criteria listed in the "For calibration" box
    text_chars: int | None  # characters of each criterion listed there
    squeeze: bool  # smaller type and spacing


FITS = (
    Fit(None, None, None, None, None, None, squeeze=False),
    Fit(120, 80, 4, 200, 5, 160, squeeze=False),
    Fit(70, 40, 3, 120, 4, 110, squeeze=True),
    Fit(35, 25, 2, 80, 3, 80, squeeze=True),
    Fit(15, 0, 1, 60, 2, 60, squeeze=True),
)

_CLOSE_BLOCK = re.compile(r"</(p|li|h[1-6]|blockquote|pre|td|th|tr)>", re.IGNORECASE)


def shorten(html: Markup, words: int | None) -> Markup:
    """The first ``words`` words of sanitised HTML as one plain paragraph (all of it
    when ``words`` is None or it is short enough)."""
    import nh3

    if words is None or not html:
        return html
    # nh3 with no tags keeps the text, still escaped: safe to mark up again.
    text = nh3.clean(_CLOSE_BLOCK.sub(" ", str(html)), tags=set()).split()
    if words == 0:
        return Markup("")
    if len(text) <= words:
        return Markup(f"<p>{' '.join(text)}</p>")  # noqa: S704 - nh3 output, escaped
    kept = " ".join(text[:words]).rstrip(",;:")
    return Markup(f"<p>{kept} …</p>")  # noqa: S704 - nh3 output, escaped


def _at_fit(view: AgendaView, fits: dict[int, int]) -> AgendaView:
    entries = []
    for e in view.entries:
        step = fits.get(e.number, 0)
        brief = e.brief
        if brief is not None and step:
            fit = FITS[step]
            brief = replace(
                brief,
                summary=shorten(brief.summary, fit.summary_words),
                results=shorten(brief.results, fit.results_words),
            )
        entries.append(replace(e, brief=brief, fit=step))
    return replace(view, entries=tuple(entries))


def agenda_pdf(view: AgendaView, cycle: CycleInput, templates: Path, stylesheet: str) -> bytes:
    """The agenda's PDF: the order, then one page per packet."""
    from rung.render.pdf import anchor_pages

    briefed = with_briefs(view, cycle)
    fits: dict[int, int] = {}
    while True:
        shown = _at_fit(briefed, fits)
        html = render_html(templates, TEMPLATE, agenda=shown, fits=FITS, stylesheet=stylesheet)
        anchors = [e.brief.packet.anchor for e in shown.entries if e.brief is not None]
        starts, total = anchor_pages(html, templates, anchors)
        ends = [*starts[1:], total]
        over = [
            e.number
            for e, start, end in zip(shown.entries, starts, ends, strict=True)
            if end - start > 1 and fits.get(e.number, 0) < len(FITS) - 1
        ]
        if not over:
            return pdf_from_html(templates, TEMPLATE, html)
        for number in over:
            fits[number] = fits.get(number, 0) + 1
