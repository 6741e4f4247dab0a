"""Reading files as text: the only place rung decodes bytes.

Every way a file can be unreadable becomes one finding with a position, so
callers never see an exception for bad input: invalid UTF-8 points at the first
bad byte, a byte-order mark is dropped with a warning, CRLF becomes LF (line
numbers are unchanged), and an oversized file is refused before it is parsed.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from rung.problems import Level, Problem
from rung.yamlload import line_column

RULE_READ = "read"
RULE_SIZE = "size"
MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Source:
    path: str  # as shown in findings: relative to the working directory when possible
    text: str


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, with forward slashes.

    A file name that is not valid UTF-8 is shown with its bad bytes escaped
    (``\\xff``), so it can be printed and written to UTF-8 reports.
    """
    try:
        shown = path.resolve().relative_to(_resolved(Path.cwd())).as_posix()
    except ValueError:
        shown = path.as_posix()
    return os.fsencode(shown).decode("utf-8", "backslashreplace")


@functools.lru_cache(maxsize=4)
def _resolved(directory: Path) -> Path:
    # The working directory, resolved once per run rather than once per packet:
    # resolving makes a system call for every component of the path.
    return directory.resolve()


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[Source | None, list[Problem]]:
    """Read ``path`` as UTF-8 text, or explain in one finding why it cannot be read."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    shown,
                    1,
                    1,
                    Level.ERROR,
                    RULE_SIZE,
                    f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                    "move long material to linked documents",
                )
            ]
        data = path.read_bytes()
    except OSError as err:
        return None, [
            Problem(shown, 0, 0, Level.ERROR, RULE_READ, f"cannot read file: {err.strerror}")
        ]
    return decode(data, shown)


def decode(data: bytes, shown: str) -> tuple[Source | None, list[Problem]]:
    """Decode bytes that claim to be UTF-8 text."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8")
        line, column = line_column(good, len(good))
        return None, [
            Problem(
                shown,
                line,
                column,
                Level.ERROR,
                RULE_READ,
                f"not valid UTF-8 (byte 0x{data[err.start]:02X} at offset {err.start}); "
                "save the file as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
        problems.append(
            Problem(
                shown,
                1,
                1,
                Level.WARNING,
                RULE_READ,
                "file starts with a UTF-8 byte-order mark; save it without one",
            )
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line, column = line_column(text, text.index("\x00"))
        return None, [
            Problem(
                shown,
                line,
                column,
                Level.ERROR,
                RULE_READ,
                "file contains a NUL byte; it is not text",
            )
        ]
    return Source(shown, text), problems
