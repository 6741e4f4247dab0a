"""YAML data with the position of every key and value: the model both loaders fill.

Positions are 1-based and absolute in the file.
"""

from __future__ import annotations

import bisect
import re

import yaml

from rung.patterns import lazy

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 64

PathKey = str | int
YamlPath = tuple[PathKey, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = lazy(r"-?(?:0|[1-9][0-9]*)\Z")
_INT_START = frozenset("-0123456789")
MAX_INT_DIGITS = 18  # a longer plain scalar is always text (plain_scalar)


class Lines:
    """Turns libyaml marks into 1-based (line, column) positions in the file.

    libyaml also breaks lines at U+0085, U+2028 and U+2029, which editors and
    rung's other positions do not: text holding one is counted from the mark's
    character index instead.  ``offset`` is the number of file lines before the
    YAML text (the front-matter offset).
    """

    def __init__(self, text: str, offset: int = 0) -> None:
        self.offset = offset
        self.starts: list[int] | None = None
        if "\x85" in text or "\u2028" in text or "\u2029" in text:
            self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, mark: Any) -> Position:
        if self.starts is None:
            return mark.line + 1 + self.offset, mark.column + 1
        line = bisect.bisect_right(self.starts, mark.index) - 1
        return line + 1 + self.offset, mark.index - self.starts[line] + 1


class Document:
    """Plain data (dict / list / str / int / bool / None) plus where each part came from.

    Positions come from one of two sources: tables filled while walking the
    event stream, or the composed node tree, indexed per mapping while the data
    was built.  Both give the same answers; the node tree is the fast path.
    """

    # True when the text holds only ASCII, no control character and no backslash:
    # every value is then made of the text's own characters (and the blanks line
    # folding adds), so none holds a control character (set by load_yaml).
    plain_text = False

    def __init__(
        self,
        data: Any,
        values: dict[YamlPath, Position] | None = None,
        keys: dict[YamlPath, Position] | None = None,
        root: Any = None,
        lines: Lines | None = None,
    ) -> None:
        self.data = data
        self._values = values
        self._keys = keys
        self._root = root
        # Per mapping node of the tree, its keys' (key node, value node), made when
        # a position below it is first asked for: most packets never ask.
        self._index: dict[int, dict[str, tuple[Any, Any]]] = {}
        self._lines = lines or Lines("")

    @property
    def values(self) -> dict[YamlPath, Position]:
        """Position of every value by path (computed on first use for the node tree)."""
        if self._values is None:
            self._fill_tables()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[YamlPath, Position]:
        """Position of every mapping key by the path of its value."""
        if self._keys is None:
            self._fill_tables()
        assert self._keys is not None
        return self._keys

    def value_at(self, path: YamlPath) -> Position:
        """Position of the value at ``path``, or of its nearest located ancestor."""
        if self._values is None and self._root is not None:
            return self._mark(self._walk(path)[1])
        return _nearest(self.values, path)

    def key_at(self, path: YamlPath) -> Position:
        """Position of the mapping key naming ``path`` (the value's position for list items)."""
        if self._keys is None and self._root is not None:
            key_node, node, complete = self._walk(path)
            return self._mark(key_node if complete and key_node is not None else node)
        if path in self.keys:
            return self.keys[path]
        return _nearest(self.values, path)

    def _mark(self, node: Any) -> Position:
        return self._lines(node.start_mark)

    def _walk(self, path: YamlPath) -> tuple[Any, Any, bool]:
        """(key node, value node, whether the whole path was found) along ``path``."""
        node, key_node = self._root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                pair = self._pairs(node).get(part) if isinstance(part, str) else None
                if pair is None:
                    return key_node, node, False
                key_node, node = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return key_node, node, False
                key_node, node = None, node.value[part]
            else:
                return key_node, node, False
        return key_node, node, True

    def _pairs(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """A mapping node's keys by name (the build refused duplicates and other keys
        than strings, so each name is one key node)."""
        pairs = self._index.get(id(node))
        if pairs is None:
            pairs = self._index[id(node)] = {k.value: (k, v) for k, v in node.value}
        return pairs

    def _fill_tables(self) -> None:
        values: dict[YamlPath, Position] = {}
        keys: dict[YamlPath, Position] = {}
        stack: list[tuple[YamlPath, Any]] = [((), self._root)]
        while stack:
            path, node = stack.pop()
            values[path] = self._mark(node)
            if isinstance(node, yaml.MappingNode):
                for name, (key_node, child) in self._pairs(node).items():
                    keys[(*path, name)] = self._mark(key_node)
                    stack.append(((*path, name), child))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(((*path, i), child) for i, child in enumerate(node.value))
        self._values, self._keys = values, keys


def _nearest(table: dict[YamlPath, Position], path: YamlPath) -> Position:
    while path:
        if path in table:
            return table[path]
        path = path[:-1]
    return table.get((), (1, 1))


class StructureError(Exception):
    """Stops a walk at the first structural problem (a loader turns it into a finding)."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def plain_scalar(value: str) -> Any:
    if len(value) > 5:  # too long for a null or bool: only an int needs a look
        # Past 18 digits a number is no count rung asks for; keeping it as text
        # also keeps Python's int() digit limit out of reach.
        if len(value) <= MAX_INT_DIGITS and value[0] in _INT_START and _INT.match(value):
            return int(value)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        return int(value)
    return value


def line_column(text: str, index: int) -> Position:
    """1-based line and column of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column
