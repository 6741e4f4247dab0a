"""The one finding type every rung command reports, and the one fatal error."""

from __future__ import annotations

import enum

from rung.classes import dataclass, field


class Level(enum.IntEnum):
    """Severity, ordered so that ``max()`` of a list of levels is the worst one."""

    NOTICE = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Problem:
    """A finding at a position in a file.

    ``line`` and ``column`` are 1-based and absolute in the file; 0 means "the
    whole file" (for example an unreadable file or a missing required field
    that has no node of its own).
    """

    path: str
    line: int
    column: int
    level: Level = field(compare=False)
    rule: str
    message: str

    def format_text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message} [{self.rule}]"


class FatalError(Exception):
    """rung cannot continue (bad configuration, unreadable input): exit code 2."""


class FindingsError(Exception):
    """rung cannot continue because input it can point at is invalid (a packet given to a
    command that needs a valid one): the findings are reported and the exit code is 1,
    as from ``rung validate``."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = sorted(problems)


def worst(problems: list[Problem]) -> Level | None:
    """The highest level among ``problems``, or None when there are none."""
    return max((p.level for p in problems), default=None)
