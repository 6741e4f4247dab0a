"""Short words the PDF prints where the ladder's full text does not fit: pure.

The coverage grid names each criterion in a box a few centimetres wide, and the
running "(continued)" header names the criterion a page carries on.  A ladder
may give a ``label:``; otherwise one is derived from the criterion's text.
"""

from __future__ import annotations

import re

MAX_LABEL = 40
# Ladders phrase criteria to the reader ("You are able to perform HLD for
# epics"); the grid keeps what differs from one criterion to the next.
_LEAD = re.compile(
    r"^(?:you\s+are\s+(?:able|expected|capable)\s+(?:to|of)|you['’]re\s+able\s+to|"
    r"you\s+can|you\s+have|you\s+are|you['’]re|you|able\s+to|can)\s+",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;:.](?:\s|$)|\s[—–-]\s")

# Status as a word and a glyph, so colour is never the only signal (WCAG 1.4.1).
STATUS_GLYPH = {"met": "✓", "partial": "◐", "gap": "✗", "missing": "○"}
STATUS_WORD = {
    "met": "evidenced",
    "partial": "checkpoint partly shown",
    "gap": "gap stated",
    "missing": "no evidence",
}


def short_label(text: str, label: str = "", limit: int = MAX_LABEL) -> str:
    """The ladder's ``label`` or a short form of ``text``, at most ``limit`` characters."""
    words = " ".join((label or text).split())
    if not label:
        words = _LEAD.sub("", words, count=1)
        end = _CLAUSE_END.search(words)
        if end is not None and end.start() > 0:
            words = words[: end.start()]
        words = words[:1].upper() + words[1:]
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0] if " " in words[: limit - 1] else words[: limit - 1]
    return cut.rstrip(",;:-–— ") + "…"


def text_blocks(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A ladder description as paragraphs and lists: ``("p", (line,))`` or ``("ul", items)``.

    Ladder files write lists as lines starting with ``- `` (or ``* ``); printed
    as they stand they read as literal hyphens.
    """
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:2] in {"- ", "* ", "• "}:
            item = line[2:].strip()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(item)
            else:
                blocks.append(("ul", [item]))
        else:
            blocks.append(("p", [line]))
    return tuple((kind, tuple(lines)) for kind, lines in blocks)
