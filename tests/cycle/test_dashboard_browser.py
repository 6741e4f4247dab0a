"""The dashboard in a real headless Chromium: its script sorts the table under the page's
Content-Security-Policy, no request leaves the page (not even from tags injected into
it), and the charts are painted as the page describes them.

What the HTML itself says — escaping, chart contents, the table's values — is checked
without a browser in test_dashboard_html.py.  Chromium is Debian's ``chromium``
package (``.ci/run`` installs it); without /usr/bin/chromium these tests are skipped,
saying why.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PIL import Image

from cycle.fake import CycleFake
from cycle.generate import CYCLE, make_repo, populate
from cycle.page import charts, expected_cells, parse, table
from rung.cli import main
from rung.cycle import dashboard

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason="/usr/bin/chromium is absent: install Debian's chromium package (.ci/run does)",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Recorder(SimpleHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """The 30-packet cycle's dashboard and JSON, served from 127.0.0.1."""
    repo = tmp_path / "repo"
    scenarios = make_repo(repo, 30)
    monkeypatch.chdir(repo)
    with CycleFake() as gh:
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        populate(gh, repo, scenarios)
        common = ["cycle", "status", CYCLE, "--today", "2026-07-10"]
        www = tmp_path / "www"
        assert main([*common, "--format", "html", "--out", str(www / "dash.html")]) == 0
        assert main([*common, "--format", "json", "--out", str(tmp_path / "status.json")]) == 0
    status = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Recorder(*a, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", www, status
    finally:
        server.shutdown()
        server.server_close()


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def table_rows(dom: str) -> list[list[str]]:
    """The table's cells as shown, from the DOM after the page's script ran."""
    _, rows = table(parse(dom))
    return [[shown for shown, _ in row] for row in rows]


def test_the_table_matches_the_json_and_sorts(
    site: tuple[str, Path, dict[str, Any]], tmp_path: Path
) -> None:
    origin, _, status = site
    packets = status["packets"]
    dom = chromium(tmp_path, "--dump-dom", f"{origin}/dash.html")
    assert table_rows(dom) == [expected_cells(p) for p in packets]
    dom = chromium(tmp_path, "--dump-dom", f"{origin}/dash.html#sort=days:desc")
    days = [-1 if p["days_open"] is None else p["days_open"] for p in packets]
    by_days = [packets[i] for i in sorted(range(len(packets)), key=lambda i: (-days[i], i))]
    assert table_rows(dom) == [expected_cells(p) for p in by_days]
    heads, _ = table(parse(dom))
    assert [h["data-key"] for h in heads if h.get("aria-sort")] == ["days"]
    assert [h["aria-sort"] for h in heads if h.get("aria-sort")] == ["descending"]
    assert Recorder.seen == ["/dash.html", "/dash.html"]


def test_no_request_leaves_the_page_even_from_injected_tags(
    site: tuple[str, Path, dict[str, Any]], tmp_path: Path
) -> None:
    origin, www, _ = site
    page = (www / "dash.html").read_text(encoding="utf-8")
    probes = (
        f'<img src="{origin}/probe-img"><link rel="stylesheet" href="{origin}/probe-css">'
        f'<script src="{origin}/probe-js"></script><iframe src="{origin}/probe-frame"></iframe>'
        f'<script>fetch("{origin}/probe-fetch")</script>'
        f'<svg><image href="{origin}/probe-svg"/></svg><style>@import "{origin}/probe-import";</style>'
    )
    (www / "probe.html").write_text(page.replace("</body>", probes + "</body>"), encoding="utf-8")
    chromium(tmp_path, "--dump-dom", "--virtual-time-budget=3000", f"{origin}/probe.html")
    assert Recorder.seen == ["/probe.html"]


def test_the_charts_are_painted_as_the_page_describes_them(
    site: tuple[str, Path, dict[str, Any]], tmp_path: Path
) -> None:
    """Each bar colour covers, on screen, the area of the bars the SVG draws in it.

    test_dashboard_html.py checks that the SVG draws the status's numbers; this checks
    that a browser paints them (a chart hidden by a style, clipped by its box or blocked
    by the policy paints nothing).  Fractional edges are antialiased: a bar may gain or
    lose a column of pixels on either side.
    """
    origin, www, _ = site
    shot = tmp_path / "dashboard.png"
    chromium(
        tmp_path,
        "--window-size=1280,1600",
        "--force-device-scale-factor=1",
        "--force-color-profile=srgb",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        f"{origin}/dash.html",
    )
    page = parse((www / "dash.html").read_text(encoding="utf-8"))
    bars: dict[str, list[tuple[float, float]]] = {}
    for rect in page.all("rect"):
        size = (float(rect.attrs["width"]), float(rect.attrs["height"]))
        bars.setdefault(rect.attrs["fill"], []).append(size)
    assert {len(chart.rows) for chart in charts(page)} >= {30, 5}  # 30 packets, 5 states
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=image.width * image.height) or []
    painted = Counter({rgb: count for count, rgb in colours})
    checked = 0
    for colour, sizes in bars.items():
        if colour in dashboard.STYLE:  # also a border colour of the table
            continue
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        low = sum(max(0.0, width - 2) * height for width, height in sizes)
        high = sum((width + 2) * height for width, height in sizes)
        assert low <= painted[rgb] <= high, (colour, low, painted[rgb], high)
        checked += 1
    assert checked >= 5
