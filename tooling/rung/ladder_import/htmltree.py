"""HTML as a browser reads it (html5lib), turned into the blocks Markdown gives.

A heading is a :class:`Heading` whether it was written ``## L3`` or ``<h2>L3</h2>``;
a list item is a bullet :class:`Text` whether it was ``- x`` or ``<li>x</li>``; a
``<table>`` is a :class:`Table` of :class:`Cell`.  So the layouts read one kind of
document, and HTML blocks, indented HTML (which CommonMark takes for code) and
component templates (Vue ``<template>``, JSX markup) are read like Markdown.

html5lib keeps no positions, so before parsing every start tag is given its source
line as an attribute; text takes the line of the element it sits in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rung.ladder_import.htmltable import span, split_lines
from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Block, Cell, Heading, Html, Table, Text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_LINE = "data-rung-line"
_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:._-]*)")
_HEADING = re.compile(r"^h([1-6])$")
_LISTS = frozenset({"ul", "ol", "menu"})
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template-script"})
# Elements that hold a paragraph of text; anything else is looked into.
_PARAGRAPHS = frozenset({"p", "dt", "dd", "blockquote", "figcaption", "caption", "summary"})
# Tags with no text of their own that still show something (an image, a chart).
_SILENT_OK = frozenset(
    {"div", "span", "section", "article", "main", "header", "footer", "template", "br", "hr"}
    | {"html", "body", "head", "meta", "link", "style", "script", "title", "center", "nav"}
    | {"b", "strong", "i", "em", "u", "small", "sup", "sub", "a", "details", "summary"}
)
_SPACE = re.compile(r"[ \t\r\n\f]+")
# What makes an HTML block worth reading as a document rather than reporting it whole.
STRUCTURE = re.compile(r"<\s*(h[1-6]|ul|ol|li|p|dl|template)\b", re.IGNORECASE)
TABLE_TAGS = re.compile(r"<\s*/?\s*(table|tr|td|th|thead|tbody)\b", re.IGNORECASE)


def _mark_lines(html: str, first_line: int) -> str:
    """``html`` with each start tag carrying its 1-based source line."""

    def mark(match: re.Match[str]) -> str:
        line = first_line + html.count("\n", 0, match.start())
        return f'{match.group(0)} {_LINE}="{line}"'

    return _START_TAG.sub(mark, html)


def html_blocks(html: str, first_line: int) -> list[Block]:
    """The blocks of an HTML fragment (or a whole page) that starts on ``first_line``."""
    import html5lib

    root = html5lib.parseFragment(_mark_lines(html, first_line), namespaceHTMLElements=False)
    walker = _Walker(first_line)
    walker.children(root, first_line)
    if not walker.out:
        tags = [m.group(0) for m in re.finditer(r"<[A-Za-z][^>]*>", html)]
        shown = [t for t in tags if _START_TAG.match(t) and _tag(t) not in _SILENT_OK]
        if shown:  # an image or a component: no text, but not in the draft either
            walker.out.append(Html(shown[0], first_line))
    return walker.out


def _tag(start: str) -> str:
    match = _START_TAG.match(start)
    return match.group(1).lower() if match else ""


def _line(element: Element, default: int) -> int:
    value = element.get(_LINE, "")
    return int(value) if value.isdigit() else default


def text_of(element: Element, skip_lists: bool = False) -> str:
    """What a reader sees of ``element``: spaces collapsed, ``<br>`` as a line break."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = str(child.tag).lower()
        if tag == "br":
            parts.append("\n")
        elif not (skip_lists and tag in _LISTS) and tag not in _SKIP:
            parts.append(text_of(child, skip_lists=False))
        parts.append(child.tail or "")
    joined = "".join(parts)
    return "\n".join(_SPACE.sub(" ", piece).strip() for piece in joined.split("\n")).strip()


class _Walker:
    def __init__(self, line: int) -> None:
        self.out: list[Block] = []
        self.line = line

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
        flat = _SPACE.sub(" ", text or "").strip()
        self.emit_text(flat, line)

    def element(self, element: Element, line: int) -> None:
        tag = str(element.tag).lower()
        heading = _HEADING.match(tag)
        if tag in _SKIP or not isinstance(element.tag, str):
            return
        if heading:
            text = text_of(element).replace("\n", " ")
            if text:
                self.out.append(Heading(int(heading.group(1)), text, line))
        elif tag in _LISTS:
            self.items(element, line, 1)
        elif tag in _PARAGRAPHS:
            self.emit_text(text_of(element), line)
        elif tag == "table":
            self.out.append(_table(element, line))
        else:
            self.children(element, line)

    def items(self, listing: Element, line: int, depth: int) -> None:
        for item in listing:
            item_line = _line(item, line)
            if str(item.tag).lower() != "li":
                self.element(item, item_line)
                continue
            self.emit_text(text_of(item, skip_lists=True), item_line, True, depth)
            for nested in item.iter():
                if nested is not item and str(nested.tag).lower() in _LISTS:
                    self.items(nested, _line(nested, item_line), depth + 1)
                    break


def _table(table: Element, line: int) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for row in table.iter("tr"):
        cells: list[Cell] = []
        for cell in row:
            tag = str(cell.tag).lower()
            if tag not in ("td", "th"):
                continue
            walker = _Walker(_line(cell, line))
            walker.children(cell, _line(cell, line))
            items = _cell_items(walker.out)
            cells.append(
                Cell(
                    tuple(items),
                    _line(cell, line),
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


def _cell_items(blocks: list[Block]) -> list[Item]:
    items: list[Item] = []
    for block in blocks:
        if isinstance(block, Text):
            lines = [(block.item.line, piece) for piece in block.item.text.split("\n")]
            items.extend(split_lines(lines, block.item.bullet))
        elif isinstance(block, Heading):
            items.append(Item(block.text, block.line))
        elif isinstance(block, Table):
            items.extend(i for row in block.rows for c in row for i in c.items)
    return items
