"""The renderer's last lines of defence: its URL fetcher and its time limit.

The corpus (test_corpus.py) shows that packet text never becomes markup.  These
tests assume that layer failed: hostile HTML goes straight to ``html_to_pdf``,
and hostile URLs straight to the fetcher.  Only files under ``templates/`` may be
served; the loopback trap must see no request.  And a render that runs too long
must stop, wherever Python happens to be when the time is up.
"""

from __future__ import annotations

import gc
import http.client
import io
from pathlib import Path
from typing import Any

import pytest

from hostile.trapserver import Trap, serve_trap
from stall import expire, stalled_fetches, wait_for_the_alarm


def test_the_trap_records_every_request() -> None:
    """The trap is what the other tests rely on to see a fetch: check that it does."""
    with serve_trap() as fresh:
        connection = http.client.HTTPConnection(fresh.host, fresh.port, timeout=5)
        connection.request("GET", "/probe?x=1")
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b"trapped")
        connection.close()
        assert fresh.requests == ["GET /probe?x=1"]


def _hostile_urls(trap: Trap, templates: Path) -> list[str]:
    t = trap.netloc
    root = templates.resolve().as_uri()
    return [
        f"http://{t}/image.png",
        f"https://{t}/image.png",
        f"HTTP://{t}/upper-case-scheme.css",
        f"//{t}/protocol-relative.css",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        f"file://{t}/etc/passwd",
        f"{root}/../../../etc/passwd",
        f"{root}/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{root}/outside-link.css",  # a symlink out of templates/
        f"{root}/",  # the directory itself
        f"{root}/missing.css",
        "data:text/css,body{background:red}",
        "javascript:alert(1)",
        f"ftp://{t}/file",
        "about:blank",
        "not a url at all \x00",
    ]


def test_the_fetcher_serves_templates_and_refuses_everything_else(
    scratch: Path, trap: Trap
) -> None:
    from rung.render.pdf import FetchLog, FetchRefused, asset_fetcher

    templates = scratch / "templates"
    (templates / "outside-link.css").symlink_to("/etc/passwd")
    log = FetchLog()
    fetcher = asset_fetcher(templates, log)
    urls = _hostile_urls(trap, templates)
    for url in urls:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    stylesheet = (templates / "print.css").resolve().as_uri()
    response = fetcher.fetch(stylesheet)
    assert response.read() == (templates / "print.css").read_bytes()
    assert response.content_type == "text/css"
    assert log.asked == [*urls, stylesheet]
    assert log.refused == urls
    assert trap.requests == []


def test_hostile_html_given_straight_to_weasyprint_fetches_nothing(
    scratch: Path, trap: Trap
) -> None:
    """Every way HTML and CSS can load a resource, aimed at the trap and at /etc/passwd."""
    from pypdf import PdfReader

    from rung.render.pdf import SourceFile, html_to_pdf

    t = trap.netloc
    up = "../" * 40  # relative to templates/, more levels than any path has: /etc/hostname
    html = f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="http://{t}/link.css">
<link rel="stylesheet" href="print.css">
<link rel="attachment" href="file:///etc/passwd">
<style>@import url("http://{t}/import.css"); body {{ background: url(http://{t}/bg.png) }}
@font-face {{ font-family: trap; src: url(http://{t}/font.woff) }} p {{ font-family: trap }}</style>
</head><body>
<p>text</p>
<img src="http://{t}/img.png"><img src="file:///etc/passwd"><img src="{up}etc/hostname">
<object data="http://{t}/object.png"></object><embed src="http://{t}/embed.png">
<svg width="10" height="10"><image href="http://{t}/svg-image.png" width="10" height="10"/></svg>
<a rel="attachment" href="http://{t}/attach">attachment</a>
<p style="background: url('http://{t}/inline.png')">styled</p>
</body></html>"""
    rendered = html_to_pdf(
        html, scratch / "templates", attachment=SourceFile("packet.md", b"---\n", "the source")
    )
    stylesheet = (scratch / "templates" / "print.css").resolve().as_uri()
    hostile = {
        *(f"http://{t}/{name}" for name in ("link.css", "import.css", "font.woff", "bg.png")),
        *(f"http://{t}/{name}" for name in ("img.png", "object.png", "embed.png")),
        *(f"http://{t}/{name}" for name in ("svg-image.png", "attach", "inline.png")),
        "file:///etc/passwd",
        "file:///etc/hostname",
    }
    assert set(rendered.asked) == {stylesheet, *hostile}
    assert set(rendered.refused) == hostile
    assert [url for url in rendered.asked if url not in rendered.refused] == [stylesheet]
    assert trap.requests == []
    # Only rung's own attachment made it into the PDF: no /etc/passwd, nothing from the trap.
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert list(reader.attachments) == ["packet.md"]
    assert b"root:" not in rendered.pdf


# The test makes the collector run while the alarm is due.  An unclosed pipe of a
# finished subprocess that happens to be collected then (seen once, on a machine
# with both cores busy: an _io.BufferedReader on a bare descriptor, not traced to its
# owner) would be reported against this test as an unraisable ResourceWarning; that is
# not what it checks, so it ignores ResourceWarning.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_the_time_limit_holds_when_the_alarm_lands_in_a_finalizer(scratch: Path) -> None:
    from rung.render.pdf import RenderTimeout, html_to_pdf

    landed: list[str] = []
    moved: list[bool] = []  # the clock has reached the limit

    def finalizer(phase: str, info: dict[str, Any]) -> None:
        """Stands for any Python code the interpreter runs outside the render's own frames."""
        if phase == "start" and moved and not landed:
            try:
                wait_for_the_alarm()  # the first alarm goes off in here
            except RenderTimeout:
                landed.append("gc callback")
                raise

    def limit_passes_during_a_collection() -> None:
        expire()
        moved.append(True)
        gc.collect()

    html = '<!DOCTYPE html><html><head><link rel="stylesheet" href="print.css"></head><body>hi'
    gc.callbacks.append(finalizer)
    try:
        # The stylesheet never arrives: WeasyPrint waits on it inside its own
        # ``except Exception``, and only the next alarm can end the render.
        with (
            stalled_fetches(limit_passes_during_a_collection) as stalled,
            pytest.raises(RenderTimeout),
        ):
            html_to_pdf(html, scratch / "templates", limit=3600, tagged=False)
    finally:
        gc.callbacks.remove(finalizer)
    assert landed == ["gc callback"]  # the alarm really did go off inside the callback
    assert stalled == [(scratch / "templates" / "print.css").resolve().as_uri()]
