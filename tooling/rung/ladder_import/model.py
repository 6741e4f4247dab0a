"""The draft an import builds before ids are chosen: levels keyed by the title the document uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rung.loaders.schema_fast import CONTROL


@dataclass(frozen=True)
class Item:
    """One piece of text from the document: a bullet, a paragraph or a table-cell line."""

    text: str
    line: int
    bullet: bool = False
    depth: int = 0  # list nesting of a bullet (1 = top level); 0 for anything else
    link: bool = False  # a bullet that is one link and nothing else (a way to a page)


@dataclass(frozen=True)
class Unplaced:
    """Something the importer could not put anywhere in the draft."""

    line: int
    message: str


@dataclass
class DraftArea:
    name: str
    line: int
    criteria: list[Item] = field(default_factory=list)
    note: str = ""
    copied_from: str = ""  # why the criteria are a copy ("Same as L1" resolved), for the draft


@dataclass
class Label:
    """A label bullet ("- Scope:") under a level: its sub-bullets become criteria of ``area``."""

    area: str
    depth: int
    item: Item  # reported when no sub-bullet follows, so the label is never lost silently
    filled: bool = False


@dataclass
class DraftLevel:
    title: str
    line: int
    aka: str = ""
    summary: list[str] = field(default_factory=list)
    typical_experience: list[str] = field(default_factory=list)
    tenure: list[str] = field(default_factory=list)
    guidance: dict[str, list[str]] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)  # competency name -> rating
    areas: dict[str, DraftArea] = field(default_factory=dict)  # normalised name -> area
    abbr: str = ""  # what an <abbr> in the level's heading spells out (a track signal)
    heading_track: tuple[str, str] | None = None  # (track, heading) of a section naming a track
    label: Label | None = None  # the open "- Scope:" bullet, whose sub-bullets are its criteria
    labelled: list[str] = field(default_factory=list)  # areas taken from bullet labels
    criteria_from: str = "auto"  # see Draft.criteria_from
    cell_summaries: int = 0  # table cells kept as summary (a "Scope" column, a spanning row)
    kept: list[Unplaced] = field(default_factory=list)  # text kept as prose, for the report

    def keep(self, line: int, what: str, text: str) -> None:
        """Report that the text on ``line`` became level prose (``what``), not a criterion."""
        self.kept.append(
            Unplaced(line, f'{what} of level "{snippet(self.title)}": "{snippet(text)}"')
        )

    def area(self, name: str, line: int) -> DraftArea:
        """The area called ``name``, created on first use."""
        key = normalise(name)
        if key not in self.areas:
            self.areas[key] = DraftArea(name, line)
        return self.areas[key]

    def add_guidance(self, title: str, text: str) -> None:
        self.guidance.setdefault(title, []).append(text)


@dataclass
class Draft:
    name: str = ""
    description_title: str = ""  # a front-matter `title:`, used when no heading names the ladder
    description: list[str] = field(default_factory=list)
    cumulative_line: int = 0  # line of the sentence saying levels build on each other, 0 if none
    levels: dict[str, DraftLevel] = field(default_factory=dict)  # normalised title -> level
    unplaced: list[Unplaced] = field(default_factory=list)
    skipped: list[Unplaced] = field(default_factory=list)  # sections left out on purpose
    warnings: list[Unplaced] = field(default_factory=list)  # guesses a reviewer must check
    kept: list[Unplaced] = field(default_factory=list)  # text kept as the ladder's description
    # What a criterion is: "auto" (bullets, and paragraphs where a section has no bullets),
    # "bullets", "paragraphs" or "cells" (--criteria-from).
    criteria_from: str = "auto"
    paragraph_criteria: bool = False  # what "auto" decided, for the report
    # Bullets of "All levels" sections, keyed by (heading line, title): offered as a shared area.
    shared: dict[tuple[int, str], list[Item]] = field(default_factory=dict)

    def level(self, title: str, line: int) -> DraftLevel:
        """The level titled ``title``, created on first use (tables repeat titles per section)."""
        key = normalise(title)
        if key not in self.levels:
            self.levels[key] = DraftLevel(title, line, criteria_from=self.criteria_from)
        return self.levels[key]

    def find_level(self, title: str) -> DraftLevel | None:
        return self.levels.get(normalise(title))

    def unplace(self, line: int, message: str) -> None:
        self.unplaced.append(Unplaced(line, message))

    def skip(self, line: int, message: str) -> None:
        self.skipped.append(Unplaced(line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Unplaced(line, message))


_SPACES = re.compile(r"\s+")


def normalise(title: str) -> str:
    """Case- and spacing-insensitive key, so "L1 **IC**:" and "l1 ic" name the same thing."""
    return _SPACES.sub(" ", title.replace("*", "").replace("_", " ")).strip(" :").casefold()


def clean_title(text: str) -> str:
    """A heading or label as a title: no emphasis markers, single spaces, no trailing colon."""
    text = CONTROL.sub("", text)  # a YAML escape can carry one past the import's own filter
    return _SPACES.sub(" ", text.replace("**", "").replace("__", "")).strip().rstrip(":").strip()


def snippet(text: str, limit: int = 60) -> str:
    """The start of ``text`` on one line, for report messages."""
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
