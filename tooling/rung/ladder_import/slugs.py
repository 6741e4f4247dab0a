"""Stable ids for imported ladders: the same text always gives the same id."""

from __future__ import annotations

import re
import unicodedata

# Words that carry no meaning in a criterion id ("You are able to perform HLD for
# epics" -> "hld-for-epics").  Changing this list changes every imported id.
STOP_WORDS = frozenset(
    {"you", "your", "you're", "are", "able", "to", "perform", "a", "an", "the"}
    | {"is", "can", "has", "have", "been", "of", "s", "that"}
)
# Area names also lose "and": "You and the company" -> "company".
AREA_STOP_WORDS = STOP_WORDS | {"and"}
_NOT_ALNUM = re.compile(r"[^a-z0-9']+")
_APOSTROPHES = re.compile(r"[’‘`´]")
_PARENTHETICAL = re.compile(r"\([^)]*\)")


def words(text: str) -> list[str]:
    """Lowercase ASCII words of ``text``; accents are dropped ("Résumé" -> "resume")."""
    ascii_text = (
        unicodedata.normalize("NFKD", _APOSTROPHES.sub("'", text))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    # "you're" is a stop word as written; any other apostrophe separates words.
    out: list[str] = []
    for word in _NOT_ALNUM.sub(" ", ascii_text).split():
        out.extend([word] if word == "you're" else word.replace("'", " ").split())
    return out


def criterion_slug(text: str) -> str:
    """The first five meaningful words of a criterion, joined by '-' ("" when there are none)."""
    return "-".join([w for w in words(text) if w not in STOP_WORDS][:5])


def area_slug(name: str) -> str:
    """Area id from its name; "Leadership - You and the company" and "You and the company"
    both give "company", so an area keeps its id across levels that spell it differently."""
    tail = name.rsplit(" - ", 1)[-1] if name.rsplit(" - ", 1)[-1].strip() else name
    kept = [w for w in words(_PARENTHETICAL.sub(" ", tail)) if w not in AREA_STOP_WORDS]
    return "-".join(kept[:3]) or "-".join(words(name)[:3])


def plain_slug(text: str, limit: int = 5) -> str:
    """Lowercase words joined by '-', no stop words removed."""
    return "-".join(words(text)[:limit])


def unique(base: str, taken: set[str], fallback: str) -> str:
    """``base`` (or ``fallback`` when empty), with -2, -3 ... until it is not in ``taken``."""
    base = base or fallback
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
