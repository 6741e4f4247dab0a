"""Indentation in ``rung new``'s style, by moving whole lines left or right.

The style: two spaces per mapping level, a list's dashes two spaces in from its
key, one space after a dash, block text (``>-``, ``|``) two spaces in from its
key::

    evidence:
      ic-l5.execution.hld-for-epics:
        - claim: >-
            Wrote the HLD ...
          links: [https://...]

Only leading spaces change (and the gap after a dash).  YAML reads the same
values from such a shift: continuation lines of plain, quoted and flow values
drop their leading spaces, and block text moves as one piece.  A comment moves
with the line after it.  What this module cannot place — a tab, an explicit
block indentation indicator, a ``?`` key — leaves the text as it is; the
caller parses the result and keeps it only when every value is unchanged.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Unplaceable(Exception):
    pass


def reindent(yaml_text: str, root: Any) -> str:
    """``yaml_text`` (whose composed node tree is ``root``) re-indented; the text itself
    when it is already canonical or holds something this module does not move."""
    rows = yaml_text.split("\n")
    if any(row[: len(row) - len(row.lstrip(" \t"))].count("\t") for row in rows):
        return yaml_text
    plan = _Plan(rows)
    try:
        if isinstance(root, yaml.MappingNode | yaml.SequenceNode):
            plan.block(root, 0)
        return plan.apply()
    except _Unplaceable:
        return yaml_text


class _Plan:
    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        self.delta: dict[int, int] = {}  # line -> columns to move it by
        self.dash: dict[int, tuple[int, int]] = {}  # dash line -> (new dash column, item column)

    def block(self, node: Any, canon: int) -> None:
        """Place a block collection whose entries should start at column ``canon``."""
        if node.flow_style:
            return
        actual = node.start_mark.column
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise _Unplaceable
                if self._starts(key):  # not the first key of a list item: the dash moves it
                    self.delta.setdefault(key.start_mark.line, canon - actual)
                self.value(value, canon, canon - actual, key.start_mark.line)
            return
        for item in node.value:
            line = self._dash_line(item, actual)
            self.delta.setdefault(line, canon - actual)
            compact = item.start_mark.line == line and isinstance(item, yaml.CollectionNode)
            if compact and not item.flow_style:  # "- claim: ...": the gap after "-" is one space
                self.dash[line] = (canon, item.start_mark.column)
            self.value(item, canon, canon - actual, line)

    def value(self, node: Any, canon: int, shift: int, owner: int) -> None:
        """Place the value of a key (or list item) at ``canon`` whose line moves by ``shift``."""
        if isinstance(node, yaml.CollectionNode) and not node.flow_style:
            self.block(node, canon + 2)
        elif isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            header = self.rows[node.start_mark.line][node.start_mark.column :]
            if any(ch.isdigit() for ch in header.split("#")[0]):
                raise _Unplaceable  # an explicit indentation indicator fixes the column
            content = [
                i for i in range(node.start_mark.line + 1, _last(node) + 1) if self.rows[i].strip()
            ]
            if content:
                first = self.rows[content[0]]
                move = canon + 2 - (len(first) - len(first.lstrip(" ")))
                for i in content:
                    self.delta.setdefault(i, move)
        else:
            for i in range(owner + 1, _last(node) + 1):
                self.delta.setdefault(i, shift)  # continuation lines move with their key

    def _starts(self, node: Any) -> bool:
        """Whether ``node`` is the first thing on its line."""
        return not self.rows[node.start_mark.line][: node.start_mark.column].strip()

    def _dash_line(self, item: Any, column: int) -> int:
        """The line of the ``-`` that opens ``item`` (on its line or above it)."""
        for line in range(item.start_mark.line, -1, -1):
            row = self.rows[line]
            if row[:column].strip() == "" and row[column : column + 1] == "-":
                return line
        raise _Unplaceable

    def apply(self) -> str:
        out = list(self.rows)
        pending: list[int] = []  # comment lines waiting for the next placed line
        for i, row in enumerate(self.rows):
            stripped = row.lstrip(" ")
            if not stripped:
                continue
            if stripped.startswith("#") and i not in self.delta:
                pending.append(i)
                continue
            move = self.delta.get(i, 0)
            for c in pending:
                out[c] = _moved(self.rows[c], move, clamp=True)
            pending.clear()
            if i in self.dash:
                canon, item_column = self.dash[i]
                out[i] = " " * canon + "- " + row[item_column:]
            else:
                out[i] = _moved(row, move)
        return "\n".join(out)


def _last(node: Any) -> int:
    """The last line holding ``node``: block text ends at the start of the next line."""
    end = node.end_mark
    last: int = end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    return last


def _moved(row: str, move: int, *, clamp: bool = False) -> str:
    indent = len(row) - len(row.lstrip(" "))
    if indent + move < 0:
        if not clamp:
            raise _Unplaceable
        move = -indent
    return " " * (indent + move) + row[indent:]
