"""Turn a career ladder document (Markdown, HTML tables, YAML or JSON) into a reviewable draft.

The core is pure: :func:`import_ladder` takes the document's text and returns
the draft text and a report; reading and writing files is the command's job
(:mod:`rung.commands.ladder_import`).

May import: :mod:`rung.loaders` and :mod:`rung.problems` (a draft is text; it is
checked as a ladder by the command).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rung.ladder_import.assemble import assemble
from rung.ladder_import.blocks import parse_blocks
from rung.ladder_import.classify import says_cumulative
from rung.ladder_import.emit import Writer
from rung.ladder_import.frontmatter import holds_ladder, read_front_matter
from rung.ladder_import.htmltree import html_blocks
from rung.ladder_import.layout import build
from rung.ladder_import.model import Draft, Unplaced
from rung.ladder_import.plan import LevelPlan, TrackHint, plan_levels
from rung.ladder_import.quality import quality_lines
from rung.ladder_import.references import resolve_references
from rung.ladder_import.shared import offer_shared
from rung.ladder_import.structured import (
    describe,
    is_progression,
    read_progression,
    read_records,
    records_key,
)
from rung.loaders.schema_fast import CONTROL
from rung.loaders.yamlload import Document, load_yaml, split_front_matter

__all__ = [
    "CRITERIA_FROM",
    "ImportResult",
    "TrackHint",
    "Unplaced",
    "import_ladder",
    "parse_track_hint",
]


@dataclass(frozen=True)
class ImportResult:
    """The draft (None when no level was found) and what the report says about it."""

    draft: str | None
    data: dict[str, Any] | None
    unplaced: tuple[Unplaced, ...]
    skipped: tuple[Unplaced, ...]
    warnings: tuple[Unplaced, ...]
    levels: int
    areas: int
    criteria: int
    quality: tuple[str, ...] = ()  # per level and what to check first; see quality_lines
    kept: tuple[Unplaced, ...] = ()  # text kept as prose (summary, guidance ...), not criteria
    hint: str = ""  # a --criteria-from to try when the document was ambiguous

    def kept_lines(self, path: str) -> list[str]:
        """``FILE:LINE: prose: ...`` for each piece of text that is level or ladder prose,
        then a count: with the criteria and the unplaced, every text node is accounted for."""
        lines = [f"{path}:{k.line}: prose: {k.message}" for k in self.kept]
        lines.append(f"prose {len(self.kept)} (kept as summary, guidance or description)")
        return lines + ([self.hint] if self.hint else [])

    def report_lines(self, path: str) -> list[str]:
        """``FILE:LINE: unplaced: ...`` lines in line order, then the summary line."""
        found = [(u.line, i, f"unplaced: {u.message}") for i, u in enumerate(self.unplaced)]
        found += [(s.line, -1, f"skipped: {s.message}") for s in self.skipped]
        found += [(w.line, -2, f"warning: {w.message}") for w in self.warnings]
        lines = [f"{path}:{line}: {text}" for line, _, text in sorted(found)]
        lines.append(
            f"levels {self.levels}, areas {self.areas}, criteria {self.criteria}, "
            f"unplaced {len(self.unplaced)}"
        )
        return lines


def parse_track_hint(text: str) -> TrackHint:
    """``PATTERN=TRACK``: a case-insensitive regular expression and a track id (ValueError if bad)."""
    pattern, sep, track = text.rpartition("=")
    if not sep or not pattern:
        raise ValueError(f"'{text}' is not PATTERN=TRACK")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", track):
        raise ValueError(f"track '{track}' must be lowercase letters, digits and single dashes")
    try:
        return TrackHint(re.compile(pattern, re.IGNORECASE), track)
    except re.error as err:
        raise ValueError(f"pattern '{pattern}' is not a regular expression: {err}") from None


def _body(text: str, path: str, draft: Draft) -> str:
    """The Markdown body with front matter blanked out (line numbers stay absolute);
    a front-matter ladder goes into ``draft`` on the way."""
    if not text.startswith("---"):
        return text
    front, problems = split_front_matter(text, path)
    if front is None or problems:
        return text  # no closing '---': the first line is a thematic break
    doc, yaml_problems = load_yaml(front.yaml_text, path, front.yaml_first_line)
    if doc is None:
        for problem in yaml_problems:
            draft.unplace(problem.line, f"front matter is not valid YAML: {problem.message}")
    elif _read_data(doc, draft):
        pass
    elif isinstance(doc.data, dict) and isinstance(doc.data.get("title"), str):
        draft.description_title = doc.data["title"].strip()
    return "\n" * (front.body_first_line - 1) + front.body


def _read_data(doc: Document, draft: Draft) -> bool:
    """Read a ladder that is data (front matter or a whole file); False when no shape fits."""
    data: Any = doc.data
    base: tuple[str, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("ladder"), dict):
        data, base = data["ladder"], ("ladder",)
    if is_progression(data):
        if isinstance(data.get("title"), str) and not draft.name:
            draft.name = data["title"].strip()
        read_progression(doc, data, base, draft)
    elif not base and records_key(data):
        read_records(doc, data, str(records_key(data)), draft)
    elif holds_ladder(doc.data):
        read_front_matter(doc, draft)
    else:
        return False
    return True


_DATA = (".yaml", ".yml", ".json")
_HTML = (".html", ".htm", ".xhtml", ".vue", ".svelte")  # pages and component templates
# Files that hold a ladder in a form rung does not read: say so instead of "no level found".
_UNSUPPORTED = {
    ".js": "a JavaScript file",
    ".mjs": "a JavaScript module",
    ".cjs": "a JavaScript module",
    ".ts": "a TypeScript file",
    ".jsx": "a JSX file",
    ".tsx": "a TSX file",
    ".csv": "a CSV file",
    ".tsv": "a TSV file",
    ".toml": "a TOML file",
    ".xml": "an XML file",
}


def _data_file(text: str, path: str, draft: Draft) -> None:
    kind = "JSON" if path.lower().endswith(".json") else "YAML"
    doc, problems = load_yaml(text, path)
    if doc is None:
        for problem in problems:
            draft.unplace(problem.line, f"{kind} that does not parse: {problem.message}")
    elif not _read_data(doc, draft):
        draft.unplace(
            1,
            f"recognised {kind} holding {describe(doc.data)}, but not a ladder layout rung "
            "reads (topics with content, levels + records, or topics -> levels; see "
            "docs/ladder-import.md)",
        )


CRITERIA_FROM = ("auto", "bullets", "paragraphs", "cells")


def import_ladder(
    text: str,
    path: str,
    ladder_id: str,
    hints: tuple[TrackHint, ...] = (),
    criteria_from: str = "auto",
) -> ImportResult:
    """Import ``text`` (shown as ``path``; its suffix picks data or Markdown) as ``ladder_id``.

    ``criteria_from`` says what a criterion is: bullets, paragraphs, table cells, or
    "auto" (bullets and cells; paragraphs when the document has neither)."""
    draft = Draft(criteria_from=criteria_from)
    # A control character (tab and newline aside) is an error in any ladder
    # value: dropped here, so the draft it would end up in still loads.
    text = CONTROL.sub("", text)
    data_file = False
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in _DATA:
        data_file = True
        _data_file(text, path, draft)
        if not draft.cumulative_line and any(says_cumulative(d) for d in draft.description):
            draft.cumulative_line = 1  # the data gives no line for its description
    elif suffix in _UNSUPPORTED:
        data_file = True
        draft.unplace(
            1,
            f"recognised {_UNSUPPORTED[suffix]}; rung does not read this format: export the "
            "ladder as YAML, JSON or Markdown and import that",
        )
    elif suffix in _HTML:
        build(html_blocks(text, 1), draft)
    else:
        body = _body(text, path, draft)
        build(parse_blocks(body), draft)
    if not draft.name:
        draft.name = draft.description_title
    if not draft.levels and not (data_file and draft.unplaced):
        draft.unplace(1, "no level found: no heading, table row or column names a level")
    if not draft.levels:
        return ImportResult(None, None, tuple(draft.unplaced), tuple(draft.skipped), (), 0, 0, 0)
    plans = plan_levels(draft, hints)
    resolve_references(draft, plans, cumulative=bool(draft.cumulative_line))
    offer_shared(draft, plans)
    done = assemble(draft, plans, ladder_id, f"Imported by rung ladder import from {path}")
    done.above[("id",)] = [
        "Draft imported by `rung ladder import` from",
        f"  {path}",
        f"Review it before committing it as ladders/{ladder_id}.yaml (docs/ladder-import.md):",
        "- each level's id, track and rank (the comment above each level says how they were guessed);",
        "- cumulative, and the entry level of each track;",
        "- areas that share an id across levels should mean the same thing;",
        "- criterion text is verbatim; `# line N` points at its line in the source;",
        "- the import report lists what was left out (unplaced) or skipped on purpose.",
        "",
    ]
    return ImportResult(
        draft=Writer(done.above, done.after).dump(done.data),
        data=done.data,
        unplaced=tuple(sorted(draft.unplaced, key=lambda u: u.line)),  # stable within a line
        skipped=tuple(draft.skipped),
        warnings=tuple(draft.warnings),
        levels=len(plans),
        areas=done.areas,
        criteria=done.criteria,
        quality=tuple(quality_lines(draft, plans, done.data)),
        kept=tuple(sorted(draft.kept + [k for p in plans for k in p.level.kept], key=_line)),
        hint=_hint(draft, plans),
    )


def _line(found: Unplaced) -> int:
    return found.line


def _hint(draft: Draft, plans: list[LevelPlan]) -> str:
    """Say so when paragraphs and bullets could each be the criteria."""
    guidance = sum("--criteria-from paragraphs" in k.message for p in plans for k in p.level.kept)
    if guidance:
        return (
            f"hint: {guidance} paragraph(s) beside bullets were kept as guidance; if the "
            "paragraphs are the criteria, rerun with --criteria-from paragraphs"
        )
    if draft.paragraph_criteria and draft.criteria_from == "auto":
        return (
            "hint: the document has no bullets or tables, so its paragraphs were taken as "
            "criteria; rerun with --criteria-from bullets to keep them as prose"
        )
    return ""
