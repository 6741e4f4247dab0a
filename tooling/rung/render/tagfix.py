"""Finishing touches to WeasyPrint's PDF/UA structure, applied before the file is written.

WeasyPrint 70 tags tables and links but leaves two things a screen reader and
pdfua miss (``UA-15-003``, ``UA-18-005`` in spirit):

- header cells lose their ``scope``: it associates cells through ``/Headers``
  and ``/ID`` but writes no ``/IDTree``, so nothing can follow those ids.  Every
  ``/TH`` gets a ``/Scope``: ``/Row`` when its row also holds data cells (the
  cover's facts, the ratings table), ``/Column`` when the row is all headers;
- a link annotation's description (``/Contents``) is its raw target, so a
  reader hears ``p-dana-levi-d5bb22e1-c1-1``.  Internal links get the text rung
  gives for their anchor ("Go to criterion 1.1: ...").

Runs as WeasyPrint's ``finisher`` on its pydyf objects: no second parse of the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _number(reference: Any) -> int | None:
    """``b"12 0 R"`` -> 12."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    head = text.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def finish(pdf: Any, descriptions: Mapping[str, str]) -> None:
    """Give header cells their scope and links their descriptions (``pdf`` is pydyf's)."""
    import pydyf  # type: ignore[import-untyped]

    by_number = {obj.number: obj for obj in pdf.objects if getattr(obj, "number", None)}
    for obj in pdf.objects:
        if not isinstance(obj, dict):
            continue
        if obj.get("S") == "/TH":
            row = by_number.get(_number(obj.get("P", b"")) or -1)
            kids = row.get("K", []) if isinstance(row, dict) else []
            cells = [by_number.get(_number(kid) or -1) for kid in kids if not isinstance(kid, int)]
            has_data = any(isinstance(c, dict) and c.get("S") == "/TD" for c in cells)
            attributes = obj.get("A")
            if not isinstance(attributes, dict):
                attributes = obj["A"] = pydyf.Dictionary({"O": "/Table"})
            attributes["Scope"] = "/Row" if has_data else "/Column"
        elif obj.get("Subtype") == "/Link" and isinstance(obj.get("Dest"), pydyf.String):
            target = obj["Dest"].string
            if target in descriptions:
                obj["Contents"] = pydyf.String(descriptions[target])
