"""No invisible or direction-changing characters in the packet.

Bidirectional controls (U+202A-U+202E, U+2066-U+2069) make text display in an
order other than the order it is stored in: a claim can read one way in the
PDF and the pull request and say something else in the file ("Trojan Source").
Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) hide inside words and
names.  Neither belongs in a promotion case; each is a warning where it stands.

Passing::

    - claim: Led the checkout rewrite.

Failing (a right-to-left override hides the order of the words)::

    - claim: "Led the \u202eetirwer\u202c checkout"
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from rung.problems import Level, Problem
from rung.rules.base import Context
from rung.yamlload import line_column

ID = "unicode"
LEVEL = Level.WARNING

_HIDDEN = re.compile("[\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def check(ctx: Context) -> Iterator[Problem]:
    text = ctx.packet.text
    if text.isascii() or _HIDDEN.search(text) is None:  # the common cases, in C
        return
    reported: set[int] = set()
    for match in _HIDDEN.finditer(text):
        line, column = line_column(text, match.start())
        if line in reported:
            continue  # one finding per line is enough to find them all
        reported.add(line)
        char = match.group()
        yield ctx.problem(
            (line, column),
            LEVEL,
            ID,
            f"invisible character U+{ord(char):04X} ({unicodedata.name(char).lower()}); "
            "it can make text display differently from what it says: remove it",
        )
