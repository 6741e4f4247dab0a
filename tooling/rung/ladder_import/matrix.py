"""Tables outside any level whose rows or columns are the levels.

The table is first expanded into a grid (:mod:`rung.ladder_import.grid`), then
read in the first shape that fits:

* single-cell rows alternating a level title and its content (the Beyond page);
* a first row of level titles, one column per level;
* a first column of row labels and a first row whose other cells name levels;
* a first column of level titles, one row per level (``rowspan`` level cells,
  bare numbers under a "Level" header, and a row spanning every column as the
  level's summary included).

A column or row is a level only when it shares the pattern of the table's other
levels (``L1 L2 L3``, ``IC1 IC2``, role titles), and a table whose cells are all
one- or two-word values ("Yes", "IC") is a summary table, not criteria.  Every
cell a shape does not use is reported, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rung.ladder_import.classify import (
    LEVEL_COLUMN,
    Kind,
    is_column_label,
    is_role,
    is_strong_level,
    section_kind,
)
from rung.ladder_import.grid import Grid, expand
from rung.ladder_import.model import Draft, DraftLevel, normalise, snippet
from rung.ladder_import.nodes import Cell, Table
from rung.ladder_import.placing import (
    DEFAULT_AREA,
    cell_text,
    cell_title,
    one_line,
    place,
    report_dropped,
)


@dataclass
class Section:
    depth: int
    title: str
    kind: Kind
    ignored: bool
    line: int = 0


Row = list[Cell | None]
# Unlike a heading, a table may name its levels H1, H2 (no half-year guard here).
_CODE = re.compile(r"(?i:\b(level)\s*\d+)|\b([A-Z]{1,4})\d+\b")
_NUMBER = re.compile(r"^\d{1,3}$")
# Top-left cells that only say what the first column holds.
_SHORT_VALUE = re.compile(r"^(\S+(\s+\S+)?|[✓✔✗✘x-])$", re.IGNORECASE)


def _title(cell: Cell | None) -> str:
    return cell_title(cell) if cell is not None else ""


class _Reader:
    def __init__(self, draft: Draft, grid: Grid, rows: list[Row], top: Section) -> None:
        self.draft, self.grid, self.rows, self.top = draft, grid, rows, top
        self.section_title = top.title or DEFAULT_AREA

    def levelish(self, title: str) -> bool:
        return bool(title) and (
            is_strong_level(title) or is_role(title) or self.draft.find_level(title) is not None
        )

    def pattern(self, title: str) -> str:
        """What kind of level name ``title`` is: "level", a code's letters, "role", or ""."""
        code = _CODE.search(title)
        if code:
            return "level" if code.group(1) else code.group(2)
        return "role" if self.levelish(title) else ""

    def common(self, titles: list[str]) -> set[int]:
        """Indexes of the titles that share the most common level pattern (2 or more)."""
        kinds = {i: self.pattern(t) for i, t in enumerate(titles) if self.pattern(t)}
        known = {i for i, t in enumerate(titles) if t and self.draft.find_level(t) is not None}
        counts = Counter(kinds.values())
        if not counts:
            return set()
        best, count = min(
            counts.items(), key=lambda kv: (-kv[1], list(kinds.values()).index(kv[0]))
        )
        chosen = {i for i, kind in kinds.items() if kind == best} | known
        return chosen if count >= 2 or len(chosen) >= 2 else set()

    def place_cell(self, level: DraftLevel, cell: Cell | None, name: str, kind: Kind) -> None:
        if cell is not None:
            self.grid.use(cell)
            dropped = place(level, name, kind, list(cell.items), in_cell=True)
            report_dropped(self.draft, level, name, kind, dropped)

    # --- shapes -------------------------------------------------------------------------

    def alternating(self) -> bool:
        distinct = [self.grid.distinct(r) for r in self.rows]
        if len(self.rows) < 2 or any(len(d) != 1 for d in distinct):
            return False
        labels = [_title(d[0]) for d in distinct[0::2]]
        if not all(labels) or not any(self.levelish(t) for t in labels):
            return False
        for label_row, content_row in zip(distinct[0::2], distinct[1::2], strict=False):
            level = self.draft.level(_title(label_row[0]), label_row[0].items[0].line)
            self.grid.use(label_row[0])
            self.place_cell(level, content_row[0], self.section_title, self.top.kind)
        return True

    def level_columns(self) -> bool:
        """The first row names a level in every column."""
        titles = [_title(c) for c in self.rows[0]]
        if len(titles) < 2 or not all(self.levelish(t) for t in titles):
            return False
        if len(self.common(titles)) < len(titles):
            return False  # "L1 | L2 | Senior": not one naming scheme, so not a row of levels
        self._read_columns(titles, first=0, name=self.section_title, kind=self.top.kind)
        return True

    def labelled_columns(self) -> bool:
        """A first column of row labels; the other cells of the first row name levels."""
        titles = [_title(c) for c in self.rows[0]]
        if len(titles) < 2 or self.levelish(titles[0]) or self._numbered(titles[1:]):
            return False
        chosen = {i + 1 for i in self.common(titles[1:])}
        if not chosen or 2 * len(chosen) < len(titles) - 1:
            return False
        if self._summary_table(first_column=1):
            return True
        level_titles = [t if i in chosen else "" for i, t in enumerate(titles)]
        self._skip_corner(self.rows[0][0])
        self._read_columns(level_titles, first=1, name="", kind=Kind.AREA)
        return True

    def level_rows(self) -> bool:
        """A first column of level titles (or numbers under a "Level" header)."""
        if len(self.rows) < 2:
            return False
        header = self.rows[0]
        titles = [_title(c) for c in header]
        corner = titles[0] if titles else ""
        body = [r for r in self.rows[1:] if not self._group_row(r)]
        firsts = [_title(r[0]) for r in body]
        numbered = (
            bool(corner)
            and bool(LEVEL_COLUMN.match(normalise(corner)))
            and all(_NUMBER.match(t) for t in firsts)
        )
        if numbered:
            word = "Level" if normalise(corner).startswith("level") else corner
            firsts = [f"{word} {int(t)}" for t in firsts]
        named = bool(LEVEL_COLUMN.match(normalise(corner))) or all(
            is_role(t) or self.draft.find_level(t) is not None for t in firsts
        )
        if len(titles) < 2 or not named or not all(self.levelish(t) for t in firsts):
            return False
        if self._summary_table(first_column=1):
            return True
        self._skip_corner(header[0])
        placed: set[tuple[int, str]] = set()  # (cell, level): a rowspan places a cell once
        headed: set[int] = set()  # header cells whose title named a placed cell
        for row, first in zip(body, firsts, strict=True):
            assert row[0] is not None  # firsts are non-empty titles
            level = self.draft.level(first, row[0].items[0].line)
            self.grid.use(row[0])
            content = self.grid.distinct(row[1:])
            if len(content) == 1 and len(row) > 2 and all(c is content[0] for c in row[1:]):
                self.place_cell(level, content[0], "Summary", Kind.SUMMARY)
                continue
            for j, cell in enumerate(row[1:], start=1):
                if cell is None or (id(cell), first) in placed or cell is row[0]:
                    continue
                placed.add((id(cell), first))
                name = titles[j] if j < len(titles) and titles[j] else self.section_title
                if is_column_label(name) and self.top.title and self.top.kind is Kind.AREA:
                    # "| Level | Expectations |" under "## Delivery": one table per area,
                    # the same levels repeating down each: the heading names the area.
                    name = self.top.title
                if j < len(titles) and name == titles[j]:
                    headed.add(id(header[j]))
                self.place_cell(level, cell, name, section_kind(name, inside_level=True))
        self._skip_unnamed_columns(header, titles, headed)
        for row in self.rows[1:]:
            if self._group_row(row) and row[0] is not None:
                self.grid.use(row[0])
                self.draft.skip(
                    row[0].line, f'table group row "{snippet(_title(row[0]))}" names no level'
                )
        return True

    # --- helpers ------------------------------------------------------------------------

    def _skip_unnamed_columns(self, header: Row, titles: list[str], headed: set[int]) -> None:
        """Report each header title that named no placed cell.

        Checked after placing, not by looking below the header: a body cell can sit under
        a column yet be placed under another one (a colspan split around a rowspan, a
        summary row spanning every column), and then this title would be lost silently.
        """
        for j, cell in enumerate(header[1:], start=1):
            if cell is None or cell is header[0] or not titles[j] or id(cell) in self.grid.used:
                continue  # the corner, an empty title, or a colspan seen at its first column
            self.grid.use(cell)
            if id(cell) not in headed:
                self.draft.skip(cell.line, f'table column "{snippet(titles[j])}" heads no cell')

    def _unused_group(self, group: Cell | None, grouped: bool) -> None:
        if group is not None and not grouped:
            self.draft.skip(
                group.line,
                f'table group row "{snippet(_title(group))}" has no row with text under a level',
            )

    def _group_row(self, row: Row) -> bool:
        """A bold row with empty cells ("**Engineering**") between rows of levels."""
        label = _title(row[0])
        rest = [c for c in row[1:] if c is not None and c.items and c is not row[0]]
        return bool(label) and not rest and not self.levelish(label) and len(row) > 1

    def _numbered(self, titles: list[str]) -> bool:
        return bool(titles) and all(_NUMBER.match(t) for t in titles)

    def _skip_corner(self, cell: Cell | None) -> None:
        """The top-left label says what the first column holds; worth a line, not an area."""
        label = _title(cell)
        key = normalise(label)
        if cell is not None and cell.items and not label:
            return  # bullets or long text in the corner: reported as an unused cell
        if cell is None or not label or LEVEL_COLUMN.match(key) or is_column_label(label):
            self.grid.use(cell)
            return
        self.grid.use(cell)
        self.draft.skip(cell.line, f'table corner "{snippet(label)}" labels the first column')

    def _summary_table(self, first_column: int) -> bool:
        """A table of one- or two-word values ("Yes", "IC3"): no criteria in it."""
        cells = [c for r in self.rows[1:] for c in self.grid.distinct(r[first_column:])]
        texts = [one_line(cell_text(c)) for c in cells if c.items]
        if not texts or not all(_SHORT_VALUE.match(t) for t in texts):
            return False
        kinds = {section_kind(_title(c), True) for c in self.rows[0][first_column:] if c}
        if kinds - {Kind.AREA}:
            return False  # "Typical experience: 2-4 years" is not a summary table
        head = " | ".join(one_line(cell_text(c)) for c in self.grid.distinct(self.rows[0]))
        self.draft.unplace(
            self.rows[0][0].line if self.rows[0][0] else 1,
            f'summary table of short values (no criteria, no level taken from it): "{snippet(head)}"',
        )
        self.grid.use(*self.grid.cells())
        return True

    def _read_columns(self, titles: list[str], first: int, name: str, kind: Kind) -> None:
        """Each body cell goes to the level named at the top of its column."""
        for j, title in enumerate(titles):
            cell = self.rows[0][j]
            if title and cell is not None:
                self.grid.use(cell)
                self.draft.level(title, cell.items[0].line)
        group: Cell | None = None
        grouped = False  # whether a row used the group's label
        for row in self.rows[1:]:
            label = name
            if first:
                label = _title(row[0])
                rest = [c for c in row[1:] if c is not None and c.items and c is not row[0]]
                if label and not rest:  # a group row: bold text, empty cells
                    self._unused_group(group, grouped)
                    group, grouped = row[0], False
                    self.grid.use(row[0])
                    continue
                if not label:
                    continue  # its cells are reported as unused
                assert row[0] is not None  # it has a label
                self.grid.use(row[0])
                if not self._claims(row, titles):
                    self.draft.unplace(
                        row[0].line,
                        f'table row label "{snippet(label)}" names no area: its row has text '
                        "only in columns that name no level",
                    )
                    continue  # those cells are reported as unused
                if group is not None:
                    label, grouped = f"{_title(group)} - {label}", True
            row_kind = kind if not first else section_kind(label, inside_level=True)
            for j, cell in enumerate(row[first:], start=first):
                title = titles[j] if j < len(titles) else ""
                if cell is None or not title or (first and cell is row[0]):
                    continue
                level = self.draft.level(title, cell.line)
                self.place_cell(level, cell, label, row_kind)
        self._unused_group(group, grouped)

    def _claims(self, row: Row, titles: list[str]) -> bool:
        """Whether a labelled row has text under a level column (else its label goes nowhere)."""
        return any(
            j < len(titles) and titles[j] and cell is not None and cell.items
            for j, cell in enumerate(row)
            if j and cell is not row[0]
        )


def matrix(draft: Draft, table: Table, top: Section) -> None:
    """A table outside the levels whose rows or columns are levels."""
    grid = expand(table)
    rows = [r for r in grid.rows if any(c is not None and c.items for c in r)]
    if not rows:
        return
    reader = _Reader(draft, grid, rows, top)
    shapes = (reader.alternating, reader.level_columns, reader.labelled_columns, reader.level_rows)
    if not any(shape() for shape in shapes):
        first_row = " | ".join(one_line(cell_text(c)) for c in grid.distinct(rows[0]))
        draft.unplace(
            table.line,
            f'table that names no level in its first row or column: "{snippet(first_row)}"',
        )
        return
    for cell in grid.unused():
        where = _where(grid, cell)
        for item in cell.items:
            draft.unplace(item.line, f'table cell {where}: "{snippet(item.text)}"')


def _where(grid: Grid, cell: Cell) -> str:
    for r, row in enumerate(grid.rows):
        for c, slot in enumerate(row):
            if slot is cell:
                return f"in row {r + 1}, column {c + 1}, which no level or label claims"
    return "that no level claims"
