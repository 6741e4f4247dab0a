"""The verdict grammar: which lines of a comment are commands, and what they say.

A command is ``/meets``, ``/not-yet``, ``/abstain`` (per criterion: a verdict) or
``/recommend promote | not-yet | defer`` (overall), in any letter case.  An
abstention (``/abstain``) completes a reviewer's part on a criterion but takes no
side.  The body is read as GitHub shows it: parsed as CommonMark with GitHub's
tables and strikethrough (markdown-it-py), a command counts only at the start of
a line of a **top-level paragraph** (a line break inside the paragraph starts a
new line), after optional white space,
quotation marks or emphasis (``"/meets"``, ``*/meets*``); the rest of that line,
as written, is the reason.  So these are never commands: code (fenced, indented
or a code span, at any depth, a ```` ```suggestion ```` block too), block quotes
(``>`` and the lazy lines that continue one), list items, headings, tables, a
link's text, struck-out text, HTML comments and inline HTML (GitHub hides them
or does not show them as prose), and anything inside a raw HTML element left
open (``<details>``, ``<blockquote>``, a ``<div>``...) until it closes.
``/meetsX``, ``/meet`` and ``/abstained`` are not commands.

Linear in the body's length: one pass of the parser, a constant check per step
of it (_note_line), and HTML patterns that never scan back.

Pure: it never decides whether a command counts, only what it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

VERDICTS = ("meets", "not-yet", "abstain")  # an abstention is given, never meets or not-yet
RECOMMENDATIONS = ("promote", "not-yet", "defer")
_LEAD = " \t\"'*_“”‘’«»"  # white space, quotation marks, emphasis: not ` (code) or ~ (struck out)
_COMMAND = re.compile(
    r"/(meets|not-yet|abstain|recommend)(?![\w/-])(.*)\Z", re.IGNORECASE | re.DOTALL
)
_REST = re.compile(r"[^\n]*")  # the rest of a line
_BREAKS = ("softbreak", "hardbreak")  # what ends a line inside a paragraph
_MARK = __name__  # the type of the token _note_line leaves where a line of prose starts
# A raw HTML element opens or closes; the browser ignores `/>` on a non-void element.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
# An HTML comment, as a browser ends it (`<!-->` too), or one never closed.
_HTML_COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>|.*\Z)", re.DOTALL)
_VOID = re.compile(r"area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr", re.I)


@dataclass(frozen=True)
class Command:
    name: str  # meets, not-yet, abstain or recommend, lower case
    value: str  # a verdict: its name; recommend: the word after it, lower case
    reason: str  # the rest of the line

    @property
    def verdict(self) -> bool:
        return self.name in VERDICTS

    @property
    def written(self) -> str:
        """The command as a reader names it: ``/meets`` or ``/recommend promote``."""
        return f"/{self.name}" if self.verdict else f"/recommend {self.value}".rstrip()


def commands(body: str) -> list[Command]:
    """Every command in ``body``, in order."""
    if "/" not in body:
        return []
    found = (_command(line) for line in _prose_lines(body))
    return [command for command in found if command is not None]


def has_command(body: str) -> bool:
    return bool(commands(body))


_ASSIGN = re.compile(r"/assign(?![\w/-])((?:\s+@[A-Za-z0-9][A-Za-z0-9-]*)+)\s*\Z", re.IGNORECASE)


def assignments(body: str) -> list[str]:
    """The logins a chair's ``/assign @login [@login ...]`` names, read as the verdicts
    are (a line of a top-level paragraph), in order."""
    if "/assign" not in body.casefold():
        return []
    found: list[str] = []
    for line in _prose_lines(body):
        match = _ASSIGN.match(line.lstrip(_LEAD).rstrip(_LEAD))
        if match is not None:
            found += [word.lstrip("@") for word in match.group(1).split()]
    return found


def _command(line: str) -> Command | None:
    match = _COMMAND.match(line.lstrip(_LEAD))
    if match is None:
        return None
    name, rest = match.group(1).lower(), match.group(2).strip()
    if name == "recommend":
        # `*/recommend* promote`: the emphasis closes before the word
        word, _, reason = rest.lstrip(_LEAD).partition(" ")
        return Command(name, word.strip(_LEAD + "`.,:;!").lower(), reason.strip())
    return Command(name, name, rest.lstrip(":-—– ").strip())


def _note_line(state: StateInline, silent: bool) -> bool:
    """An inline rule that matches nothing: it marks each line start the parser reaches.

    A line starts where the text does (no token yet) or right after a line break.
    The parser steps over a code span, inline HTML (a comment too) or a link's
    destination in one go, so a line starting inside one is never reached; inside
    a link's text the level is above 0.  The mark sits among the paragraph's tokens
    after any inline HTML before it, and holds the line's source text.
    """
    at_start = not state.tokens or state.tokens[-1].type in _BREAKS
    if at_start and not (silent or state.level or state.pending):
        state.push(_MARK, "", 0).content = next(_REST.finditer(state.src, state.pos))[0]
    return False


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only a body with a "/" needs the parser

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.before("text", _note_line.__name__, _note_line)
    return md


def _prose_lines(body: str) -> Iterator[str]:
    """The lines of top-level paragraphs outside raw HTML, each from its first character."""
    tokens = _parser().parse(body)
    depth = 0  # raw HTML elements open
    for i, token in enumerate(tokens):
        if token.type == "html_block":
            depth = _nest(depth, token.content)
        top = token.level == 1 and tokens[i - 1].type == "paragraph_open"
        for child in token.children or ():
            if child.type == "html_inline":
                depth = _nest(depth, child.content)
            elif child.type == _MARK and top and depth == 0:
                yield child.content


def _nest(depth: int, html: str) -> int:
    """How many raw HTML elements are open after ``html``: a close shuts the innermost."""
    for closing, name in _TAG.findall(_HTML_COMMENT.sub("", html)):
        if closing:
            depth = max(depth - 1, 0)
        elif not _VOID.fullmatch(name):
            depth += 1
    return depth
