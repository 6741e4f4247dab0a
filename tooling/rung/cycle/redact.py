"""Taking people out of text: names, logins, @mentions, links into pull requests.

Two readers use it.  ``rung letter --draft-feedback`` turns reviewers' ``/not-yet``
reasons into a draft of the committee's feedback, and the letter passes the
committee's own words through it once more before they reach the candidate.  A
reviewer writes "Robert here… Annabel agrees (Weiss/Ritter, see …/pull/7#discussion_r1)";
nothing of who said it may survive, so every roster member's login, full name and
each of its names (first, last, any middle one) is matched on its own, whole word,
in any letter case, after Unicode normalisation (composed or decomposed accents,
full-width letters, zero-width characters all match the plain spelling).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

REDACTED = "[a committee member]"
OTHER = "[another person]"
LINK = "[a link]"
ADDRESS = "[an address]"
MAX_TEXT = 1200

_MENTION = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_END = r"(?=[.,;:!?'\"]*(?:[\s()<>\[\]]|$))"  # a sentence's punctuation is not the link's
# Anything pointing into a repository's pull requests or at one comment, review or
# discussion: a URL or a bare path (".../pull/7#discussion_r1").  Brackets stay outside,
# so "(see …/pull/7)" keeps its parentheses.
_LINK = re.compile(
    r"[^\s()<>\[\]]*"
    r"(?:/pulls?(?:/|\b)|#discussion_r\d|#issuecomment-\d|#pullrequestreview-\d)"
    r"[^\s()<>\[\]]*?" + _END,
    re.IGNORECASE,
)
_URL = re.compile(r"\bhttps?://[^\s()<>\[\]]+?" + _END, re.IGNORECASE)
_NAME_PART = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")


def normal(text: str) -> str:
    """NFKC, without format characters (zero-width joiners, bidi marks) and with control
    characters as spaces (they may stand between two words)."""
    text = unicodedata.normalize("NFKC", text)
    kinds = ((ch, unicodedata.category(ch)) for ch in text)
    return "".join(" " if kind == "Cc" else ch for ch, kind in kinds if kind != "Cf")


_SAME = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"})


def skeleton(text: str) -> str:
    """``text`` with each accented letter as its base letter and apostrophes and hyphens
    in one spelling, character for character (same length, same positions): "Zoë
    O’Brien" and "Zoe O'Brien" are one name to the pattern."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text).translate(_SAME)


def name_words(name: str) -> set[str]:
    """The full name and each name in it of at least two letters (``Yoav Ben David``:
    the whole, ``Yoav``, ``Ben``, ``David``)."""
    name = normal(name).strip()
    if not name:
        return set()
    return {name} | {part for part in _NAME_PART.findall(name) if len(part) > 1}


@dataclass(frozen=True)
class Redactor:
    """One compiled pattern for a set of people, told apart from everyone else."""

    pattern: re.Pattern[str] | None
    people: frozenset[str]  # casefolded words that stand for committee members
    every_url: bool = True  # False: keep URLs that lead elsewhere than a pull request

    def __call__(self, text: str) -> str:
        """``text`` on one line, without anyone in it, at most :data:`MAX_TEXT` long."""
        text = normal(text)
        text = _EMAIL.sub(ADDRESS, text)
        text = _LINK.sub(LINK, text)
        if self.every_url:
            text = _URL.sub(LINK, text)
        text = _MENTION.sub(REDACTED, text)
        if self.pattern is not None:
            text = self._people_out(text)
        text = " ".join(text.split())
        return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"

    def _people_out(self, text: str) -> str:
        """Matches found on the skeleton, replaced in the text (the positions agree)."""
        assert self.pattern is not None
        out, end = [], 0
        for match in self.pattern.finditer(skeleton(text)):
            word = REDACTED if match.group(0).casefold() in self.people else OTHER
            out += [text[end : match.start()], word]
            end = match.end()
        return "".join(out) + text[end:]


def redactor(
    logins: Iterable[str],
    names: Iterable[str],
    others: Iterable[str] = (),
    *,
    every_url: bool = True,
) -> Redactor:
    """A redactor for committee ``logins`` and ``names`` (each name also word by word)
    and ``others`` (other candidates' logins and names, shown as someone else).

    ``every_url=False`` keeps links that do not lead into pull requests: the chairs
    may point a candidate at a page, a reviewer's own link may lead to them.
    """
    people = {normal(w) for w in logins if w.strip()}
    for name in names:
        people |= name_words(name)
    strangers = {normal(w) for w in others if w.strip()}
    for name in others:
        strangers |= name_words(name)
    people = {skeleton(w) for w in people}
    strangers = {skeleton(w) for w in strangers}
    # A case-insensitive match of the casefolded spelling too: "STRASSE" is "Straße".
    words = {w for word in people | strangers for w in (word, word.casefold())}
    if not words:
        return Redactor(None, frozenset(), every_url)
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    folded = frozenset(w.casefold() for w in people)
    return Redactor(pattern, folded, every_url)
