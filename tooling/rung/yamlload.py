"""Strict YAML loading that keeps the position of every key and value.

PyYAML's ``safe_load`` keeps the last of duplicate keys, reads ``no`` as false,
``2024-07-01`` as a date and ``012`` as octal, and expands aliases lazily (the
"billion laughs" bomb).  rung instead builds the data itself from what libyaml parsed:

* anchors, aliases, explicit tags and merge keys are findings, never expanded;
* a duplicate key is a finding at the second occurrence;
* a plain scalar becomes ``None`` (empty, ``~``, ``null``), a bool (``true`` /
  ``false`` only), an int (decimal without a leading zero) or else a string,
  so ``no``, ``2024-07`` and ``012`` keep the text the author wrote and the
  JSON Schema reports a type mismatch instead of a silent change of meaning;
* quoted scalars are always strings.

Positions are 1-based and absolute in the file: callers pass the line on which
the YAML text starts (the front-matter offset).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from rung.problems import Level, Problem

RULE = "yaml"
MAX_DEPTH = 64

PathKey = str | int
YamlPath = tuple[PathKey, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_INT_START = frozenset("-0123456789")

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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

    def __init__(  # noqa: PLR0917 - two construction styles share one class
        self,
        data: Any,
        values: dict[YamlPath, Position] | None = None,
        keys: dict[YamlPath, Position] | None = None,
        root: Any = None,
        index: dict[int, dict[str, tuple[Any, Any]]] | None = None,
        lines: Lines | None = None,
    ) -> None:
        self.data = data
        self._values = values
        self._keys = keys
        self._root = root
        self._index = index or {}
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
                pair = self._index.get(id(node), {}).get(part) if isinstance(part, str) else None
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

    def _fill_tables(self) -> None:
        values: dict[YamlPath, Position] = {}
        keys: dict[YamlPath, Position] = {}
        stack: list[tuple[YamlPath, Any]] = [((), self._root)]
        while stack:
            path, node = stack.pop()
            values[path] = self._mark(node)
            if isinstance(node, yaml.MappingNode):
                for name, (key_node, child) in self._index.get(id(node), {}).items():
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


class _Invalid(Exception):
    """Internal: stops the walk at the first structural problem."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document; return it, or None and exactly one ``yaml`` finding."""
    offset = first_line - 1
    lines = Lines(text, offset)
    try:
        if _fast_path_is_safe(text):
            try:
                root = yaml.compose(text, Loader=_NodeLoader)
                return _build_from_nodes(root, lines), []
            except (_Invalid, yaml.YAMLError):
                pass  # the event walk below finds the first problem in document order
        return _build(yaml.parse(text, Loader=_Loader), lines), []
    except _Invalid as err:
        return None, [Problem(path, err.line, err.column, Level.ERROR, RULE, err.message)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = lines(mark) if mark else (first_line, 1)
        message = f"YAML syntax: {err.problem}"
        if err.context and err.context_mark:
            message += f" ({err.context} that starts on line {lines(err.context_mark)[0]})"
        if "cannot start any token" in str(err.problem) and _char_at(text, mark) == "\t":
            message = "YAML syntax: a tab character; indent with spaces"
        return None, [Problem(path, line, column, Level.ERROR, RULE, message)]
    except yaml.reader.ReaderError as err:
        line, column = line_column(text, err.position)
        return None, [
            Problem(
                path,
                line + offset,
                column,
                Level.ERROR,
                RULE,
                f"character U+{err.character:04X} is not allowed in YAML ({err.reason}); remove it",
            )
        ]
    except yaml.YAMLError as err:  # pragma: no cover - libyaml raises the two kinds above
        return None, [Problem(path, first_line, 1, Level.ERROR, RULE, f"YAML: {err}")]


# --- fast path -------------------------------------------------------------------------
#
# libyaml composes a node tree in C about five times faster than Python can walk
# its event stream, but the tree hides anchors (and scalar aliases) and libyaml
# composes recursively, so a deeply nested document could exhaust the C stack.
# The fast path is therefore taken only for text that cannot contain an anchor,
# alias or tag (no '&', '*' or '!' at the start of a token) and cannot nest
# deeply; anything else, and any document the fast walk finds a problem in, goes
# through the event walk, which reports the first problem in document order.

_TOKEN_START_MARKER = re.compile(r"(?:^|[\s\[\]{},])[&*!]")
_DEEP_INDENT = "\n" + " " * 128
_MAX_OPENERS = 4096  # libyaml's recursive composer overflows the C stack near 40,000

_CParser: Any
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


def _fast_path_is_safe(text: str) -> bool:
    # Substring tests run in C; the regex only runs when a marker character exists.
    # Nesting is bounded by the indentation plus the indicators that can open a
    # collection on one line ('[', '{', '-', '?'), so few of them means shallow.
    openers = text.count("[") + text.count("{") + text.count("-") + text.count("?")
    if _CParser is None or openers >= _MAX_OPENERS:
        return False
    if _DEEP_INDENT in text or text.startswith(_DEEP_INDENT[1:]):
        return False
    if "&" in text or "*" in text or "!" in text:
        return _TOKEN_START_MARKER.search(text) is None
    return True


if _CParser is not None:

    class _NodeLoader(_CParser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):  # type: ignore[misc]
        """libyaml's C composer with no implicit resolvers: untagged scalars are all
        ``str``, so any other tag on a node was written out by the author."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

        # The composer calls these two hooks around every node; rung uses no path
        # resolvers, so builtins that accept the same arguments and do nothing
        # stand in for Python methods (a tenth of the fast path's time).
        descend_resolver = slice  # type: ignore[assignment]
        ascend_resolver = tuple  # type: ignore[assignment]

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:  # noqa: ARG002
            # Called by the C composer once per node: the cheapest possible answer.
            return _DEFAULT_TAG[kind]


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_DEFAULT_TAG = {yaml.ScalarNode: _STR, yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}


def _build_from_nodes(root: Any, lines: Lines) -> Document:
    """Data and a per-mapping index from a composed tree; any oddity raises ``_Invalid``.

    Hot loop: scalars (most nodes) are converted inline rather than through a call.
    """
    index: dict[int, dict[str, tuple[Any, Any]]] = {}
    seen_collections: set[int] = set()
    scalar_node = yaml.ScalarNode

    def collection(node: Any, depth: int) -> Any:
        if node.__class__ is scalar_node or depth > MAX_DEPTH or id(node) in seen_collections:
            raise _Invalid(0, 0, "scalar tag, depth or alias")
        seen_collections.add(id(node))
        if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return []
        if node.tag == _MAP and isinstance(node, yaml.MappingNode):
            return {}
        raise _Invalid(0, 0, "tag")

    def scalar(node: Any) -> Any:
        if node.tag != _STR:
            raise _Invalid(0, 0, "tag")
        return node.value if node.style else _plain_scalar(node.value)

    if root is None:
        return Document(None, values={}, keys={})
    data = scalar(root) if root.__class__ is scalar_node else collection(root, 1)
    stack: list[tuple[Any, Any, int]] = (
        [(root, data, 1)] if root.__class__ is not scalar_node else []
    )
    while stack:
        node, target, depth = stack.pop()
        if target.__class__ is list:
            for child in node.value:
                if child.__class__ is scalar_node:
                    target.append(scalar(child))
                else:
                    value = collection(child, depth + 1)
                    target.append(value)
                    stack.append((child, value, depth + 1))
            continue
        pairs: dict[str, tuple[Any, Any]] = {}
        index[id(node)] = pairs
        for key_node, child in node.value:
            if key_node.__class__ is not scalar_node or key_node.tag != _STR:
                raise _Invalid(0, 0, "key")
            name = key_node.value
            if name in pairs or (name == "<<" and not key_node.style):
                raise _Invalid(0, 0, "duplicate or merge key")
            pairs[name] = (key_node, child)
            if child.__class__ is scalar_node:
                target[name] = scalar(child)
            else:
                value = collection(child, depth + 1)
                target[name] = value
                stack.append((child, value, depth + 1))
    return Document(data, root=root, index=index, lines=lines)


def _plain_scalar(value: str) -> Any:
    if len(value) > 5:  # too long for a null or bool: only an int needs a look
        # Past 18 digits a number is no count rung asks for; keeping it as text
        # also keeps Python's int() digit limit out of reach.
        if len(value) <= 18 and value[0] in _INT_START and _INT.match(value):
            return int(value)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        return int(value)
    return value


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return str(lines[mark.line][mark.column])


def line_column(text: str, index: int) -> Position:
    """1-based line and column of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _scalar(event: Any) -> Any:
    if not event.implicit[0]:  # quoted (or tagged, which is refused before we get here)
        return event.value
    return _plain_scalar(event.value)


def _build(events: Iterator[Any], lines: Lines) -> Document:
    doc = Document(None, values={}, keys={})
    # Each frame: [container, path, pending_key, seen_keys].  An explicit stack,
    # not recursion, so 10,000 levels of nesting cannot blow the interpreter stack.
    stack: list[list[Any]] = []
    documents = 0

    def pos(event: Any) -> Position:
        return lines(event.start_mark)

    def attach(value: Any, event: Any) -> YamlPath | None:
        if not stack:
            doc.data = value
            doc.values[()] = pos(event)
            return ()
        frame = stack[-1]
        container, parent = frame[0], frame[1]
        if isinstance(container, list):
            child = (*parent, len(container))
            container.append(value)
            doc.values[child] = pos(event)
            return child
        key = frame[2]
        if key is None:  # this node is a key
            if not isinstance(value, str):
                raise _Invalid(*pos(event), "a mapping key must be a plain value")
            name = value
            if name == "<<" and event.implicit[0]:
                raise _Invalid(*pos(event), "merge keys (<<) are not allowed; write the keys out")
            seen: dict[str, Position] = frame[3]
            if name in seen:
                first = seen[name][0]
                raise _Invalid(
                    *pos(event), f"duplicate key '{name}' (first defined on line {first})"
                )
            seen[name] = pos(event)
            frame[2] = name
            doc.keys[(*parent, name)] = pos(event)
            return None
        child = (*parent, key)
        container[key] = value
        doc.values[child] = pos(event)
        frame[2] = None
        return child

    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise _Invalid(
                *pos(event), f"aliases (*{event.anchor}) are not allowed; repeat the value"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Invalid(*pos(event), f"anchors (&{anchor}) are not allowed; repeat the value")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _Invalid(*pos(event), f"tags ({tag}) are not allowed; write a plain value")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Invalid(*pos(event), "more than one YAML document; keep one")
        elif isinstance(event, yaml.ScalarEvent):
            is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None
            # Keys keep their text as written: `no:` or `012:` name a key, they are no value.
            attach(event.value if is_key else _scalar(event), event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _Invalid(*pos(event), f"nesting deeper than {MAX_DEPTH} levels")
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            child = attach(container, event)
            if child is None:
                raise _Invalid(*pos(event), "a mapping key must be a plain value")
            stack.append([container, child, None, {}])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
    return doc


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split into its YAML front matter and its body."""

    yaml_text: str
    yaml_first_line: int
    body: str
    body_first_line: int


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split ``---`` delimited front matter from the Markdown body, keeping line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [
            Problem(
                path,
                1,
                1,
                Level.ERROR,
                RULE,
                "the file must start with '---' and YAML front matter",
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return FrontMatter(
                yaml_text="\n".join(lines[1:index]) + "\n",
                yaml_first_line=2,
                body="\n".join(lines[index + 1 :]),
                body_first_line=index + 2,
            ), []
    return None, [
        Problem(
            path,
            1,
            1,
            Level.ERROR,
            RULE,
            "the front matter opened on line 1 is never closed; add a line '---' after it",
        )
    ]
