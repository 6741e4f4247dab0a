"""Table cells as a browser reads them: the lines and items of a ``<td>``.

A cell's text is split into items at the tags that end a line (``<p>``, ``<br>``,
``<li>`` ...); a line that starts with a bullet marker starts an item and other
lines continue it.  A Markdown pipe-table cell is read here too, so a cell says
the same whichever syntax wrote it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Cell, Table

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

LINE = "data-rung-line"  # the source line html5lib cannot keep, as an attribute
ITEM = "rung-item"  # a Markdown item found inside an HTML table (kramdown's markdown="1")
SKIP = frozenset({"script", "style", "head", "title", "noscript"})
# Tags that end a line of text inside a cell.
_BREAKS = frozenset(
    {"p", "br", "li", "ul", "ol", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote"}
)
_BULLET = re.compile(r"^(?:[-*+•]|\d+[.)])\s+")
_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}")  # kramdown's {:target="_blank"}
_MAX_SPAN = 1000  # browsers clamp colspan at 1000 and rowspan at 65534; a grid need not be huge


def split_lines(lines: list[tuple[int, str]], first_is_bullet: bool = False) -> list[Item]:
    """Items from ``(line, text)`` pairs: a bullet marker starts an item, other lines continue it."""
    items: list[Item] = []
    for number, raw in ((n, piece) for n, line in lines for piece in _numbered(line)):
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


_NUMBER_MARK = re.compile(r"\s+(?=\d+[.)]\s)")


def _numbered(line: str) -> list[str]:
    """A numbered list written on one line ("1. Ships 2. Tests", as a pipe-table cell must
    hold it) as its items, when the numbers run 1, 2, 3 ...; else the line."""
    if not re.match(r"\s*1[.)]\s", line):
        return [line]
    parts = _NUMBER_MARK.split(line.strip())
    numbers = [re.match(r"(\d+)", p) for p in parts]
    if len(parts) < 2 or [int(m.group(1)) if m else 0 for m in numbers] != list(
        range(1, len(parts) + 1)
    ):
        return [line]
    return parts


def span(value: str | None, zero: int) -> int:
    """A span attribute as browsers read it: leading digits, 1 when missing or bad."""
    digits = re.match(r"\s*(\d+)", value or "")
    if not digits:
        return 1
    number = int(digits.group(1)[:6])
    return min(number, _MAX_SPAN) if number else zero


MAX_DEPTH = 64  # deeper elements are read as their text: no ladder nests deeper


def parse(marked: str) -> Element:
    """The HTML fragment's tree, no deeper than MAX_DEPTH: the readers walk it recursively,
    and a hostile document nests ten thousand tables."""
    import html5lib

    root: Element = html5lib.parseFragment(marked, namespaceHTMLElements=False)
    stack = [(root, 0)]
    while stack:  # iterative: the tree may be deeper than Python's recursion limit
        element, depth = stack.pop()
        if depth >= MAX_DEPTH and len(element):
            text = "".join(element.itertext())
            for child in list(element):
                element.remove(child)
            element.text = text
            continue
        stack.extend((child, depth + 1) for child in element)
    return root


def tag_of(element: Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def line_of(element: Element, default: int) -> int:
    value = element.get(LINE, "")
    return int(value) if value.isdigit() else default


def cell_items(html: str, line: int) -> list[Item]:
    """The items of a table cell's content written on one ``line``."""
    reader = _CellReader([])
    reader.walk(parse(html), line)
    reader.flush()
    return reader.items


def placeholder(element: Element, items: list[Item]) -> list[Item]:
    """The Markdown item a placeholder stands for; none for one the document wrote itself."""
    index = element.get("data-i", "")
    return [items[int(index)]] if index.isdigit() and int(index) < len(items) else []


def read_table(table: Element, line: int, markdown: list[Item]) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for row in _rows(table):
        cells = []
        for cell in row:
            tag = tag_of(cell)
            if tag not in ("td", "th"):
                continue
            cell_line = line_of(cell, line)
            reader = _CellReader(markdown)
            reader.walk(cell, cell_line)
            reader.flush()
            cells.append(
                Cell(
                    tuple(reader.items),
                    cell_line,
                    header=tag == "th",
                    colspan=span(cell.get("colspan"), 1),
                    rowspan=span(cell.get("rowspan"), 0),
                    link=any(a.get("href") for a in cell.iter("a")),
                )
            )
        if cells:
            rows.append(tuple(cells))
    header_rows = 1 if rows and all(c.header for c in rows[0]) else 0
    return Table(tuple(rows), line, header_rows)


def _rows(table: Element) -> list[Element]:
    """The table's own rows (in thead, tbody, tfoot or directly), not a nested table's."""
    rows: list[Element] = []
    for child in table:
        if tag_of(child) == "tr":
            rows.append(child)
        elif tag_of(child) in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if tag_of(r) == "tr")
    return rows


class _CellReader:
    """A cell's items: break tags (``<p>``, ``<br>``, ``<li>`` ...) end a line of text,
    a line starting with a bullet marker starts an item, and a nested table's items
    and Markdown placeholders are the cell's own."""

    def __init__(self, markdown: list[Item]) -> None:
        self.markdown = markdown
        self.items: list[Item] = []
        self.pending: list[tuple[int, str]] = []
        self.bullet = False

    def flush(self) -> None:
        self.items.extend(split_lines(self.pending, self.bullet))
        self.pending.clear()
        self.bullet = False

    def text(self, data: str | None, line: int) -> int:
        """Add ``data`` that starts on ``line``; the line it ends on."""
        for offset, piece in enumerate((data or "").split("\n")):
            if offset == 0 and self.pending and self.pending[-1][0] == line:
                self.pending[-1] = (line, self.pending[-1][1] + piece)
            else:
                self.pending.append((line + offset, piece))
        return line + (data or "").count("\n")

    def walk(self, element: Element, line: int) -> int:
        line = self.text(element.text, line)
        for child in element:
            tag = tag_of(child)
            line = line_of(child, line)
            if tag == ITEM:
                self.flush()
                self.items.extend(placeholder(child, self.markdown))
            elif tag == "table":
                self.flush()
                nested = read_table(child, line, self.markdown)
                self.items.extend(i for r in nested.rows for c in r for i in c.items)
            elif tag in _BREAKS:
                self.flush()
                self.bullet = tag == "li"
                line = self.walk(child, line)
                self.flush()
            elif tag and tag not in SKIP:
                line = self.walk(child, line)
            line = self.text(child.tail, line)
        return line
