"""A packet's narrative, Markdown -> HTML that is safe to hand to WeasyPrint.

Two layers, so a bug in one is caught by the other:

1. markdown-it-py with the ``js-default`` preset: raw HTML is off (``<img>``
   is text, not a tag), links with ``javascript:``/``file:``/``data:`` are left
   as text, images are disabled, nesting is capped.
2. nh3 on a small allowlist: no ``img``, ``style``, ``link``, ``svg``,
   ``iframe``; no ``style``/``id``/``class`` attributes (except table
   alignment classes we set ourselves); links keep ``https:`` and ``mailto:``
   only, relative URLs are dropped, every link gets ``rel="noopener noreferrer"``.

Headings move down so the shallowest becomes ``<h3>``: the narrative nests
under the packet's own ``<h1>``/``<h2>`` in the PDF outline with no level skipped
(packets write ``## Summary``, which used to become an ``<h4>`` under an ``<h2>``).  Very long words get
zero-width break opportunities: WeasyPrint's line breaking is quadratic in the
length of an unbreakable word (100 KB of one word takes minutes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markupsafe import Markup

FIRST_HEADING = 3  # under the packet's <h1> name and <h2> "Narrative"
MAX_NESTING = 20
# A run of this many characters without a break opportunity gets one every
# BREAK_EVERY characters; shorter words are left to CSS ``overflow-wrap``.
LONG_WORD = 200
BREAK_EVERY = 64
ZERO_WIDTH_SPACE = "\u200b"
# Where Unicode's line-breaking algorithm (UAX #14, which Pango follows) lets a
# line end: spaces of class SP and BA, the mandatory breaks (BK, CR, LF, NL) and
# ZW.  Not ``\s``: Python counts the no-break spaces U+00A0, U+2007 and U+202F
# (class GL, "glue") as white space, Pango never breaks at them, so text joined
# with them is one long word to the layout (160 KB of it hit the time limit).
BREAK_CHARS = "\t\n\v\f\r \x85\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000"
_LONG_RUN = re.compile(rf"[^{BREAK_CHARS}]{{{LONG_WORD},}}")

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "span": set()}
ALIGN_CLASSES = frozenset({"align-left", "align-center", "align-right"})
ALLOWED_URL_SCHEMES = frozenset({"https", "mailto"})
LINK_REL = "noopener noreferrer"
LINK_URL_CLASS = "link-url"  # the printed URL after a link's text


def break_long_words(text: str) -> str:
    """``text`` with a zero-width space every BREAK_EVERY characters of very long words."""
    if len(text) < LONG_WORD:
        return text
    return _LONG_RUN.sub(_add_breaks, text)


def _add_breaks(match: re.Match[str]) -> str:
    word = match.group(0)
    return ZERO_WIDTH_SPACE.join(
        word[i : i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY)
    )


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("js-default", {"maxNesting": MAX_NESTING}).disable("image")


def _show_urls(children: list[Token]) -> None:
    """After each link whose text is not its URL, the URL in parentheses: paper has no hover.

    The URL is escaped here and printed as text; nh3 then sees a ``span`` with
    the one class it allows on spans.
    """
    from markdown_it.token import Token
    from markupsafe import escape

    at, text = None, ""
    for i in range(len(children) - 1, -1, -1):  # backwards, so insertions keep indices valid
        token = children[i]
        if token.type == "link_close":
            at, text = i, ""
        elif token.type == "link_open" and at is not None:
            href = str(token.attrs.get("href", ""))
            kept = href.lower().startswith(("https:", "mailto:"))  # nh3 drops the others
            if kept and text.strip() not in {href, href.removeprefix("mailto:")}:
                shown = break_long_words(href)
                span = Token("html_inline", "", 0)
                span.content = f' <span class="link-url">({escape(shown)})</span>'
                children.insert(at + 1, span)
            at = None
        elif at is not None and token.type in {"text", "code_inline"}:
            text = token.content + text


_JOINED = re.compile(r"\S*[-/]\S*")  # "(2026-H1)", "PAY-2210", "a/b"
KEEP_TOGETHER = 24  # longer tokens may still wrap at their hyphens: a column must fit the page
NOWRAP_CLASS = "nowrap"


def _keep_together(children: list[Token]) -> list[Token]:
    """In a table cell, short hyphenated tokens never wrap at their hyphen.

    UAX #14 lets a line end after a hyphen, so a narrow column printed
    "(2026-" over "H1)"; such a token is wrapped in a ``nowrap`` span instead.
    """
    from markdown_it.token import Token
    from markupsafe import escape

    out: list[Token] = []
    for child in children:
        if child.type != "text" or not _JOINED.search(child.content):
            out.append(child)
            continue
        html, at = [], 0
        for match in _JOINED.finditer(child.content):
            if len(match.group(0)) > KEEP_TOGETHER:
                continue
            html.append(str(escape(child.content[at : match.start()])))
            html.append(f'<span class="{NOWRAP_CLASS}">{escape(match.group(0))}</span>')
            at = match.end()
        html.append(str(escape(child.content[at:])))
        token = Token("html_inline", "", 0)
        token.content = "".join(html)
        out.append(token)
    return out


def keep_joined(text: str) -> Markup:
    """Plain ``text`` as HTML whose short hyphenated tokens never wrap at their hyphen
    (what :func:`_keep_together` does for table cells, for a claim or a gap's text)."""
    from markupsafe import Markup, escape

    html, at = [], 0
    for match in _JOINED.finditer(text):
        if len(match.group(0)) <= KEEP_TOGETHER:
            html.append(escape(text[at : match.start()]))
            html.append(Markup('<span class="{}">{}</span>').format(NOWRAP_CLASS, match.group(0)))
            at = match.end()
    html.append(escape(text[at:]))
    return Markup("").join(html)


def _adjust(tokens: Sequence[Token], shift: int) -> None:
    """Shift headings, turn table alignment styles into classes, break long words,
    print links' URLs, keep table cells' hyphenated tokens whole."""
    in_cell = False
    for token in tokens:
        if token.type in {"th_open", "td_open", "th_close", "td_close"}:
            in_cell = token.type.endswith("_open")
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + shift, 6)
            token.tag = f"h{level}"
        elif token.type in {"th_open", "td_open"}:
            style = token.attrs.pop("style", None)
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrs["class"] = "align-" + style.removeprefix("text-align:")
        elif token.type in {"text", "code_inline", "code_block", "fence"}:
            token.content = break_long_words(token.content)
        if token.children:
            _adjust(token.children, shift)
            _show_urls(token.children)
            if in_cell:
                token.children = _keep_together(token.children)


def sanitize_html(html: str) -> str:
    """nh3 with rung's allowlist: the last word on what reaches the PDF engine."""
    import nh3

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={
            "th": set(ALIGN_CLASSES),
            "td": set(ALIGN_CLASSES),
            "span": {LINK_URL_CLASS, NOWRAP_CLASS},
        },
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str, top: int = FIRST_HEADING) -> str:
    """Sanitised HTML for a packet's Markdown narrative; its shallowest heading
    becomes ``<h{top}>`` so the levels run on from the packet's own, none skipped."""
    parser = _parser()
    tokens = parser.parse(text)
    depths = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    _adjust(tokens, top - min(depths, default=1))
    return sanitize_html(parser.renderer.render(tokens, parser.options, {}))


_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*\Z")


def split_sections(body: str, take: tuple[str, ...]) -> tuple[dict[str, str], str]:
    """The top-level sections of ``body`` titled as in ``take`` (casefolded), and
    the body without them: the packet's brief prints them first, and only once."""
    from rung.validate.rules.section import headings

    found = headings(body, 0)
    if not found:
        return {}, body
    depth = min(h.depth for h in found)
    top = [h for h in found if h.depth == depth]
    rows = body.split("\n")
    sections: dict[str, str] = {}
    keep = [True] * len(rows)
    for n, heading in enumerate(top):
        key = " ".join(heading.title.split()).casefold()
        if key not in take or key in sections:
            continue
        end = top[n + 1].line if n + 1 < len(top) else len(rows)
        content = rows[heading.line + 1 : end]
        start = heading.line
        if content and _UNDERLINE.match(content[0]):
            content = content[1:]
        sections[key] = "\n".join(content)
        keep[start:end] = [False] * (end - start)
    return sections, "\n".join(row for row, kept in zip(rows, keep, strict=True) if kept)
