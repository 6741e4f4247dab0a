"""The fonts of a joined bundle: a subset tag from each subset's bytes, one copy of each.

WeasyPrint derives a subset's tag (``XKQQSR+DejaVu-Sans``) from the font file,
not from the glyphs kept: five packets would embed five different subsets all
named alike, which ISO 32000 forbids.  Each subset is retagged from its own
bytes, and byte-identical subsets are then written once.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

TAG_LETTERS = 6


def subset_tag(data: bytes) -> str:
    """Six capital letters from the subset's own bytes: same bytes, same tag."""
    digest = base64.b32encode(hashlib.sha256(data).digest()).decode()
    return "".join(ch for ch in digest if ch.isalpha())[:TAG_LETTERS]


def _fonts(pdf: Any) -> Iterator[tuple[list[Any], Any]]:
    """Each font once: (the font and its descendants, its descriptor)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for _, font in fonts.items() if fonts is not None else ():
            if font.is_indirect:
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
            parts = [font, *font.get("/DescendantFonts", ())]
            descriptor = next((p.FontDescriptor for p in parts if "/FontDescriptor" in p), None)
            if descriptor is not None:
                yield parts, descriptor


def _font_file(descriptor: Any) -> tuple[str, Any] | None:
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return key, descriptor[key]
    return None


def retag_fonts(pdf: Any) -> None:
    """Give every embedded font subset of ``pdf`` a tag made from its bytes."""
    from pikepdf import Name

    for parts, descriptor in _fonts(pdf):
        found = _font_file(descriptor)
        if found is None:
            continue
        tag = subset_tag(found[1].read_bytes())
        for obj, name in [*((p, "/BaseFont") for p in parts), (descriptor, "/FontName")]:
            old = str(obj.get(name, ""))
            if len(old) > 8 and old[7] == "+":  # "/XKQQSR+DejaVu-Sans"
                obj[name] = Name(f"/{tag}+{old[8:]}")


def font_files(pdf: Any) -> Iterator[tuple[Any, bytes]]:
    """Each embedded font file of ``pdf`` once, with a digest of its dictionary and bytes.

    WeasyPrint subsets each document's fonts to the glyphs it uses, so two packets
    (or the index and the page numbers) often embed byte-identical subsets; after
    :func:`retag_fonts` they carry the same tag too, so files with one digest can
    be written once (:mod:`rung.render.pdfjoin` does)."""
    seen: set[tuple[int, int]] = set()
    for parts, _ in _fonts(pdf):
        for part in parts:
            descriptor = part.get("/FontDescriptor")
            if descriptor is None or descriptor.objgen in seen:
                continue
            seen.add(descriptor.objgen)
            found = _font_file(descriptor)
            if found is None or not found[1].is_indirect or found[1].objgen in seen:
                continue
            stream = found[1]
            seen.add(stream.objgen)
            yield (
                stream,
                hashlib.sha256(
                    repr(sorted((k, repr(v)) for k, v in stream.items() if k != "/Length")).encode()
                    + stream.read_raw_bytes()
                ).digest(),
            )
