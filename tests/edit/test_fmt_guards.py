"""`rung fmt`'s guards, one documented promise at a time: every value YAML would cut
short is quoted as the author wrote it, a fold happens only where it reads back as the
same text and leaves the rest of the file alone, and anything fmt cannot place or read
is reported with the text kept byte for byte."""

from __future__ import annotations

import pytest

from rung.edit.fmt import WIDTH, format_packet
from rung.loaders.yamlload import load_yaml, split_front_matter

HEAD = "---\ncandidate: dana-levi\nevidence:\n  a.b:\n"
BODY = "---\n## Summary\n\nText #1: kept.  \n"
ITEM = "    - claim: "  # 13 columns; the claim's key starts at column 6


def packet(*lines: str) -> str:
    return HEAD + "".join(f"{line}\n" for line in lines) + BODY


def data(text: str) -> object:
    front, _ = split_front_matter(text, "p.md")
    assert front is not None
    doc, problems = load_yaml(front.yaml_text, "p.md", front.yaml_first_line)
    assert doc is not None, problems
    return doc.data


# --- quoting ----------------------------------------------------------------------------


def test_every_slip_of_a_file_is_quoted_not_only_the_first() -> None:
    text = packet(f"{ITEM}Fixed it #812 now", f"{ITEM}Also: this # and that", "      links: []")
    result = format_packet(text, "p.md")
    assert (result.repaired, result.problems) == (2, ())
    assert result.text == packet(
        f'{ITEM}"Fixed it #812 now"', f'{ITEM}"Also: this # and that"', "      links: []"
    )


def test_the_quoted_value_is_what_the_author_wrote_without_trailing_spaces() -> None:
    # YAML drops a plain value's trailing spaces; the quotes must not add them back.
    result = format_packet(packet(f"{ITEM}Fixed it #812 now   "), "p.md")
    assert result.text == packet(f'{ITEM}"Fixed it #812 now"')


def test_non_ascii_text_stays_readable_when_quoted() -> None:
    result = format_packet(packet(f"{ITEM}Zoë fixed it — #812"), "p.md")
    assert result.text == packet(f'{ITEM}"Zoë fixed it — #812"')


def test_a_packet_whose_front_matter_ends_with_dots_keeps_its_body() -> None:
    text = HEAD + f"{ITEM}Fixed #812 it\n...\n## Summary\n"
    result = format_packet(text, "p.md")
    assert result.text == HEAD + f'{ITEM}"Fixed #812 it"\n...\n## Summary\n'


@pytest.mark.parametrize(
    "line",
    [
        f"{ITEM}!!str tagged",  # `!!` is YAML on purpose: reported, never turned into text
        f"{ITEM}!important fix\n        and more words",  # quoting one line would lose the next
    ],
    ids=["yaml-tag", "multi-line"],
)
def test_a_tag_fmt_cannot_quote_whole_is_reported_and_the_text_kept(line: str) -> None:
    text = packet(line)
    result = format_packet(text, "p.md")
    assert result.text == text
    assert [p.rule for p in result.problems] == ["yaml"]
    assert "tags (" in result.problems[0].message


def test_a_carriage_return_in_the_text_is_a_finding_on_its_line() -> None:
    text = "---\ncandidate: dana-levi\r\nevidence:\n---\nbody\n"
    result = format_packet(text, "p.md")
    assert result.text == text
    assert [(p.rule, p.line) for p in result.problems] == [("line-endings", 2)]


# --- folding ----------------------------------------------------------------------------

A45, B46, C10 = "a" * 45, "b" * 46, "c" * 10
LONG = f"{A45} {B46} {C10}"  # folds into a line of exactly WIDTH columns and a short one


def test_a_fold_fills_lines_up_to_the_width_indented_two_past_the_key() -> None:
    result = format_packet(packet(f"{ITEM}{LONG}"), "p.md")
    first = f"        {A45} {B46}"
    assert len(first) == WIDTH
    assert result.text == packet(f"{ITEM}>-", first, f"        {C10}")
    assert result.folded == 1


def test_a_line_of_exactly_the_width_is_not_folded() -> None:
    fits = "x " * 42 + "yyy"
    assert len(ITEM + fits) == WIDTH
    text = packet(f"{ITEM}{fits}")
    assert format_packet(text, "p.md").text == text


def test_a_value_that_would_fold_onto_one_line_stays_on_its_key() -> None:
    text = packet(f"{ITEM}{'w ' * 44}end")  # 104 columns; 8 + 91 would fit on one line
    assert len(text.split("\n")[4]) > WIDTH
    assert format_packet(text, "p.md").text == text


def test_a_long_double_quoted_value_is_folded_to_the_same_text() -> None:
    quoted = f'"{A45}: #x {B46} {C10}"'
    result = format_packet(packet(f"{ITEM}{quoted}"), "p.md")
    assert result.folded == 1
    assert data(result.text) == data(packet(f"{ITEM}{quoted}"))


@pytest.mark.parametrize(
    "kept",
    [
        f"{ITEM}{LONG}  # a comment after the value",  # folding would drop the comment
        f"{ITEM}{A45}  {B46} {C10}",  # a fold cannot keep a double space
        f'{ITEM}"{A45}\\t{B46} {C10}"',  # nor a tab
        f"    - {{claim: {LONG}, links: []}}",  # nor live inside a flow mapping
        f"    - {{links: [],\n       claim: {LONG}\n      }}",  # even last on its line
    ],
    ids=["comment", "double-space", "tab", "flow", "flow-last"],
)
def test_a_value_a_fold_cannot_keep_is_left_and_the_others_still_fold(kept: str) -> None:
    text = packet(kept, f"{ITEM}{LONG}")
    result = format_packet(text, "p.md")
    assert result.problems == ()
    assert result.text == packet(kept, f"{ITEM}>-", f"        {A45} {B46}", f"        {C10}")
    assert result.folded == 1
    assert data(result.text) == data(text)


# --- indentation ------------------------------------------------------------------------


def test_indentation_that_would_change_a_block_text_is_left_as_it_is() -> None:
    # A blank line of a literal block holding more spaces than the block's indentation
    # keeps the extra ones: moving the block left would add spaces to the value.
    text = (
        "---\ncandidate: dana-levi\nevidence:\n    a.b:\n        - claim: |\n"
        "              line one\n                \n              line two\n"
        "          links: []\n---\nbody\n"
    )
    result = format_packet(text, "p.md")
    assert data(result.text) == data(text)
    assert result.text == text


def front(*rows: str) -> str:
    return "---\ncandidate: x\nevidence:\n" + "".join(f"{row}\n" for row in rows) + "---\nbody\n"


def test_comments_move_with_the_line_after_them() -> None:
    text = front("    # about a.b", "    a.b:", "        # the first claim", "        - claim: one")
    result = format_packet(text, "p.md")
    assert result.text == front(
        "  # about a.b", "  a.b:", "    # the first claim", "    - claim: one"
    )


def test_block_text_moves_to_two_past_its_key_and_the_next_key_stays() -> None:
    text = front("  a.b:", "    - claim: >-", "            over-indented text", "      links: []")
    result = format_packet(text, "p.md")
    assert result.text == front(
        "  a.b:", "    - claim: >-", "        over-indented text", "      links: []"
    )


@pytest.mark.parametrize(
    "rows",
    [
        ("    a.b:", '        - claim: "one', '         \ttwo"'),  # a tab in the indentation
        ("    a.b:", "        - claim: |2", "            text"),  # an indentation indicator
        ("    a.b:", '        - claim: "first', '   second"'),  # a line left of the margin
    ],
    ids=["tab", "indicator", "margin"],
)
def test_what_indentation_cannot_place_is_left_as_it_is(rows: tuple[str, ...]) -> None:
    text = front(*rows)
    assert format_packet(text, "p.md").text == text
