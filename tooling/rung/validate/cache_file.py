"""Files under ``.rung-cache/`` (``index_cache``, ``plan_cache``): read only when they
are the user's own regular files below a real folder, written atomically.

Their content is never trusted for itself: each cache says which files it was
made from (their size, mtime, ctime and inode), and is used only while those are
the files' own — a cache committed to the repository or restored from CI cannot
match the checkout's inodes and ctimes.  A cache that cannot be read or written
is no error.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

CACHE_DIR = Path(".rung-cache")
PACKAGE = Path(__file__).resolve().parent.parent  # rung/
MAX_CACHE_BYTES = 256 * 1024 * 1024


def read_cache(root: Path, name: str) -> bytes | None:
    """The bytes of ``.rung-cache/<name>`` under ``root``, or None when they cannot be
    trusted as rung's own (missing, a link, another user's, too large)."""
    path = root / CACHE_DIR / name
    try:
        folder = os.lstat(path.parent)
        st = os.lstat(path)
        if (
            not stat.S_ISDIR(folder.st_mode)
            or not stat.S_ISREG(st.st_mode)
            or st.st_uid != os.getuid()
            or st.st_size > MAX_CACHE_BYTES
        ):
            return None
        return path.read_bytes()
    except OSError:
        return None


def write_cache(root: Path, name: str, data: bytes) -> None:
    """Replace ``.rung-cache/<name>`` under ``root`` by ``data`` in one step."""
    folder = root / CACHE_DIR
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{name}.{os.getpid()}"
        temporary.write_bytes(data)
        temporary.replace(folder / name)


def code_stamps(parts: tuple[str, ...]) -> list[list[Any]]:
    """(path, size, mtime) of each source file of ``parts`` (files and folders of the
    package): a cache made by other code (an upgrade, a checkout of another commit
    of rung) is not used, whatever rung's version says."""
    found: list[list[Any]] = []
    for part in parts:
        path = os.path.join(PACKAGE, part)  # noqa: PTH118 - strings: some 30 files a run
        try:
            names = sorted(os.listdir(path)) if os.path.isdir(path) else [""]  # noqa: PTH112, PTH208
        except OSError:
            continue
        for name in names:
            if name.endswith((".py", ".json")) or not name:
                file = os.path.join(path, name) if name else path  # noqa: PTH118
                try:
                    st = os.stat(file)  # noqa: PTH116
                except OSError:
                    continue
                found.append([file, st.st_size, st.st_mtime_ns])
    return found
