"""The `reuse` rule's index of context packets, kept between runs (issue 29).

Validating one packet compares its links with every packet of its cycle and
its candidate's earlier packets; reading and parsing 2,000 of them for one
pre-commit check took seconds.  ``.rung-cache/reuse-index`` keeps, per context
packet, what ``CitationIndex.add`` keeps (candidate, cycle, the hashes of its
link keys), keyed by the file's shown path, size, mtime, ctime, inode and a
BLAKE2b hash of its bytes.

It is kept by column (``index_table.Table``), so that checking one packet costs per context
packet one ``lstat`` and a few comparisons: the hashes are stored once, sorted,
each with the row that holds it, and only the rows that hold one of the
checked packets' hashes are added to the index (``ContextReader``).  A row that
holds none cannot give a notice on a checked packet: ``CitationIndex.problems``
only reports links a reported packet cites.

The cache must never change a finding, so it is trusted only as far as the
file system vouches for it:

* a row is used as it is only when the file's size, mtime, ctime (which no
  program can set) and inode all match what was stored, and the row was
  written more than ``RACY_SECONDS`` after the file's last change (a change in
  the same clock tick as the write would keep all four); a row written sooner
  is used when those four match and so does the hash of the file's text (read
  again, not parsed); anything else is parsed again.  The hash is never a reason
  on its own: whoever writes a packet knows its hash;
* a file that is a symbolic link, or lies below one, is never taken from the
  cache (reading it is refused, as without the cache);
* a file that is missing, not rung's, of another version, too large, malformed
  in any part, a symbolic link or not the user's own is ignored as a whole — a
  copy committed to the repository or restored from CI cannot match the
  checkout's inodes and ctimes, so at worst it is useless;
* the index it feeds only points at packets to compare: the links themselves
  are read again from the packets (``CitationIndex.problems``), so a wrong
  row can never invent a notice.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from rung.loaders.sources import read_source, symbolic_link
from rung.model.digest import blake2b
from rung.model.packet import Packet, parse_packet
from rung.validate.cache_file import CACHE_DIR, code_stamps, read_cache, write_cache
from rung.validate.index_table import DIGEST_BYTES, Row, Stamp, Table, writable
from rung.validate.rules.reuse import CitationIndex, Cited, link_hashes

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

CACHE_FILE = CACHE_DIR / "reuse-index"
RACY_SECONDS = 2  # coarser than any file system's timestamps
FEW = 512  # new link hashes put in place one by one; more: the table is built anew
# The code that makes a row (a packet's candidate, cycle and link hashes): a cache
# made by another commit of rung is not used.
CODE = (
    "validate/rules/reuse.py",
    "model/githublink.py",
    "model/packet.py",
    "model/digest.py",
    "validate/index_table.py",
    __file__,
)

Parse = Callable[[str, str], tuple[Packet | None, "Any"]]


def _stamp(st: os.stat_result) -> Stamp:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=DIGEST_BYTES).digest()


def _code() -> str:
    return "\n".join(f"{size} {mtime} {path}" for path, size, mtime in code_stamps(CODE))


def load(root: Path) -> Table | None:
    """The cache file under ``root``, or None when it cannot be trusted (or was made
    by other code)."""
    data = read_cache(root, CACHE_FILE.name)
    table = None if data is None else Table.from_bytes(data)
    return table if table is not None and table.code == _code() else None


def save(root: Path, table: Table) -> None:
    """Write the cache atomically, marked with this code; a cache that cannot be
    written is no error."""
    table.code = _code()
    write_cache(root, CACHE_FILE.name, table.to_bytes())
    with contextlib.suppress(OSError):  # the JSON file of the first version, unread now
        (root / CACHE_DIR / "reuse-index.json").unlink()


class ContextReader:
    """Adds context packets to a ``CitationIndex``, from the cache where it may."""

    def __init__(self, root: Path, citations: CitationIndex, files: dict[str, Path]) -> None:
        self.root = root
        self.citations = citations
        self.files = files  # by shown path: the files the second pass may read again
        # Only a row holding a hash of a checked packet can matter to a finding.
        wanted = citations.reported_hashes()
        self.old = load(root) or Table()
        hits = self.old.holding(wanted)
        if hits is None:  # malformed: as if there were no cache
            self.old, hits = Table(), {}
        self.hits = hits
        self.rows = dict(zip(self.old.paths, range(len(self.old.paths)), strict=True))
        self.new: dict[str, Row] = {}  # rows read again, or whose trust changed
        self.now_ns = time.time_ns()
        self.racy_ns = self.now_ns - RACY_SECONDS * 1_000_000_000  # changed after: racy
        self.changed = False
        self._linked: dict[str, bool] = {}  # folder -> lies below a symbolic link

    def add(self, files: Iterable[tuple[str, str]], parse: Parse = parse_packet) -> None:
        """Add the packets at these paths (each with its shown path) for context, as an
        uncached read would: nothing for a file that cannot be read or is no packet."""
        # One loop for 2,000 files when one packet is checked: names bound once, and
        # the common case (a trusted row holding none of the checked packets' hashes)
        # costs an lstat and a few comparisons.
        old, rows, hits, racy_ns = self.old, self.rows, self.hits, self.racy_ns
        stamps, trusted, lstat, regular = old.stamps, old.trusted, os.lstat, stat.S_ISREG
        folder, linked = "", False
        for path, shown in files:
            here = path[: max(path.rfind(os.sep), 0)]  # dirname, for "folder/name" paths
            if here != folder:  # they come folder by folder
                folder, linked = here, self._below_link(here)
            try:
                st = lstat(path)
            except OSError:
                st = None
            if st is None or linked or not regular(st.st_mode):
                self.changed = True
                self._read(path, shown, parse, None)  # refused as before
                continue
            j = rows.get(shown)
            if j is not None:
                k, mtime, ctime = 4 * j, st.st_mtime_ns, st.st_ctime_ns
                if (
                    stamps[k] == st.st_size
                    and stamps[k + 1] == mtime
                    and stamps[k + 2] == ctime
                    and stamps[k + 3] == st.st_ino
                ):
                    if trusted[j]:
                        if j in hits or ctime >= racy_ns or mtime >= racy_ns:
                            self._use(j, shown, path)
                        continue
                else:
                    j = None  # another file now: its bytes' hash is no reason to trust it
            self.changed = True
            self._read(path, shown, parse, (j, _stamp(st)))

    def _below_link(self, folder: str) -> bool:
        """Whether ``folder`` is, or lies below, a symbolic link (once per folder)."""
        linked = self._linked.get(folder)
        if linked is None:
            linked = self._linked[folder] = symbolic_link(Path(folder)) is not None
        return linked

    def _trusted(self, stamp: Stamp) -> bool:
        return max(stamp[1], stamp[2]) < self.racy_ns

    def _use(self, j: int, shown: str, path: str) -> None:
        """Add the packet of row ``j``, whose stamp is the file's."""
        old = self.old
        trusted = max(old.stamps[4 * j + 1], old.stamps[4 * j + 2]) < self.racy_ns
        if trusted is not bool(old.trusted[j]):
            self.changed = True
            old.trusted[j] ^= 1  # written so by ``finish``
        held = self.hits.get(j)
        candidate, cycle = old.candidates[j], old.cycles[j]
        if held is None or candidate is None or cycle is None:
            return  # no packet, or none of the checked packets' links
        self.citations.add_hashes(Cited(shown, candidate, cycle, False), held)
        if "\\" in shown:  # any other is read again by its shown path
            self.files.setdefault(shown, Path(path))

    def _read(
        self, path: str, shown: str, parse: Parse, cached: tuple[int | None, Stamp] | None
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
        j, stamp = cached
        digest = _digest(source.text.encode("utf-8", "surrogatepass"))
        if (
            j is not None
            and self.old.digests[DIGEST_BYTES * j : DIGEST_BYTES * (j + 1)] == digest
            and source.path == shown
        ):
            self._use(j, shown, path)
            return
        packet, _ = parse(source.text, source.path)
        trusted = self._trusted(stamp)
        if packet is None:
            self.new[shown] = (shown, stamp, trusted, digest, None, None, ())
            return
        hashes = sorted(link_hashes(packet))
        self.new[shown] = (shown, stamp, trusted, digest, packet.candidate, packet.cycle, hashes)
        self.citations.add_hashes(Cited(packet.path, packet.candidate, packet.cycle, False), hashes)
        self.files.setdefault(packet.path, Path(path))

    def finish(self, listed: set[str]) -> None:
        """Keep the rows of packets not needed this run that still exist; write the
        file when anything changed."""
        old, rows = self.old, [*self.new.values()]
        none_gone = listed.issuperset(old.paths)
        if not self.changed and none_gone:
            return
        if none_gone and all(map(writable, rows)) and sum(len(r[6]) for r in rows) <= FEW:
            save(self.root, old.updated(self.rows, rows))  # the common case: a few changed
            return
        kept = (row for row in old.rows() if row[0] not in self.new and row[0] in listed)
        save(self.root, Table(row for row in [*kept, *rows] if writable(row)))
