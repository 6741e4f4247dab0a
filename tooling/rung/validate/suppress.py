"""Inline suppressions in a packet's front matter (rule ``suppression``, documented there).

``# rung: ignore[RULE, ...] reason: WHY`` after a value silences those rules'
findings on its line; alone on a line, on the next line.  The comment is found by
reading the front matter's lines, as ruff finds ``# noqa``: a line of a block
scalar (``claim: |``) that reads like one counts too, which is harmless, since the
candidate who writes the text could as well write the comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rung.classes import dataclass
from rung.patterns import lazy
from rung.problems import Level, Problem
from rung.validate.rules import FILE_RULES, RULES
from rung.validate.rules.base import did_you_mean
from rung.validate.rules.suppression import ID

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

MARK = "rung: ignore"  # a packet without it has no suppressions (a substring test)
_COMMENT = lazy(
    r"(?:^|(?<=\s))#\s*rung:\s*ignore\b(?P<bracket>\[(?P<rules>[^\]]*)\])?(?P<rest>.*)$"
)
_REASON = lazy(r"\s*reason:\s*(?P<reason>.*?)\s*$")


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int  # of the comment
    column: int
    target: int  # the line whose findings it silences
    rules: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Silenced:
    """A finding a suppression silenced, and why."""

    problem: Problem
    reason: str
    at: int  # the suppression's line

    def as_json(self) -> dict[str, Any]:
        p = self.problem
        return {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "level": str(p.level),
            "rule": p.rule,
            "message": p.message,
            "reason": self.reason,
            "suppressed_at": self.at,
        }


def _front_matter(lines: Sequence[str]) -> range:
    """The indexes of the front matter's lines (empty when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return range(0)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in {"---", "..."}:
            return range(1, index)
    return range(1, len(lines))


def find_suppressions(text: str, path: str) -> tuple[list[Suppression], list[Problem]]:
    """The well-formed suppressions of a packet, and findings for the others."""
    if MARK not in text:
        return [], []
    lines = text.split("\n")
    found: list[Suppression] = []
    problems: list[Problem] = []
    known = {**RULES, **FILE_RULES}
    for index in _front_matter(lines):
        match = _COMMENT.search(lines[index])
        if match is None:
            continue
        line, column = index + 1, match.start() + 1

        def bad(message: str, at: int = column, line: int = line) -> None:
            problems.append(Problem(path, line, at, Level.ERROR, ID, message))

        rules = tuple(r.strip() for r in (match.group("rules") or "").split(",") if r.strip())
        reason = _REASON.fullmatch(match.group("rest"))
        if not rules:
            bad("a suppression names the rules it silences: # rung: ignore[RULE] reason: WHY")
            continue
        unknown = [r for r in rules if r not in known]
        for name in unknown:
            hint = did_you_mean(name, known) or "; rung rules lists them"
            bad(f"no rule '{name}' to silence{hint}")
        if reason is None or not reason.group("reason"):
            bad(
                "a suppression needs a reason, for the reviewers who read it: "
                f"# rung: ignore[{', '.join(rules)}] reason: WHY"
            )
            continue
        if unknown:
            continue
        own_line = bool(lines[index][: match.start()].strip())
        target = line if own_line else line + 1
        found.append(Suppression(path, line, column, target, rules, reason.group("reason")))
    return found, problems


def settle(
    problems: Iterable[Problem], suppressions: Mapping[str, Sequence[Suppression]]
) -> tuple[list[Problem], list[Silenced]]:
    """The findings still standing (with the suppressions' own findings) and those silenced.

    An error stands whatever a suppression says: the suppression gets a warning."""
    standing: list[Problem] = []
    silenced: list[Silenced] = []
    used: set[tuple[Suppression, str]] = set()
    for problem in problems:
        match = next(
            (
                s
                for s in suppressions.get(problem.path, ())
                if s.target == problem.line and problem.rule in s.rules
            ),
            None,
        )
        if match is None:
            standing.append(problem)
        elif problem.level is Level.ERROR:
            standing.append(problem)
            if (match, problem.rule) not in used:
                standing.append(_own(match, Level.WARNING, _no_errors(match, problem.rule)))
        else:
            silenced.append(Silenced(problem, match.reason, match.line))
        if match is not None:
            used.add((match, problem.rule))
    for found in suppressions.values():
        for s in found:
            for rule in s.rules:
                if (s, rule) not in used:
                    unused = (
                        f"unused suppression: no '{rule}' finding on line {s.target} to "
                        "silence; remove it"
                    )
                    standing.append(_own(s, Level.WARNING, unused))
    return standing, silenced


def _no_errors(s: Suppression, rule: str) -> str:
    return (
        f"the '{rule}' finding on line {s.target} is an error, and errors cannot be "
        "silenced inline; fix it (or the repository's rung.toml may lower the rule)"
    )


def _own(s: Suppression, level: Level, message: str) -> Problem:
    return Problem(s.path, s.line, s.column, level, ID, message)
