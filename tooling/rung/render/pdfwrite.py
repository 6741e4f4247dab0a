"""A PDF written object by object: numbers handed out up front, objects packed into
compressed object streams as they come, one cross-reference stream at the end.

:mod:`rung.render.pdfjoin` uses it to write a volume without ever holding the
volume's objects: what stays in memory is the bytes written so far and one
cross-reference entry (seven bytes) per object number.  The bytes are a function
of the objects given and their order; the file identifier is a hash of them.
"""

from __future__ import annotations

import hashlib
import io
import sys
import zlib
from array import array

HEADER = b"%PDF-1.7\n%\xbf\xf7\xa2\xfe\n"
PER_STREAM = 100  # objects per object stream, as qpdf packs them


class Writer:
    """Objects in, one PDF out.  ``reserve`` numbers first; ``add`` and ``add_stream``
    each number at most once; numbers never given an object are written as free."""

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._out.write(HEADER)
        # Per object number: 0 free, 1 at an offset, 2 inside an object stream.
        self._kind = bytearray(1)
        self._where = array("q", [0])  # offset, or the object stream's number
        self._index = array("q", [65535])  # place inside its object stream (0: free, as is usual)
        self._pending: list[tuple[int, bytes]] = []

    @property
    def size(self) -> int:
        return len(self._kind)

    def reserve(self, count: int = 1) -> int:
        """The first of ``count`` new consecutive object numbers."""
        first = len(self._kind)
        self._kind.extend(bytes(count))
        self._where.extend([0] * count)
        self._index.extend([0] * count)
        return first

    def add(self, number: int, body: bytes) -> None:
        """A non-stream object (its unparsed text), packed into an object stream."""
        self._pending.append((number, body))
        if len(self._pending) >= PER_STREAM:
            self._flush()

    def add_stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """A stream, written straight out; ``dictionary`` must say ``/Length len(data)``."""
        self._kind[number], self._where[number] = 1, self._out.tell()
        self._out.write(b"%d 0 obj\n%s\nstream\n" % (number, dictionary))
        self._out.write(data)
        self._out.write(b"\nendstream\nendobj\n")

    def add_data(self, number: int, entries: bytes, data: bytes, compress: bool = True) -> None:
        """A stream of rung's own: ``entries`` is its dictionary's inside, without
        ``/Length`` (and ``/Filter``, which compression adds)."""
        if compress:
            data, entries = zlib.compress(data), (entries + b" /Filter /FlateDecode").lstrip()
        self.add_stream(number, b"<< %s /Length %d >>" % (entries, len(data)), data)

    def _flush(self) -> None:
        if not self._pending:
            return
        stream = self.reserve()
        heads, bodies, offset = [], [], 0
        for place, (number, body) in enumerate(self._pending):
            self._kind[number], self._where[number], self._index[number] = 2, stream, place
            heads.append(b"%d %d" % (number, offset))
            bodies.append(body)
            offset += len(body) + 1
        head = b" ".join(heads) + b"\n"
        entries = b"/Type /ObjStm /N %d /First %d" % (len(self._pending), len(head))
        self.add_data(stream, entries, head + b"\n".join(bodies) + b"\n")
        self._pending = []

    def finish(self, root: int, info: int) -> bytes:
        """The whole file: what is pending, then the cross-reference stream and trailer."""
        self._flush()
        number = self.reserve()
        offset = self._out.tell()
        self._kind[number], self._where[number] = 1, offset
        digest = hashlib.md5(self._out.getbuffer(), usedforsecurity=False).hexdigest().encode()
        entries = (
            b"/Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ]"
            b" /DecodeParms << /Columns 7 /Predictor 12 >>"
            % (self.size, root, info, digest, digest)
        )
        self.add_data(number, entries, _up(self._rows()))
        self._out.write(b"startxref\n%d\n%%%%EOF\n" % offset)
        return self._out.getvalue()

    def _rows(self) -> bytes:
        """The cross-reference table, a PNG row (a filter byte and 1 + 4 + 2 bytes) an object."""
        where, index = array("q", self._where), array("q", self._index)
        if sys.byteorder == "little":
            where.byteswap()
            index.byteswap()
        wide, narrow = where.tobytes(), index.tobytes()
        table = bytearray(8 * len(self._kind))
        table[1::8] = self._kind
        for k in range(4):
            table[2 + k :: 8] = wide[4 + k :: 8]
        for k in range(2):
            table[6 + k :: 8] = narrow[6 + k :: 8]
        return bytes(table)


def _up(table: bytes) -> bytes:
    """PNG's "Up" filter on 8-byte rows (each byte less the one above it, modulo 256,
    the first byte of each row, 0 in ``table``, made 2: "Up"),
    computed on the table as one integer so it costs no Python loop: with ``high``
    the top bit of every byte, ``((x | high) - (y & ~high)) ^ ((x ^ ~y) & high)``
    subtracts bytewise without borrowing across bytes (Hacker's Delight, 2-18)."""
    size = len(table)
    x = int.from_bytes(table, "big")
    y = x >> 64  # each row's upper neighbour; zeros above the first
    high = int.from_bytes(b"\x80" * size, "big")
    low = int.from_bytes(b"\x7f" * size, "big")
    rows = ((x | high) - (y & low)) ^ ((x ^ y ^ high) & high)
    rows |= int.from_bytes((b"\x02" + bytes(7)) * (size // 8), "big")  # each row's filter: Up
    return rows.to_bytes(size, "big")
