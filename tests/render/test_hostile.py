"""A hostile packet renders without a single fetch outside templates/ and with no markup obeyed.

The packet (fixtures/hostile/mallory.md.in) points images, links, stylesheets,
frames, objects, attachments and CSS ``url()`` at ``file:///etc/passwd`` and at
a trap HTTP server this module starts on 127.0.0.1, and carries a 5,000-row
table and 100 KB of one word.  It is rendered through the library, not the CLI:
validation would refuse it (the test checks that too), and the renderer must be
safe on its own.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from paths import REPO
from rung.loaders.sources import Source
from rung.model.packet import parse_packet
from rung.model.repo import load_ladders
from rung.problems import Level
from rung.render.context import CommitInfo
from rung.render.packet import PacketRender, render_packet
from rung.validate.runner import check_packet

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "mallory.md.in"
PATH = "packets/2026-H2/mallory.md"
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "section", "p", "span", "h1", "h2", "h3",
    "div", "table", "tr", "th", "td", "a", "article", "header", "ol", "ul", "li", "b",
    "thead", "tbody",
}  # fmt: skip
MARKDOWN_TAGS = {"h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "s", "code", "pre", "blockquote",
                 "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip


class Trap(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Trap.requests.append(self.path)
        self.send_response(302)  # a fetcher that followed it would come back for more
        self.send_header("Location", "/redirected")
        self.end_headers()

    do_POST = do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def trap() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def source(trap: str) -> Source:
    return Source(PATH, HOSTILE.read_text().replace("{TRAP}", trap))


@pytest.fixture(scope="module")
def result(source: Source) -> PacketRender:
    ladder = load_ladders(REPO)[0]["beyond"]
    commit = CommitInfo("0" * 40, "2026-06-30T14:03:11+02:00")
    # No time limit: this module is about fetches and markup, and a limit would make it
    # depend on the machine's speed (the render took over 180 s on a busy one).
    return render_packet(source, ladder, commit, REPO / "templates", limit=0)


def test_validation_would_refuse_it(source: Source) -> None:
    _, problems = check_packet(source, load_ladders(REPO)[0])
    errors = {p.rule for p in problems if p.level is Level.ERROR}
    assert {"link", "coverage"} <= errors


def test_the_fetcher_was_asked_for_the_stylesheet_only(result: PacketRender) -> None:
    assert result.rendered.asked == ((REPO / "templates" / "print.css").as_uri(),)
    assert result.rendered.refused == ()


def test_the_trap_server_heard_nothing(result: PacketRender) -> None:
    assert result.rendered.pages > 50  # the 5,000-row table and the long word were laid out
    assert Trap.requests == []


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def test_no_hostile_markup_reaches_the_engine(result: PacketRender) -> None:
    parser = Elements()
    parser.feed(result.html)
    tags = {tag for tag, _ in parser.elements}
    assert tags <= TEMPLATE_TAGS | MARKDOWN_TAGS
    assert [attrs for tag, attrs in parser.elements if tag == "link"] == [
        {"rel": "stylesheet", "href": "print.css"}
    ]
    assert not [
        attrs
        for _, attrs in parser.elements
        if "src" in attrs or "style" in attrs or "data" in attrs
    ]
    hrefs = [
        attrs["href"] or "" for tag, attrs in parser.elements if tag == "a" and "href" in attrs
    ]
    assert hrefs
    assert all(h.startswith(("https://", "mailto:", "#")) for h in hrefs), hrefs
    assert all(attrs.get("rel") == "noopener noreferrer" for tag, attrs in parser.elements
               if tag == "a" and attrs.get("rel") is not None)  # fmt: skip
    # what was written as markup is shown as text
    for text in ("&lt;img src=", "&lt;style&gt;@import", "&lt;iframe src=", "&lt;link rel=",
                 "&lt;object data=", "&lt;svg&gt;", "background: url("):  # fmt: skip
        assert text in result.html, text


def test_the_pdf_links_only_to_https(result: PacketRender) -> None:
    reader = PdfReader(io.BytesIO(result.rendered.pdf))
    uris = {
        str(annot.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    }
    assert uris == {"https://example.com/ok"}
    assert list(reader.attachments) == ["mallory.md"]
    first = "".join(reader.pages[0].extract_text().split())
    assert 'Mallory<imgsrc="http://127.0.0.1:' in first


def test_the_packet_parses_as_schema_valid(source: Source) -> None:
    packet, problems = parse_packet(source.text, source.path)
    assert problems == []
    assert packet is not None and packet.candidate == "mallory"
