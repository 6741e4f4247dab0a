"""Tables outside any level whose rows or columns are the levels.

Three shapes: a first row of level titles (one column per level, optionally
with a first column of row labels that say what each row holds), a first
column of level titles (one row per level, the header naming what each column
holds), and single-cell rows alternating a level title and its content (the
Beyond page).  The section heading says what the cells hold when no row or
column label does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rung.ladder_import.classify import (
    LEVEL_COLUMN,
    Kind,
    is_role,
    is_strong_level,
    section_kind,
)
from rung.ladder_import.htmltable import Cell, Table
from rung.ladder_import.model import Draft, normalise, snippet
from rung.ladder_import.placing import DEFAULT_AREA, cell_text, cell_title, one_line, place


@dataclass
class Section:
    depth: int
    title: str
    kind: Kind
    ignored: bool


def matrix(draft: Draft, table: Table, top: Section) -> None:
    """A table outside the levels whose rows or columns are levels (Beyond's layout and others)."""
    rows = [r for r in table.rows if any(c.items for c in r)]
    if not rows:
        return
    section_title = top.title or DEFAULT_AREA

    def levelish(title: str) -> bool:
        return bool(title) and (
            is_strong_level(title) or is_role(title) or draft.find_level(title) is not None
        )

    if len(rows) >= 2 and all(len(r) == 1 for r in rows):  # label row, content row, ...
        labels = [cell_title(r[0]) for r in rows[0::2]]
        if all(labels) and any(levelish(t) for t in labels):
            for label_row, content_row in zip(rows[0::2], rows[1::2], strict=False):
                level = draft.level(cell_title(label_row[0]), label_row[0].items[0].line)
                place(level, section_title, top.kind, list(content_row[0].items), in_cell=True)
            if len(rows) % 2:
                _unplace_cells(draft, rows[-1], "after the last level label")
            return
    titles = [cell_title(c) for c in rows[0]]
    body = rows[1:]
    if len(titles) >= 2 and all(levelish(t) for t in titles):
        for title, cell in zip(titles, rows[0], strict=True):
            draft.level(title, cell.items[0].line)
        for row in body:
            _columns(draft, row, titles, name=section_title, kind=top.kind)
        return
    columns = [t if levelish(t) else "" for t in titles[1:]]  # other columns get reported
    if len(titles) >= 2 and not levelish(titles[0]) and 2 * sum(map(bool, columns)) >= len(columns):
        for title, cell in zip(columns, rows[0][1:], strict=True):
            if title:
                draft.level(title, cell.items[0].line)
        for row in body:
            label = cell_title(row[0]) if row else ""
            if not label:
                _unplace_cells(draft, row, "in a row without a label")
                continue
            kind = section_kind(label, inside_level=True)
            _columns(draft, row[1:], ["", *columns], name=label, kind=kind, offset=1)
        return
    firsts = [cell_title(r[0]) for r in body]
    named = bool(LEVEL_COLUMN.match(normalise(titles[0]))) or all(
        is_role(t) or draft.find_level(t) is not None for t in firsts
    )
    if len(titles) >= 2 and body and named and all(levelish(t) for t in firsts):
        for row, first in zip(body, firsts, strict=True):
            level = draft.level(first, row[0].items[0].line)
            for j, cell in enumerate(row[1:], start=1):
                name = titles[j] if j < len(titles) and titles[j] else section_title
                place(level, name, section_kind(name, inside_level=True), list(cell.items), True)
        return
    first_row = " | ".join(one_line(cell_text(c)) for c in rows[0])
    draft.unplace(
        table.line, f'table that names no level in its first row or column: "{snippet(first_row)}"'
    )


def _columns(
    draft: Draft,
    row: tuple[Cell, ...],
    titles: list[str],
    *,
    name: str,
    kind: Kind,
    offset: int = 0,
) -> None:
    """Cells of one row, each going to the level named at the top of its column."""
    for j, cell in enumerate(row, start=offset):
        title = titles[j] if j < len(titles) else ""
        if not title:
            _unplace_cells(draft, (cell,), f"in column {j + 1}, which names no level")
            continue
        level = draft.level(title, cell.line)
        place(level, name, kind, list(cell.items), in_cell=True)


def _unplace_cells(draft: Draft, cells: tuple[Cell, ...], where: str) -> None:
    for cell in cells:
        for item in cell.items:
            draft.unplace(item.line, f'table cell {where}: "{snippet(item.text)}"')
