"""The verdict grammar reads a comment as GitHub shows it (rung.scorecard.grammar).

Each test states one rule of docs/committee.md ("The grammar"): a command counts
only at the start of a line of a top-level paragraph, never in code, a quote, a
list, a heading, a table, an HTML comment or raw HTML, whatever the text looks
like line by line.
"""

from __future__ import annotations

import pytest

from rung.scorecard.grammar import Command, commands, has_command

AFTER = "\n\n/not-yet visible"
VISIBLE = [Command("not-yet", "not-yet", "visible")]


@pytest.mark.parametrize(
    "hidden",
    [
        "<!--\n/meets\n-->",
        "Looks fine. <!--\n/meets\n-->",
        "<!-- a note -->\n<!--\n\n/meets\n\n-->",
    ],
    ids=["comment-block", "comment-inline", "comment-with-blank-lines"],
)
def test_a_command_in_an_html_comment_is_hidden_by_github(hidden: str) -> None:
    assert commands(hidden) == []
    assert commands(hidden + AFTER) == VISIBLE


def test_an_html_comment_never_closed_hides_the_rest() -> None:
    assert commands("Thin.\n\n<!--\n/meets\n\n/not-yet too") == []


@pytest.mark.parametrize(
    "code",
    [
        "- a point\n\n      ```\n      /meets\n      ```",
        "1. a point\n\n   > quoted\n   >\n   >     /meets",
        "- a point\n\n          /meets",
        "    /meets",
        "~~~\n/meets\n~~~",
        "~~~~ /meets\n~~~\n/meets\n~~~~",
        "<pre>\n/meets\n</pre>",
    ],
    ids=[
        "fence-in-list-item",
        "indented-in-quote-in-list",
        "indented-in-list",
        "indented",
        "tilde-fence",
        "longer-tilde-fence",
        "html-pre",
    ],
)
def test_code_at_any_depth_is_never_a_command(code: str) -> None:
    assert commands(code) == []
    assert commands(code + AFTER) == VISIBLE


def test_a_fence_never_closed_runs_to_the_end_of_the_comment() -> None:
    assert commands("/meets before\n```\n/meets in code\n\n/not-yet still code") == [
        Command("meets", "meets", "before")
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<blockquote>/meets</blockquote>",
        "<blockquote>\n\n/meets\n\n</blockquote>",
        "<details><summary>x</summary>\n\n/meets\n</details>",
        "<details>\n<summary>/meets</summary>\n\n/meets\n\n</details>",
        "<div>\n/meets\n</div>",
        "<div/>\n\n/meets\n\n</div>",
        "<DETAILS open>\n\n<details>\n\n</details>\n\n/meets\n\n</DETAILS>",
        'Thin. <span title="\n/meets">x</span>',
        "Thin. <details>\n/meets\n</details>",
        "<br>\n/meets",
    ],
    ids=[
        "blockquote-inline",
        "blockquote-around",
        "details",
        "details-summary",
        "div",
        "div-self-closing",
        "nested",
        "in-an-attribute",
        "opened-inline",
        "html-block-to-a-blank-line",
    ],
)
def test_raw_html_hides_what_it_holds_until_it_closes(html: str) -> None:
    assert commands(html) == []
    assert commands(html + AFTER) == VISIBLE


def test_void_elements_and_closed_html_hide_nothing() -> None:
    body = "<br>\n\n/meets one\n\n<img src=x> <b>bold</b>\n/not-yet two, <i>as</i> written"
    assert commands(body) == [
        Command("meets", "meets", "one"),
        Command("not-yet", "not-yet", "two, <i>as</i> written"),
    ]
    assert commands("</details>\n\n/meets a stray close") == [
        Command("meets", "meets", "a stray close")
    ]
    assert commands("<!-- <details> -->\n\nA break<BR>\n/meets after a comment") == [
        Command("meets", "meets", "after a comment")
    ]


def test_html_after_a_command_hides_only_the_lines_after_it() -> None:
    body = "/meets shown, then <details>\n/not-yet hidden\n</details>\n\n/not-yet visible"
    assert commands(body) == [Command("meets", "meets", "shown, then <details>"), *VISIBLE]


@pytest.mark.parametrize(
    "body",
    [
        "- /meets",
        "* /meets",
        "1. /meets",
        "- a point\n  /meets",
        "- a point\n/meets",
        "# /meets",
        "/meets a heading\n---",
        "/meets a heading\n===",
        "| a |\n|---|\n| /meets |",
        "| a |\n|---|\n/meets",
        "`/meets` is the command",
        "x `y\n/meets` z",
        "~~/meets~~ withdrawn",
        "[a link\n/meets](https://example.test)",
        "![an image\n/meets](https://example.test)",
    ],
)
def test_only_top_level_paragraphs_hold_commands(body: str) -> None:
    assert commands(body) == []
    assert not has_command(body)


@pytest.mark.parametrize(
    "body",
    [
        "I read it twice.\n/meets clear",
        "I read it twice.  \n/meets clear",
        "I read it twice.\\\n/meets clear",
        "I read it twice.\n   /meets clear",
        "I read it twice.\n    /meets clear",
        "![an image](https://example.test)\n/meets clear",
    ],
    ids=["soft-break", "hard-break", "backslash-break", "indented", "indented-4", "after-image"],
)
def test_every_line_of_a_paragraph_can_start_a_command(body: str) -> None:
    assert commands(body) == [Command("meets", "meets", "clear")]


def test_the_reason_is_the_source_text_of_the_line() -> None:
    body = "/meets **clear** HLD — see [the doc](https://example.test/d), `x<y` & <b>z</b>\\"
    assert commands(body) == [
        Command(
            "meets",
            "meets",
            "**clear** HLD — see [the doc](https://example.test/d), `x<y` & <b>z</b>\\",
        )
    ]


def test_windows_line_ends_end_fences_and_paragraphs_too() -> None:
    body = "/meets a\r\n\r\n```\r\n/meets in code\r\n```\r\n/not-yet b\r\n"
    assert commands(body) == [Command("meets", "meets", "a"), Command("not-yet", "not-yet", "b")]


def test_a_long_comment_is_read_whole() -> None:
    # 100k characters of mixed Markdown: every construct is read once, front to back
    filler = "A *point* with `code`, <b>html</b> and [a link](https://example.test).\n" * 1500
    body = f"/meets first\n{filler}/not-yet last\n\n<div>\n" + '<a "' * 2000
    assert len(body) > 100_000
    assert commands(body) == [
        Command("meets", "meets", "first"),
        Command("not-yet", "not-yet", "last"),
    ]


def test_an_assignment_is_read_where_a_verdict_would_be() -> None:
    from rung.scorecard.grammar import assignments

    assert assignments("/assign @bob") == ["bob"]
    assert assignments("Please:\n/assign @bob @Carol-2\nthanks") == ["bob", "Carol-2"]
    assert assignments("*/assign @bob*") == ["bob"]
    hidden = [
        "> /assign @bob",
        "```\n/assign @bob\n```",
        "<!--\n/assign @bob\n-->",
        "- /assign @bob",
    ]
    assert [assignments(body) for body in hidden] == [[], [], [], []]
    assert assignments("/assign bob") == []  # a login is named with its @
    assert assignments("/assigned @bob") == [] and assignments("/assign @bob and @carol") == []
    assert assignments("/ASSIGN @bob") == ["bob"]  # in any letter case, as the verdicts
    assert assignments("no command here") == []
