"""No invisible or direction-changing characters in the packet.

Bidirectional controls (U+202A-U+202E, U+2066-U+2069) make text display in an
order other than the order it is stored in: a claim can read one way in the
PDF and the pull request and say something else in the file ("Trojan Source").
Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) hide inside words and
names.  Neither belongs in a promotion case; each is a warning where it stands.

What is checked is what reaches the PDF, not only the bytes of the file: a YAML
escape (``"\\u202e"`` in double quotes) is found in the parsed value, and an
HTML character reference (``&#x202E;``, ``&zwj;``) in the narrative, which
Markdown turns into the character itself.

Passing::

    - claim: Led the checkout rewrite.

Failing (a right-to-left override hides the order of the words)::

    - claim: "Led the \\u202eetirwer\\u202c checkout"
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from rung.loaders.yamlload import Position, YamlPath, line_column
from rung.patterns import lazy
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

ID = "unicode"
LEVEL = Level.WARNING

_HIDDEN = lazy("[\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_REFERENCE = lazy(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _message(char: str, how: str = "") -> str:
    return (
        f"invisible character U+{ord(char):04X} ({unicodedata.name(char).lower()}{how}); "
        "it can make text display differently from what it says: remove it"
    )


def check(ctx: Context) -> Iterator[Problem]:
    text = ctx.packet.text
    reported: set[int] = set()
    if not text.isascii() and _HIDDEN.search(text) is not None:  # the common cases, in C
        for match in _HIDDEN.finditer(text):
            line, column = line_column(text, match.start())
            if line in reported:
                continue  # one finding per line is enough to find them all
            reported.add(line)
            yield ctx.problem((line, column), LEVEL, ID, _message(match.group()))
    front = text[: len(text) - len(ctx.packet.body)]
    if "\\" in front:  # only a double-quoted escape can hide one from the scan above
        for where, char in _parsed(ctx.packet.doc.data, ()):
            position = ctx.packet.doc.value_at(where)
            if position[0] not in reported:
                reported.add(position[0])
                yield ctx.problem(position, LEVEL, ID, _message(char, ", as an escape"))
    if "&" in ctx.packet.body:
        yield from _references(ctx, reported)


def _parsed(value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    """``(path, character)`` for each string value holding a hidden character."""
    if isinstance(value, str):
        match = _HIDDEN.search(value)
        if match is not None:
            yield path, match.group()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _parsed(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _parsed(item, (*path, index))


def _references(ctx: Context, reported: set[int]) -> Iterator[Problem]:
    """Character references in the narrative that Markdown renders as hidden characters."""
    packet = ctx.packet
    for offset, line in enumerate(packet.body.split("\n")):
        if "&" not in line:
            continue
        for match in _REFERENCE.finditer(line):
            import html  # here, not on every start: few lines hold a reference

            char = html.unescape(match.group())
            number = packet.body_first_line + offset
            if len(char) == 1 and _HIDDEN.fullmatch(char) and number not in reported:
                reported.add(number)
                where: Position = (number, match.start() + 1)
                yield ctx.problem(where, LEVEL, ID, _message(char, f", as {match.group()}"))
