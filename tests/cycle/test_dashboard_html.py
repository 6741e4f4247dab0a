"""The dashboard's HTML read as a browser reads it (no browser needed): every untrusted
value comes back exactly from the attribute or text it was put in, the charts draw the
numbers of the status, and the table shows the JSON's values and sorts as the page's
script does.  test_dashboard_browser.py checks, in Chromium, what only a browser shows."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, make_repo, populate
from cycle.page import (
    Element,
    charts,
    csp_hash,
    expected_cells,
    legend,
    parse,
    sort_like_the_page,
    status_data,
    table,
)
from cycle.rows import row
from rung.cli import main
from rung.cycle import dashboard
from rung.cycle.dashboard import cells, render_dashboard
from rung.cycle.status import DECIDED, DRAFT, IN_REVIEW, READY, STATES, CycleStatus, PacketStatus

TODAY = date(2026, 7, 10)


def page_of(*rows: PacketStatus) -> Element:
    return parse(render_dashboard(CycleStatus(CYCLE, rows, True, TODAY)))


# --- untrusted text ---------------------------------------------------------------------

HOSTILE = [
    'Zoë "the quote" O\'Neil',
    "<script>alert(1)</script>&amp; `tick` ${x}",
    'x" onmouseover="alert(1)" data-y=\'',
    "a'b`c<d>e&f\"g > ",
]
TAGS = {"html", "head", "meta", "link", "title", "style", "body", "h1", "h2", "p", "div",
        "figure", "figcaption", "svg", "text", "rect", "table", "thead", "tbody", "tr", "th",
        "td", "button", "ul", "li", "script"}  # fmt: skip
ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "rel", "href", "data-status",
              "class", "id", "scope", "data-key", "data-type", "type", "data-order", "data-sort",
              "xmlns", "role", "aria-label", "width", "height", "x", "y", "fill", "aria-hidden"}  # fmt: skip


def hostile_rows() -> list[PacketStatus]:
    rows = []
    for i, text in enumerate(HOSTILE):
        reviewer = HOSTILE[(i + 1) % len(HOSTILE)]
        rows.append(
            row(
                text,
                name=f"{text} #{i}",
                move=text,
                reviewers=(reviewer,),
                owing={reviewer: i + 1},
                outcome=text,
                state=DECIDED if i == 3 else IN_REVIEW,
            )
        )
    return rows


def test_untrusted_values_round_trip_through_attributes_and_text() -> None:
    rows = hostile_rows()
    page = page_of(*rows)
    elements = page.all()
    assert {e.tag for e in elements} <= TAGS  # nothing injected
    for element in elements:
        assert set(element.attrs) <= ATTRIBUTES, (element.tag, element.attrs)
        assert element.duplicated == []
    [script] = page.all("script")
    assert script.text == dashboard.SCRIPT
    [style] = page.all("style")
    assert style.text == dashboard.STYLE
    _, shown = table(page)
    assert shown == [cells(r) for r in rows]  # every cell's text and data-sort, exactly
    assert status_data(page) == {"cycle": CYCLE, "today": "2026-07-10"}
    coverage, _, load = charts(page)
    assert [label for label, _ in coverage.rows] == [text[:28] for text in HOSTILE]
    assert [bars[0][0] for _, bars in coverage.rows] == [f"{t}: 4 evidenced" for t in HOSTILE]
    assert sorted(label for label, _ in load.rows) == sorted(t[:28] for t in HOSTILE[:4])
    owed = [li.text for li in page.one("ul", id="owed").all("li")]
    expected = [
        f"{HOSTILE[(i + 1) % 4]}: {HOSTILE[i]} ({i + 1} criteria, 1 days)" for i in range(3)
    ]
    assert sorted(owed) == sorted(expected)


def test_the_pages_own_style_and_script_are_the_ones_its_policy_allows() -> None:
    page = page_of(row("ann"))
    policy = page.one("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
    rules = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["script-src"] == csp_hash(page.one("script").text)
    assert rules["style-src"] == csp_hash(page.one("style").text)


# --- the charts ---------------------------------------------------------------------------

ANN = row("ann", required=4, evidenced=2, partial=1, gaps=1, days_open=3,
          reviewers=("Carol", "bob"), owing={"Carol": 2})  # fmt: skip
BEN = row("Ben", required=5, evidenced=5, state=READY, days_open=10, reviewers=("bob", "Carol"))
DEE = row("dee", required=5, evidenced=3, gaps=2, days_open=0, reviewers=("Carol",),
          owing={"Carol": 1})  # fmt: skip
CY = row("cy", required=2, evidenced=0, missing=2, state=DRAFT, days_open=None, pull=None)
ROWS = (ANN, BEN, DEE, CY)
GREEN, AMBER, RED, GREY, BLUE = "#2f7d4f", "#a5650a", "#b4441f", "#9aa3ad", "#1d3a6e"


def test_coverage_per_packet_is_a_share_of_its_own_move() -> None:
    page = page_of(*ROWS)
    coverage = charts(page)[0]
    caption = "Coverage per packet (share of the move's criteria)"
    assert (coverage.caption, coverage.label) == (caption, caption)
    # Each bar spans 320 pixels for its own move, from x=180: a 4-criterion move 80 per
    # criterion, a 5-criterion one 64, a 2-criterion one 160.
    assert coverage.rows == [
        ("ann", [("ann: 2 evidenced", "180.0", "160.0", GREEN),
                 ("ann: 1 partly shown", "340.0", "80.0", AMBER),
                 ("ann: 1 gaps", "420.0", "80.0", RED)]),
        ("Ben", [("Ben: 5 evidenced", "180.0", "320.0", GREEN)]),
        ("dee", [("dee: 3 evidenced", "180.0", "192.0", GREEN),
                 ("dee: 2 gaps", "372.0", "128.0", RED)]),
        ("cy", [("cy: 2 without evidence", "180.0", "320.0", GREY)]),
    ]  # fmt: skip
    assert coverage.bottom <= coverage.height
    svg = page.all("figure")[0].one("svg")
    assert [t.text for t in svg.all("text") if t.attrs["x"] == "506"] == [
        "50%",
        "100%",
        "60%",
        "0%",
    ]


def test_36_of_36_draws_longer_than_38_of_40() -> None:
    full = row("full", required=36, evidenced=36)
    most = row("most", required=40, evidenced=38, gaps=2, lateral=True, move="ic-1 → em-1")
    page = page_of(full, most)
    coverage = charts(page)[0]
    widths = {label: float(bars[0][2]) for label, bars in coverage.rows}
    assert widths == {"full": 320.0, "most (lateral)": 304.0}
    _, rows = table(page)
    assert [cells_[2][0] for cells_ in rows] == ["ic-1 → ic-2", "ic-1 → em-1 (lateral)"]


def test_offline_what_is_not_known_is_a_dash_never_a_zero() -> None:
    page = parse(render_dashboard(CycleStatus(CYCLE, ROWS, False, TODAY)))
    _, rows = table(page)
    shown = {cells_[0][0]: [shown for shown, _ in cells_] for cells_ in rows}
    # reviewers, owing, meets, not yet and disagreement: not known offline
    assert shown["ann"][3:] == ["2", "4", "1", "–", "–", "–", "–", "–", "3", "in review"]
    assert shown["cy"][11] == "–"  # no pull request: no days open
    assert "0.000" not in render_dashboard(CycleStatus(CYCLE, ROWS, False, TODAY))
    texts = [p.text for p in page.all("p")]
    assert "Not known offline: GitHub was not read." in texts
    assert "Nobody owes a verdict." not in texts
    load = charts(page)[2]
    assert load.empty


def test_a_decided_packet_owes_nothing_and_no_verdicts_is_no_disagreement() -> None:
    decided = row("dan", state=DECIDED, outcome="promote", reviewers=("bob",), owing={"bob": 2})
    _, rows = table(page_of(decided, ANN))
    shown = {cells_[0][0]: [shown for shown, _ in cells_] for cells_ in rows}
    assert shown["dan"][6:11] == ["1", "–", "0", "0", "–"]
    assert shown["ann"][6:11] == ["2", "1", "0", "0", "–"]


def test_the_legend_names_the_colour_of_each_kind_of_bar() -> None:
    page = page_of(*ROWS)
    colours = legend(page)
    kinds = {"evidenced": "evidenced", "partly shown": "partial", "gaps": "gap",
             "without evidence": "missing"}  # fmt: skip
    bars = [bar for _, row_bars in charts(page)[0].rows for bar in row_bars]
    assert {tooltip.split(" ", 2)[2] for tooltip, *_ in bars} == set(kinds)
    for tooltip, _, _, fill in bars:
        assert fill == colours[kinds[tooltip.split(" ", 2)[2]]], tooltip


def test_verdict_progress_counts_packets_by_state() -> None:
    progress = charts(page_of(*ROWS))[1]
    assert progress.caption == "Verdict progress (packets by state)"
    # Every state has its row, in order; 4 packets span 320 pixels.
    assert progress.rows == [
        ("draft", [("draft: 1 packets", "180.0", "80.0", GREY)]),
        ("in review", [("in review: 2 packets", "180.0", "160.0", AMBER)]),
        ("ready to decide", [("ready to decide: 1 packets", "180.0", "80.0", BLUE)]),
        ("decided", []),
        ("unknown", []),
    ]
    assert progress.bottom <= progress.height


def test_reviewer_load_counts_packets_done_and_owing() -> None:
    load = charts(page_of(*ROWS))[2]
    assert load.caption == "Reviewer load (packets done / still owing)"
    # By login, ignoring case; Carol: done on Ben, owing on ann and dee; the busiest
    # reviewer (3) spans 320 pixels.
    assert load.rows == [
        ("bob", [("bob: 2 packets done", "180.0", "213.3", GREEN)]),
        ("Carol", [("Carol: 1 packets done", "180.0", "106.7", GREEN),
                   ("Carol: 2 packets owing", "286.7", "213.3", AMBER)]),
    ]  # fmt: skip
    assert load.bottom <= load.height


def test_an_empty_cycle_says_so() -> None:
    page = page_of()
    coverage, progress, load = charts(page)
    assert coverage.empty and load.empty
    assert [(label, bars) for label, bars in progress.rows] == [
        (state, []) for state in ("draft", "in review", "ready to decide", "decided", "unknown")
    ]
    assert [p.text for p in page.all("p")].count("Nobody owes a verdict.") == 1


def test_the_nagboard() -> None:
    owed = [li.text for li in page_of(*ROWS).one("ul", id="owed").all("li")]
    assert owed == ["Carol: ann (2 criteria, 3 days), dee (1 criteria, 0 days)"]


# --- the table ------------------------------------------------------------------------------


def test_the_table_sorts_numbers_as_numbers_and_text_ignoring_case() -> None:
    page = page_of(*ROWS)
    heads, _ = table(page)
    assert [(h["data-key"], h["data-type"]) for h in heads] == [
        ("candidate", "text"), ("name", "text"), ("move", "text"), ("evidenced", "number"),
        ("required", "number"), ("gaps", "number"), ("reviewers", "number"),
        ("owing", "number"), ("meets", "number"), ("not-yet", "number"),
        ("disagreement", "number"), ("days", "number"), ("state", "text"),
    ]  # fmt: skip
    assert sort_like_the_page(page, "candidate") == ["ann", "Ben", "cy", "dee"]
    assert sort_like_the_page(page, "days") == ["cy", "dee", "ann", "Ben"]  # no pull request first
    assert sort_like_the_page(page, "days", descending=True) == ["Ben", "ann", "dee", "cy"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Element, dict[str, Any]]:
    """The 30-packet cycle's dashboard and its ``--format json``, from the fake GitHub."""
    repo = tmp_path_factory.mktemp("dash") / "repo"
    scenarios = make_repo(repo, 30)
    with pytest.MonkeyPatch.context() as mp, CycleFake() as gh:
        mp.chdir(repo)
        for name, value in gh.env().items():
            mp.setenv(name, value)
        populate(gh, repo, scenarios)
        common = ["cycle", "status", CYCLE, "--today", "2026-07-10"]
        assert main([*common, "--format", "html", "--out", "dash.html"]) == 0
        assert main([*common, "--format", "json", "--out", "status.json"]) == 0
    status = json.loads((repo / "status.json").read_text(encoding="utf-8"))
    return parse((repo / "dash.html").read_text(encoding="utf-8")), status


def test_the_table_shows_the_json(generated: tuple[Element, dict[str, Any]]) -> None:
    page, status = generated
    _, rows = table(page)
    assert [[shown for shown, _ in cells_] for cells_ in rows] == [
        expected_cells(p) for p in status["packets"]
    ]


def test_the_charts_show_the_json(generated: tuple[Element, dict[str, Any]]) -> None:
    page, status = generated
    packets = status["packets"]
    coverage, progress, load = charts(page)
    words = {"evidenced": "evidenced", "partial": "partly shown", "gaps": "gaps",
             "missing": "without evidence"}  # fmt: skip
    assert [
        (label, [tooltip for tooltip, *_ in bars]) for label, bars in coverage.rows
    ] == [
        (
            p["candidate"][:28],
            [f"{p['candidate']}: {n} {words[k]}" for k, n in p["coverage"].items() if k in words
             and n],
        )
        for p in packets
    ]  # fmt: skip
    states = Counter(p["state"] for p in packets)
    assert [(label, [t for t, *_ in bars]) for label, bars in progress.rows] == [
        (s, [f"{s}: {states[s]} packets"] if states[s] else []) for s in STATES
    ]
    done: Counter[str] = Counter(login for p in packets for login in p["gave"])
    owing: Counter[str] = Counter(login for p in packets for login in p["owing"])
    assert [(label, [t for t, *_ in bars]) for label, bars in load.rows] == [
        (
            login,
            [f"{login}: {n} packets {what}" for n, what in ((done[login], "done"),
             (owing[login], "owing")) if n],
        )
        for login in sorted(done | owing, key=str.casefold)
    ]  # fmt: skip
    assert sum(states.values()) == len(packets) == 30


def test_the_generated_page_has_the_status_cycle_and_day(
    generated: tuple[Element, dict[str, Any]], tmp_path: Path
) -> None:
    page, status = generated
    assert status_data(page) == {"cycle": CYCLE, "today": status["today"]}
    assert page.one("h1").text == f"Cycle {CYCLE}"
