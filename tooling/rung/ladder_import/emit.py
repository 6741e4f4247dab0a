"""Ladder YAML text, written by hand so the draft carries review comments.

The writer knows only block mappings, block sequences and scalars.  A string is
written plain when that is unambiguous for rung's loader, as a ``|-`` block when
it is multi-line prose, and double-quoted (with escapes) otherwise, so any text
survives the round trip through :func:`rung.loaders.yamlload.load_yaml` unchanged.
"""

from __future__ import annotations

import re
from typing import Any

Path = tuple[str | int, ...]

# Plain scalars some YAML reader takes for something other than a string: YAML 1.1's
# booleans (``No``, ``on``, ``y``), nulls, merge and value keys, and anything that starts
# like a number or a date in either version (``012``, ``1_000``, ``12:30``, ``.inf``).
_RESERVED = re.compile(
    r"^(~|null|Null|NULL|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
    r"|on|On|ON|off|Off|OFF|=|<<)$"
    r"|^[-+]?(\.?[0-9][0-9A-Za-z_.:+-]*|\.(inf|Inf|INF|nan|NaN|NAN))$"
    r"|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
)
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\x00-\x1f\x7f-\x9f]*$")
# Anything YAML cannot hold raw, or reads as a line break (NEL, LS, PS), or a BOM.
_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _quoted(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif _ESCAPE.match(char):
            code = ord(char)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _comment(text: str) -> str:
    """Comment text on one line, without characters YAML refuses (a title can hold any)."""
    return _ESCAPE.sub("?", text.replace("\n", " ").replace("\t", " "))


def _plain_ok(text: str) -> bool:
    return (
        bool(_PLAIN.match(text))
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _ESCAPE.search(text)
        and not _RESERVED.match(text)
    )


def _block_ok(text: str) -> bool:
    lines = text.split("\n")
    return (
        len(lines) > 1
        and bool(lines[0])
        and not lines[0][0].isspace()
        and all(line == line.rstrip() for line in lines)
        and "\t" not in text
        and not _ESCAPE.search(text)
        and bool(lines[-1])
    )


def scalar(value: str | int | bool) -> str:
    """One-line YAML for ``value`` (block scalars are handled by the caller)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return value if _plain_ok(value) else _quoted(value)


class Writer:
    """Block-style YAML with comments above nodes (``above``) and after scalars (``after``)."""

    def __init__(self, above: dict[Path, list[str]], after: dict[Path, str]) -> None:
        self.above = above
        self.after = after
        self.lines: list[str] = []

    def dump(self, data: dict[str, Any]) -> str:
        self._mapping(data, 0, ())
        return "\n".join(self.lines) + "\n"

    def _comments(self, path: Path, indent: int) -> None:
        for comment in self.above.get(path, []):
            self.lines.append(" " * indent + ("# " + _comment(comment) if comment else "#"))

    def _value(self, head: str, value: Any, indent: int, path: Path) -> None:
        """Write ``head`` (``key:`` or ``-``) followed by ``value``."""
        trail = f"  # {_comment(self.after[path])}" if path in self.after else ""
        if isinstance(value, dict):
            if not value:
                self.lines.append(f"{head} {{}}{trail}")
            else:
                self.lines.append(head + trail)
                self._mapping(value, indent + 2, path)
        elif isinstance(value, list):
            if not value:
                self.lines.append(f"{head} []{trail}")
            else:
                self.lines.append(head + trail)
                self._sequence(value, indent + 2, path)
        elif isinstance(value, str) and _block_ok(value):
            self.lines.append(f"{head} |-{trail}")
            pad = " " * (indent + 2)
            self.lines.extend(pad + line if line else "" for line in value.split("\n"))
        else:
            self.lines.append(f"{head} {scalar(value)}{trail}")

    def _mapping(
        self, data: dict[str, Any], indent: int, path: Path, first_prefix: str | None = None
    ) -> None:
        for index, (key, value) in enumerate(data.items()):
            child = (*path, key)
            if index == 0 and first_prefix is not None:
                head = first_prefix + f"{key}:"
            else:
                self._comments(child, indent)
                head = " " * indent + f"{key}:"
            self._value(head, value, indent, child)

    def _sequence(self, items: list[Any], indent: int, path: Path) -> None:
        for index, value in enumerate(items):
            child = (*path, index)
            self._comments(child, indent)
            if isinstance(value, dict) and value:
                self._mapping(value, indent + 2, child, first_prefix=" " * indent + "- ")
            else:
                self._value(" " * indent + "-", value, indent, child)
