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

from rung.ladder_import.cells import (
    ITEM,
    LINE,
    SKIP,
    line_of,
    parse,
    placeholder,
    read_table,
    tag_of,
)
from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Block, Heading, Html, Text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:._-]*)")
_HEADING = re.compile(r"^h([1-6])$")
_LISTS = frozenset({"ul", "ol", "menu"})
# Elements that hold a paragraph of text; anything else is looked into.
_PARAGRAPHS = frozenset({"p", "dt", "dd", "blockquote", "figcaption", "caption", "summary"})
# Tags that only wrap or space content: alone, they leave nothing out of the draft.
_WRAPPERS = frozenset(
    {"div", "span", "p", "br", "hr", "section", "article", "main", "header", "footer", "center"}
    | {"b", "strong", "i", "em", "u", "small", "sup", "sub", "a", "details", "summary", "tbody"}
    | {"thead", "tr", "td", "th", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "html"}
    | {"body", "head", "meta", "link", "style", "script", "title", "template", "nav"}
)
_SPACE = re.compile(r"[ \t\r\n\f]+")
# What makes an HTML block worth reading as a document rather than reporting it whole.
STRUCTURE = re.compile(r"<\s*(h[1-6]|ul|ol|li|p|dl|template)\b", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<\s*table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"<\s*/\s*table\b", re.IGNORECASE)


def _mark_lines(html: str, first_line: int) -> str:
    """``html`` with each start tag carrying its 1-based source line."""

    seen = [0, first_line]  # position counted up to, and the line there: linear time

    def mark(match: re.Match[str]) -> str:
        seen[1] += html.count("\n", seen[0], match.start())
        seen[0] = match.start()
        return f'{match.group(0)} {LINE}="{seen[1]}"'

    return _START_TAG.sub(mark, html)


def html_blocks(html: str, first_line: int) -> list[Block]:
    """The blocks of an HTML fragment (or a whole page) that starts on ``first_line``."""
    walker = _Walker([])
    walker.children(parse(_mark_lines(html, first_line)), first_line)
    if not walker.out:
        walker.out.extend(_shown_tag(html, first_line))
    return walker.out


def _shown_tag(html: str, first_line: int) -> list[Block]:
    """An image, a ``<picture>`` or a component: no text, but not in the draft either."""
    for match in re.finditer(r"<([A-Za-z][A-Za-z0-9:._-]*)[^>]*>", html):
        if match.group(1).lower() not in _WRAPPERS:
            return [Html(match.group(0), first_line + html.count("\n", 0, match.start()))]
    return []


def text_of(element: Element, skip_lists: bool = False, permalinks: bool = False) -> str:
    """What a reader sees of ``element``: spaces collapsed, ``<br>`` as a line break;
    ``permalinks``: without links to a fragment (a heading's ``<a href="#l3">#</a>``)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = tag_of(child)
        anchor = permalinks and tag == "a" and (child.get("href") or "").startswith("#")
        if tag == "br":
            parts.append("\n")
        elif not (skip_lists and tag in _LISTS) and tag not in SKIP and tag and not anchor:
            parts.append(text_of(child, permalinks=permalinks))
        parts.append(child.tail or "")
    joined = "".join(parts)
    return "\n".join(_SPACE.sub(" ", piece).strip() for piece in joined.split("\n")).strip()


def _only_link(item: Element, text: str) -> bool:
    """Whether a list item is one link and nothing around it (``<li><a>Staff</a></li>``)."""
    links = [a for a in item.iter() if tag_of(a) == "a"]
    return len(links) == 1 and text_of(links[0]) == text


class _Walker:
    """Document order over the tree, emitting headings, paragraphs, list items, tables."""

    def __init__(self, items: list[Item]) -> None:
        self.out: list[Block] = []
        self.items = items  # the Markdown items that placeholders stand for

    def emit_text(
        self, text: str, line: int, bullet: bool = False, depth: int = 0, link: bool = False
    ) -> None:
        if text:
            self.out.append(Text(Item(text, line, bullet=bullet, depth=depth, link=link)))

    def children(self, element: Element, line: int) -> None:
        self.loose(element.text, line)
        for child in element:
            child_line = line_of(child, line)
            self.element(child, child_line)
            self.loose(child.tail, child_line)

    def loose(self, text: str | None, line: int) -> None:
        """Text directly inside a container is a paragraph of its own."""
        self.emit_text(_SPACE.sub(" ", text or "").strip(), line)

    def element(self, element: Element, line: int) -> None:
        tag = tag_of(element)
        heading = _HEADING.match(tag)
        if not tag or tag in SKIP:
            return
        if tag == ITEM:
            self.out.extend(Text(item) for item in placeholder(element, self.items))
        elif heading:
            # A link to a fragment beside the title points at the heading: not its name.
            text = (text_of(element, permalinks=True) or text_of(element)).replace("\n", " ")
            abbr = next((a.get("title", "") for a in element.iter("abbr") if a.get("title")), "")
            if text:
                self.out.append(Heading(int(heading.group(1)), text, line, abbr.strip()))
        elif tag in _LISTS:
            self.list_items(element, line, 1)
        elif tag in _PARAGRAPHS:
            self.emit_text(text_of(element), line)
        elif tag == "table":
            self.out.append(read_table(element, line, self.items))
        else:
            self.children(element, line)

    def list_items(self, listing: Element, line: int, depth: int) -> None:
        for item in listing:
            item_line = line_of(item, line)
            if tag_of(item) != "li":
                self.element(item, item_line)
                continue
            text = text_of(item, skip_lists=True)
            self.emit_text(text, item_line, True, depth, _only_link(item, text))
            for nested in item.iter():
                if nested is not item and tag_of(nested) in _LISTS:
                    self.list_items(nested, line_of(nested, item_line), depth + 1)
                    break


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
        self._pieces.append(f'<{ITEM} data-i="{len(self._items)}"></{ITEM}>')
        self._items.append(item)

    def finish(self) -> None:
        """End of a table, or of the document: emit what was collected."""
        if self._pieces:
            walker = _Walker(self._items)
            walker.children(parse("".join(self._pieces)), 1)
            for block in walker.out:
                self._emit(block)
        self._pieces, self._items, self._depth = [], [], 0

    def _plain(self, html: str, line: int) -> None:
        """HTML with no table and no document structure: its text, else its first tag."""
        text = text_of(parse(html))
        if text:
            self._emit(Html(text, line))
        else:
            for block in _shown_tag(html, line):
                self._emit(block)
