"""Markdown to a flat list of blocks with 1-based line numbers.

markdown-it-py's commonmark preset (with tables) does the parsing; raw HTML is
kept, and raw HTML goes through :mod:`rung.ladder_import.htmltree`.  Inline
formatting is dropped (``**L1**`` reads ``L1``, a link reads as its text), so
criterion text is the words the reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html import unescape as html_unescape
from typing import TYPE_CHECKING

from rung.ladder_import.cells import cell_items
from rung.ladder_import.htmltree import STRUCTURE, HtmlRegion, html_blocks
from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Block, Cell, Heading, Other, Table, Text

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass
class _OpenItem:
    line: int
    parts: list[str]
    depth: int
    emitted: bool = False
    link: bool = False
    quoted: bool = False  # inside a blockquote: quoted prose, as HTML reads <blockquote>


_BREAK_TAG = re.compile(r"^<\s*/?\s*(p|br|li|ul|ol|div|tr|td|th|h[1-6])\b", re.IGNORECASE)
_ATTRIBUTE_LIST = re.compile(r"\{:[^}]*\}")
_ABBR = re.compile(r"<abbr\b[^>]*\btitle\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_MDX = re.compile(r"^(import\s+.+\s+from\s+['\"]|export\s+(default|const|function)\b)")


def inline_text(children: list[Token] | None) -> str:
    """Plain text of an inline token: what a reader sees, line breaks kept as newlines."""
    parts: list[str] = []
    for child in children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(inline_text(child.children))
        elif child.type == "html_inline" and _BREAK_TAG.match(child.content):
            parts.append("\n")
    return _ATTRIBUTE_LIST.sub("", "".join(parts)).strip()


def _cell_items(children: list[Token] | None, line: int) -> list[Item]:
    """Items of a Markdown table cell, read as an HTML cell is (``<br>``, ``<li>`` ...)."""
    parts = []
    for child in children or []:
        if child.type in ("text", "code_inline"):
            parts.append(escape(child.content))
        elif child.type == "image":
            parts.append(escape(inline_text(child.children)))
        elif child.type == "html_inline":
            parts.append(child.content)
    return cell_items("".join(parts), line)


def _only_link(children: list[Token] | None) -> bool:
    """Whether an inline token is one link and nothing around it ("[Tech Lead](tl.md)")."""
    kids = [c for c in children or [] if not (c.type == "text" and not c.content.strip())]
    opens = [i for i, c in enumerate(kids) if c.type == "link_open"]
    return opens == [0] and kids[-1].type == "link_close"


def _is_image_only(children: list[Token] | None) -> bool:
    kids = [c for c in children or [] if not (c.type == "text" and not c.content.strip())]
    kids = [c for c in kids if c.type != "softbreak"]
    return bool(kids) and all(c.type == "image" for c in kids)


def parse_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown document, in order.  Never raises for any input text."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    out: list[Block] = []
    html = HtmlRegion(out.append)

    def emit(block: Text) -> None:
        if html.in_cell:
            html.add_item(block.item)
        else:
            out.append(block)

    def start(token: Token) -> int:
        return token.map[0] + 1 if token.map else 1

    items: list[_OpenItem] = []
    row: list[Cell] | None = None
    rows: list[tuple[Cell, ...]] = []
    header_rows, table_line, row_line = 0, 1, 1
    quotes = 0  # open blockquotes
    for index, token in enumerate(tokens):
        kind = token.type
        quotes += (kind == "blockquote_open") - (kind == "blockquote_close")
        if kind == "heading_open":
            content = inline_text(tokens[index + 1].children)
            if html.in_cell:
                emit(Text(Item(content, start(token))))
            else:
                abbr = _ABBR.search(tokens[index + 1].content)
                title = html_unescape(abbr.group(1)).strip() if abbr else ""
                out.append(Heading(int(token.tag[1:]), content, start(token), title))
        elif kind == "list_item_open":
            items.append(_OpenItem(start(token), [], len(items) + 1, quoted=quotes > 0))
        elif kind in ("bullet_list_open", "ordered_list_open") and items:
            _emit_item(items[-1], emit)
        elif kind == "list_item_close" and items:
            _emit_item(items.pop(), emit)
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            line = start(tokens[index - 1])
            if items and not items[-1].emitted:
                items[-1].link = not items[-1].parts and _only_link(token.children)
                items[-1].parts.append(inline_text(token.children))
            elif _is_image_only(token.children) and not html.in_cell:
                out.append(Other("image", token.content, line))
            elif _MDX.match(token.content) and not html.in_cell:
                out.append(Other("MDX import/export", token.content, line))
            else:
                content = inline_text(token.children)
                if content:
                    emit(Text(Item(content, line)))
                elif token.content.strip() and not html.in_cell:
                    out.append(Other("HTML", token.content, line))  # <picture>, <img>: no text
        elif kind == "table_open":
            rows, header_rows, table_line = [], 0, start(token)
        elif kind == "tr_open":
            row, row_line = [], start(token)
        elif kind in ("th_open", "td_open") and row is not None:
            cell_inline = tokens[index + 1] if tokens[index + 1].type == "inline" else None
            cell_items = _cell_items(cell_inline.children if cell_inline else None, row_line)
            links = (
                any(c.type == "link_open" for c in (cell_inline.children or []))
                if cell_inline
                else False
            )
            row.append(Cell(tuple(cell_items), row_line, kind == "th_open", link=links))
        elif kind == "tr_close" and row is not None:
            rows.append(tuple(row))
            header_rows += all(c.header for c in row) and bool(row)
            row = None
        elif kind == "table_close":
            table = Table(tuple(rows), table_line, header_rows)
            if html.in_cell:
                for cell in (c for r in table.rows for c in r):
                    for item in cell.items:
                        html.add_item(item)
            else:
                out.append(table)
        elif kind == "code_block" and _indented_html(token.content, html.in_cell):
            # Indented HTML (a component template) is code to CommonMark, HTML to a reader.
            out.extend(html_blocks(token.content, start(token)))
        elif kind == "html_block":
            html.feed_block(token.content, start(token))
        elif kind in ("fence", "code_block"):
            if html.in_cell:
                emit(Text(Item(token.content.strip(), start(token))))
            elif token.content.strip():
                out.append(Other("code block", token.content, start(token)))
    html.finish()
    if tokens and max(t.level for t in tokens) >= parser.options["maxNesting"] - 1:
        cut = _first_unread_line(text, tokens)
        if cut is not None:
            # markdown-it stops reading at its nesting limit and says nothing: say it.
            lost = Other("list nested too deeply to read", cut[1], cut[0])
            at = next((i for i, b in enumerate(out) if _line_of(b) > cut[0]), len(out))
            out.insert(at, lost)
    return out


def _indented_html(content: str, in_cell: bool) -> bool:
    return not in_cell and content.lstrip().startswith("<") and bool(STRUCTURE.search(content))


_LEAVES = frozenset(
    {"paragraph_open", "heading_open", "fence", "code_block", "html_block", "hr", "table_open"}
)
_LIST_MARKERS = re.compile(r"^(?:\s*(?:[-*+>]|\d+[.)])(?=\s|$))*")


def _first_unread_line(text: str, tokens: list[Token]) -> tuple[int, str] | None:
    """The first line with content that no block token covers, and that content."""
    covered: set[int] = set()
    for token in tokens:
        if token.type in _LEAVES and token.map:
            covered.update(range(token.map[0], token.map[1]))
    for number, line in enumerate(text.split("\n")):
        content = _LIST_MARKERS.sub("", line).strip()
        if content and number not in covered:
            return number + 1, content
    return None


def _line_of(block: Block) -> int:
    return block.item.line if isinstance(block, Text) else block.line


def _emit_item(record: _OpenItem, emit: Callable[[Text], None]) -> None:
    """Emit a list item once: when its own text is complete, before any nested list."""
    if record.emitted:
        return
    record.emitted = True
    content = "\n".join(p for p in record.parts if p).strip()
    if content:
        bullet = not record.quoted
        emit(Text(Item(content, record.line, bullet, record.depth * bullet, link=record.link)))
