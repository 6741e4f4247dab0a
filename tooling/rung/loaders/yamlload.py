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
the YAML text starts (the front-matter offset).  The data model is in
:mod:`rung.loaders.yamldoc`; most files take the C-composed fast path in
:mod:`rung.loaders.yamlfast`, and the rest the event walk here.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from rung.classes import dataclass
from rung.loaders import yamlfast, yamlslips
from rung.loaders.yamldoc import (
    MAX_DEPTH,
    Document,
    Lines,
    Position,
    StructureError,
    YamlPath,
    line_column,
    plain_scalar,
)
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Document",
    "FrontMatter",
    "Lines",
    "Position",
    "YamlPath",
    "line_column",
    "load_yaml",
    "split_front_matter",
]

RULE = "yaml"

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document; return it, or None and exactly one ``yaml`` finding."""
    offset = first_line - 1
    lines = Lines(text, offset)
    try:
        doc, root = _compose(text, lines)
    except StructureError as err:
        message = err.message
        if message.startswith(("aliases", "anchors", "tags")):
            message += _indicator_hint(text, err.line - offset, err.column)
        return None, [Problem(path, err.line, err.column, Level.ERROR, RULE, message)]
    except yaml.MarkedYAMLError as err:
        slip = yamlslips.explain(text, err, lines)
        if slip is not None:
            return None, [Problem(path, slip.line, slip.column, Level.ERROR, RULE, slip.message)]
        mark = err.problem_mark or err.context_mark
        line, column = lines(mark) if mark else (first_line, 1)
        message = f"YAML syntax: {err.problem}"
        if err.context and err.context_mark:
            message += f" ({err.context} that starts on line {lines(err.context_mark)[0]})"
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
    # The text parsed; now the values it does not hold as the author wrote them.
    slips = yamlslips.comment_cuts(text, root, lines)
    dash = yamlslips.missing_dash_space(text, lines) if "-" in text else None
    if dash is not None:
        slips.append(dash)
    if slips:
        return None, [Problem(path, s.line, s.column, Level.ERROR, RULE, s.message) for s in slips]
    doc.plain_text = plain_text(text)
    return doc, []


# Every byte but the ASCII controls other than tab and newline: deleting them
# leaves the controls (one pass in C; isascii is a flag CPython keeps).
_NOT_CONTROL = bytes(sorted(set(range(256)) - {*range(0x09), *range(0x0B, 0x20), 0x7F}))


def plain_text(text: str) -> bool:
    """Whether ``text`` is ASCII with no control character but tab and newline and no
    backslash: no YAML value made from it can hold a control character."""
    return (
        text.isascii()
        and "\\" not in text
        and not text.encode("ascii").translate(None, _NOT_CONTROL)
    )


def _compose(text: str, lines: Lines) -> tuple[Document, Any]:
    """The document, and the composed node tree when there is one to look at again."""
    if yamlfast.fast_path_is_safe(text):
        try:
            root = yaml.compose(text, Loader=yamlfast.NodeLoader)
            return yamlfast.build_from_nodes(root, lines), root
        except (StructureError, yaml.YAMLError):
            pass  # the event walk below finds the first problem in document order
    doc = _event_walk(text, lines)
    # The walk refused anchors, aliases, tags and deep nesting, so composing is safe.
    if "#" not in text:
        return doc, None
    loader = yaml.SafeLoader if yamlfast._CParser is None else yamlfast.NodeLoader
    return doc, yaml.compose(text, Loader=loader)


def _indicator_hint(text: str, line: int, column: int) -> str:
    """For a value that starts with '*', '&' or '!' by accident: how to keep it as text."""
    rows = text.split("\n")
    if not 0 < line <= len(rows):
        return ""
    row = rows[line - 1]
    key, start, value = yamlslips.key_and_value(row)
    if start != column - 1 or not value:
        return ""
    after = value.split(maxsplit=1)[1:]
    if value[0] in "&!" and (not after or after[0][:1] in "[{"):
        return ""  # an anchor or tag on a collection was meant as one
    return f"; if it is text, quote it: {yamlslips.quoted_fix(key, value.rstrip())}"


def _event_walk(text: str, lines: Lines) -> Document:
    try:
        return _build(yaml.parse(text, Loader=_Loader), lines)
    except yaml.MarkedYAMLError as err:
        if _Loader is yaml.SafeLoader or "nesting depth" not in str(err.problem):
            raise
        # Newer libyaml refuses deep nesting in its scanner, in its own words, before
        # the walk reaches rung's bound.  PyYAML's pure-Python parser has no such limit
        # and no recursion, so the author sees rung's finding at the level where the
        # nesting became too deep, whichever libyaml the machine has.
        return _build(yaml.parse(text, Loader=yaml.SafeLoader), lines)


def _scalar(event: Any) -> Any:
    if not event.implicit[0]:  # quoted (or tagged, which is refused before we get here)
        return event.value
    return plain_scalar(event.value)


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
                raise StructureError(*pos(event), "a mapping key must be a plain value")
            name = value
            if name == "<<" and event.implicit[0]:
                raise StructureError(
                    *pos(event), "merge keys (<<) are not allowed; write the keys out"
                )
            seen: dict[str, Position] = frame[3]
            if name in seen:
                first = seen[name][0]
                raise StructureError(
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
            raise StructureError(
                *pos(event), f"aliases (*{event.anchor}) are not allowed; repeat the value"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise StructureError(
                *pos(event), f"anchors (&{anchor}) are not allowed; repeat the value"
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise StructureError(*pos(event), f"tags ({tag}) are not allowed; write a plain value")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise StructureError(*pos(event), "more than one YAML document; keep one")
        elif isinstance(event, yaml.ScalarEvent):
            is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None
            # Keys keep their text as written: `no:` or `012:` name a key, they are no value.
            attach(event.value if is_key else _scalar(event), event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise StructureError(*pos(event), f"nesting deeper than {MAX_DEPTH} levels")
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            child = attach(container, event)
            if child is None:
                raise StructureError(*pos(event), "a mapping key must be a plain value")
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
    fast = _split_fast(text)
    if fast is not None:
        return fast, []
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


def _split_fast(text: str) -> FrontMatter | None:
    """What the line-by-line split gives when the front matter is closed by a line
    that is exactly ``---`` (most packets), found with ``str.find``; else None."""
    first = text.find("\n")
    if first < 0 or text[:first].rstrip() != "---":
        return None
    close = text.find("\n---\n", first - 1)
    if close < 0:
        return None
    # A line before it that also closes (``...`` or ``---`` with trailing blanks)?
    between = text[first:close]
    if "\n..." in between or "\n---" in between:
        return None
    return FrontMatter(
        yaml_text=text[first + 1 : close + 1] if close >= first + 1 else "\n",
        yaml_first_line=2,
        body=text[close + 5 :],
        body_first_line=text.count("\n", 0, close + 1) + 2,
    )
