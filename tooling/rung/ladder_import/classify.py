"""Guesses from wording: which headings name levels, and what a section holds.

Every rule here is a keyword list; the draft says which rule fired so a reviewer
can check the guess (and the docs list the words).
"""

from __future__ import annotations

import enum
import re

from rung.ladder_import.model import normalise


class Kind(enum.Enum):
    AREA = "area"  # criteria
    SUMMARY = "summary"
    EXPERIENCE = "typical experience"
    TENURE = "tenure"
    GUIDANCE = "guidance"
    RATINGS = "ratings"
    IGNORE = "ignored"


# A level code in a title: "L5", "Level 9", "TL4", "(E3)"; not a quarter, half or year ("Q1").
STRONG_LEVEL = re.compile(r"(?i:\blevel\s*\d+)|\b(?!(?:Q|H|FY|CY)\d)[A-Z]{1,4}\d+\b")
# The naming scheme of a level code: "Level 3" (group 1) or the letters of "IC3" (group 2).
CODE = re.compile(r"(?i:\b(level)\s*\d+)|\b(?!(?:Q|H|FY|CY)\d)([A-Z]{1,4})\d+\b")
# What the first column of a one-row-per-level table is called.
LEVEL_COLUMN = re.compile(
    r"^(levels?|roles?|titles?|job titles?|grades?|bands?|positions?|ranks?)?$"
)
_ROLE = re.compile(
    r"\b(engineers?|developers?|programmers?|managers?|leads?|leaders?|architects?|directors?"
    r"|designers?|analysts?|scientists?|principal|staff|senior|sr|junior|jr|intern|associate"
    r"|head|fellow|vp|cto|consultant|sre|tester|administrator|specialist|apprentice|trainee"
    r"|graduate|distinguished|officer|researcher)\b",
    re.IGNORECASE,
)
_SECTION_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.TENURE, re.compile(r"^(minimum (experience|tenure|time)|time in (level|role)|tenure)")),
    (Kind.EXPERIENCE, re.compile(r"^(typical (years of )?experience|years of|experience\b)")),
    (
        Kind.RATINGS,
        re.compile(r"^((competency|expected|skill) ratings?|ratings?)$"),
    ),
    (
        Kind.GUIDANCE,
        re.compile(
            r"^(next (actions?|steps?)|scenarios?|competenc(y|ies) focus|job descriptions?"
            r"|resources|further reading|reading( list)?|notes?|tips|how to (grow|get there)"
            r"|(recommended|suggested|further|learning) (reading|resources|books|links)"
            r"|books|useful links|links)\b"
        ),
    ),
    (
        Kind.SUMMARY,
        re.compile(
            r"^(scope|scope (&|and) impact|scope of (action|impact|influence)|summary|impact"
            r"|overview|description|about( the role)?|role( summary)?|in a nutshell)$"
        ),
    ),
)
# Sections that are about the document, not a level (only outside a level).
_IGNORED = re.compile(
    r"^(overview|introduction|intro|faqs?|frequently asked questions|glossary|(table of )?contents"
    r"|change ?log|revision history|references|appendix|about( this (document|page|ladder))?"
    r"|purpose|how to (use|read)\b.*|questions|definitions|terminology|principles)$"
)
_NOTE = re.compile(r"^(same as\b.*|see\s+(level\s*)?\w*\d\w*\b.*)$", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(r"^(n/?a|none|not applicable|-+|—|–)\.?$", re.IGNORECASE)
_AKA = re.compile(
    r"^(usually|often|also|commonly)\s+(refered|referred|refers|known|called)((\s+(as|to))*)\s+(.+)$",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(
    r"builds? (up)?on (the )?(criteria|expectations|previous|preceding)|must also meet"
    r"|\bcumulative\b"
    r"|\b(includes?|contains?|covers?)\b[^.]{0,60}\b(previous|preceding|lower|earlier|prior)"
    r" (levels?|ones?)"
    r"|\b(includes?|contains?|covers?)\b[^.]{0,60}\b(levels?|ones?) (before|below|beneath|under)"
    # "Expectations for a level add to the expectations of earlier levels", "in addition to
    # the previous level", "on top of the levels below", "everything from the level below".
    r"|\b(adds?|added) (on )?to\b[^.]{0,60}\b(previous|preceding|lower|earlier|prior) levels?"
    r"|\b(in addition to|on top of)\b[^.]{0,40}\b(previous|preceding|lower|earlier|prior"
    r"|last) levels?"
    r"|\b(in addition to|on top of)\b[^.]{0,40}\blevels? (before|below|beneath|under)"
    r"|\b(everything|all) (from|of|in|at) the levels? (before|below|beneath|under)"
    r"|\b(expectations|criteria) (accumulate|stack)",
    re.IGNORECASE,
)
_MONTHS = re.compile(
    r"(\d+)\s*(?:\+|or more)?\s*(years?|yrs?|months?)\b",
    re.IGNORECASE,
)


def section_kind(title: str, inside_level: bool) -> Kind:
    """What a section (or a table row/column label) holds, from its title."""
    key = re.sub(r"\s+", " ", re.sub(r"[^a-z0-9&+ ]", " ", normalise(title))).strip()
    bare = re.sub(r"\s*\([^)]*\)", "", normalise(title)).strip()
    bare = re.sub(r"\s+", " ", re.sub(r"[^a-z0-9&+ ]", " ", bare)).strip()
    if not inside_level and (_IGNORED.match(key) or _IGNORED.match(bare)):
        return Kind.IGNORE
    for kind, pattern in _SECTION_RULES:
        if pattern.match(key) or pattern.match(bare):
            return kind
    if inside_level and (key in ("faq", "faqs", "questions")):
        return Kind.IGNORE
    return Kind.AREA


def is_strong_level(title: str) -> bool:
    return bool(STRONG_LEVEL.search(title))


def is_role(title: str) -> bool:
    return bool(_ROLE.search(title))


def scheme(title: str) -> str:
    """The naming scheme of a level title: a code's letters ("IC" for IC3), or "role"."""
    code = CODE.search(title)
    if code:
        return "L" if code.group(1) else code.group(2).upper()
    return "role"


def is_sentence(title: str) -> bool:
    """A heading written as a sentence ("I am a servant leader for my team.") states an
    expectation; a level is named ("Lead Engineer"), so a sentence is never a level."""
    words = title.split()
    return len(words) > 10 or (len(words) >= 4 and title.rstrip().endswith((".", "!", "?")))


def is_note(text: str) -> bool:
    """A cell or paragraph that stands for the whole area: "Same as L2", "N/A"."""
    flat = " ".join(text.split())
    return bool(_NOTE.match(flat) or _NOT_APPLICABLE.match(flat))


def aka(text: str) -> str:
    """ "Usually refered as Junior Engineer" -> "Junior Engineer"; "" for anything else."""
    match = _AKA.match(" ".join(text.split()).strip("*_ "))
    if not match:
        return ""
    name = match.group(6).strip(" .*_")
    return name[:1].upper() + name[1:]


_NEGATION = re.compile(r"\b(not|never|no longer)\b|n't\b|n’t\b", re.IGNORECASE)


def says_cumulative(text: str) -> bool:
    """Whether a sentence of ``text`` says each level includes the ones below it."""
    flat = " ".join(text.replace("*", "").replace("_", " ").split())  # a wrapped line is one
    return any(
        _CUMULATIVE.search(sentence) and not _NEGATION.search(sentence)
        for sentence in re.split(r"(?<=[.!?])\s+", flat)
    )


def tenure_months(texts: list[str]) -> int | None:
    """Months in "after 1 or more years in TL2"-style text, or None when no time is named."""
    for text in texts:
        match = _MONTHS.search(text)
        if match:
            amount = int(match.group(1))
            return amount * 12 if match.group(2).lower().startswith("y") else amount
    return None


_TRACK_HEADINGS = (
    ("em", re.compile(r"^(engineering managers?|em)( track| path| ladder| levels?)?$")),
    (
        "manager",
        re.compile(
            r"^(management|managers?|people managers?|leadership)( track| path| ladder"
            r"| levels?)?$"
        ),
    ),
    (
        "ic",
        re.compile(
            r"^(individual contributors?|ics?|engineers?)( \(ics?\))?( track| path"
            r"| ladder| levels?)?$"
        ),
    ),
)


def track_of_heading(title: str) -> str:
    """The track a section heading names ("Individual Contributor" -> ic), or ""."""
    key = " ".join(normalise(title).replace("-", " ").split())
    return next((track for track, pattern in _TRACK_HEADINGS if pattern.match(key)), "")


_ALL_LEVELS = re.compile(
    r"^((for|across|at|applies to|expected at) )?(all|every|each) (the )?levels?$"
    r"|^(common|shared) (expectations|criteria)$|^expectations (for|of|at) (all|every) levels?$"
)


def is_all_levels(title: str) -> bool:
    """A section that applies to every level ("All levels", "Common expectations")."""
    return bool(_ALL_LEVELS.match(" ".join(normalise(title).split())))


# Header cells that only say what a column holds ("Area", "Expectations", "Growth Behaviors").
_COLUMN_LABEL = re.compile(
    r"^(levels?|roles?|titles?|expectations?|areas?|competenc(y|ies)|skills?|criteria|criterion"
    r"|dimensions?|topics?|themes?|categor(y|ies)|pillars?|attributes?|responsibilit(y|ies)"
    r"|(growth )?behaviou?rs?|content|description|details)$"
)


def is_column_label(text: str) -> bool:
    return bool(_COLUMN_LABEL.match(" ".join(normalise(text).split())))
