"""HTML tables, read with the standard library's ``html.parser`` (never a browser).

Jekyll/kramdown pages write ``<table markdown="1">`` and put Markdown between the
``<td>`` tags, separated by blank lines, so markdown-it sees the tags as several
HTML blocks with ordinary paragraphs and lists between them.  ``HtmlTables`` is
therefore fed piece by piece: HTML blocks through :meth:`feed_block`, and the
Markdown found while a cell is open through :meth:`add_item`.  A finished table
is handed to the ``emit`` callback; text outside any table is handed on as an
``html`` block so that the caller can report it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Cell, Html, Table

# Tags that end a line of text inside a cell.
_BREAKS = frozenset(
    {"p", "br", "li", "ul", "ol", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote"}
)
# Tags that only wrap or space content: alone, they leave nothing out of the draft.
_WRAPPERS = frozenset(
    {"div", "span", "p", "br", "hr", "section", "article", "main", "header", "footer", "center"}
    | {"b", "strong", "i", "em", "u", "small", "sup", "sub", "a", "details", "summary", "tbody"}
    | {"thead", "tr", "td", "th", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "html"}
    | {"body", "head", "meta", "link", "style", "script", "title"}
)
_BULLET = re.compile(r"^(?:[-*+•]|\d+[.)])\s+")
_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}")  # kramdown's {:target="_blank"}


def split_lines(lines: list[tuple[int, str]], first_is_bullet: bool = False) -> list[Item]:
    """Items from ``(line, text)`` pairs: a bullet marker starts an item, other lines continue it."""
    items: list[Item] = []
    for number, raw in lines:
        text = _ATTRIBUTE_LIST.sub("", raw).strip()
        if not text:
            continue
        marker = _BULLET.match(text)
        if marker:
            items.append(Item(text[marker.end() :].strip(), number, bullet=True))
        elif first_is_bullet and not items:
            items.append(Item(text, number, bullet=True))
        elif items:
            last = items[-1]
            items[-1] = Item(f"{last.text} {text}", last.line, last.bullet)
        else:
            items.append(Item(text, number))
    return [item for item in items if item.text]


_MAX_SPAN = 1000  # browsers clamp colspan at 1000 and rowspan at 65534; a grid need not be huge


def span(value: str | None, zero: int) -> int:
    """A span attribute as browsers read it: leading digits, 1 when missing or bad."""
    digits = re.match(r"\s*(\d+)", value or "")
    if not digits:
        return 1
    number = int(digits.group(1)[:6])
    return min(number, _MAX_SPAN) if number else zero


@dataclass
class _OpenCell:
    line: int
    header: bool
    colspan: int = 1
    rowspan: int = 1
    items: list[Item] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)
    bullet: bool = False  # the pending text started with <li>
    link: bool = False


@dataclass
class _OpenTable:
    line: int
    rows: list[list[Cell]] = field(default_factory=list)
    row: list[Cell] | None = None
    cell: _OpenCell | None = None


class HtmlTables(HTMLParser):
    def __init__(self, emit: Callable[[Table | Html], None]) -> None:
        super().__init__(convert_charrefs=True)
        self._emit = emit
        self._tables: list[_OpenTable] = []
        self._base_line = 1
        self._base_pos = 1
        self._outside: list[tuple[int, str]] = []
        self._outside_tags: list[tuple[int, str]] = []  # content tags without text (<picture>)

    @property
    def in_cell(self) -> bool:
        return bool(self._tables) and self._tables[-1].cell is not None

    def _line(self) -> int:
        return max(1, self._base_line + self.getpos()[0] - self._base_pos)

    def feed_block(self, html: str, line: int) -> None:
        """Parse one HTML block that starts on (1-based) ``line`` of the document."""
        self._base_line, self._base_pos = line, self.getpos()[0]
        try:
            self.feed(html)
        except (AssertionError, ValueError):  # html.parser's last-resort failures
            self.reset()
            self._base_pos = self.getpos()[0]
        self._flush_outside()

    def add_item(self, item: Item) -> None:
        """Markdown content found while a cell is open (kramdown's ``markdown="1"``)."""
        cell = self._tables[-1].cell
        assert cell is not None
        self._flush_text(cell)
        cell.items.append(item)

    def finish(self) -> None:
        """End of document: emit tables left open, so their content is still seen."""
        try:
            self.close()
        except (AssertionError, ValueError):
            self.reset()
        while self._tables:
            self._end_table()
        self._flush_outside()

    # --- parser callbacks ---------------------------------------------------------------

    # Only the spans of a cell matter: markdown="1" and style="..." change nothing here.
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._tables.append(_OpenTable(self._line()))
        elif not self._tables:
            if tag not in _WRAPPERS:
                self._outside_tags.append((self._line(), self.get_starttag_text() or tag))
            return
        elif tag == "tr":
            self._end_row()
            self._tables[-1].row = []
        elif tag in ("td", "th"):
            table = self._tables[-1]
            self._end_cell()
            if table.row is None:
                table.row = []
            spans = dict(attrs)
            table.cell = _OpenCell(
                self._line(),
                header=tag == "th",
                colspan=span(spans.get("colspan"), 1),
                rowspan=span(spans.get("rowspan"), 0),
            )
        elif tag == "a" and self.in_cell and dict(attrs).get("href"):
            cell = self._tables[-1].cell
            assert cell is not None
            cell.link = True
        elif tag in _BREAKS and self.in_cell:
            cell = self._tables[-1].cell
            assert cell is not None
            self._flush_text(cell)
            cell.bullet = tag == "li"

    def handle_endtag(self, tag: str) -> None:
        if not self._tables:
            return
        if tag == "table":
            self._end_table()
        elif tag == "tr":
            self._end_row()
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in _BREAKS and self.in_cell:
            cell = self._tables[-1].cell
            assert cell is not None
            self._flush_text(cell)

    def handle_data(self, data: str) -> None:
        line = self._line()
        cell = self._tables[-1].cell if self._tables else None
        target = cell.lines if cell is not None else self._outside
        for offset, piece in enumerate(data.split("\n")):
            if offset == 0 and target and target[-1][0] == line:
                target[-1] = (line, target[-1][1] + piece)
            else:
                target.append((line + offset, piece))

    # --- assembling ---------------------------------------------------------------------

    def _flush_text(self, cell: _OpenCell) -> None:
        cell.items.extend(split_lines(cell.lines, cell.bullet))
        cell.lines.clear()
        cell.bullet = False

    def _flush_outside(self) -> None:
        text = "\n".join(piece for _, piece in self._outside).strip()
        if text and not self._tables:
            self._emit(Html(text, self._outside[0][0]))
        elif self._outside_tags and not self._tables:
            # An image, a <picture> or a JSX component: no text, but still not in the draft.
            line, tag = self._outside_tags[0]
            self._emit(Html(tag, line))
        if not self._tables:
            self._outside.clear()
            self._outside_tags.clear()

    def _end_cell(self) -> None:
        table = self._tables[-1]
        if table.cell is None:
            return
        self._flush_text(table.cell)
        if table.row is None:
            table.row = []
        cell = table.cell
        table.row.append(
            Cell(tuple(cell.items), cell.line, cell.header, cell.colspan, cell.rowspan, cell.link)
        )
        table.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        table = self._tables[-1]
        if table.row:
            table.rows.append(table.row)
        table.row = None

    def _end_table(self) -> None:
        self._end_row()
        table = self._tables.pop()
        header_rows = 1 if table.rows and all(c.header for c in table.rows[0]) else 0
        done = Table(tuple(tuple(r) for r in table.rows), table.line, header_rows)
        if self.in_cell:  # a table nested in a cell: its text belongs to that cell
            for row in done.rows:
                for cell in row:
                    for item in cell.items:
                        self.add_item(item)
        else:
            self._emit(done)
