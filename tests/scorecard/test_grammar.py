"""The verdict grammar (rung.scorecard.grammar): what is a command, and what it says.

Each test states one rule of docs/committee.md ("The grammar").
"""

from __future__ import annotations

import pytest

from rung.scorecard.grammar import Command, commands, has_command


def test_two_commands_in_one_comment_are_both_found_in_order() -> None:
    assert commands("/meets clear HLD\n/not-yet but no rollout") == [
        Command("meets", "meets", "clear HLD"),
        Command("not-yet", "not-yet", "but no rollout"),
    ]
    assert has_command("/meets")
    assert not has_command("meets, without the slash")


def test_windows_line_ends_separate_lines_too() -> None:
    assert commands("/meets a\r\n/not-yet b") == [
        Command("meets", "meets", "a"),
        Command("not-yet", "not-yet", "b"),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("/meets: the design doc", "the design doc"),
        ("/meets — the design doc", "the design doc"),
        ("/meets -\tthe design doc", "the design doc"),
        ("/meets:\tthe design doc\t", "the design doc"),
        ("/meets \t— the design doc", "the design doc"),
        ("  /Meets the design doc", "the design doc"),
    ],
)
def test_the_reason_is_the_rest_of_the_line_without_its_lead(line: str, reason: str) -> None:
    assert commands(line) == [Command("meets", "meets", reason)]


@pytest.mark.parametrize(
    ("line", "value", "reason"),
    [
        ("/recommend promote A strong case", "promote", "A strong case"),
        ("/RECOMMEND Not-Yet. Too early", "not-yet", "Too early"),
        ("/recommend defer   \tafter the reorg", "defer", "after the reorg"),
        ("*/recommend* **promote**", "promote", ""),
        ('"/recommend" promote, as agreed', "promote", "as agreed"),
    ],
)
def test_a_recommendation_is_its_word_in_lower_case_then_the_reason(
    line: str, value: str, reason: str
) -> None:
    assert commands(line) == [Command("recommend", value, reason)]


def test_how_a_command_is_named_back_to_a_reader() -> None:
    assert [c.written for c in commands("/Meets x\n/NOT-YET y\n/recommend Promote z")] == [
        "/meets",
        "/not-yet",
        "/recommend promote",
    ]
    [bare] = commands("/recommend")
    assert (bare.value, bare.written, bare.verdict) == ("", "/recommend", False)


@pytest.mark.parametrize(
    "body",
    [
        "/meetsX",
        "/meet it",
        "/approve",
        "/meets-ish",
        "/meets/also",
        "see /meets",
        "meets",
        "see */meets*",
        "I agree.\nsee */meets*",
        "see *this* /meets",
    ],
)
def test_near_misses_are_not_commands(body: str) -> None:
    assert commands(body) == []


def test_a_command_after_a_suggestion_block_counts() -> None:
    body = "```suggestion\n/meets inside the block\n```\n/not-yet the rollout is missing"
    assert commands(body) == [Command("not-yet", "not-yet", "the rollout is missing")]


@pytest.mark.parametrize(
    "closing",
    ["```", "  ```", "```   ", "````", "   ````  "],
    ids=["plain", "indented", "trailing-space", "longer", "both"],
)
def test_a_fence_closes_on_a_line_of_its_character_only(closing: str) -> None:
    body = f"```\n/meets in code\n{closing}\n/not-yet after the code"
    assert [c.name for c in commands(body)] == ["not-yet"]


@pytest.mark.parametrize(
    "inner",
    ["```python", "``", "~~~", "``` /meets", "x ```"],
    ids=["info-string", "shorter", "other-character", "command-after", "not-at-start"],
)
def test_a_line_that_is_not_a_closing_fence_leaves_the_block_open(inner: str) -> None:
    body = f"```\n{inner}\n/meets still in code\n```\n/not-yet after"
    assert [c.name for c in commands(body)] == ["not-yet"]


def test_an_indented_fence_opens_a_block_and_its_own_line_is_not_a_command() -> None:
    assert commands("   ~~~ /meets in the info string\n/meets in code\n~~~\n/not-yet x") == [
        Command("not-yet", "not-yet", "x")
    ]
    assert commands("  ```/meets\n```\n/meets after") == [Command("meets", "meets", "after")]


def test_quoted_lines_are_someone_elses_words() -> None:
    assert commands("> /meets said bob\n>/not-yet\n\n*> /meets*\n\n/not-yet mine") == [
        Command("not-yet", "not-yet", "mine")
    ]


def test_a_line_right_after_a_quote_continues_the_quote() -> None:
    # CommonMark's lazy continuation: GitHub shows the line inside the quote
    assert commands("> /meets said bob\n/not-yet mine too") == []
    assert commands("> bob wrote this\n\n/not-yet mine") == [Command("not-yet", "not-yet", "mine")]


def test_an_abstention_is_a_verdict_with_its_reason() -> None:
    """`/abstain WHY` is read as /meets and /not-yet are: a verdict, valued "abstain"."""
    [said] = commands("I reviewed the rest.\n  /Abstain: outside my expertise")
    assert said == Command("abstain", "abstain", "outside my expertise")
    assert (said.verdict, said.written) == (True, "/abstain")


@pytest.mark.parametrize(
    "body",
    [
        "/abstained",
        "/abstain-ish",
        "`/abstain`",
        "```\n/abstain in code\n```",
        "    /abstain indented code",
        "> /abstain quoted",
        "- /abstain listed",
        "<details>\n\n/abstain hidden\n\n</details>",
        "<!--\n/abstain\n-->",
    ],
)
def test_an_abstention_in_code_quotes_or_near_misses_is_not_read(body: str) -> None:
    assert commands(body) == []
