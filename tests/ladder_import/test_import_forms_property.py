"""Generated ladders written in Markdown and in HTML import to the same draft (issue 26).

The HTML forms are a page of headings and lists, the same inside a component
template indented in a Markdown file (CommonMark reads indented HTML as code), and a
``<table>`` with a row per level beside its Markdown pipe-table twin.
"""

from __future__ import annotations

import html
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rung.ladder.load import load_ladder
from rung.ladder_import import ImportResult, import_ladder

# Criterion text as people write it: punctuation, quotes, ampersands, non-ASCII; no
# Markdown syntax (emphasis, links, code, pipes), which the two forms spell differently.
WORD = st.sampled_from(
    [
        *("ships", "reviews", "owns", "the", "team's", "on-call", "rota", "SLOs", "R&D"),
        *("“quality”", '"done"', "(with help)", "e.g.", "50%", "café", "naïve", "日本"),
        *("design,", "docs;", "fast!", "why?", "A/B", "p95", "2x", "—", "it's", "Q&A"),
    ]
)
TEXT = st.lists(WORD, min_size=2, max_size=8).map(lambda ws: "Often " + " ".join(ws))
ROLES = ["Engineer", "Analyst", "Designer", "Scientist", "Architect"]
RANKS = ["Junior", "Associate", "Senior", "Staff", "Principal"]
AREAS = ["Delivery", "Craft", "Collaboration", "Quality", "Mentoring", "Operations"]

Ladder = list[tuple[str, list[tuple[str, list[str]]]]]


@st.composite
def ladders(draw: st.DrawFn) -> Ladder:
    role = draw(st.sampled_from(ROLES))
    count = draw(st.integers(1, 4))
    areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True))
    return [
        (
            f"{RANKS[i]} {role}",
            [(a, draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))) for a in areas],
        )
        for i in range(count)
    ]


def _markdown(ladder: Ladder) -> str:
    out = ["# Generated Ladder", ""]
    for title, areas in ladder:
        out += [f"## {title}", ""]
        for area, texts in areas:
            out += [f"### {area}", "", *(f"- {t}" for t in texts), ""]
    return "\n".join(out)


def _html(ladder: Ladder, indent: str = "") -> str:
    out = ["<h1>Generated Ladder</h1>"]
    for title, areas in ladder:
        out += ["<section>", f"<h2>{html.escape(title)}</h2>"]
        for area, texts in areas:
            out += [f"<h3>{area}</h3>", "<ul>"]
            out += [f"  <li>{html.escape(t)}</li>" for t in texts]
            out += ["</ul>"]
        out += ["</section>"]
    return "\n".join(indent + line for line in out)


def _pipe_rows(ladder: Ladder) -> str:
    areas = [a for a, _ in ladder[0][1]]
    rows = ["# Generated Ladder", "", "| Level | " + " | ".join(areas) + " |"]
    rows.append("|---" * (len(areas) + 1) + "|")
    for title, cells in ladder:
        rows.append(
            f"| {title} | "
            + " | ".join("<br>".join(f"- {t}" for t in ts) for _, ts in cells)
            + " |"
        )
    return "\n".join(rows) + "\n"


def _html_rows(ladder: Ladder) -> str:
    areas = [a for a, _ in ladder[0][1]]
    head = "<tr><th>Level</th>" + "".join(f"<th>{a}</th>" for a in areas) + "</tr>"
    body = "".join(
        f"<tr><td>{html.escape(title)}</td>"
        + "".join(
            "<td><ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in ts) + "</ul></td>"
            for _, ts in cells
        )
        + "</tr>\n"
        for title, cells in ladder
    )
    return f"<h1>Generated Ladder</h1>\n<table>\n<thead>{head}</thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def _data(result: ImportResult) -> dict[str, Any]:
    assert result.draft is not None, result.report_lines("F")
    ladder, problems = load_ladder(result.draft, "gen.yaml")
    assert ladder is not None and problems == [], problems
    assert result.unplaced == (), result.report_lines("F")
    assert result.data is not None
    return {k: v for k, v in result.data.items() if k != "source"}


def _texts(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (lv["title"], area["name"], c["text"])
        for lv in data["levels"]
        for area in lv["areas"]
        for c in area.get("criteria", [])
    ]


def _expected(ladder: Ladder) -> list[tuple[str, str, str]]:
    return [(title, area, t) for title, areas in ladder for area, ts in areas for t in ts]


@settings(max_examples=40, deadline=None)
@given(ladders())
def test_markdown_and_html_headings_import_the_same(ladder: Ladder) -> None:
    markdown = _data(import_ladder(_markdown(ladder), "gen.md", "gen"))
    assert _texts(markdown) == _expected(ladder)
    page = _data(import_ladder(_html(ladder), "gen.html", "gen"))
    template = f"<template>\n  <div>\n{_html(ladder, '    ')}\n  </div>\n</template>\n"
    vue = _data(import_ladder(template, "gen.vue", "gen"))
    # In Markdown, HTML after a blank line and indented four spaces is a code block.
    embedded = f"<div>\n\n{_html(ladder, '    ')}\n\n</div>\n"
    in_markdown = _data(import_ladder(embedded, "gen.md", "gen"))
    assert page == markdown
    assert vue == markdown
    assert in_markdown == markdown


@settings(max_examples=40, deadline=None)
@given(ladders())
def test_markdown_and_html_tables_import_the_same(ladder: Ladder) -> None:
    pipes = _data(import_ladder(_pipe_rows(ladder), "gen.md", "gen"))
    assert _texts(pipes) == _expected(ladder)
    assert _data(import_ladder(_html_rows(ladder), "gen.html", "gen")) == pipes
