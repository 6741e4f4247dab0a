"""The document tree's nodes: what every input (Markdown, HTML, a template) becomes.

Layouts read only these, never the syntax they came from: ``## L3`` and
``<h2>L3</h2>`` are the same :class:`Heading`, ``- x`` and ``<li>x</li>`` the same
bullet :class:`Text`, a pipe table and a ``<table>`` the same :class:`Table`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rung.ladder_import.model import Item


@dataclass(frozen=True)
class Heading:
    depth: int
    text: str
    line: int
    abbr: str = ""  # the title of an <abbr> in the heading: "M3" may say "Engineering Manager"


@dataclass(frozen=True)
class Text:
    """A paragraph, or a list item when ``item.bullet``."""

    item: Item


@dataclass(frozen=True)
class Other:
    """Content no layout uses (code, images, stray HTML): reported when it sits in a level."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True, eq=False)  # identity matters: a spanned cell fills several grid slots
class Cell:
    items: tuple[Item, ...]
    line: int
    header: bool = False
    colspan: int = 1
    rowspan: int = 1  # 0: to the end of the table, as HTML says
    link: bool = False  # the cell holds a link (a table of links is navigation)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    line: int
    header_rows: int  # rows that label columns (a Markdown head, or an HTML row of <th>)

    @property
    def navigation(self) -> bool:
        """A table of links, each row a link and a few words ("[L3](#l3) | Senior"): a
        reader's way to the sections, not levels or criteria of its own."""
        body = self.rows[self.header_rows :]
        return bool(body) and all(
            any(c.link for c in row) and all(len(c.items) <= 1 for c in row) for row in body
        )


@dataclass(frozen=True)
class Html:
    """HTML that shows something but holds no text a layout reads (an image, a component)."""

    text: str
    line: int


Block = Heading | Text | Table | Html | Other
