"""GitHub's CODEOWNERS file: who owns a path, with GitHub's matching rules.

GitHub reads ``.github/CODEOWNERS``, else ``CODEOWNERS``, else ``docs/CODEOWNERS``
(the first that exists), and matches a path as ``.gitignore`` does, with three
differences its documentation names: ``!`` (negation) and ``[...]`` (ranges) are
not supported, and ``docs/*`` owns the files directly in ``docs`` but not those
further down.  The **last** matching line wins, so a line with a pattern and no
owners *un-owns* what an earlier line owned: a pull request that changes such a
file needs no code owner's review.  That is why "is there a line for ``tooling/``"
is not the question; "who owns ``tooling/rung/cli.py`` after every line" is.

Lines GitHub would skip (an unsupported pattern, an owner that is not ``@login``,
``@org/team`` or an e-mail address) are skipped here too, and listed, so a
check can say why a path is not owned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")  # GitHub's order
_OWNER = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?\Z|[^@\s]+@[^@\s]+\Z")


@dataclass(frozen=True)
class Rule:
    line: int  # 1-based
    pattern: str
    owners: tuple[str, ...]
    regex: re.Pattern[str]


@dataclass(frozen=True)
class CodeOwners:
    rules: tuple[Rule, ...]
    skipped: tuple[tuple[int, str], ...] = ()  # (line, why) for lines GitHub ignores

    def rule_for(self, path: str) -> Rule | None:
        """The line that decides ``path`` (the last one matching it), or None."""
        path = path.lstrip("/")
        return next((r for r in reversed(self.rules) if r.regex.fullmatch(path)), None)

    def owners_of(self, path: str) -> tuple[str, ...]:
        """The owners of ``path``: empty when no line matches or the deciding line has none."""
        rule = self.rule_for(path)
        return rule.owners if rule is not None else ()


def parse(text: str) -> CodeOwners:
    """The rules of a CODEOWNERS file, in file order."""
    rules: list[Rule] = []
    skipped: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        words = _words(raw)
        if not words:
            continue
        pattern, owners = words[0], tuple(words[1:])
        why = _unsupported(pattern) or next(
            (f"'{o}' is not an owner (@login, @org/team or an e-mail address)"
             for o in owners if not _OWNER.match(o)),
            None,
        )  # fmt: skip
        if why is not None:
            skipped.append((number, why))
            continue
        rules.append(Rule(number, pattern, owners, re.compile(_regex(pattern))))
    return CodeOwners(tuple(rules), tuple(skipped))


def _words(line: str) -> list[str]:
    """The line's words: ``#`` at the start or after white space starts a comment, unless
    escaped (``\\#``); inside a word it is a character (as in .gitignore)."""
    line = re.split(r"(?:^|(?<=\s))#", line, maxsplit=1)[0]
    return [
        w.replace("\\#", "#").replace("\\ ", " ")
        for w in re.split(r"(?<!\\)\s+", line.strip())
        if w
    ]


def _unsupported(pattern: str) -> str | None:
    if pattern.startswith("!"):
        return f"'{pattern}': GitHub does not support negation (!) in CODEOWNERS"
    if "[" in pattern or "]" in pattern:
        return f"'{pattern}': GitHub does not support character ranges ([...]) in CODEOWNERS"
    return None


def _regex(pattern: str) -> str:
    """The pattern as a regular expression over a path relative to the repository root."""
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    # A slash at the start or in the middle anchors at the root; a bare name (or one
    # ending in a slash) matches at any depth, as in .gitignore.
    anchored = pattern.startswith("/") or "/" in body
    segments = body.split("/")
    out: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            out.append(".*" if last else "(?:.*/)?")
            continue
        out.append(_glob(segment) + ("" if last else "/"))
    regex = "".join(out)
    if not anchored:
        regex = "(?:.*/)?" + regex
    if segments[-1] == "**":
        return regex
    if directory:
        return regex + "/.*"
    if segments[-1] == "*" and len(segments) > 1:
        return regex  # docs/*: the files directly in docs, not below (GitHub's exception)
    return regex + "(?:/.*)?"  # a name also matches a directory, and so all below it


def _glob(segment: str) -> str:
    return "".join(
        "[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch) for ch in segment
    )
