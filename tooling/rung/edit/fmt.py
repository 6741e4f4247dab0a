"""``rung fmt``: the canonical, safe style for a packet's front matter, no value changed.

Three edits:

* a value YAML cannot read as written (a `` #`` that cuts it short, ``': '``
  inside it, a first character such as a backquote, ``@``, ``*`` or ``!``) is
  double-quoted, so it reads as the whole line the author wrote;
* indentation becomes ``rung new``'s (:mod:`rung.edit.indent`);
* a claim, gap or other one-line text longer than :data:`WIDTH` is folded
  (``key: >-`` and the words on indented lines), which reads back as the
  same text.

Everything else — comments, order, the Markdown body — is left as it is.  The
result is parsed again and compared with what the author meant: an edit that
would change a value is not made.  Line endings are the caller's
(``rung fmt`` writes a CRLF file back as CRLF); a carriage return left in the
text means mixed endings, which is a finding.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from rung.edit.indent import reindent
from rung.loaders import yamlfast, yamlslips
from rung.loaders.yamldoc import Lines
from rung.loaders.yamlload import load_yaml, split_front_matter
from rung.problems import Level, Problem

WIDTH = 100
RULE_ENDINGS = "line-endings"
MAX_REPAIRS = 200


@dataclass(frozen=True)
class Formatted:
    text: str  # the whole file, formatted (the input itself when nothing changed)
    repaired: int  # values quoted so they read as written
    folded: int  # long values folded onto lines
    problems: tuple[Problem, ...] = ()  # why the file could not be formatted, if it could not


def format_packet(text: str, path: str) -> Formatted:
    """The packet ``text`` in canonical style; the body after the front matter is untouched."""
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return Formatted(text, 0, 0, (mixed_endings(path, line),))
    front, problems = split_front_matter(text, path)
    if front is None:
        return Formatted(text, 0, 0, tuple(problems))
    head_end = _front_matter_end(text)
    refused = _refused(front.yaml_text, path, front.yaml_first_line)
    if refused:
        return Formatted(text, 0, 0, refused)
    yaml_text, repaired = _repair(front.yaml_text)
    doc, problems = load_yaml(yaml_text, path, front.yaml_first_line)
    if doc is None:
        return Formatted(text, 0, 0, tuple(problems))
    yaml_text = _reindent(yaml_text, doc.data)
    folded_text, folded = _fold(yaml_text, doc.data)
    new = "---\n" + folded_text + text[head_end:]
    return Formatted(new, repaired, folded)


def mixed_endings(path: str, line: int) -> Problem:
    """The finding for a file whose lines do not all end the same way (from ``line``)."""
    return Problem(
        path,
        line,
        0,
        Level.ERROR,
        RULE_ENDINGS,
        "line endings are mixed (a carriage return without a line feed, or CRLF next to LF); "
        "save the file with one kind of line ending and run rung fmt again",
    )


# YAML reads these as line breaks where rung and editors see one line: every
# position fmt computes would be off, so it refuses the file instead of guessing.
_YAML_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


def _refused(yaml_text: str, path: str, first_line: int) -> tuple[Problem, ...]:
    """Why fmt will not touch this front matter: an odd line break, or an anchor or alias
    (the repair's walk would expand an alias bomb; validate refuses them too)."""
    for index, char in enumerate(yaml_text):
        if char in _YAML_BREAKS:
            line = first_line + yaml_text.count("\n", 0, index)
            column = index - yaml_text.rfind("\n", 0, index)
            message = (
                f"character U+{ord(char):04X} ({_YAML_BREAKS[char]}) in the front matter: YAML "
                "reads it as a line break; replace it with a space or a new line"
            )
            return (Problem(path, line, column, Level.ERROR, "yaml", message),)
    if "&" not in yaml_text and "*" not in yaml_text:
        return ()
    try:
        events = list(yaml.parse(yaml_text, Loader=_loader()))
    except yaml.YAMLError:
        return ()  # a syntax slip: the repair below explains or quotes it
    if any(getattr(event, "anchor", None) is not None for event in events):
        _, problems = load_yaml(yaml_text, path, first_line)
        return tuple(problems)
    return ()


def _reindent(yaml_text: str, data: Any) -> str:
    """The text in canonical indentation, when that reads back as exactly ``data``."""
    new = reindent(yaml_text, yaml.compose(yaml_text, Loader=_loader()))
    if new == yaml_text:
        return yaml_text
    after, _ = load_yaml(new, "fmt")
    return new if after is not None and after.data == data else yaml_text


def _front_matter_end(text: str) -> int:
    """Index of the closing delimiter line in ``text`` (split_front_matter found one)."""
    index = 4
    while True:
        end = text.find("\n", index)
        line = text[index : len(text) if end < 0 else end]
        if line.rstrip() in ("---", "..."):
            return index
        index = end + 1


def _repair(yaml_text: str) -> tuple[str, int]:
    """Quote, one at a time, the values YAML would not read as the author wrote them."""
    repaired = 0
    seen: set[tuple[int, int]] = set()
    for _ in range(MAX_REPAIRS):
        slip = _first_slip(yaml_text)
        if slip is None or slip.quote_at is None:
            break
        line, column = slip.quote_at
        rows = yaml_text.split("\n")
        value = rows[line][column:].rstrip()
        if (line, column) in seen:
            break  # quoted once and still a slip: quoting again would never end
        seen.add((line, column))
        rows[line] = rows[line][:column] + json.dumps(value, ensure_ascii=False)
        yaml_text = "\n".join(rows)
        repaired += 1
    return yaml_text, repaired


def _first_slip(yaml_text: str) -> yamlslips.Slip | None:
    lines = Lines(yaml_text)
    try:
        root = yaml.compose(yaml_text, Loader=_loader())
    except yaml.MarkedYAMLError as err:
        return yamlslips.explain(yaml_text, err, lines)
    except yaml.YAMLError:
        return None
    cuts = [*yamlslips.comment_cuts(yaml_text, root, lines), *_tagged(root, lines)]
    return min(cuts, key=lambda s: (s.line, s.column)) if cuts else None


def _tagged(root: Any, lines: Lines) -> list[yamlslips.Slip]:
    """One-line plain values that start with ``!``, which YAML reads as a tag (and rung
    refuses): ``claim: !important fix`` was meant as text.  ``!!`` is YAML on purpose."""
    found: list[yamlslips.Slip] = []
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif node.tag.startswith("!") and not node.tag.startswith("!!"):
            start, end = node.start_mark, node.end_mark
            if node.style in (None, "") and start.line == end.line:
                line = start.line + 1 + lines.offset
                message = f"tags ({node.tag}) are not allowed"
                found.append(
                    yamlslips.Slip(line, start.column + 1, message, (start.line, start.column))
                )
    return found


def _loader() -> Any:
    return yaml.SafeLoader if yamlfast._CParser is None else yamlfast.NodeLoader


def _fold(yaml_text: str, data: Any) -> tuple[str, int]:
    """Fold long one-line text values; keep the text when a fold would change any value."""
    root = yaml.compose(yaml_text, Loader=_loader())
    rows = yaml_text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (line, value column, new lines)
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode) and not node.flow_style:
            for key, value in node.value:
                if isinstance(value, yaml.ScalarNode):
                    folded = _folded(rows, key, value)
                    if folded is not None:
                        edits.append((value.start_mark.line, value.start_mark.column, folded))
                else:
                    stack.append(value)
    if not edits:
        return yaml_text, 0
    for line, column, folded in sorted(edits, reverse=True):
        rows[line : line + 1] = [rows[line][:column] + ">-", *folded]
    new = "\n".join(rows)
    after, _ = load_yaml(new, "fmt")
    if after is None or after.data != data:  # pragma: no cover - a fold is exact by design
        return yaml_text, 0
    return new, len(edits)


def _folded(rows: list[str], key: Any, value: Any) -> list[str] | None:
    """The indented lines of ``value`` folded, or None when it stays as it is."""
    start, end = value.start_mark, value.end_mark
    text = value.value
    if value.style not in (None, "", '"', "'") or start.line != end.line:
        return None
    if len(rows[start.line]) <= WIDTH or rows[start.line][end.column :].strip():
        return None  # short enough, or a comment follows: leave the line alone
    # A no-break space (U+00A0) and its kin are words' letters to YAML's folding: fine.
    printable = all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in text)
    if not text or not printable or text != text.strip() or "  " in text:
        return None  # a fold cannot keep leading, trailing or double spaces
    indent = " " * (key.start_mark.column + 2)
    out: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(indent) + len(current) + 1 + len(word) > WIDTH:
            out.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(indent + current)
    return out if len(out) > 1 else None
