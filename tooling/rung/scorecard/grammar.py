"""The verdict grammar: which lines of a comment are commands, and what they say.

A command is ``/meets``, ``/not-yet`` (per criterion) or ``/recommend promote |
not-yet | defer`` (overall), at the start of a line, in any letter case, after
optional white space, quotation marks or emphasis (``"/meets"``, ``*/meets*``);
the rest of the line is the reason.  Lines inside a fenced block (a
```` ```suggestion ```` block, or any code) and quoted lines (``> ...``, someone
else's words) are never commands.  ``/meetsX`` and ``/meet`` are not commands.

Pure: it never decides whether a command counts, only what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERDICTS = ("meets", "not-yet")
RECOMMENDATIONS = ("promote", "not-yet", "defer")
_LEAD = " \t\"'`*_~“”‘’«»"
_COMMAND = re.compile(r"/(meets|not-yet|recommend)(?![\w/-])(.*)\Z", re.IGNORECASE | re.DOTALL)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Command:
    name: str  # meets, not-yet or recommend, lower case
    value: str  # meets / not-yet for a verdict; for recommend the word after it, lower case
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
    found: list[Command] = []
    fence = ""
    for line in body.replace("\r\n", "\n").split("\n"):
        if fence:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = ""
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            continue
        text = line.lstrip(_LEAD)
        if text.startswith(">"):
            continue  # a quotation: someone else's words
        match = _COMMAND.match(text)
        if match is None:
            continue
        name, rest = match.group(1).lower(), match.group(2).strip()
        if name == "recommend":
            # `*/recommend* promote`: the emphasis closes before the word
            word, _, reason = rest.lstrip(_LEAD).partition(" ")
            found.append(Command(name, word.strip(_LEAD + ".,:;!").lower(), reason.strip()))
        else:
            found.append(Command(name, name, rest.lstrip(":-—– ").strip()))
    return found


def has_command(body: str) -> bool:
    return bool(commands(body))
