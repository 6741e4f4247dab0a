"""``Copier`` on a source PDF written by hand, its objects and numbers known: every
reference renumbered once, strings never, streams with their true length, objects
that stand for others, held objects, and references beyond the file's size."""

from __future__ import annotations

import io

import pikepdf
import pytest

from rung.render.pdfcopy import Copier
from rung.render.pdfwrite import Writer

HOLDER = (
    rb"<< /T (see 4 1 R and \(5 0 R\) \\ 4 1 R) /To 4 1 R /Again 4 1 R /S 5 0 R /W 6 0 R"
    rb" /Many [ 4 1 R 9 0 R 7 ] >>"
)
OBJECTS = {
    (1, 0): b"<< /Type /Catalog /Pages 2 0 R /Holder 3 0 R >>",
    (2, 0): b"<< /Type /Pages /Kids [ ] /Count 0 >>",
    (3, 0): HOLDER,
    (4, 1): b"<< /Name (target) >>",  # generation 1
    (5, 0): b"<< /Length 5 /Note (x) >>\nstream\nhello\nendstream",
    (6, 0): b"<< /Length 3 >>\nstream\nworld\nendstream",  # a wrong length
    (9, 0): b"(beyond)",  # listed, but the trailer's /Size says 9: no such object
}


def source() -> pikepdf.Pdf:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets: dict[int, tuple[int, int]] = {}
    for (number, generation), body in sorted(OBJECTS.items()):
        offsets[number] = (out.tell(), generation)
        out.write(b"%d %d obj\n%s\nendobj\n" % (number, generation, body))
    xref = out.tell()
    out.write(b"xref\n0 10\n0000000000 65535 f \n")
    for number in range(1, 10):
        where = offsets.get(number)
        out.write(b"%010d %05d n \n" % where if where else b"0000000000 00000 f \n")
    out.write(b"trailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return pikepdf.open(io.BytesIO(out.getvalue()))


class Recording(Writer):
    """What the copier writes, in order, as the objects' texts."""

    def __init__(self) -> None:
        super().__init__()
        self.objects: list[tuple[int, bytes]] = []
        self.streams: list[tuple[int, bytes, bytes]] = []

    def add(self, number: int, body: bytes) -> None:
        self.objects.append((number, body))

    def add_stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        self.streams.append((number, dictionary, data))


@pytest.fixture
def copier() -> Copier:
    writer = Recording()
    writer.reserve(3)  # numbers of the output's own
    return Copier(writer, source())


def written(copier: Copier) -> Recording:
    writer = copier.writer
    assert isinstance(writer, Recording)
    return writer


def test_each_object_reached_is_written_once_renumbered_strings_untouched(
    copier: Copier,
) -> None:
    base = copier.base
    assert (copier.size, base) == (9, 4)
    holder = copier.pdf.Root.Holder
    assert copier.text(holder) == b"%d 0 R" % (base + 3)
    assert copier.number(holder) == base + 3
    copier.drain()
    to, s, w = base + 4, base + 5, base + 6
    body = (
        b"<< /Again %d 0 R /Many [ %d 0 R null 7 ] /S %d 0 R"
        rb" /T (see 4 1 R and \(5 0 R\) \\ 4 1 R) /To %d 0 R /W %d 0 R >>" % (to, to, s, to, w)
    )
    writer = written(copier)
    assert sorted(writer.objects) == [
        (base + 3, body),
        (base + 4, b"<< /Name (target) >>"),
    ]
    assert [n for n, _ in writer.objects] == sorted(n for n, _ in writer.objects)
    assert sorted(writer.streams) == [
        (s, b"<< /Length 5 /Note (x) >>", b"hello"),
        (w, b"<< /Length 6 >>", b"world\n"),  # the length qpdf found, not the one given
    ]
    copier.drain()  # nothing queued again
    assert len(writer.objects) == 2 and len(writer.streams) == 2


def test_a_direct_object_is_its_text_renumbered(copier: Copier) -> None:
    many = copier.pdf.Root.Holder.Many
    assert copier.text(many) == b"[ %d 0 R null 7 ]" % (copier.base + 4)
    assert copier.text(pikepdf.String("(1 0 R)")) == rb"(\(1 0 R\))"
    copier.drain()
    assert written(copier).objects == [(copier.base + 4, b"<< /Name (target) >>")]


def test_an_object_that_stands_for_another_is_not_written(copier: Copier) -> None:
    target = copier.pdf.get_object(4, 1)
    assert copier.text(target) == b"%d 0 R" % (copier.base + 4)  # met before
    copier.stand_for(target, 2)
    assert copier.number(target) == 2
    assert copier.text(copier.pdf.Root.Holder.Many) == b"[ 2 0 R null 7 ]"
    assert copier.number(copier.pdf.Root.Holder) == copier.base + 3
    placeholder = copier.placeholder(1)
    assert copier.placeholder(1) is placeholder
    assert copier.number(placeholder) == 1 and copier.text(placeholder) == b"1 0 R"
    copier.drain()  # the target, queued when met, and no placeholder
    assert written(copier).objects == [(copier.base + 4, b"<< /Name (target) >>")]


def test_a_held_object_is_written_only_once_released(copier: Copier) -> None:
    target = copier.pdf.get_object(4, 1)
    copier.hold(target)
    copier.text(copier.pdf.Root.Holder)
    copier.drain()
    writer = written(copier)
    assert copier.base + 4 not in [n for n, _ in writer.objects]
    (number, body), *_ = writer.objects
    assert number == copier.base + 3 and b"/To %d 0 R " % (copier.base + 4) in body
    copier.release(target)
    copier.drain()
    assert writer.objects[-1] == (copier.base + 4, b"<< /Name (target) >>")
    assert [n for n, _ in writer.objects].count(copier.base + 4) == 1
