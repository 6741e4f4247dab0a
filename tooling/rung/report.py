"""Reporters: each writes findings to a given stream in one format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from rung.problems import Problem


def report_text(problems: list[Problem], stream: TextIO) -> None:
    """``path:line:col: level: message [rule]``, sorted by path and position."""
    for problem in sorted(problems):
        stream.write(problem.format_text() + "\n")


Reporter = Callable[[list[Problem], TextIO], None]
REPORTER_BY_NAME: dict[str, Reporter] = {"text": report_text}
