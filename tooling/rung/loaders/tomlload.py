"""TOML (``rung.toml``) with the position of every key and value.

``tomllib`` parses, and is the only judge of whether the file is TOML; it gives no
positions except in the message of a syntax error ("at line 3, column 9"), which
becomes the finding's position.  For a file it accepts, positions come from reading
the lines again, the simplest honest way for a file this small and flat: a
``[table]`` header sets the table, and a line ``key = value`` (bare or quoted keys,
dotted keys too) names ``table.key`` at the key's column, its value at the first
character after ``=``.  A key inside an inline table (``rules = { reuse = "off" }``)
or a value spanning lines has no line of its own: it is placed at the nearest
enclosing key that has one, and line 1 when none has.  Lines inside a multi-line
string are skipped, so text there is never taken for a key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from rung.problems import Level, Problem

TomlPath = tuple[str, ...]
Position = tuple[int, int]  # 1-based line and column

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)$")
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?$")
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"(\s*)({_DOTTED})\s*=\s*")
_PART = re.compile(_KEY)


@dataclass
class TomlDocument:
    data: dict[str, Any]
    keys: dict[TomlPath, Position] = field(default_factory=dict)
    values: dict[TomlPath, Position] = field(default_factory=dict)

    def key_at(self, path: TomlPath) -> Position:
        return self._nearest(path, self.keys)

    def value_at(self, path: TomlPath) -> Position:
        return self._nearest(path, self.values)

    def _nearest(self, path: TomlPath, table: dict[TomlPath, Position]) -> Position:
        for end in range(len(path), 0, -1):
            if path[:end] in table:
                return table[path[:end]]
        return (1, 1)


def _parts(dotted: str) -> TomlPath:
    names = []
    for match in _PART.finditer(dotted):
        word = match.group()
        if word[0] == '"':
            names.append(word[1:-1].encode("utf-8").decode("unicode_escape"))
        elif word[0] == "'":
            names.append(word[1:-1])
        else:
            names.append(word)
    return tuple(names)


def _positions(text: str, doc: TomlDocument) -> None:
    table: TomlPath = ()
    in_string: str | None = None  # the closing delimiter of a multi-line string
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line) or _ARRAY_HEADER.match(line)
        if header is not None:
            table = _parts(header.group(1))
            doc.keys.setdefault(table, (number, line.index(header.group(1)[0]) + 1))
            doc.values.setdefault(table, doc.keys[table])
            continue
        assign = _ASSIGN.match(line)
        if assign is None:
            continue
        path = (*table, *_parts(assign.group(2)))
        # A dotted key (a.b = 1) defines its tables a, a.b on this line too.
        for end in range(len(table) + 1, len(path) + 1):
            doc.keys.setdefault(path[:end], (number, len(assign.group(1)) + 1))
            doc.values.setdefault(path[:end], (number, assign.end() + 1))
        rest = line[assign.end() :]
        for delimiter in ('"""', "'''"):
            if rest.startswith(delimiter) and rest.count(delimiter) == 1:
                in_string = delimiter


def load_toml(text: str, path: str, rule: str) -> tuple[TomlDocument | None, list[Problem]]:
    """The parsed file with its positions, or None and the syntax error as a finding."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = _WHERE.search(message)
        if where is not None:
            line, column = int(where.group(1)), int(where.group(2))
            message = message[: where.start()].rstrip()
        else:  # "at end of document"
            lines = text.splitlines() or [""]  # the end: after the last line's last character
            line, column = len(lines), len(lines[-1]) + 1
            message = re.sub(r"\s*\(at end of document\)$", " at the end of the file", message)
        return None, [Problem(path, line, column, Level.ERROR, rule, f"not TOML: {message}")]
    doc = TomlDocument(data)
    _positions(text, doc)
    return doc, []
