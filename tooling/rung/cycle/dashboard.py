"""The cycle's dashboard: one self-contained HTML file, safe to open anywhere.

* No network: the page loads nothing.  Its Content-Security-Policy is
  ``default-src 'none'`` with the one inline stylesheet and the one inline script
  allowed by their SHA-256 hashes, so not even an injected tag could fetch.
* Charts are inline SVG drawn here (coverage per packet as a share of its own
  move, verdict progress, reviewer load); the table sorts in the page (click a
  column, or open the file with ``#sort=COLUMN:asc|desc``).
* What it does not know it shows as "–", never as a zero (offline, nothing about
  reviewers or verdicts); a lateral move says "(lateral)".
* Every packet value is untrusted: it is HTML-escaped, attributes included.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Sequence
from html import escape

from rung.cycle.report import owed
from rung.cycle.status import STATES, CycleStatus, PacketStatus, tally_states

COLORS = {"evidenced": "#2f7d4f", "partial": "#a5650a", "gap": "#b4441f", "missing": "#9aa3ad"}
STATE_COLORS = dict(
    zip(STATES, ("#9aa3ad", "#a5650a", "#1d3a6e", "#2f7d4f", "#d5dbe3"), strict=True)
)
BAR_WIDTH = 320
ROW_HEIGHT = 16

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;color:#1f2933;margin:24px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.muted{color:#5f6b7a}.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;
border-bottom:1px solid #d5dbe3;vertical-align:top}td.n{text-align:right}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
svg text{font:11px system-ui,sans-serif;fill:#1f2933}
"""

SCRIPT = """
(function(){
var table=document.getElementById('packets');var body=table.tBodies[0];
var heads=table.tHead.rows[0].cells;
function key(cell,numeric){var v=cell.getAttribute('data-sort');return numeric?parseFloat(v):v;}
function sortBy(index,dir){
  var numeric=heads[index].getAttribute('data-type')==='number';
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){var x=key(a.cells[index],numeric),y=key(b.cells[index],numeric);
    var c=numeric?(x-y):(x<y?-1:x>y?1:0);
    if(c===0){c=a.getAttribute('data-order')-b.getAttribute('data-order');return c;}
    return dir==='desc'?-c:c;});
  rows.forEach(function(r){body.appendChild(r);});
  for(var i=0;i<heads.length;i++){heads[i].removeAttribute('aria-sort');}
  heads[index].setAttribute('aria-sort',dir==='desc'?'descending':'ascending');
}
Array.prototype.forEach.call(heads,function(th,index){
  th.querySelector('button').addEventListener('click',function(){
    sortBy(index,th.getAttribute('aria-sort')==='ascending'?'desc':'asc');});});
var m=/^#sort=([a-z-]+):(asc|desc)$/.exec(window.location.hash);
if(m){for(var i=0;i<heads.length;i++){if(heads[i].getAttribute('data-key')===m[1]){sortBy(i,m[2]);}}}
})();
"""


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(SCRIPT)}; "
    "img-src 'none'; connect-src 'none'; font-src 'none'; form-action 'none'; "
    "base-uri 'none'; frame-src 'none'"
)

# key, heading, numeric, value of a row (shown, sort key)
Column = tuple[str, str, bool]
COLUMNS: Sequence[Column] = (
    ("candidate", "Candidate", False),
    ("name", "Name", False),
    ("move", "Move", False),
    ("evidenced", "Evidenced", True),
    ("required", "Required", True),
    ("gaps", "Gaps", True),
    ("reviewers", "Reviewers", True),
    ("owing", "Owing", True),
    ("meets", "Meets", True),
    ("not-yet", "Not yet", True),
    ("disagreement", "Disagreement", True),
    ("days", "Days open", True),
    ("state", "State", False),
)


UNKNOWN = "–"  # what the dashboard does not know: never shown as a zero
LATERAL = " (lateral)"


def cells(row: PacketStatus, *, online: bool = True) -> list[tuple[str, str]]:
    """``(shown, sort key)`` per column, the same values ``--format json`` gives, except
    what is not known: offline, nothing about reviewers or verdicts; the disagreement of a
    packet without verdicts; the days of a packet without a pull request; what a decided
    or draft packet "owes" (nobody is asked for it).  Those show "–" and sort first."""

    def count(value: int, known: bool = online) -> tuple[str, str]:
        return (str(value), str(value)) if known else (UNKNOWN, "-1")

    said = row.meets + row.not_yet + row.promote + row.hold
    asked = online and row.state not in ("decided", "draft")
    disagreement = f"{row.spread.disagreement:.3f}"
    return [
        (row.candidate, row.candidate.casefold()),
        (row.name, row.name.casefold()),
        (row.move + (LATERAL if row.lateral else ""), row.move),
        count(row.evidenced, True),
        count(row.required, True),
        count(row.gaps, True),
        count(len(row.reviewers)),
        count(len(row.owing), asked),
        count(row.meets),
        count(row.not_yet),
        (disagreement, disagreement) if online and said else (UNKNOWN, "-1"),
        count(row.days_open or 0, row.days_open is not None),
        (row.state + (f": {row.outcome}" if row.outcome else ""), row.state),
    ]


def _table(rows: Sequence[PacketStatus], online: bool) -> str:
    head = "".join(
        f'<th scope="col" data-key="{key}" data-type="{"number" if numeric else "text"}">'
        f'<button type="button">{escape(title)}</button></th>'
        for key, title, numeric in COLUMNS
    )
    body = []
    for order, row in enumerate(rows):
        tds = "".join(
            f'<td{" class=n" if numeric else ""} data-sort="{escape(key, quote=True)}">'
            f"{escape(shown)}</td>"
            for (shown, key), (_, _, numeric) in zip(
                cells(row, online=online), COLUMNS, strict=True
            )
        )
        body.append(f'<tr data-order="{order}">{tds}</tr>')
    return (
        f'<table id="packets"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


Bar = tuple[int, str, str]  # value, colour, what it counts


def _bars(
    title: str,
    items: Iterable[tuple[str, str, Sequence[Bar], int]],
    *,
    empty: str = "none yet",
    share: bool = False,
) -> str:
    """A horizontal stacked bar chart: per item, its name (in tooltips), the label shown,
    segments of (value, colour, label) and the total its full width stands for.  ``share`` writes each bar's first
    segment as a percentage of its total after the bar."""
    entries = list(items)
    if not entries:
        return f"<figure><figcaption>{escape(title)}</figcaption><p class=muted>{escape(empty)}</p></figure>"
    height = ROW_HEIGHT * max(1, len(entries)) + 8
    parts = []
    for i, (name, label, segments, total) in enumerate(entries):
        y = 4 + i * ROW_HEIGHT
        parts.append(f'<text x="0" y="{y + 11}">{escape(label)}</text>')
        x = 180.0
        for value, color, what in segments:
            width = BAR_WIDTH * value / total if total else 0
            if width > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{ROW_HEIGHT - 4}" '
                    f'fill="{color}"><title>{escape(f"{name}: {value} {what}")}</title></rect>'
                )
            x += width
        if share and total:
            percent = round(100 * segments[0][0] / total)
            parts.append(f'<text x="{180 + BAR_WIDTH + 6}" y="{y + 11}">{percent}%</text>')
    return (
        f'<figure><figcaption>{escape(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" '
        f'role="img" aria-label="{escape(title, quote=True)}" width="{180 + BAR_WIDTH + 44}" '
        f'height="{height}">{"".join(parts)}</svg></figure>'
    )


def _charts(status: CycleStatus) -> str:
    rows = status.rows
    # Each packet's bar is its own move's whole: 36 of 36 is a full bar, 38 of 40 is not.
    coverage = _bars(
        "Coverage per packet (share of the move's criteria)",
        (
            (
                r.candidate,
                r.candidate[:28] + (LATERAL if r.lateral else ""),
                [
                    (r.evidenced, COLORS["evidenced"], "evidenced"),
                    (r.partial, COLORS["partial"], "partly shown"),
                    (r.gaps, COLORS["gap"], "gaps"),
                    (r.missing, COLORS["missing"], "without evidence"),
                ],
                r.required,
            )
            for r in rows
        ),
        share=True,
    )
    states = tally_states(rows)
    progress = _bars(
        "Verdict progress (packets by state)",
        (
            (state, state, [(n, STATE_COLORS[state], "packets")], max(1, len(rows)))
            for state, n in states.items()
        ),
    )
    load: dict[str, list[int]] = {}
    for r in rows:
        for login in r.reviewers:
            load.setdefault(login, [0, 0])[0 if login not in r.owing else 1] += 1
    busiest = max((sum(v) for v in load.values()), default=1)
    reviewers = _bars(
        "Reviewer load (packets done / still owing)",
        (
            (
                login,
                login[:28],
                [(done, "#2f7d4f", "packets done"), (owing, "#a5650a", "packets owing")],
                busiest,
            )
            for login, (done, owing) in sorted(load.items(), key=lambda i: i[0].casefold())
            if status.online  # offline, who reviews what is not known
        ),
        empty="none yet" if status.online else "not known offline: GitHub was not read",
    )
    legend = " · ".join(
        f'<svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" '
        f'fill="{color}"/></svg> {what}'
        for what, color in COLORS.items()
    )
    return (
        f'<div class="charts">{coverage}{progress}{reviewers}</div>'
        f'<p class="muted">Coverage: {legend}</p>'
    )


def _nagboard(status: CycleStatus) -> str:
    if not status.online:
        return "<p>Not known offline: GitHub was not read.</p>"
    board = owed(status.rows)
    if not board:
        return "<p>Nobody owes a verdict.</p>"
    items = "".join(
        f"<li>{escape(login)}: "
        + ", ".join(f"{escape(r.candidate)} ({n} criteria, {r.days_open} days)" for r, n in entries)
        + "</li>"
        for login, entries in board
    )
    return f'<ul id="owed">{items}</ul>'


def _remarks(status: CycleStatus) -> str:
    """Verdicts that did not count, or count although someone changed them, with why."""
    items = "".join(
        f"<li>{escape(row.candidate)}: {escape(remark)}</li>"
        for row in status.rows
        for remark in row.remarks
    )
    return (
        f'<h2>Not counted, or changed by someone else</h2><ul id="remarks">{items}</ul>'
        if items
        else ""
    )


def render_dashboard(status: CycleStatus) -> str:
    """The dashboard of ``status`` as one HTML document."""
    source = "GitHub read" if status.online else "offline: coverage and decisions only"
    data = escape(json.dumps({"cycle": status.cycle, "today": status.today.isoformat()}))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Cycle {escape(status.cycle)}: status</title>"
        f"<style>{STYLE}</style></head>"
        f'<body data-status="{data}">'
        f"<h1>Cycle {escape(status.cycle)}</h1>"
        f'<p class="muted">{len(status.rows)} packets, {escape(status.today.isoformat())} '
        f"({escape(source)}). Generated by rung; confidential to the committee.</p>"
        f"{_charts(status)}"
        "<h2>Packets</h2>"
        f"{_table(status.rows, status.online)}"
        "<h2>Owed verdicts</h2>"
        f"{_nagboard(status)}"
        f"{_remarks(status)}"
        f"<script>{SCRIPT}</script>"
        "</body></html>\n"
    )
