"""The file of the `reuse` index cache (``index_cache``): its rows by column.

One packet's check reads it whole but touches little of it: the paths, candidates
and cycles are one NUL-separated text, the stamps, trust flags and digests one
column each, and every row's link hashes one sorted column with the row of each
(``owners``), searched by bisection; the columns are read without a copy.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Literal

MAGIC = b"rung reuse-index 2\n"  # then "rows pairs text-bytes", the text, the columns
DIGEST_BYTES = 16
OWNER: Literal["i"] = "i"  # a row number: a C int
OWNER_BYTES = array(OWNER).itemsize

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# A row as written: shown path, stamp, trusted, digest, candidate (None: no packet),
# cycle, the hashes of its link keys.
Row = tuple[str, Stamp, bool, bytes, str | None, str | None, Sequence[int]]


def writable(row: Row) -> bool:
    # Strings are kept NUL-separated, "" for no packet: a packet's candidate and
    # cycle match the schema's patterns (no NUL, never empty), a file name holds no
    # NUL.  A row that could not be read back is not kept (it is parsed each run).
    shown, _, _, _, candidate, cycle, _ = row
    return "\0" not in f"{shown}{candidate}{cycle}" and candidate != "" and cycle != ""


def _copy(column: Sequence[int], code: Literal["q", "i"]) -> array[int]:
    """A column (an array, or a memoryview of the file) as a new array, by its bytes."""
    copied = array(code)
    copied.frombytes(memoryview(column).cast("B"))  # type: ignore[arg-type]
    return copied


class Table:
    """The cache's rows, one list or array per field (row ``j`` is item ``j`` of each),
    and every row's link hashes sorted, each with its row (``owners``).

    As a file: ``MAGIC``, a line "rows pairs text-bytes", the code's mark, the paths,
    candidates and cycles NUL-separated in UTF-8, then the columns as native machine words (read
    without a copy: one packet's check touches a few of them).
    """

    __slots__ = (
        "candidates",
        "code",
        "cycles",
        "digests",
        "hashes",
        "owners",
        "paths",
        "stamps",
        "trusted",
    )

    def __init__(self, rows: Iterable[Row] = (), code: str = "") -> None:
        self.code = code  # what ``_code`` said when the rows were made
        self.paths: list[str] = []
        self.candidates: list[str | None] = []
        self.cycles: list[str | None] = []
        stamps = array("q")  # four per row: size, mtime, ctime, inode
        self.trusted = bytearray()  # one per row: 1 when written outside the racy window
        self.digests = bytearray()  # DIGEST_BYTES per row
        pairs: list[tuple[int, int]] = []
        for j, (shown, stamp, trusted, digest, candidate, cycle, hashes) in enumerate(rows):
            self.paths.append(shown)
            stamps.extend(stamp)
            self.trusted.append(trusted)
            self.digests += digest
            self.candidates.append(candidate)
            self.cycles.append(cycle)
            pairs.extend((h, j) for h in hashes)
        pairs.sort()
        self.stamps: Sequence[int] = stamps
        self.hashes: Sequence[int] = array("q", [h for h, _ in pairs])
        self.owners: Sequence[int] = array(OWNER, [j for _, j in pairs])

    def rows(self) -> Iterable[Row]:
        held: dict[int, list[int]] = {}
        for h, j in zip(self.hashes, self.owners, strict=True):
            held.setdefault(j, []).append(h)
        s = self.stamps
        for j, shown in enumerate(self.paths):
            stamp = (s[4 * j], s[4 * j + 1], s[4 * j + 2], s[4 * j + 3])
            digest = bytes(self.digests[DIGEST_BYTES * j : DIGEST_BYTES * (j + 1)])
            cited = (self.candidates[j], self.cycles[j])
            yield shown, stamp, bool(self.trusted[j]), digest, *cited, held.get(j, [])

    def updated(self, rows: dict[str, int], changed: Iterable[Row]) -> Table:
        """This table with ``changed`` rows put in place of those of the same path
        (``rows``: each path's row) or added; a few milliseconds where building it
        anew sorts every hash (70 ms for 2,000 packets)."""
        table = Table(code=self.code)
        table.paths, table.candidates, table.cycles = (
            [*self.paths],
            [*self.candidates],
            [*self.cycles],
        )
        stamps, hashes = _copy(self.stamps, "q"), _copy(self.hashes, "q")
        owners = _copy(self.owners, OWNER)
        table.trusted, table.digests = bytearray(self.trusted), bytearray(self.digests)
        replaced: set[int] = set()
        fresh: list[tuple[int, int]] = []
        for shown, stamp, trusted, digest, candidate, cycle, held in changed:
            j = rows.get(shown)
            if j is None:
                j = len(table.paths)
                table.paths.append(shown)
                table.candidates.append(candidate)
                table.cycles.append(cycle)
                stamps.extend(stamp)
                table.trusted.append(trusted)
                table.digests += digest
            else:
                replaced.add(j)
                table.candidates[j], table.cycles[j] = candidate, cycle
                stamps[4 * j : 4 * j + 4] = array("q", stamp)
                table.trusted[j] = trusted
                table.digests[DIGEST_BYTES * j : DIGEST_BYTES * (j + 1)] = digest
            fresh.extend((h, j) for h in held)
        if replaced:  # their old hashes go, from the last so the places hold
            for i in reversed([i for i, j in enumerate(owners) if j in replaced]):
                del hashes[i], owners[i]
        for h, j in fresh:
            i = bisect_left(hashes, h)
            hashes.insert(i, h)
            owners.insert(i, j)
        table.stamps, table.hashes, table.owners = stamps, hashes, owners
        return table

    def holding(self, wanted: Iterable[int]) -> dict[int, list[int]] | None:
        """The rows holding any of the ``wanted`` hashes, each with those it holds;
        None when the table names a row it does not have."""
        hashes, owners, count, rows = self.hashes, self.owners, len(self.hashes), len(self.paths)
        found: dict[int, list[int]] = {}
        for h in wanted:
            i = bisect_left(hashes, h)
            while i < count and hashes[i] == h:
                j = owners[i]
                if not 0 <= j < rows:
                    return None
                found.setdefault(j, []).append(h)
                i += 1
        return found

    def to_bytes(self) -> bytes:
        texts = [
            self.code,
            *self.paths,
            *(c or "" for c in self.candidates),
            *(c or "" for c in self.cycles),
        ]
        text = "\0".join(texts).encode("utf-8", "surrogatepass")
        return b"".join(
            (
                MAGIC,
                f"{len(self.paths)} {len(self.hashes)} {len(text)}\n".encode("ascii"),
                text,
                array("q", self.stamps).tobytes(),
                self.trusted,
                self.digests,
                array("q", self.hashes).tobytes(),
                array(OWNER, self.owners).tobytes(),
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Table | None:
        """The table ``to_bytes`` wrote, or None for anything else."""
        end = data.find(b"\n", len(MAGIC)) if data.startswith(MAGIC) else -1
        sizes = data[len(MAGIC) : end].split(b" ") if end > 0 else []
        if len(sizes) != 3 or not all(size.isdigit() for size in sizes):
            return None
        n, m, length = map(int, sizes)
        start = end + 1 + length
        fixed = start + 32 * n + n + DIGEST_BYTES * n
        if len(data) != fixed + (8 + OWNER_BYTES) * m:
            return None
        try:
            texts = data[end + 1 : start].decode("utf-8", "surrogatepass").split("\0")
        except UnicodeDecodeError:
            return None
        if len(texts) != 3 * n + 1:
            return None
        table = cls(code=texts[0])
        table.paths = texts[1 : n + 1]
        table.candidates = [c or None for c in texts[n + 1 : 2 * n + 1]]
        table.cycles = [c or None for c in texts[2 * n + 1 :]]
        if len(set(table.paths)) != n:
            return None
        body = memoryview(data)
        table.stamps = body[start : start + 32 * n].cast("q")
        table.trusted = bytearray(body[start + 32 * n : start + 33 * n])
        table.digests = bytearray(body[start + 33 * n : fixed])
        table.hashes = body[fixed : fixed + 8 * m].cast("q")
        table.owners = body[fixed + 8 * m :].cast(OWNER)
        return table  # each owner is checked when it is looked up (``holding``)
