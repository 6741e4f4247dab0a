"""Several files, one ladder: a handbook that keeps one level per page.

Each file is one level.  Its name is the page's front-matter ``title:``, else its
first heading; everything else in the file is read under that level by the same
layouts as a single document (sub-headings are areas, bullets criteria ...).  A
file called ``index``/``README`` is the ladder's own page: its title names the
ladder and its paragraphs describe it.
"""

from __future__ import annotations

import re

from rung.classes import replace
from rung.ladder_import.blocks import parse_blocks
from rung.ladder_import.htmltree import html_blocks
from rung.ladder_import.layout import build
from rung.ladder_import.model import Draft, Item, clean_title
from rung.ladder_import.nodes import Block, Heading, Table, Text
from rung.ladder_import.plan import TrackHint
from rung.ladder_import.result import FILE_LINES, ImportResult, finish
from rung.loaders.schema_fast import CONTROL
from rung.loaders.yamlload import load_yaml, split_front_matter

HTML = (".html", ".htm", ".xhtml", ".vue", ".svelte")  # pages and component templates
_INDEX = re.compile(r"^(_?index|readme)\.[a-z]+$", re.IGNORECASE)


def _front_title(text: str, path: str) -> tuple[str, str, int]:
    """The front matter's ``title:`` (or ""), the body with the front matter blanked out,
    and the title's line."""
    if not text.startswith("---"):
        return "", text, 0
    front, problems = split_front_matter(text, path)
    if front is None or problems:
        return "", text, 0
    body = "\n" * (front.body_first_line - 1) + front.body
    doc, _ = load_yaml(front.yaml_text, path, front.yaml_first_line)
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("title"), str):
        return clean_title(doc.data["title"]), body, doc.value_at(("title",))[0]
    return "", body, 0


def _shift(block: Block, by: int) -> Block:
    """``block`` with its lines (and its items' and cells' lines) moved by ``by``."""

    def item(it: Item) -> Item:
        return replace(it, line=it.line + by)

    if isinstance(block, Text):
        return Text(item(block.item))
    if isinstance(block, Table):
        rows = tuple(
            tuple(replace(c, items=tuple(item(i) for i in c.items), line=c.line + by) for c in row)
            for row in block.rows
        )
        return Table(rows, block.line + by, block.header_rows)
    return replace(block, line=block.line + by)


def _page(text: str, path: str) -> tuple[str, int, list[Block]]:
    """A file's title, the title's line and its other blocks."""
    title, body, line = _front_title(text, path)
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    blocks = html_blocks(body, 1) if f".{suffix}" in HTML else parse_blocks(body)
    if not title:
        first = next((b for b in blocks if isinstance(b, Heading)), None)
        if first is not None:
            title, line = clean_title(first.text), first.line
            blocks = [b for b in blocks if b is not first]
    return title, line, blocks


def import_files(
    files: list[tuple[str, str]],
    ladder_id: str,
    hints: tuple[TrackHint, ...] = (),
    criteria_from: str = "auto",
    shown: str = "",
) -> ImportResult:
    """Import ``(path, text)`` pairs, one level per file, in the order given; ``shown``
    names them as a whole in the draft (a folder), else the paths are listed."""
    draft = Draft(criteria_from=criteria_from)
    blocks: list[Block] = []
    for index, (path, raw) in enumerate(files):
        offset = index * FILE_LINES
        title, line, page = _page(CONTROL.sub("", raw), path)
        if _INDEX.match(path.rsplit("/", 1)[-1]):
            draft.name = draft.name or title
            # Its paragraphs come before any level: the layouts read them as the description.
            blocks[:0] = [_shift(b, offset) for b in page]
            continue
        if not title:
            draft.unplace(offset + 1, "file with no front-matter title and no heading: no level")
            title, line = path.rsplit("/", 1)[-1].rsplit(".", 1)[0], 1
        blocks.append(Heading(0, title, offset + line))
        blocks.extend(_shift(b, offset) for b in page)
    build(blocks, draft, levels_at=0)
    shown = shown or ", ".join(path for path, _ in files)
    named = tuple(p for p, _ in files) if len(files) > 1 else ()  # one: plain line numbers
    return finish(draft, ladder_id, shown, hints, files=named)
