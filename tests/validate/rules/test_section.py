"""`section`: the policy's required narrative sections, each with text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rung.problems import Level
from rung.validate.rules import section
from rung.validate.rules.section import headings


def test_headings_outside_code_with_their_lines() -> None:
    body = (
        "Intro\n\n# Title\n\nSummary\n=======\n\n```\n## Fake\n```\n\n"
        "### Impact ###\n\nImpact text\n\n---\n\nResults\n-------\n"
    )
    found = [(h.title, h.depth, h.line, h.has_text) for h in headings(body, 20)]
    assert found == [
        ("Title", 1, 22, False),  # the setext heading after it has the same depth
        ("Summary", 1, 24, True),  # a code block is text
        ("Impact", 3, 31, True),
        ("Results", 2, 37, False),
    ]


def test_a_missing_section_points_at_the_closing_delimiter(lint, clean: str) -> None:
    text = clean.replace("## Impact\n\nCheckout errors halved.\n", "## Results\n\nHalved.\n")
    assert lint(text) == [
        (
            23,
            1,
            Level.ERROR,
            "section",
            "the narrative has no 'Impact' section; add a '## Impact' heading and write it "
            "(ladder 'mini' requires: Summary, Impact)",
        )
    ]


def test_an_empty_section_is_a_warning_at_its_heading(lint, clean: str) -> None:
    text = clean.replace("## Summary\n\nTwo years on checkout.\n", "## Summary\n\n### Details\n")
    assert lint(text) == [
        (
            24,
            1,
            Level.ERROR,
            "section",
            "the 'Summary' section is empty (comments do not count); write it",
        )
    ]


def test_headings_match_whatever_their_level_and_case(lint, clean: str) -> None:
    text = clean.replace("## Summary", "# SUMMARY").replace("## Impact", "#### impact ##")
    assert lint(text) == []


def test_a_comment_is_no_text(lint, clean: str) -> None:
    """The hints ``rung new`` writes under each heading never count as the section."""
    text = clean.replace("Two years on checkout.", "<!--\nTwo or three sentences.\n-->")
    assert [p[3:] for p in lint(text)] == [
        ("section", "the 'Summary' section is empty (comments do not count); write it")
    ]
    text = clean.replace("Two years on checkout.", "<!-- a hint --> Two years on checkout.")
    assert lint(text) == []


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([" ", "  ", "\t", "<", "<!--", "-->", "!", "-", "x", "#"]), max_size=8)
)
def test_a_comment_opens_only_on_a_line_that_starts_with_a_space_or_a_bracket(
    parts: list[str],
) -> None:
    """headings() tries the comment pattern only on such lines (issue 29)."""
    row = "".join(parts)
    if section._COMMENT_OPEN.match(row):
        assert row[:1] in " <"
