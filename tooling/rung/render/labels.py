"""Short words the PDF prints where the ladder's full text does not fit: pure.

The coverage grid names each criterion in a box a few centimetres wide, and the
running "(continued)" header names the criterion a page carries on.  A ladder
may give a ``label:``; otherwise one is derived from the criterion's text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

MAX_LABEL = 40  # the running "(continued)" header and the panel's table
GRID_LABEL = 84  # a grid box wraps its name over up to four lines
# A name cut short never ends on a word that leads into the part cut off.
_DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "for",
        "with",
        "in",
        "on",
        "at",
        "by",
        "from",
        "as",
        "your",
        "their",
        "its",
        "is",
        "are",
        "be",
    ]
)
# Ladders phrase criteria to the reader ("You are able to perform HLD for
# epics"); the grid keeps what differs from one criterion to the next.
_LEAD = re.compile(
    r"^(?:you\s+are\s+(?:able|expected|capable)\s+(?:to|of)|you['’]re\s+able\s+to|you['’]ll|"
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
    return _cut(words, limit)


def _cut(words: str, limit: int) -> str:
    if len(words) <= limit:
        return words
    phrase = words[:limit].rfind(", ")  # a whole phrase reads better than a cut one
    if phrase >= limit // 3:
        return words[:phrase]
    kept = words[: limit - 1].rsplit(" ", 1)[0].split(" ") if " " in words[: limit - 1] else []
    while len(kept) > 1 and kept[-1].casefold().strip(",;:") in _DANGLING:
        kept.pop()
    cut = " ".join(kept) if kept else words[: limit - 1]
    return cut.rstrip(",;:-–—/ ") + "…"


def grid_labels(criteria: Sequence[tuple[str, str]], limit: int = GRID_LABEL) -> tuple[str, ...]:
    """The names of one packet's grid boxes, for ``(text, label)`` pairs in grid order.

    Each is the ladder's label or the criterion's first clause, cut at a whole word
    only past ``limit``.  Two that would read the same take the criterion's whole
    text instead, so no two boxes share a name unless their criteria share their text.
    """
    names = [short_label(text, label, limit) for text, label in criteria]
    shared = {name for name, n in Counter(names).items() if n > 1}
    return tuple(
        _cut(_plain(text), 2 * limit) if name in shared else name
        for name, (text, _) in zip(names, criteria, strict=True)
    )


def _plain(text: str) -> str:
    words = _LEAD.sub("", " ".join(text.split()), count=1)
    return words[:1].upper() + words[1:]


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
