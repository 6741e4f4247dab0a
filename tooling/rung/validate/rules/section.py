"""The narrative has the sections the ladder's policy requires, each with text.

The narrative is the Markdown after the front matter.  Each heading named in
the ladder's ``policy.required_sections`` must be there (any heading level,
ATX ``## Impact`` or setext, case and trailing ``#`` ignored, headings inside
code blocks do not count): a missing one is an error on the line that closes
the front matter.  A required section with nothing under it is an error on
its heading too: HTML comments (the hints ``rung new`` writes) are not text,
so the untouched template never passes.

Passing (thelotter requires Summary and Impact)::

    ---
    ## Summary
    Two years on payments; I now lead the payouts squad.

    ## Impact
    Payout failures down from 2% to 0.3% after the retry redesign.

Failing (no Impact section)::

    ---
    ## Summary
    Two years on payments; I now lead the payouts squad.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from rung.classes import dataclass
from rung.patterns import lazy
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = "section"
LEVEL = Level.ERROR

_ATX = lazy(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\Z")
_SETEXT = lazy(r" {0,3}(=+|-+)[ \t]*\Z")
_FENCE = lazy(r" {0,3}(`{3,}|~{3,})")
# A line that starts with none of these is neither a heading nor a fence; "" is blank.
_MARKUP_START = frozenset({"", " ", "#", "`", "~", "=", "-", "<"})
_COMMENT_OPEN = lazy(r" {0,3}<!--")


@dataclass(frozen=True)
class Heading:
    title: str
    depth: int
    line: int  # absolute in the file
    has_text: bool  # any non-blank line before the next heading of the same or higher rank


def headings(body: str, first_line: int) -> list[Heading]:
    """The Markdown headings of ``body`` outside code blocks, in order."""
    found: list[tuple[str, int, int]] = []  # title, depth, index
    text_lines: list[int] = []  # indexes of lines that are neither headings nor blank
    fence = ""
    previous_text = False
    in_comment = False
    rows = body.split("\n")
    for index, row in enumerate(rows):
        # A comment opens after at most three spaces: no regex for other lines.
        if in_comment or (not fence and row[:1] in " <" and _COMMENT_OPEN.match(row)):
            # A hint for the author, not text of the section: the comment up to its
            # `-->` is skipped, and what follows the `-->` on its line is text.
            start = 0 if in_comment else row.index("<!--") + 4
            close = row.find("-->", start)
            in_comment = close < 0
            if in_comment or not row[close + 3 :].strip():
                previous_text = False
                continue
            text_lines.append(index)
            previous_text = True
            continue
        if fence:
            if row.strip().startswith(fence):
                fence = ""
            text_lines.append(index)
            continue
        if row[:1] not in _MARKUP_START:  # plain text, the common case: no regex needed
            text_lines.append(index)
            previous_text = True
            continue
        if match := _FENCE.match(row):
            fence = match.group(1)
            text_lines.append(index)
            previous_text = False
            continue
        if match := _ATX.match(row):
            found.append(((match.group(2) or "").strip(), len(match.group(1)), index))
            previous_text = False
        elif previous_text and (match := _SETEXT.match(row)):
            text_lines.pop()  # the previous line was the heading's text, not body text
            depth = 1 if match.group(1).startswith("=") else 2
            found.append((rows[index - 1].strip(), depth, index - 1))
            previous_text = False
        elif row.strip():
            text_lines.append(index)
            previous_text = True
        else:
            previous_text = False
    # Each section ends at the next heading of the same or higher rank: one
    # backward pass with a stack of (depth, index), linear in the headings.
    ends = [len(rows)] * len(found)
    open_after: list[tuple[int, int]] = []
    for n in range(len(found) - 1, -1, -1):
        _, depth, _ = found[n]
        while open_after and open_after[-1][0] > depth:
            open_after.pop()
        if open_after:
            ends[n] = open_after[-1][1]
        open_after.append((depth, found[n][2]))
    result = []
    for (title, depth, index), end in zip(found, ends, strict=True):
        after = bisect.bisect_right(text_lines, index)
        has_text = after < len(text_lines) and text_lines[after] < end
        result.append(Heading(title, depth, first_line + index, has_text))
    return result


def _key(title: str) -> str:
    return " ".join(title.split()).casefold()


def check(ctx: Context) -> Iterator[Problem]:
    required = ctx.ladder.policy.required_sections
    if not required:
        return
    packet = ctx.packet
    found: dict[str, Heading] = {}
    for each in headings(packet.body, packet.body_first_line):
        found.setdefault(_key(each.title), each)
    names = ", ".join(required)
    for title in required:
        heading = found.get(_key(title))
        if heading is None:
            yield ctx.problem(
                (packet.body_first_line - 1, 1),
                LEVEL,
                ID,
                f"the narrative has no '{title}' section; add a '## {title}' heading and "
                f"write it (ladder '{ctx.ladder.id}' requires: {names})",
            )
        elif not heading.has_text:
            yield ctx.problem(
                (heading.line, 1),
                LEVEL,
                ID,
                f"the '{title}' section is empty (comments do not count); write it",
            )
