"""Arbitrary input never crashes the importer, and any draft it writes is a valid ladder."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rung.ladder.load import load_ladder
from rung.ladder_import import import_ladder

# Pieces that steer the importer into its branches: level titles, section names,
# notes, table and HTML syntax, and characters YAML must escape.
WORDS = st.sampled_from(
    [
        *("L1", "L2 IC", "L3 EM", "Level 4", "(TL5)", "Senior Engineer", "Manager", "Lead"),
        *("Execution", "Scope & Impact", "Typical Experience", "FAQ", "Overview", "Next Actions"),
        *("Minimum Experience", "1 or more years", "Same as L2", "N/A", "You are able to"),
        *("the", "#", "|", "-", ":", "*", "`", "&amp;", "{:x}", "---", "true", "12", "'", '"'),
        *("<p>", "</p>", "<br>", "<li>", "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>"),
        *("\u2028", "\x85", "\ufeff", "\x07", "\x1b", "\r", "\t", "\\", "é", "日本"),
    ]
)
LINE = st.lists(WORDS, max_size=6).map(" ".join)


def _heading(text: str, depth: int) -> str:
    return "#" * depth + " " + text


def _table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def _html_table(rows: list[list[str]]) -> str:
    cells = "".join("<tr>" + "".join(f"<td>\n\n{c}\n\n</td>" for c in r) + "</tr>\n" for r in rows)
    return f'<table markdown="1">\n{cells}</table>'


def _front_matter(topic: str, level: str, items: list[str]) -> str:
    listed = "".join(f"\n        - {item!r}" for item in items) or " []"
    return f"---\ntopics:\n  - name: {topic!r}\n    levels:\n      {level!r}:{listed}\n---"


BLOCK = st.one_of(
    st.builds(_heading, LINE, st.integers(1, 4)),
    LINE.map(lambda line: "- " + line),
    LINE,
    st.lists(st.lists(LINE, min_size=1, max_size=4), min_size=1, max_size=4).map(_table),
    st.lists(st.lists(LINE, min_size=1, max_size=3), min_size=1, max_size=4).map(_html_table),
)
MARKDOWN = st.builds(
    lambda front, blocks: "\n\n".join([front, *blocks]),
    st.one_of(st.just(""), st.builds(_front_matter, LINE, LINE, st.lists(LINE, max_size=3))),
    st.lists(BLOCK, max_size=12),
)


def _texts(data: dict[str, Any]) -> list[str]:
    return [c["text"] for lv in data["levels"] for a in lv["areas"] for c in a.get("criteria", [])]


def _check(text: str) -> None:
    result = import_ladder(text, "doc.md", "doc")
    assert result.report_lines("doc.md")[-1].startswith("levels ")
    if result.draft is None:
        assert result.levels == 0 and result.unplaced
        return
    ladder, problems = load_ladder(result.draft, "doc.yaml")
    assert ladder is not None, (problems, result.draft)
    assert result.data is not None
    # The YAML carries every text unchanged, whatever characters it holds.
    assert [c.text for lv in ladder.levels for c in lv.criteria] == _texts(result.data)
    assert [lv.title for lv in ladder.levels] == [lv["title"] for lv in result.data["levels"]]
    assert len(ladder.levels) == result.levels


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_any_text(text: str) -> None:
    _check(text)


@settings(deadline=None, max_examples=200)
@given(MARKDOWN)
def test_markdownish_text(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    "text",
    [
        "\n\n# L1\n\n- \x07",  # a raw control character
        "---\ntopics:\n  - name: 'L1'\n    levels:\n      \"' \\x07\": []\n---",  # a YAML escape
    ],
)
def test_control_characters_never_reach_a_draft(text: str) -> None:
    """They are schema errors in a ladder (issue 12), so the import drops them."""
    _check(text)
