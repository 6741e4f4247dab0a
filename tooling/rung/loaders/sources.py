"""Reading files as text: the only place rung decodes bytes.

Every way a file can be unreadable becomes one finding with a position, so
callers never see an exception for bad input: invalid UTF-8 points at the first
bad byte, a byte-order mark is dropped with a warning, CRLF becomes LF (line
numbers are unchanged), and an oversized file is refused before it is parsed.

Symbolic links are never followed: ``packets/2026-H2/eve.md -> dana-levi.md``
would validate and render Dana's case as Eve's, and a link to ``.git/config`` or
``~/.ssh`` would put another file's text into a PDF.  A link as the file, or as
any folder on its way below the working directory, is one finding (``lstat``),
and the file is opened with ``O_NOFOLLOW`` so a link swapped in after the check
is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rung.classes import dataclass
from rung.loaders.yamlload import line_column
from rung.problems import Level, Problem

RULE_READ = "read"
LINK_MESSAGE = (
    "is a symbolic link; rung never follows links (another file would be read in "
    "its place): commit the file itself"
)
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
    # What the lines below give, as string operations (relative_to is lexical):
    # a relative path is its own answer, an absolute one below the working
    # directory loses that prefix.  Two new paths per file cost more than a parse.
    if not path.is_absolute():
        return os.fsencode(path.as_posix()).decode("utf-8", "backslashreplace")
    text, cwd = str(path), os.getcwd()  # noqa: PTH109 - a string, not a new path
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    if os.sep == "/" and len(text) > len(prefix) and text.startswith(prefix):
        return os.fsencode(text[len(prefix) :]).decode("utf-8", "backslashreplace")
    # absolute(), not resolve(): a symbolic link is shown as itself, never as its target.
    try:
        shown = path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return os.fsencode(shown).decode("utf-8", "backslashreplace")


def symbolic_link(path: Path) -> Path | None:
    """The first symbolic link among ``path`` and its folders below the working directory."""
    # The same walk on strings (a packet is read per call: paths cost more than
    # the three lstat calls): a relative path's parts are those below cwd, and so
    # are an absolute one's after cwd's prefix (a Path's text is normalised, so
    # the prefix test is relative_to's).
    cwd = os.getcwd()  # noqa: PTH109 - a string, not a new path
    if not path.is_absolute():
        parts: tuple[str, ...] | list[str] = path.parts
    else:
        text, prefix = str(path), cwd if cwd.endswith("/") else cwd + "/"
        if os.sep != "/" or len(text) <= len(prefix) or not text.startswith(prefix):
            return _symbolic_link_outside(path)
        parts = text[len(prefix) :].split("/")
    walked = cwd
    for part in parts:
        walked = os.path.join(walked, part)  # noqa: PTH118 - as above
        if os.path.islink(walked):  # noqa: PTH114 - as above
            return Path(walked)
    return None


def _symbolic_link_outside(path: Path) -> Path | None:
    """:func:`symbolic_link` for an absolute path not below the working directory
    (or the working directory itself), with paths."""
    absolute = path.absolute()
    cwd = Path.cwd()
    try:
        parts = absolute.relative_to(cwd).parts
        current = cwd
    except ValueError:  # outside the working directory: only the file itself is checked
        parts, current = (absolute.name,), absolute.parent
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def resolved_text(path: Path, folders: dict[str, str]) -> str:
    """``os.fspath(path.resolve())``, with each folder's real path found once in
    ``folders`` (a run's packets share a few folders, and ``realpath`` looks at
    every folder of every path: most of the time of listing 2,000 packets).

    A file that is not a symbolic link is its folder's real path and its name,
    as ``realpath`` finds it; anything else (a link, a path that cannot be
    looked at, a name like ``..``) is resolved by ``resolve`` itself, which
    raises for a loop of links as before.
    """
    name = path.name
    text = os.fspath(path)
    try:
        plain = name not in ("", ".", "..") and not stat.S_ISLNK(os.lstat(text).st_mode)
    except OSError:
        plain = False
    if not plain or os.sep != "/":
        return os.fspath(path.resolve())
    folder = os.path.dirname(text)  # noqa: PTH120 - a string per file
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.fspath(Path(os.path.join(real, name)))  # noqa: PTH118 - as above


def link_problem(path: Path) -> Problem | None:
    """A finding when ``path`` is, or lies below, a symbolic link."""
    link = symbolic_link(path)
    if link is None:
        return None
    shown = display_path(path)
    where = "" if link == path.absolute() else f" (its folder {display_path(link)})"
    return Problem(shown, 1, 1, Level.ERROR, RULE_READ, f"file{where} {LINK_MESSAGE}")


def read_source(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[Source | None, list[Problem]]:
    """Read ``path`` as UTF-8 text, or explain in one finding why it cannot be read."""
    shown = display_path(path)
    link = link_problem(path)
    if link is not None:
        return None, [link]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        return None, [
            Problem(shown, 0, 0, Level.ERROR, RULE_READ, f"cannot read file: {err.strerror}")
        ]
    try:
        return _read_open(fd, shown, max_bytes)
    finally:
        os.close(fd)


def _read_open(fd: int, shown: str, max_bytes: int) -> tuple[Source | None, list[Problem]]:
    try:
        size = os.fstat(fd).st_size
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
        data = read_upto(fd, max_bytes + 1, size)
    except OSError as err:
        return None, [
            Problem(shown, 0, 0, Level.ERROR, RULE_READ, f"cannot read file: {err.strerror}")
        ]
    return decode(data, shown)


def read_upto(fd: int, limit: int, size: int) -> bytes:
    """Up to ``limit`` bytes of ``fd``, to its end: what a buffered ``read(limit)`` gives.

    ``size`` is the file's size by ``fstat``: asking for one byte more than it sees
    the end in one call, where a buffered read of ``limit`` (a mebibyte) allocated
    that much per file (a third of reading 2,000 packets).
    """
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, max(size + 1, 65536) if chunks else size + 1))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


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
