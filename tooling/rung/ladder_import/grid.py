"""A table's rows expanded into a rectangular grid, the way a browser lays it out.

``rowspan`` and ``colspan`` put one :class:`Cell` into several slots, so a level
cell spanning three rows names the level of each of them, and a summary cell
spanning every column is one cell, not one per column.  Slots no cell covers
(short rows) are ``None``.  Reading a table through the grid, the importer marks
each cell it uses; :meth:`Grid.unused` lists the rest so that nothing is lost
without a report line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rung.ladder_import.nodes import Cell, Table

_MAX_SLOTS = 200_000  # a hostile colspan x rowspan must not build a huge grid


@dataclass
class Grid:
    rows: list[list[Cell | None]]
    used: set[int] = field(default_factory=set)  # id() of cells already placed or reported

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def use(self, *cells: Cell | None) -> None:
        self.used.update(id(c) for c in cells if c is not None)

    def cells(self) -> list[Cell]:
        """Every distinct cell, in reading order."""
        seen: set[int] = set()
        out: list[Cell] = []
        for row in self.rows:
            for cell in row:
                if cell is not None and id(cell) not in seen:
                    seen.add(id(cell))
                    out.append(cell)
        return out

    def unused(self) -> list[Cell]:
        return [c for c in self.cells() if c.items and id(c) not in self.used]

    def distinct(self, row: list[Cell | None]) -> list[Cell]:
        """The cells of a row, each once (a colspan fills several slots)."""
        out: list[Cell] = []
        for cell in row:
            if cell is not None and all(cell is not c for c in out):
                out.append(cell)
        return out


def _fill(row: list[Cell | None], r: int, pending: dict[tuple[int, int], Cell]) -> None:
    """Append the cells that rowspans from above put at the end of ``row``."""
    while (r, len(row)) in pending:
        row.append(pending.pop((r, len(row))))


def expand(table: Table) -> Grid:
    """The grid of ``table``: row r, column c holds the cell covering that slot."""
    rows: list[list[Cell | None]] = []
    pending: dict[tuple[int, int], Cell] = {}  # slots filled by a rowspan from above
    total = len(table.rows)
    for r, source in enumerate(table.rows):
        row: list[Cell | None] = []
        _fill(row, r, pending)
        for cell in source:
            down = total - r if cell.rowspan == 0 else min(cell.rowspan, total - r)
            across = cell.colspan
            if (len(rows) + down) * (len(row) + across) > _MAX_SLOTS:
                across, down = 1, 1
            for _ in range(across):
                for below in range(1, down):
                    pending[(r + below, len(row))] = cell
                row.append(cell)
                _fill(row, r, pending)
        rows.append(row)
    # Rowspans that reach past a short row leave slots to its right.
    for (r, c), cell in sorted(pending.items()):
        if r < len(rows):
            row = rows[r]
            row.extend([None] * (c + 1 - len(row)))
            row[c] = cell
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return Grid(rows)
