"""Per-packet PDFs kept between runs, under a key of everything that determines their bytes.

WeasyPrint's output is a pure function of its inputs (dates come from the
commit, never the clock), so a PDF rendered once can be reused as long as none
of these changed — they are all in the key (:class:`Keys`):

- the packet's path and text, the ladder file, every file under ``templates/``;
- the packet's own stamp (the last commit that changed its file, its ladder or a
  template: :func:`rung.render.commit.stamp_packets`, never the head, so another
  packet's commit leaves the key alone), standalone or bundle mode, the caller's options
  (audience, verdicts, evidence: whatever else reaches the template);
- the environment (:func:`environment`): rung's version and its own source
  files, every installed distribution and its version (what the lock
  installed), Python, zlib, the Pango / HarfBuzz / fontconfig libraries,
  whether HarfBuzz's subsetter is there (it writes different font subsets than
  fontTools), and the font files fontconfig can find.

The folder (``.rung-cache/render/``, or ``$RUNG_RENDER_CACHE``) is opened one
component at a time without following symbolic links, and every file in it is
reached through that folder's descriptor: a link planted anywhere on the path
disables the cache with a warning, it is never written through.  An entry is
written to an exclusively created temporary file and renamed into place, so a
reader sees a whole entry or none.  An entry carries the SHA-256 of its content
and must hold a PDF; anything else — truncated, corrupt, a different format —
is a miss.  The folder is kept under ``$RUNG_RENDER_CACHE_MB`` (default 1024)
by deleting the least recently used entries after each run.
``RUNG_RENDER_CACHE=off`` turns it off, as ``--no-cache`` does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from rung.render.cache_key import MAGIC
from rung.render.packet import PacketRender, PacketSummary
from rung.render.pdf import RenderedPDF

DEFAULT_DIR = Path(".rung-cache") / "render"
ENV_DIR = "RUNG_RENDER_CACHE"
ENV_MB = "RUNG_RENDER_CACHE_MB"
DEFAULT_MB = 1024
OFF = "off"  # RUNG_RENDER_CACHE=off: no cache, as with --no-cache
SUFFIX = ".entry"
TEMP_PREFIX = ".tmp-"
STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to a writer that died
_HEADER = len(MAGIC) + 8 + 8 + 32


class CacheUnavailable(OSError):
    """The cache folder cannot be used safely (a symbolic link on its path, no permission)."""


# --- entries ------------------------------------------------------------------------------


def encode(key: str, render: PacketRender) -> bytes:
    """One entry: magic, lengths, SHA-256 of the rest, JSON metadata, the PDF."""
    rendered = render.rendered
    meta = json.dumps(
        {
            "key": key,
            "summary": asdict(render.summary),
            "html": render.html,
            "pages": rendered.pages,
            "asked": list(rendered.asked),
            "refused": list(rendered.refused),
            "messages": list(rendered.messages),
        },
        ensure_ascii=False,
    ).encode("utf-8")
    body = meta + rendered.pdf
    lengths = len(meta).to_bytes(8, "big") + len(rendered.pdf).to_bytes(8, "big")
    return MAGIC + lengths + hashlib.sha256(body).digest() + body


def decode(key: str, data: bytes) -> PacketRender | None:
    """The render in an entry, or None unless it is whole, ours, and holds a PDF."""
    if len(data) < _HEADER or not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    meta_len = int.from_bytes(data[at : at + 8], "big")
    pdf_len = int.from_bytes(data[at + 8 : at + 16], "big")
    body = data[_HEADER:]
    if len(body) != meta_len + pdf_len or hashlib.sha256(body).digest() != data[at + 16 : _HEADER]:
        return None
    pdf = body[meta_len:]
    if not pdf.startswith(b"%PDF-") or not pdf.rstrip().endswith(b"%%EOF"):
        return None
    try:
        meta = json.loads(body[:meta_len])
        if meta["key"] != key:
            return None
        rendered = RenderedPDF(
            pdf,
            int(meta["pages"]),
            tuple(str(u) for u in meta["asked"]),
            tuple(str(u) for u in meta["refused"]),
            tuple(str(m) for m in meta["messages"]),
        )
        return PacketRender(PacketSummary(**meta["summary"]), str(meta["html"]), rendered)
    except (ValueError, KeyError, TypeError):
        return None


# --- the folder ---------------------------------------------------------------------------


def _open_folder(folder: Path) -> int:
    """A descriptor of ``folder``, created (mode 0700) where missing; no component of the
    path may be a symbolic link."""
    fd = os.open("/" if folder.is_absolute() else ".", os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in folder.parts[1:] if folder.is_absolute() else folder.parts:
            if part in {"", "."}:
                continue
            if part == "..":
                raise CacheUnavailable(f"the render cache path {folder} may not contain '..'")
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o700, dir_fd=fd)
            try:
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError:
                try:
                    link = stat.S_ISLNK(os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode)
                except OSError:
                    link = False
                kind = "a symbolic link" if link else "not a folder"
                raise CacheUnavailable(
                    f"'{part}' on the render cache path {folder} is {kind}"
                ) from None
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


@dataclass
class RenderCache:
    """An open cache folder.  Every operation goes through ``fd``; failures are misses."""

    folder: Path
    fd: int
    limit: int  # bytes
    hits: int = 0
    misses: int = 0
    written: int = 0
    warning: str | None = None  # the first write failure, if any

    @classmethod
    def open(cls, folder: Path | None = None, limit_mb: float | None = None) -> RenderCache:
        """The cache at ``folder`` (default ``$RUNG_RENDER_CACHE``, else ``.rung-cache/render``);
        raises :class:`CacheUnavailable` when it cannot be used safely."""
        folder = folder or Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)
        if limit_mb is None:
            try:
                limit_mb = float(os.environ.get(ENV_MB) or DEFAULT_MB)
            except ValueError:
                raise CacheUnavailable(f"${ENV_MB} must be a number of megabytes") from None
        try:
            fd = _open_folder(folder)
        except CacheUnavailable:
            raise
        except OSError as err:
            raise CacheUnavailable(
                f"cannot use the render cache {folder}: {err.strerror}"
            ) from None
        return cls(folder, fd, int(limit_mb * 1024 * 1024))

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def get(self, key: str) -> PacketRender | None:
        name = key + SUFFIX
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=self.fd)
        except OSError:
            self.misses += 1
            return None
        with os.fdopen(fd, "rb") as entry:
            is_file = stat.S_ISREG(os.fstat(entry.fileno()).st_mode)
            data = entry.read() if is_file else b""
        render = decode(key, data)
        if render is None:
            self.misses += 1
            return None
        with contextlib.suppress(OSError):  # least recently *used* is what eviction drops
            os.utime(name, dir_fd=self.fd, follow_symlinks=False)
        self.hits += 1
        return render

    def put(self, key: str, render: PacketRender) -> None:
        if self.warning is not None:
            return  # one failure (a full disk, a read-only folder) is reported once
        temporary = f"{TEMP_PREFIX}{secrets.token_hex(8)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        try:
            fd = os.open(temporary, flags, 0o600, dir_fd=self.fd)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(encode(key, render))
                os.replace(temporary, key + SUFFIX, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=self.fd)
                raise
        except OSError as err:
            self.warning = f"cannot write to the render cache {self.folder}: {err.strerror}"
            return
        self.written += 1

    def _entries(self) -> Iterator[tuple[str, os.stat_result]]:
        with os.scandir(self.fd) as listing:
            for item in listing:
                with contextlib.suppress(OSError):
                    info = item.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode):
                        yield item.name, info

    def trim(self) -> int:
        """Delete the least recently used entries until the folder is under its limit
        (and temporary files a dead writer left); returns how many were deleted."""
        now = time.time()
        entries, total, deleted = [], 0, 0
        for name, info in self._entries():
            if name.startswith(TEMP_PREFIX):
                if now - info.st_mtime > STALE_TEMP_SECONDS:
                    with contextlib.suppress(OSError):
                        os.unlink(name, dir_fd=self.fd)
                continue
            if name.endswith(SUFFIX):
                entries.append((info.st_mtime_ns, name, info.st_size))
                total += info.st_size
        for _, name, size in sorted(entries):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=self.fd)
                deleted += 1
            total -= size
        return deleted
