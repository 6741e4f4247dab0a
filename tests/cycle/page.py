"""The dashboard as a reader sees it: HTML parsed into elements (attributes unescaped,
as a browser reads them), and the charts, table and nagboard read back out of it.

Tests assert on these values, never on the HTML's spelling, so a quote that breaks out
of an attribute shows as a wrong value or an attribute that should not be there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

VOID = {"meta", "link", "br", "img", "input", "hr", "source", "area", "base", "col", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)  # text directly inside, in order
    duplicated: list[str] = field(default_factory=list)  # attributes given twice

    @property
    def text(self) -> str:
        """All the text inside, as a browser would show it (children included)."""
        out: list[str] = []
        self._gather(out)
        return "".join(out)

    def _gather(self, out: list[str]) -> None:
        # Children's text in document order: a marker in text_parts holds each child's place.
        children = iter(self.children)
        for part in self.text_parts:
            if part == "\0":
                next(children)._gather(out)
            else:
                out.append(part)

    def all(self, tag: str | None = None) -> list[Element]:
        found: list[Element] = []
        for child in self.children:
            if tag is None or child.tag == tag:
                found.append(child)
            found.extend(child.all(tag))
        return found

    def one(self, tag: str, **attrs: str) -> Element:
        [found] = [e for e in self.all(tag) if all(e.attrs.get(k) == v for k, v in attrs.items())]
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        names = [name for name, _ in attrs]
        element = Element(
            tag,
            {name: value or "" for name, value in attrs},
            duplicated=sorted({n for n in names if names.count(n) > 1}),
        )
        parent = self.stack[-1]
        parent.children.append(element)
        parent.text_parts.append("\0")
        if not void:
            self.stack.append(element)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].text_parts.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "an element is left open"
    return builder.root


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# --- what the page shows ------------------------------------------------------------------

Bar = tuple[str, str, str, str]  # (tooltip, x, width, colour)


@dataclass(frozen=True)
class Chart:
    caption: str
    label: str  # the svg's accessible name
    rows: list[tuple[str, list[Bar]]]  # per row: its label and its bars, left to right
    height: float  # the svg's
    bottom: float  # where its lowest label or bar ends
    empty: bool  # "none yet" instead of a chart


def charts(page: Element) -> list[Chart]:
    """Every chart figure, in page order, read from its SVG."""
    out: list[Chart] = []
    for figure in page.all("figure"):
        caption = figure.one("figcaption").text
        svgs = figure.all("svg")
        if not svgs:
            out.append(Chart(caption, "", [], 0, 0, figure.one("p").text != ""))
            continue
        [svg] = svgs
        # A row's label starts at x=0; a coverage bar's share is written after the bar.
        labels = [t for t in svg.all("text") if t.attrs["x"] == "0"]
        rows: list[tuple[str, list[Bar]]] = [(t.text, []) for t in labels]
        for rect in svg.all("rect"):
            # A bar belongs to the row whose label sits on its band.
            row = next(
                i
                for i, t in enumerate(labels)
                if float(t.attrs["y"]) - 11 <= float(rect.attrs["y"]) < float(t.attrs["y"]) + 5
            )
            tooltip = rect.one("title").text
            rows[row][1].append((tooltip, rect.attrs["x"], rect.attrs["width"], rect.attrs["fill"]))
        bottom = max(
            [float(t.attrs["y"]) for t in labels]
            + [float(r.attrs["y"]) + float(r.attrs["height"]) for r in svg.all("rect")]
        )
        height = float(svg.attrs["height"])
        out.append(Chart(caption, svg.attrs["aria-label"], rows, height, bottom, False))
    return out


def legend(page: Element) -> dict[str, str]:
    """The coverage legend: word -> the colour of its square."""
    [para] = [p for p in page.all("p") if p.text.startswith("Coverage:")]
    words = [w.strip() for w in re.split(r"·", para.text.removeprefix("Coverage:"))]
    colours = [svg.one("rect").attrs["fill"] for svg in para.all("svg")]
    return dict(zip(words, colours, strict=True))


def table(page: Element) -> tuple[list[dict[str, str]], list[list[tuple[str, str]]]]:
    """The packets table: its headers' attributes, and per row (shown, sort key) per cell."""
    packets = page.one("table", id="packets")
    heads = [th.attrs | {"title": th.text} for th in packets.one("thead").all("th")]
    rows = [
        [(td.text, td.attrs["data-sort"]) for td in tr.all("td")]
        for tr in packets.one("tbody").all("tr")
    ]
    return heads, rows


def sort_like_the_page(page: Element, key: str, descending: bool = False) -> list[str]:
    """The candidates in the order the page's script sorts them by column ``key``: numbers
    as numbers, text as text, ties in the table's order."""
    packets = page.one("table", id="packets")
    heads = packets.one("thead").all("th")
    index = next(i for i, th in enumerate(heads) if th.attrs["data-key"] == key)
    numeric = heads[index].attrs["data-type"] == "number"
    trs = packets.one("tbody").all("tr")

    def value(tr: Element) -> Any:
        raw = tr.all("td")[index].attrs["data-sort"]
        return float(raw) if numeric else raw

    ordered = sorted(trs, key=lambda tr: int(tr.attrs["data-order"]))
    ordered = sorted(ordered, key=value, reverse=descending)  # stable: ties keep their order
    return [tr.all("td")[0].text for tr in ordered]


def status_data(page: Element) -> Any:
    return json.loads(page.one("body").attrs["data-status"])


def expected_cells(packet: dict[str, Any]) -> list[str]:
    """What the table shows for a packet of ``rung cycle status --format json``."""
    state = packet["state"] + (f": {packet['outcome']}" if packet["outcome"] else "")
    said = sum(packet["verdicts"].values()) + packet["recommendations"]["promote"]
    said += packet["recommendations"]["not_yet"]
    asked = packet["state"] not in ("decided", "draft")
    return [
        packet["candidate"],
        packet["name"],
        packet["move"] + (" (lateral)" if packet["lateral"] else ""),
        str(packet["coverage"]["evidenced"]),
        str(packet["coverage"]["required"]),
        str(packet["coverage"]["gaps"]),
        str(len(packet["reviewers"])),
        str(len(packet["owing"])) if asked else "–",
        str(packet["verdicts"]["meets"]),
        str(packet["verdicts"]["not_yet"]),
        f"{packet['disagreement']:.3f}" if said else "–",
        "–" if packet["days_open"] is None else str(packet["days_open"]),
        state,
    ]
