"""Continuous "Page x of y" footers for a bundle joined from separately laid-out PDFs.

Packets are laid out in parallel, each before anyone knows on which page of the
bundle it will start, so a packet rendered for a bundle leaves its page-number
box empty (``.in-bundle`` in print.css) and the joined bundle gets its numbers
here.  WeasyPrint lays out one *calibration* page whose footer reads
``Page 0123456789 of`` in the stylesheet's own footer style (``.page-number-
calibration``); its drawing commands, font subset and graphics states are then
replayed on every page of the bundle with the glyphs of that page's number and
the text moved so that it ends where the calibration text ended (the box is
right-aligned).  The footer is marked as a pagination artifact, as PDF/UA asks.
Laying out one page costs a fraction of a second; a footer document of a
thousand pages would cost WeasyPrint many seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CALIBRATION_TEXT = "Page 0123456789 of"
_PREFIX = "rungpn-"
_TEXT = re.compile(
    rb"(?P<head>BT\s+1 0 0 -1 )(?P<x>[-\d.]+)(?P<mid> [-\d.]+ Tm\s+/\S+ (?P<size>[\d.]+) Tf\s+)"
    rb"\[(?P<tj>[^\]]*)\] TJ"
)
_GLYPH = re.compile(rb"<([0-9a-fA-F]+)>|(-?[\d.]+)")


class CalibrationError(ValueError):
    """The calibration page does not hold the text rung expects (a template change)."""


@dataclass(frozen=True)
class Footer:
    """What a page-number footer needs: a drawing template, glyphs and resources."""

    before: bytes  # the calibration stream up to the text's x coordinate
    after: bytes  # from after x up to the glyph array
    tail: bytes  # after the glyph array to the end of the stream
    right: float  # where the text ends, in the stream's text space
    size: float
    codes: dict[str, str]  # character -> glyph code (hex)
    widths: dict[str, float]  # character -> advance in thousandths of the font size
    resources: dict[str, dict[str, Any]]  # category -> renamed name -> object (in the source PDF)


def calibration_html(stylesheet: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en" class="page-number-calibration"><head><meta charset="utf-8">'
        f'<title>page numbers</title><link rel="stylesheet" href="{stylesheet}"></head>'
        "<body><p></p></body></html>"
    )


def _widths(cid_font: Any) -> dict[int, float]:
    from pikepdf import Array

    widths: dict[int, float] = {}
    array = list(cid_font.get("/W", ()))
    i = 0
    while i < len(array):
        first = int(array[i])
        nxt = array[i + 1]
        if isinstance(nxt, Array):
            for n, w in enumerate(nxt):
                widths[first + n] = float(w)
            i += 2
        else:
            for cid in range(first, int(nxt) + 1):
                widths[cid] = float(array[i + 2])
            i += 3
    return widths


def read_calibration(calibration: Any) -> Footer:
    """The footer template from the calibration page (one untagged WeasyPrint page,
    an open ``pikepdf.Pdf``; ``resources`` are its objects)."""
    from pikepdf import Array

    page = calibration.pages[0]
    contents = page.obj.get("/Contents")
    parts = [] if contents is None else contents if isinstance(contents, Array) else [contents]
    data = b"".join(part.read_bytes() for part in parts)
    resources: Any = page.obj.Resources
    renamed: dict[str, dict[str, Any]] = {}
    for category in ("/Font", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading"):
        for name, value in resources.get(category, {}).items():
            new = f"/{_PREFIX}{name[1:]}"
            data = re.sub(re.escape(name.encode()) + rb"(?=[\s/\[<(])", new.encode(), data)
            renamed.setdefault(category, {})[new] = value
    found = list(_TEXT.finditer(data))
    if len(found) != 1:
        raise CalibrationError(f"expected one line of footer text, found {len(found)}")
    match = found[0]
    glyphs = list(_GLYPH.finditer(match["tj"]))
    codes = [m[1].decode() for m in glyphs if m[1] is not None]
    kerning = sum(float(m[2]) for m in glyphs if m[2] is not None)
    if len(codes) != len(CALIBRATION_TEXT):
        raise CalibrationError(f"footer text has {len(codes)} glyphs, not {len(CALIBRATION_TEXT)}")
    [font] = renamed.get("/Font", {}).values()
    widths_by_cid = _widths(font.DescendantFonts[0])
    char_code = dict(zip(CALIBRATION_TEXT, codes, strict=True))
    char_width = {ch: widths_by_cid.get(int(code, 16), 0.0) for ch, code in char_code.items()}
    size = float(match["size"])
    advance = sum(char_width[ch] for ch in CALIBRATION_TEXT) - kerning
    return Footer(
        before=data[: match.start("x")],
        after=match["mid"],
        tail=b"] TJ" + data[match.end() :],
        right=float(match["x"]) + advance / 1000 * size,
        size=size,
        codes=char_code,
        widths=char_width,
        resources=renamed,
    )


def footer_stream(footer: Footer, text: str) -> bytes:
    """Drawing commands for ``text`` (made of the calibration's characters), right-aligned."""
    width = sum(footer.widths[ch] for ch in text) / 1000 * footer.size
    glyphs = "".join(f"<{footer.codes[ch]}>" for ch in text)
    return (
        b"q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
        + footer.before
        + f"{footer.right - width:.6f}".encode()
        + footer.after
        + b"["
        + glyphs.encode()
        + footer.tail
        + b"\nEMC\nQ\n"
    )
