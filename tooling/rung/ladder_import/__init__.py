"""Turn a career ladder (Markdown, HTML, YAML or JSON; one file, or one file per level)
into a reviewable draft.

The core is pure: :func:`import_ladder` (one document) and :func:`import_files`
(one level per file) take text and return the draft text and a report; reading
and writing files is the command's job (:mod:`rung.commands.ladder_import`).

Every document becomes one tree of the nodes in :mod:`~rung.ladder_import.nodes`
(Markdown through markdown-it-py in :mod:`~rung.ladder_import.blocks`, raw HTML
through html5lib in :mod:`~rung.ladder_import.htmltree`); the layouts read only
those nodes.

May import: :mod:`rung.loaders` and :mod:`rung.problems` (a draft is text; it is
checked as a ladder by the command), markdown-it-py and html5lib.
"""

from __future__ import annotations

import re
from typing import Any

from rung.classes import replace
from rung.ladder_import.blocks import parse_blocks
from rung.ladder_import.classify import says_cumulative
from rung.ladder_import.files import HTML, import_files
from rung.ladder_import.frontmatter import holds_ladder, read_front_matter
from rung.ladder_import.htmltree import html_blocks
from rung.ladder_import.layout import build
from rung.ladder_import.model import Draft, Unplaced
from rung.ladder_import.plan import TrackHint
from rung.ladder_import.result import ImportResult, finish
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
    "import_files",
    "import_ladder",
    "parse_track_hint",
]


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
    elif suffix in HTML:
        build(html_blocks(text, 1), draft)
    else:
        body = _body(text, path, draft)
        build(parse_blocks(body), draft)
        if not draft.levels and draft.description_title:
            # A handbook's page for one level, imported alone: its title is the level.
            page = import_files([(path, text)], ladder_id, hints, criteria_from)
            note = Unplaced(
                1,
                "no heading names a level: the page is one level, named by its "
                "front-matter title (import its sibling pages with it as one ladder)",
            )
            return replace(page, warnings=(note, *page.warnings))
    if not draft.name:
        draft.name = draft.description_title
    return finish(draft, ladder_id, path, hints, data_file=data_file)
