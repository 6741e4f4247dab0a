"""The common slips of hand-written YAML, found and explained in the author's words.

Two kinds:

* :func:`comment_cuts` finds values that parse, but not as written: in YAML
  `` #`` starts a comment, so ``claim: See PR #812 for it`` is the claim
  "See PR".  The loader turns each such cut into an error with the fix.
* :func:`explain` turns libyaml's syntax errors ("mapping values are not
  allowed in this context") into a message that names the slip, points at the
  line where it really is and says how to fix it; the parser's own words
  follow as a second sentence.

Both read only the text and the parser's marks: no dependency beyond PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import yaml

from rung.classes import dataclass
from rung.loaders.yamldoc import Lines, Position
from rung.patterns import lazy

_SAME_LINE_COMMENT = lazy(r"[ \t]+#")
_NEXT_LINE_COMMENT = lazy(r"[ \t]*\n([ \t]*)#")
# A deliberate comment has a space after '#' and either two spaces before it
# (`value  # note`, the yamllint style rung new writes) or a one-word value
# before it (`uses: actions/checkout@<sha> # v4.2.2`): prose cut short has neither.
_TWO_SPACES_BEFORE = lazy(r"[ \t]{2,}#(?:[ \t]|$)", re.MULTILINE)
_ONE_SPACE_BEFORE = lazy(r"[ \t]#(?:[ \t]|$)", re.MULTILINE)
_KEY_LINE = lazy(r"([ \t]*)(?:- +)*([^\s#'\"][^:#]*?):(?:[ \t]|$)")
_MISSING_SPACE_AFTER_COLON = lazy(r"(?:^|- )\s*([A-Za-z_][\w.-]*):([^\s/:]\S*)")
_MISSING_SPACE_AFTER_DASH = lazy(r"^([ \t]*)-([A-Za-z_\"'][^\n]*?):(?:[ \t]|$)", re.M)
# Where that slip can start after the first line: its first literal character lets
# the regex engine skip ahead, where the pattern above is tried at every position.
_DASH_LINE_START = lazy(r"\n[ \t]*-[A-Za-z_\"']")
_SHOWN = 60

_INDICATORS = {
    "`": "a backquote",
    "@": "'@'",
    "%": "'%'",
    "*": "'*' (YAML reads it as an alias)",
    "&": "'&' (YAML reads it as an anchor)",
    "!": "'!' (YAML reads it as a tag)",
    "|": "'|' (YAML reads it as the start of a block of text)",
    ">": "'>' (YAML reads it as the start of a block of text)",
    '"': "a quote",
    "'": "a quote",
}


@dataclass(frozen=True)
class Slip:
    line: int
    column: int
    message: str
    # When quoting fixes it (``rung fmt``): the 0-based line in the YAML text and
    # the column where the value starts; the value runs to the end of that line.
    quote_at: tuple[int, int] | None = None


def shorten(text: str, limit: int = _SHOWN) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def quoted_fix(key: str | None, value: str) -> str:
    """``key: "value"`` as a double-quoted YAML scalar (a JSON string is one)."""
    import json

    shown = json.dumps(shorten(value), ensure_ascii=False)
    return f"{key}: {shown}" if key else f"- {shown}"


# --- values a comment cuts short ------------------------------------------------------


def comment_cuts(text: str, root: yaml.Node | None, lines: Lines) -> list[Slip]:
    """Every plain value followed by a comment that reads like the rest of the value."""
    if root is None or not has_comment(text):
        return []
    found: list[Slip] = []
    for node, key, parent_column in _plain_scalars(root):
        end = node.end_mark.index
        same = _SAME_LINE_COMMENT.match(text, end)
        if same is not None:
            if _TWO_SPACES_BEFORE.match(text, end) or (
                _ONE_SPACE_BEFORE.match(text, end) and " " not in node.value.strip()
            ):
                continue
            hash_index = same.end() - 1
        else:
            nxt = _NEXT_LINE_COMMENT.match(text, end)
            # A comment line indented under the value would have been more of the
            # value, had it not started with '#'.
            if nxt is None or parent_column < 0 or len(nxt.group(1)) <= parent_column:
                continue
            hash_index = nxt.end() - 1
        line_end = text.find("\n", hash_index)
        rest = text[hash_index : len(text) if line_end < 0 else line_end].rstrip()
        meant = f"{node.value} {rest}" if node.value else rest
        line, column = _position(text, hash_index, lines)
        name = f"'{key}'" if key else "this list item"
        start = node.start_mark
        fixable = start.line == node.end_mark.line and same is not None and node.value
        found.append(
            Slip(
                line,
                column,
                f'the value of {name} is cut short: in YAML " #" starts a comment, so it reads '
                + (f'"{shorten(node.value, 40)}"' if node.value else "as empty")
                + f' and drops "{shorten(rest, 40)}"; quote the value: '
                f"{quoted_fix(key, meant)} (or write {key or '-'}: >- and the text on the "
                "next lines, indented; 'rung fmt' does it)",
                (start.line, start.column) if fixable else None,
            )
        )
    return found


def has_comment(text: str) -> bool:
    """Whether a `#` that YAML reads as a comment is in ``text``: at the start of a
    line or after a space or tab.

    Each `#` is found with ``str.find`` and only the character before it is looked
    at: a regex for it has no fixed first character and is tried at every
    position, about 0.35 ms on a long packet's front matter, a fifth of its parse.
    """
    at = text.find("#")
    while at >= 0:
        if at == 0 or text[at - 1] in " \t\n":
            return True
        at = text.find("#", at + 1)
    return False


def _position(text: str, index: int, lines: Lines) -> Position:
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return line + 1 + lines.offset, column + 1


def _plain_scalars(root: yaml.Node) -> Iterator[tuple[yaml.Node, str | None, int]]:
    """(plain scalar node, its key or None, the column its continuation must pass)."""
    stack: list[tuple[yaml.Node, str | None, int]] = [(root, None, -1)]
    while stack:
        node, key, parent_column = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if not node.style:
                yield node, key, parent_column
        elif isinstance(node, yaml.MappingNode):
            flow = bool(node.flow_style)
            for key_node, child in node.value:
                column = -1 if flow else key_node.start_mark.column
                stack.append((child, str(key_node.value), column))
        elif isinstance(node, yaml.SequenceNode):
            column = -1 if node.flow_style else node.start_mark.column
            stack.extend((child, None, column) for child in node.value)


def missing_dash_space(text: str, lines: Lines) -> Slip | None:
    """``-claim: x`` reads as a key named "-claim", not as a list item."""
    match = _MISSING_SPACE_AFTER_DASH.match(text)
    if match is None:
        # Only a line start can begin the slip: try the pattern at the lines that
        # can (``match`` at a position after a newline lets ``^`` match there).
        for start in _DASH_LINE_START.finditer(text):
            match = _MISSING_SPACE_AFTER_DASH.match(text, start.start() + 1)
            if match is not None:
                break
        else:
            return None
    line, column = _position(text, match.start() + len(match.group(1)), lines)
    return Slip(
        line,
        column,
        f"no space after '-': YAML reads '-{match.group(2)}' as a key, not as a list item; "
        f"write '- {match.group(2)}:'",
    )


# --- syntax errors ---------------------------------------------------------------------


def explain(text: str, err: yaml.MarkedYAMLError, lines: Lines) -> Slip | None:
    """The slip behind a libyaml syntax error, or None when it is none of the common ones."""
    mark = err.problem_mark
    if mark is None:
        return None
    rows = text.split("\n")
    if mark.line >= len(rows):
        return None
    row = rows[mark.line]
    problem = str(err.problem)
    parser = f"The parser said: {problem}."

    def at(line_index: int, column: int) -> tuple[int, int]:
        return line_index + 1 + lines.offset, column + 1

    def slip(
        line_index: int, column: int, message: str, quote_at: tuple[int, int] | None = None
    ) -> Slip:
        return Slip(line_index + 1 + lines.offset, column + 1, f"{message}. {parser}", quote_at)

    if "mapping values are not allowed" in problem:
        return _mapping_value_slip(rows, mark.line, mark.column, slip, lines.offset)
    indicator = _indicator_at_value_start(rows, err)
    if indicator is not None:
        line_index, column, char, key, value = indicator
        return slip(
            line_index,
            column,
            f"a value cannot start with {_INDICATORS[char]} unless the whole value is quoted; "
            f"write {quoted_fix(key, value)}",
            (line_index, column) if key else None,
        )
    if "cannot start any token" in problem and mark.column < len(row) and row[mark.column] == "\t":
        # Clear on its own: the parser's words would only add noise.
        return Slip(*at(mark.line, mark.column), "YAML syntax: a tab character; indent with spaces")
    if "did not find expected" in problem and row.strip():
        indent = len(row) - len(row.lstrip(" "))
        if mark.column == indent:
            return _indentation_slip(rows, mark.line, slip, lines.offset)
    return None


def key_and_value(row: str) -> tuple[str | None, int, str]:
    """The key of a ``key: value`` or ``- key: value`` line, where its value starts, the value."""
    match = _KEY_LINE.match(row)
    if match is None:
        stripped = row.lstrip(" -")
        return None, len(row) - len(stripped), stripped
    start = match.end()
    while start < len(row) and row[start] in " \t":
        start += 1
    return match.group(2).strip(), start, row[start:]


def _mapping_value_slip(
    rows: list[str], line: int, column: int, slip: Callable[..., Slip], offset: int
) -> Slip:
    row = rows[line]
    key, value_start, value = key_and_value(row)
    if key is not None and value_start <= column:
        # `claim: Note: wrote it`: the second ': ' is inside the value.
        return slip(
            line,
            column,
            f"': ' inside the value of '{key}' reads as the start of another key; quote the "
            f"value: {quoted_fix(key, value.rstrip())}",
            (line, value_start),
        )
    # The ':' is on a line that continues a plain value from the line above: that line
    # has `key:value` without the space, or this line is indented too far.
    previous = line - 1
    while previous >= 0 and not rows[previous].strip():
        previous -= 1
    if previous >= 0:
        above = rows[previous]
        missing = _MISSING_SPACE_AFTER_COLON.search(above)
        if missing is not None and ": " not in above:
            name = missing.group(1)
            return slip(
                previous,
                missing.start(2) - 1,
                f"no space after ':' in '{name}:{missing.group(2)}', so YAML does not read "
                f"'{name}' as a key; write '{name}: {missing.group(2)}'",
            )
        above_key, _, _ = key_and_value(above)
        indent = len(row) - len(row.lstrip(" "))
        above_column = above.find(above_key) if above_key else -1
        if above_key and above_column >= 0:
            name = (key or row.strip().split(":")[0]).strip()
            return slip(
                line,
                indent,
                f"'{name}' on line {line + 1 + offset} is indented {indent} spaces, more than "
                f"'{above_key}' above it ({above_column}), so YAML reads it as more of the value "
                f"of '{above_key}'; indent it {above_column} spaces",
            )
    return slip(line, column, "a ':' YAML cannot place; quote the value that holds it")


def _indicator_at_value_start(
    rows: list[str], err: yaml.MarkedYAMLError
) -> tuple[int, int, str, str | None, str] | None:
    """A value on the error's line (or its context's) that starts with a reserved character."""
    candidates = [err.problem_mark, err.context_mark]
    for mark in candidates:
        if mark is None or mark.line >= len(rows):
            continue
        row = rows[mark.line]
        key, start, value = key_and_value(row)
        if not value or value[0] not in _INDICATORS:
            continue
        if value[0] in "\"'":
            closing = value.find(value[0], 1)
            if closing < 0 or not value[closing + 1 :].strip():
                continue  # an unclosed or a whole quote: not this slip
        return mark.line, start, value[0], key, value.rstrip()
    return None


def _indentation_slip(rows: list[str], line: int, slip: Callable[..., Slip], offset: int) -> Slip:
    """A line whose indentation matches none of the blocks open above it."""
    row = rows[line]
    indent = len(row) - len(row.lstrip(" "))
    # The blocks open above: each line less indented than the last one seen.
    allowed: list[int] = []
    deepest = 10**9
    lowest_before: tuple[int, int] | None = None  # (line, indent) of a dedent to below `indent`
    for index in range(line - 1, -1, -1):
        above = rows[index]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        depth = len(above) - len(above.lstrip(" "))
        if depth < deepest:
            deepest = depth
            allowed.append(depth)
            stripped = above.lstrip(" ")
            if stripped.startswith("- "):
                allowed.append(depth + 2 + len(stripped[2:]) - len(stripped[2:].lstrip(" ")))
        if depth < indent and lowest_before is None:
            lowest_before = (index, depth)
        elif lowest_before is not None and depth == indent:
            # A line at this indentation before a shallower one: the shallower line is
            # the slip (a key that slid left), not this one.
            bad, bad_depth = lowest_before
            return slip(
                bad,
                bad_depth,
                f"line {bad + 1 + offset} is indented {bad_depth} spaces, less than the lines "
                f"around it ({indent}, e.g. lines {index + 1 + offset} and {line + 1 + offset}), "
                "so it ends the block above; "
                f"indent it {indent} spaces",
            )
    options = sorted(set(allowed))
    listed = ", ".join(str(n) for n in options[:-1]) + (" or " if len(options) > 1 else "")
    listed += str(options[-1]) if options else "0"
    return slip(
        line,
        indent,
        f"line {line + 1 + offset} is indented {indent} spaces, which lines it up with nothing above it; "
        f"here a line can be indented {listed} spaces",
    )
