"""The fast path's guard: never more permissive than the regex it replaced."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rung.loaders import yamlfast

# The guard as it was before the cheap scan, kept here as the reference.
_OLD_MARKER = re.compile(r"(?:^|[\s\[\]{},])[&*!]")


def old_fast_path_is_safe(text: str) -> bool:
    openers = text.count("[") + text.count("{") + text.count("-") + text.count("?")
    if openers >= 4096:
        return False
    if "\n" + " " * 128 in text or text.startswith(" " * 128):
        return False
    if "&" in text or "*" in text or "!" in text:
        return _OLD_MARKER.search(text) is None
    return True


_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
# Characters the two guards must agree about: the markers, every kind of whitespace
# (the regex's \s is Unicode-aware), the flow indicators, and ordinary text.
_TRICKY = st.sampled_from(["&", "*", "!", "[", "]", "{", "}", ",", "-", "?", ":", "#", *_SPACES])
_TEXT = st.lists(st.one_of(_TRICKY, st.characters(), st.sampled_from(["R&D", "Q&A"])), max_size=300)


def test_str_isspace_is_the_regex_whitespace_class() -> None:
    """The scan tests ``str.isspace`` where the regex used ``\\s``: the same set of
    characters, checked for every code point."""
    whitespace = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert char.isspace() == bool(whitespace.match(char)), hex(code)


@pytest.mark.parametrize("many", [yamlfast._MANY_MARKERS, -1, sys.maxsize])
@settings(max_examples=400, deadline=None)
@given(parts=_TEXT)
def test_the_scan_finds_exactly_what_the_regex_found(parts: list[str], many: int) -> None:
    """With the default threshold, always the regex (-1) and always the scan (maxsize)."""
    text = "".join(parts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlfast, "_MANY_MARKERS", many)
        scan = yamlfast._marker_at_token_start(text)
        assert scan == bool(yamlfast._TOKEN_START_MARKER.search(text))
        new = yamlfast.fast_path_is_safe(text)
    if new != old_fast_path_is_safe(text):
        # More permissive than the old guard only for an '&' or '*' followed by a
        # blank, which no anchor or alias is (what load_yaml gives is compared below).
        assert new
        assert re.search(r"(?:^|[\s\[\]{},])[&*][ \t\r\n]", text)


@pytest.mark.parametrize(
    "text",
    [
        "&a x\n",
        "k: &a x\n",
        "k: *a\n",
        "k: !!str x\n",
        "k: [x,*a]\n",
        "k: {x: 1,&a y: 2}\n",
        "k:\t!tag x\n",
        "k:\u3000&a x\n",
        "claim: Planning &estimation\n",
        "k: *",  # an alias with no name at the end of the text: to the event walk
    ],
)
def test_a_marker_that_starts_a_token_keeps_text_off_the_fast_path(text: str) -> None:
    assert not yamlfast.fast_path_is_safe(text)


@pytest.mark.parametrize(
    "text",
    [
        "claim: The R&D standard, and the Q&A channel!\n",
        "links: [https://x.example/?a=1&b=2]\n",
        "claim: '5* rating'\n",
        "note: p*q\n",
        "claim: Planning & estimation\n",  # an anchor's name is never blank
        "name: Leadership & Collaboration - You and the R&D\n",
        "note: 5 * 3\n",
    ],
)
def test_markers_inside_words_take_the_fast_path(text: str) -> None:
    assert yamlfast.fast_path_is_safe(text)


# YAML-ish pieces around '&' and '*': anchors, aliases, blanks after the markers,
# keys, flow collections, quotes, comments and block scalars.
_PIECE = st.sampled_from(
    [
        "& ",
        "&\t",
        "&\n",
        "* ",
        "*\n",
        "&a ",
        "*a",
        "&",
        "*",
        "!",
        "! ",
        "!!str ",
        "k: ",
        "- ",
        "? ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "'",
        '"',
        "#",
        " # c",
        "|\n",
        ">\n",
        "x",
        "R&D",
        "\n",
        "  ",
        "\n  ",
        "\t",
        "1",
    ]
)


def _loaded(text: str) -> tuple[object, object]:
    from rung.loaders.yamlload import load_yaml

    doc, problems = load_yaml(text, "f.yaml", 3)
    return (None if doc is None else (doc.data, doc.values, doc.keys)), problems


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(_PIECE, max_size=24))
def test_a_blank_after_an_ampersand_or_star_changes_nothing_loaded(parts: list[str]) -> None:
    """Where the guard lets more text onto the fast path than the guard before it,
    load_yaml gives the same document, positions and findings as with the old guard."""
    text = "".join(parts)
    new = _loaded(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlfast, "fast_path_is_safe", old_fast_path_is_safe)
        old = _loaded(text)
    assert new == old


@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(st.sampled_from("[{-?]}!&*"), st.characters())))
def test_the_openers_are_counted_as_str_count_counts_them(text: str) -> None:
    """One bytes.translate pass over the UTF-8 bytes (surrogates too) in place of four
    str.count passes (issue 29)."""
    expected = text.count("[") + text.count("{") + text.count("-") + text.count("?")
    assert yamlfast.openers(text) == expected
