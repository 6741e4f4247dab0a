"""The `reuse` rule's index of context packets, kept between runs (issue 29).

Validating one packet compares its links with every packet of its cycle and
its candidate's earlier packets; reading and parsing 2,000 of them for one
pre-commit check took seconds.  ``.rung-cache/reuse-index.json`` keeps, per
context packet, what ``CitationIndex.add`` keeps (candidate, cycle, the hashes
of its link keys), keyed by the file's path, size, mtime, ctime, inode and a
BLAKE2b hash of its bytes.

The cache must never change a finding, so it is trusted only as far as the
file system vouches for it:

* an entry is used as it is only when the file's size, mtime, ctime (which no
  program can set) and inode all match what was stored, and the entry was
  written more than ``RACY_SECONDS`` after the file's last change (a change in
  the same clock tick as the write would keep all four); an entry written sooner
  is used when those four match and so does the hash of the file's text (read
  again, not parsed); anything else is parsed again.  The hash is never a reason
  on its own: whoever writes a packet knows its hash;
* a file that is a symbolic link, or lies below one, is never taken from the
  cache (reading it is refused, as without the cache);
* a file that is missing, not rung's JSON, of another version, too large, a
  symbolic link or not the user's own is ignored as a whole, and a malformed
  entry as if it were not there — a copy committed to the repository or
  restored from CI cannot match the checkout's inodes and ctimes, so at worst
  it is useless;
* the index it feeds only points at packets to compare: the links themselves
  are read again from the packets (``CitationIndex.problems``), so a wrong
  entry can never invent a notice.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from array import array
from collections.abc import Callable
from pathlib import Path

from rung.loaders.sources import read_source, symbolic_link
from rung.model.digest import blake2b
from rung.model.packet import Packet, parse_packet
from rung.validate.rules.reuse import CitationIndex, Cited, link_hashes

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

CACHE_FILE = Path(".rung-cache") / "reuse-index.json"
VERSION = 1
RACY_SECONDS = 2  # coarser than any file system's timestamps
MAX_CACHE_BYTES = 256 * 1024 * 1024

# path -> [size, mtime_ns, ctime_ns, inode, trusted, digest, candidate, cycle, hashes (hex)];
# candidate is None for a file that is no packet.
Entry = list["Any"]
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Parse = Callable[[str, str], tuple[Packet | None, "Any"]]


def _stamp(st: os.stat_result) -> Stamp:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def _valid(entry: Any) -> bool:
    # Spelled out, no generator: checked for each of 2,000 entries when one packet is.
    # JSON gives exact lists, ints, bools and strings (``type(True) is not int``).
    return (
        type(entry) is list
        and len(entry) == 9
        and type(entry[0]) is int
        and type(entry[1]) is int
        and type(entry[2]) is int
        and type(entry[3]) is int
        and type(entry[4]) is bool
        and type(entry[5]) is str
        and type(entry[8]) is str
        and (entry[6] is None or (type(entry[6]) is str and type(entry[7]) is str))
    )


def load(root: Path) -> dict[str, Entry]:
    """The entries of the cache file under ``root``, or none when it cannot be trusted."""
    path = root / CACHE_FILE
    try:
        folder = os.lstat(path.parent)
        st = os.lstat(path)
        if (
            not stat.S_ISDIR(folder.st_mode)
            or not stat.S_ISREG(st.st_mode)
            or st.st_uid != os.getuid()
            or st.st_size > MAX_CACHE_BYTES
        ):
            return {}
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    entries = data.get("entries")
    # Each entry is checked when it is looked up (``_valid``): a malformed one is
    # as good as none, and checking 2,000 here would cost more than using them.
    return entries if isinstance(entries, dict) else {}


def save(root: Path, entries: dict[str, Entry]) -> None:
    """Write the cache atomically; a cache that cannot be written is no error."""
    folder = root / CACHE_FILE.parent
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{CACHE_FILE.name}.{os.getpid()}"
        temporary.write_text(json.dumps({"version": VERSION, "entries": entries}), "utf-8")
        temporary.replace(root / CACHE_FILE)


class ContextReader:
    """Adds context packets to a ``CitationIndex``, from the cache where it may."""

    def __init__(self, root: Path, citations: CitationIndex, files: dict[str, Path]) -> None:
        self.root = root
        self.citations = citations
        self.files = files  # by shown path: the files the second pass may read again
        self.old = load(root)
        self.new: dict[str, Entry] = {}
        self.now_ns = time.time_ns()
        self.racy_ns = self.now_ns - RACY_SECONDS * 1_000_000_000  # changed after: racy
        self.changed = False
        self._linked: dict[str, bool] = {}  # folder -> lies below a symbolic link

    def add(self, path: str, shown: str, parse: Parse = parse_packet) -> None:
        """Add the packet at ``path`` (shown as ``shown``) for context, as an uncached
        read would: nothing for a file that cannot be read or is no packet."""
        try:
            st = os.lstat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode) or self._below_link(path):
            self.changed = True
            self._read(path, shown, parse, None)  # refused as before
            return
        entry = self.old.get(shown)
        stamp = _stamp(st)
        if entry is not None and _valid(entry) and tuple(entry[:4]) == stamp:
            if entry[4]:
                self._use(shown, path, entry, stamp)
                return
        else:
            entry = None  # another file now: its bytes' hash is no reason to trust it
        self.changed = True
        self._read(path, shown, parse, (entry, stamp))

    def _below_link(self, path: str) -> bool:
        """Whether ``path``'s folder is, or lies below, a symbolic link (once per folder)."""
        folder = os.path.dirname(path)  # noqa: PTH120 - a string per file is cheaper
        linked = self._linked.get(folder)
        if linked is None:
            linked = self._linked[folder] = symbolic_link(Path(folder)) is not None
        return linked

    def _trusted(self, stamp: Stamp) -> bool:
        return max(stamp[1], stamp[2]) < self.racy_ns

    def _use(self, shown: str, path: str, entry: Entry, stamp: Stamp) -> None:
        """Add the packet of ``entry``, whose first four items are ``stamp``."""
        trusted = max(stamp[1], stamp[2]) < self.racy_ns
        if trusted is not entry[4]:
            self.changed = True
            entry = [*stamp, trusted, *entry[5:]]
        self.new[shown] = entry
        if entry[6] is None:
            return  # not a packet
        hashes = array("q", bytes.fromhex(entry[8]))
        self.citations.add_hashes(Cited(shown, entry[6], entry[7], False), hashes)
        if "\\" in shown:  # any other is read again by its shown path
            self.files.setdefault(shown, Path(path))

    def _read(
        self, path: str, shown: str, parse: Parse, cached: tuple[Entry | None, Stamp] | None
    ) -> None:
        source, _ = read_source(Path(path))
        if source is None:
            return
        if cached is None:  # a link, or below one: read as before, never cached
            packet, _ = parse(source.text, source.path)
            if packet is not None:
                self.citations.add(packet, report=False)
                self.files.setdefault(packet.path, Path(path))
            return
        entry, stamp = cached
        digest = _digest(source.text.encode("utf-8", "surrogatepass"))
        if entry is not None and entry[5] == digest and source.path == shown:
            self._use(shown, path, entry, stamp)
            return
        packet, _ = parse(source.text, source.path)
        if packet is None:
            self.new[shown] = [*stamp, self._trusted(stamp), digest, None, None, ""]
            return
        hashes = array("q", sorted(link_hashes(packet)))
        self.new[shown] = [
            *stamp,
            self._trusted(stamp),
            digest,
            packet.candidate,
            packet.cycle,
            hashes.tobytes().hex(),
        ]
        cited = Cited(packet.path, packet.candidate, packet.cycle, False)
        self.citations.add_hashes(cited, hashes)
        self.files.setdefault(packet.path, Path(path))

    def finish(self, listed: set[str]) -> None:
        """Keep the entries of packets not needed this run that still exist; write
        the file when anything changed."""
        for shown, entry in self.old.items():
            if shown not in self.new and shown in listed and _valid(entry):
                self.new[shown] = entry
        if self.changed or len(self.new) != len(self.old):
            save(self.root, self.new)
