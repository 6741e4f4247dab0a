"""One source PDF's objects written into a :class:`rung.render.pdfwrite.Writer`,
renumbered, parsed and serialised by qpdf (through pikepdf) one object at a time.

A source's object ``n`` becomes ``base + n``: the numbers are known before any
object is read, so every reference can be rewritten as it is met.  qpdf writes
each object's text (``unparse``) with its references as ``n g R``; those are
rewritten with one regular expression that steps over string literals (qpdf
escapes every parenthesis inside them), so text that merely reads ``1 0 R`` is
left alone.  Only objects reached from what the caller asks for are written.

A few of a source's objects stand for objects of the output (its catalog, page
tree, structure tree root, outline root): :meth:`Copier.stand_for` maps them, and
:meth:`Copier.placeholder` makes a new one, so the source can be edited in
pikepdf to point at objects that live elsewhere in the output.
"""

from __future__ import annotations

import re
from typing import Any

from rung.render.pdfwrite import Writer

# A string literal (kept as it is) or an indirect reference (rewritten); most
# objects hold no string, and the shorter pattern scans them in two thirds of the
# time.  A reference starts at a word boundary and its digits never give back
# (possessive): the scan skips the insides of numbers, 40% faster again.
_TOKEN = re.compile(rb"\((?:[^\\)]++|\\.)*+\)|\b(\d++) (\d++) R", re.S)
_REFERENCE = re.compile(rb"\b(\d++) (\d++) R")


def _pattern(text: bytes) -> re.Pattern[bytes]:
    return _TOKEN if b"(" in text else _REFERENCE


class Copier:
    """The objects of ``pdf`` (an open ``pikepdf.Pdf``), numbered from ``base``."""

    def __init__(self, writer: Writer, pdf: Any) -> None:
        self.writer, self.pdf = writer, pdf
        self.size = int(pdf.trailer.Size)  # every object of the file is numbered below
        self.base = writer.reserve(self.size)
        self._outside: dict[int, int] = {}  # object of the source -> object of the output
        self._placeholders: dict[int, Any] = {}
        self._queue: list[tuple[int, int]] = []
        self._refs: dict[bytes, bytes] = {}  # "n g R" met -> as written (and queued)
        self._held: set[int] = set()

    def stand_for(self, obj: Any, number: int) -> None:
        """References to ``obj`` (of the source) become references to output ``number``;
        ``obj`` itself is not written."""
        if obj.is_indirect:
            self._outside[obj.objgen[0]] = number
            self._refs.pop(b"%d %d R" % obj.objgen, None)

    def placeholder(self, number: int) -> Any:
        """An object of the source that stands for output object ``number``."""
        found = self._placeholders.get(number)
        if found is None:
            import pikepdf

            found = self.pdf.make_indirect(pikepdf.Dictionary())
            self.stand_for(found, number)
            self._placeholders[number] = found
        return found

    def number(self, obj: Any) -> int:
        """The output number of ``obj``, an indirect object of the source."""
        number: int = obj.objgen[0]
        return self._outside.get(number, self.base + number)

    def hold(self, obj: Any) -> None:
        """Do not write ``obj`` (nor what only it reaches) until :meth:`release`."""
        self._held.add(obj.objgen[0])

    def release(self, obj: Any) -> None:
        self._held.discard(obj.objgen[0])
        self.text(obj)

    def text(self, obj: Any) -> bytes:
        """``obj`` as it is written where it is used: ``n 0 R`` (queued to be written)
        if it is indirect, its renumbered text if not."""
        text = obj.unparse()
        return _pattern(text).sub(self._reference, text)

    def _reference(self, match: re.Match[bytes]) -> bytes:
        # Called for every reference of every object (millions in a volume): a
        # reference met before costs one dictionary look-up.
        found = self._refs.get(match[0])
        if found is None:
            if match[1] is None:
                return match[0]  # a string literal
            found = self._first_reference(match)
        return found

    def _first_reference(self, match: re.Match[bytes]) -> bytes:
        number = int(match[1])
        outside = self._outside.get(number)
        if outside is not None:
            return b"%d 0 R" % outside  # few per file: not cached
        if number >= self.size:  # no such object: qpdf reads it as null
            found = b"null"
        else:
            found = b"%d 0 R" % (self.base + number)
            if number in self._held:
                return found  # queued only once released
            self._queue.append((number, int(match[2])))
        self._refs[match[0]] = found
        return found

    def drain(self) -> None:
        """Write every object queued so far, and what they reach.  The non-stream ones
        are packed in number order: neighbours share object streams, so the
        cross-reference stream compresses to almost nothing."""
        import pikepdf

        bodies: list[tuple[int, bytes]] = []
        # Names bound once: this loop runs for every object of a volume.
        queue, get, reference = self._queue, self.pdf.get_object, self._reference
        stream = pikepdf.ObjectType.stream
        while queue:
            number, generation = queue.pop()
            obj = get(number, generation)
            if obj._type_code == stream:
                data = obj.read_raw_bytes()
                if obj.stream_dict.get("/Length") != len(data):
                    obj.stream_dict.Length = len(data)
                head = obj.stream_dict.unparse(resolved=True)
                head = _pattern(head).sub(reference, head)
                self.writer.add_stream(self.base + number, head, data)
            else:
                body = obj.unparse(resolved=True)
                bodies.append((number, _pattern(body).sub(reference, body)))
        for number, body in sorted(bodies):
            self.writer.add(self.base + number, body)
