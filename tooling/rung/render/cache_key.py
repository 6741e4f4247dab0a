"""The render cache's key: everything that determines a packet PDF's bytes.

See :mod:`rung.render.cache` for the list and why each part is there."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import platform
import sys
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from rung.ladder.model import Ladder
from rung.loaders.sources import Source
from rung.render.context import CommitInfo

MAGIC = b"rung-render-cache/1\n"  # the entry format, part of every key
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


_LIBRARIES = (  # the names WeasyPrint's own dlopen tries on Linux
    ("pango", "libpango-1.0.so.0", "pango_version_string"),
    ("harfbuzz", "libharfbuzz.so.0", "hb_version_string"),
)


def _digest_tree(root: Path) -> str:
    """SHA-256 over every regular file under ``root``: relative path and bytes.

    ``__pycache__`` is left out: Python writes bytecode there as modules are first
    imported, so rung's own source would otherwise change its digest between two runs
    of the same code (and every cached PDF would miss)."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file():  # what the asset fetcher would serve (links resolved)
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _library_version(soname: str, function: str) -> str:
    try:
        library = ctypes.CDLL(soname)
        call = getattr(library, function)
        call.restype = ctypes.c_char_p
        return str(call().decode())
    except (OSError, AttributeError):
        return "absent"


def _harfbuzz_subset() -> bool:
    try:
        ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        return False
    return True


def _fonts() -> str:
    """The font files fontconfig may pick from: path, size and modification time."""
    digest = hashlib.sha256()
    for base in (*FONT_DIRS, "/etc/fonts"):
        for folder, dirs, files in os.walk(Path(base).expanduser()):
            dirs.sort()
            for name in sorted(files):
                with contextlib.suppress(OSError):
                    info = (Path(folder) / name).lstat()
                    digest.update(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@cache
def environment() -> str:
    """Everything outside the repository that changes a PDF's bytes, as one digest
    (computed once per process: about 20 ms)."""
    import rung

    distributions = sorted(
        f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions()
    )
    facts: dict[str, Any] = {
        "rung": rung.__version__,
        "rung_source": _digest_tree(Path(rung.__file__).parent),
        "distributions": distributions,
        "python": sys.version,
        "machine": platform.machine(),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "libraries": {name: _library_version(so, fn) for name, so, fn in _LIBRARIES},
        "harfbuzz_subset": _harfbuzz_subset(),
        "fonts": _fonts(),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


@dataclass
class Keys:
    """Cache keys for the packets of one run: what they share is digested once.

    ``options`` holds whatever else reaches the template (an audience, the
    digest of a verdicts or evidence file): a caller that adds an input to the
    PDF adds it here, or two different PDFs would share a key.
    """

    templates: Path
    bundle: bool
    options: Mapping[str, str] = field(default_factory=dict)
    _shared: str = ""
    _ladders: dict[str, str] = field(default_factory=dict)

    def key(self, source: Source, ladder: Ladder, commit: CommitInfo | None) -> str:
        """The key of ``source``'s PDF (hex SHA-256), stamped with ``commit``: the packet's
        own (:func:`rung.render.commit.stamp_packets`), so another packet's commit
        leaves this key as it was."""
        if not self._shared:
            shared = {
                "format": MAGIC.decode().strip(),
                "environment": environment(),
                "templates": _digest_tree(self.templates),
                "mode": "bundle" if self.bundle else "standalone",
                "options": dict(sorted(self.options.items())),
            }
            self._shared = hashlib.sha256(json.dumps(shared, sort_keys=True).encode()).hexdigest()
        stamp = [commit.sha, commit.date or "", str(commit.dirty)] if commit else ["none"]
        facts = [self._shared, ladder.id, self._ladder_digest(ladder), source.path, *stamp]
        digest = hashlib.sha256("\0".join(facts).encode() + b"\0")
        digest.update(source.text.encode("utf-8"))
        return digest.hexdigest()

    def _ladder_digest(self, ladder: Ladder) -> str:
        """SHA-256 of the ladder's file, read once per run; of its value when it has none."""
        digest = self._ladders.get(ladder.path)
        if digest is None:
            try:
                text = Path(ladder.path).read_bytes()
            except OSError:
                # Not from a file: its whole value stands in for the file, and is not
                # remembered by path, which every such ladder shares ("").
                return hashlib.sha256(repr(ladder).encode()).hexdigest()
            digest = self._ladders[ladder.path] = hashlib.sha256(text).hexdigest()
        return digest
