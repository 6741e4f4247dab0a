"""templates/print.css against WCAG 2.2: contrast of its colour pairs, and no text under 7.5 pt.

The stylesheet is parsed, not sampled from a PDF: every rule that sets a text
colour is checked against the background it sits on (its own, the rule of an
enclosing selector, or a container named in CONTAINERS for boxes whose nesting
the selectors do not show; the page is white), at 4.5:1 (SC 1.4.3).  Graphics
the reader needs (status borders, swatches, the rating bars) are checked at
3:1 against what surrounds them (SC 1.4.11).  Colours of variables named
``--rule*`` are hairlines that separate rows: decoration, which 1.4.11 exempts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from paths import REPO

CSS = (REPO / "templates" / "print.css").read_text(encoding="utf-8")
WHITE = "#ffffff"
TEXT_RATIO, GRAPHIC_RATIO = 4.5, 3.0
SMALLEST_PT = 7.5
# Boxes whose nesting the selectors do not show: element -> the containers it is printed in.
CONTAINERS = {
    ".gap-label": (".gap",),
    ".move-label": (".move", ".move-lateral"),
    ".move-id": (".move", ".move-lateral"),
    ".move-title": (".move",),
    ".move-arrow": (".move",),
    ".target-label": (".target-level",),
    ".target-summary": (".target-level",),
    ".cell-number": (".cell.status-met", ".cell.status-partial", ".cell.status-gap", ".cell.status-missing"),
    ".cell-label": (".cell.status-met", ".cell.status-partial", ".cell.status-gap", ".cell.status-missing"),
    ".bar-self": (".bar-track",),
    ".bar-self.bar-below": (".bar-track",),
    ".bar-expected": (".bar-track",),
}  # fmt: skip
# Rules whose background is itself a graphic (a bar of the ratings chart).
GRAPHIC_BACKGROUNDS = {".bar-self", ".bar-self.bar-below", ".bar-expected"}


@dataclass(frozen=True)
class Rule:
    selectors: tuple[str, ...]
    declarations: dict[str, str]  # with every var(--x) replaced by its value
    raw: dict[str, str]  # as written


def parse(css: str) -> list[Rule]:
    """The innermost rules (``@page`` margin boxes included), custom properties resolved."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for head, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        selector = head.rsplit(";", 1)[-1].strip()  # a margin box follows its @page's declarations
        declarations = {}
        for part in body.split(";"):
            name, colon, value = part.partition(":")
            if colon:
                declarations[name.strip()] = value.strip()
        selectors = tuple(" ".join(s.split()) for s in selector.split(","))
        rules.append((selectors, declarations))
    variables = {k: v for sel, d in rules if ":root" in sel for k, v in d.items()}

    def substitute(value: str) -> str:
        return re.sub(r"var\((--[\w-]+)\)", lambda m: substitute(variables[m.group(1)]), value)

    return [Rule(sel, {k: substitute(v) for k, v in d.items()}, d) for sel, d in rules]


RULES = parse(CSS)


def resolve(value: str) -> str | None:
    """The hex colour in a declaration value, or None."""
    found = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    if not found:
        return {"white": WHITE, "black": "#000000"}.get(
            value.strip().split()[-1] if value.strip() else ""
        )
    hex_ = found.group(0)
    return "#" + "".join(c * 2 for c in hex_[1:]) if len(hex_) == 4 else hex_.lower()


def decorative(value: str) -> bool:
    return bool(re.search(r"var\(--rule[\w-]*\)", value))


def luminance(hex_: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def background_of(rule: Rule) -> str | None:
    for name in ("background", "background-color"):
        if name in rule.declarations:
            return resolve(rule.declarations[name])
    return None


def _backgrounds_of(selector: str, rules: list[Rule]) -> list[str]:
    return [bg for r in rules if selector in r.selectors and (bg := background_of(r))]


def surroundings(selector: str, rules: list[Rule]) -> list[tuple[str, str]]:
    """(container, background) pairs an element of ``selector`` may sit on; the page last."""
    compounds = selector.split(" ")

    def named(key: str) -> list[tuple[str, str]]:
        return [(c, bg) for c in CONTAINERS.get(key, ()) for bg in _backgrounds_of(c, rules)]

    if named(selector):
        return named(selector)
    for cut in range(len(compounds) - 1, 0, -1):  # an enclosing selector with a background
        container = " ".join(compounds[:cut])
        found = _backgrounds_of(container, rules)
        if found:
            return [(container, bg) for bg in found]
    return named(compounds[-1]) or [("the page", WHITE)]


def text_pairs(rules: list[Rule]) -> Iterator[tuple[str, str, str, str]]:
    """(selector, foreground, background, where) for every text colour of the stylesheet."""
    ink = resolve(next(r for r in rules if "html" in r.selectors).declarations["color"])
    assert ink is not None
    for rule in rules:
        if ":root" in rule.selectors:
            continue
        fg = resolve(rule.declarations["color"]) if "color" in rule.declarations else None
        own = background_of(rule)
        for selector in rule.selectors:
            if fg is not None and own is not None:
                yield selector, fg, own, "its own background"
            elif fg is not None:
                for where, bg in surroundings(selector, rules):
                    yield selector, fg, bg, where
            elif own is not None and selector not in GRAPHIC_BACKGROUNDS:
                yield selector, ink, own, "its own background (text in the ink colour)"


def graphic_pairs(rules: list[Rule]) -> Iterator[tuple[str, str, str, str]]:
    """(selector, graphic colour, surrounding colour, where) for borders and bars."""
    for rule in rules:
        for name, value in rule.declarations.items():
            written = rule.raw[name]
            is_border = name.startswith(("border", "outline")) and "radius" not in name
            is_bar = name.startswith("background") and any(
                s in GRAPHIC_BACKGROUNDS for s in rule.selectors
            )
            if not (is_border or is_bar) or decorative(written):
                continue
            colour = resolve(value)
            if colour is None:
                continue
            for selector in rule.selectors:
                for where, bg in surroundings(selector, rules) if is_bar else [("the page", WHITE)]:
                    yield selector, colour, bg, where


def failures(pairs: Iterator[tuple[str, str, str, str]], least: float) -> list[str]:
    return [
        f"{sel}: {fg} on {bg} ({where}) is {contrast(fg, bg):.2f}:1, needs {least}:1"
        for sel, fg, bg, where in pairs
        if contrast(fg, bg) < least
    ]


def test_contrast_formula_matches_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def check(css: str) -> list[str]:
    rules = parse(css)
    return failures(text_pairs(rules), TEXT_RATIO) + failures(graphic_pairs(rules), GRAPHIC_RATIO)


def test_text_colours_reach_4_5_to_1() -> None:
    pairs = list(text_pairs(RULES))
    assert len(pairs) > 40  # the parser sees the stylesheet, not an empty list
    assert failures(iter(pairs), TEXT_RATIO) == []


def test_graphics_reach_3_to_1() -> None:
    pairs = list(graphic_pairs(RULES))
    assert {sel for sel, *_ in pairs} >= {".bar-expected", ".swatch.status-partial"}
    assert failures(iter(pairs), GRAPHIC_RATIO) == []


def test_a_bad_pair_fails() -> None:
    """The colours the stylesheet had before issue 16 fail: badge text 4.31:1, a bar 1.59:1."""
    assert check(CSS) == []
    old = re.sub(r"--partial: #[0-9a-f]{6}", "--partial: #a5650a", CSS)
    old = re.sub(r"--bar-expected: #[0-9a-f]{6}", "--bar-expected: #b9c6de", old)
    found = check(old)
    assert any(f.startswith(".status-partial .criterion-status: #a5650a on #fbefd9") for f in found)
    assert any(f.startswith(".bar-expected: #b9c6de on #f4f6f9") for f in found), found


def test_every_container_named_exists() -> None:
    selectors = {s for r in RULES for s in r.selectors}
    for element, containers in CONTAINERS.items():
        assert element in selectors or any(s.endswith(element) for s in selectors), element
        assert all(c in selectors for c in containers), (element, containers)


def font_sizes(css: str) -> Iterator[tuple[str, float]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for head, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        for match in re.finditer(r"(?:font-size|font)\s*:\s*([^;]*)", body):
            for size in re.findall(r"([\d.]+)pt", match.group(1)):
                yield head.rsplit(";", 1)[-1].strip(), float(size)


def test_no_text_under_7_5_pt() -> None:
    sizes = list(font_sizes(CSS))
    assert len(sizes) > 30
    small = [(sel, size) for sel, size in sizes if size < SMALLEST_PT]
    assert small == []
    assert not re.search(r"font-size:\s*[\d.]+(?:px|em|rem|%)", CSS), "sizes are in pt only"


def test_the_size_check_fails_on_small_text() -> None:
    assert [s for _, s in font_sizes(".x { font: 600 6pt sans-serif; }") if s < SMALLEST_PT]
