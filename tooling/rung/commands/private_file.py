"""The one way rung writes a confidential output: packets, the bundle, the agenda,
letters, the dashboard and status files.

Every such file is readable by its owner only (mode 0600), whatever the umask,
and is written without following a symbolic link planted where it goes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from rung.problems import FatalError

MODE = 0o600


def write_private(path: Path, data: bytes | str) -> None:
    """Write ``path`` (mode 0600) atomically.

    The data goes to a new temporary file that ``mkstemp`` creates exclusively
    (``O_EXCL``, mode 0600: it never opens an existing file or link) under a random
    name in the target folder, and is then renamed over ``path``; a rename replaces
    a link, or an older world-readable file, at ``path`` instead of writing through it.
    A file that cannot be written is a fatal error naming it, never a traceback.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise FatalError(f"cannot write {path}: {err.strerror}") from None
    try:
        # mkstemp already asks for 0600; fchmod says so whatever the platform's default.
        os.fchmod(fd, MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        Path(temporary).replace(path)
    except OSError as err:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise FatalError(f"cannot write {path}: {err.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
