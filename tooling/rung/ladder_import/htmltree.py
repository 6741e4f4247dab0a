"""HTML as a browser reads it (html5lib), turned into the nodes Markdown gives.

A heading is a :class:`Heading` whether it was written ``## L3`` or ``<h2>L3</h2>``;
a list item is a bullet :class:`Text` whether it was ``- x`` or ``<li>x</li>``; a
``<table>`` is a :class:`Table` of :class:`Cell`.  So the layouts read one kind of
document: HTML blocks, indented HTML (which CommonMark takes for code), pages and
component templates (Vue ``<template>``) are read like Markdown.

Jekyll/kramdown pages write ``<table markdown="1">`` and put Markdown between the
``<td>`` tags, so markdown-it sees one table as several HTML blocks with paragraphs
and lists between them.  :class:`HtmlRegion` collects such a table: HTML as it is,
each Markdown item as a placeholder element, parsed once when the table closes.

html5lib keeps no positions, so before parsing every start tag is given its source
line as an attribute; text takes the line of its element plus the line breaks
before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Block, Cell, Heading, Html, Table, Text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_LINE = "data-rung-line"
_ITEM = "rung-item"  # a Markdown item found inside an HTML table (kramdown's markdown="1")
_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:._-]*)")
_HEADING = re.compile(r"^h([1-6])$")
_LISTS = frozenset({"ul", "ol", "menu"})
_SKIP = frozenset({"script", "style", "head", "title", "noscript"})
# Elements that hold a paragraph of text; anything else is looked into.
_PARAGRAPHS = frozenset({"p", "dt", "dd", "blockquote", "figcaption", "caption", "summary"})
# Tags that end a line of text inside a cell.
_BREAKS = frozenset(
    {"p", "br", "li", "ul", "ol", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote"}
)
# Tags that only wrap or space content: alone, they leave nothing out of the draft.
_WRAPPERS = frozenset(
    {"div", "span", "p", "br", "hr", "section", "article", "main", "header", "footer", "center"}
    | {"b", "strong", "i", "em", "u", "small", "sup", "sub", "a", "details", "summary", "tbody"}
    | {"thead", "tr", "td", "th", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "html"}
    | {"body", "head", "meta", "link", "style", "script", "title", "template", "nav"}
)
_SPACE = re.compile(r"[ \t\r\n\f]+")
_BULLET = re.compile(r"^(?:[-*+•]|\d+[.)])\s+")
_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}")  # kramdown's {:target="_blank"}
# What makes an HTML block worth reading as a document rather than reporting it whole.
STRUCTURE = re.compile(r"<\s*(h[1-6]|ul|ol|li|p|dl|template)\b", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<\s*table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"<\s*/\s*table\b", re.IGNORECASE)
_MAX_SPAN = 1000  # browsers clamp colspan at 1000 and rowspan at 65534; a grid need not be huge


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


def span(value: str | None, zero: int) -> int:
    """A span attribute as browsers read it: leading digits, 1 when missing or bad."""
    digits = re.match(r"\s*(\d+)", value or "")
    if not digits:
        return 1
    number = int(digits.group(1)[:6])
    return min(number, _MAX_SPAN) if number else zero


def _mark_lines(html: str, first_line: int) -> str:
    """``html`` with each start tag carrying its 1-based source line."""

    seen = [0, first_line]  # position counted up to, and the line there: linear time

    def mark(match: re.Match[str]) -> str:
        seen[1] += html.count("\n", seen[0], match.start())
        seen[0] = match.start()
        return f'{match.group(0)} {_LINE}="{seen[1]}"'

    return _START_TAG.sub(mark, html)


def _parse(marked: str) -> Element:
    import html5lib

    root: Element = html5lib.parseFragment(marked, namespaceHTMLElements=False)
    return root


def _tag(element: Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _line(element: Element, default: int) -> int:
    value = element.get(_LINE, "")
    return int(value) if value.isdigit() else default


def html_blocks(html: str, first_line: int) -> list[Block]:
    """The blocks of an HTML fragment (or a whole page) that starts on ``first_line``."""
    walker = _Walker([])
    walker.children(_parse(_mark_lines(html, first_line)), first_line)
    if not walker.out:
        walker.out.extend(_shown_tag(html, first_line))
    return walker.out


def _shown_tag(html: str, first_line: int) -> list[Block]:
    """An image, a ``<picture>`` or a component: no text, but not in the draft either."""
    for match in re.finditer(r"<([A-Za-z][A-Za-z0-9:._-]*)[^>]*>", html):
        if match.group(1).lower() not in _WRAPPERS:
            return [Html(match.group(0), first_line + html.count("\n", 0, match.start()))]
    return []


def text_of(element: Element, skip_lists: bool = False) -> str:
    """What a reader sees of ``element``: spaces collapsed, ``<br>`` as a line break."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = _tag(child)
        if tag == "br":
            parts.append("\n")
        elif not (skip_lists and tag in _LISTS) and tag not in _SKIP and tag:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    joined = "".join(parts)
    return "\n".join(_SPACE.sub(" ", piece).strip() for piece in joined.split("\n")).strip()


class _Walker:
    """Document order over the tree, emitting headings, paragraphs, list items, tables."""

    def __init__(self, items: list[Item]) -> None:
        self.out: list[Block] = []
        self.items = items  # the Markdown items that placeholders stand for

    def emit_text(self, text: str, line: int, bullet: bool = False, depth: int = 0) -> None:
        if text:
            self.out.append(Text(Item(text, line, bullet=bullet, depth=depth)))

    def children(self, element: Element, line: int) -> None:
        self.loose(element.text, line)
        for child in element:
            child_line = _line(child, line)
            self.element(child, child_line)
            self.loose(child.tail, child_line)

    def loose(self, text: str | None, line: int) -> None:
        """Text directly inside a container is a paragraph of its own."""
        self.emit_text(_SPACE.sub(" ", text or "").strip(), line)

    def element(self, element: Element, line: int) -> None:
        tag = _tag(element)
        heading = _HEADING.match(tag)
        if not tag or tag in _SKIP:
            return
        if tag == _ITEM:
            self.out.extend(Text(item) for item in _placeholder(element, self.items))
        elif heading:
            text = text_of(element).replace("\n", " ")
            if text:
                self.out.append(Heading(int(heading.group(1)), text, line))
        elif tag in _LISTS:
            self.list_items(element, line, 1)
        elif tag in _PARAGRAPHS:
            self.emit_text(text_of(element), line)
        elif tag == "table":
            self.out.append(_table(element, line, self.items))
        else:
            self.children(element, line)

    def list_items(self, listing: Element, line: int, depth: int) -> None:
        for item in listing:
            item_line = _line(item, line)
            if _tag(item) != "li":
                self.element(item, item_line)
                continue
            self.emit_text(text_of(item, skip_lists=True), item_line, True, depth)
            for nested in item.iter():
                if nested is not item and _tag(nested) in _LISTS:
                    self.list_items(nested, _line(nested, item_line), depth + 1)
                    break


def _placeholder(element: Element, items: list[Item]) -> list[Item]:
    """The Markdown item a placeholder stands for; none for one the document wrote itself."""
    index = element.get("data-i", "")
    return [items[int(index)]] if index.isdigit() and int(index) < len(items) else []


def _table(table: Element, line: int, markdown: list[Item]) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for row in _rows(table):
        cells = []
        for cell in row:
            tag = _tag(cell)
            if tag not in ("td", "th"):
                continue
            cell_line = _line(cell, line)
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
        if _tag(child) == "tr":
            rows.append(child)
        elif _tag(child) in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
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
            tag = _tag(child)
            line = _line(child, line)
            if tag == _ITEM:
                self.flush()
                self.items.extend(_placeholder(child, self.markdown))
            elif tag == "table":
                self.flush()
                nested = _table(child, line, self.markdown)
                self.items.extend(i for r in nested.rows for c in r for i in c.items)
            elif tag in _BREAKS:
                self.flush()
                self.bullet = tag == "li"
                line = self.walk(child, line)
                self.flush()
            elif tag and tag not in _SKIP:
                line = self.walk(child, line)
            line = self.text(child.tail, line)
        return line


class HtmlRegion:
    """HTML blocks of a Markdown document, fed in order; a table may span several, with
    Markdown items between its tags (:meth:`add_item` while :attr:`in_cell`)."""

    def __init__(self, emit: Callable[[Block], None]) -> None:
        self._emit = emit
        self._pieces: list[str] = []
        self._items: list[Item] = []
        self._depth = 0

    @property
    def in_cell(self) -> bool:
        """Inside a table that is still open (its Markdown belongs to its cells)."""
        return self._depth > 0

    def feed_block(self, html: str, line: int) -> None:
        """Read one HTML block that starts on (1-based) ``line`` of the document."""
        opens = len(_TABLE_OPEN.findall(html))
        if not self._depth and not opens:
            if STRUCTURE.search(html):
                for block in html_blocks(html, line):
                    self._emit(block)
            else:
                self._plain(html, line)
            return
        self._pieces.append(_mark_lines(html, line))
        self._depth += opens - len(_TABLE_CLOSE.findall(html))
        if self._depth <= 0:
            self.finish()

    def add_item(self, item: Item) -> None:
        """Markdown content found while a table is open (kramdown's ``markdown="1"``)."""
        self._pieces.append(f'<{_ITEM} data-i="{len(self._items)}"></{_ITEM}>')
        self._items.append(item)

    def finish(self) -> None:
        """End of a table, or of the document: emit what was collected."""
        if self._pieces:
            walker = _Walker(self._items)
            walker.children(_parse("".join(self._pieces)), 1)
            for block in walker.out:
                self._emit(block)
        self._pieces, self._items, self._depth = [], [], 0

    def _plain(self, html: str, line: int) -> None:
        """HTML with no table and no document structure: its text, else its first tag."""
        text = text_of(_parse(html))
        if text:
            self._emit(Html(text, line))
        else:
            for block in _shown_tag(html, line):
                self._emit(block)
