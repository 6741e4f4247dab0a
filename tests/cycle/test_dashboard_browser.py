"""The dashboard in a real headless Chromium: it renders, sorts, matches the JSON, and
no request leaves the page (not even from tags injected into it).

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it); without
/usr/bin/chromium these tests are skipped, saying why.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, make_repo, populate
from rung.cli import main

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
COLUMNS = ["candidate", "name", "move", "evidenced", "required", "gaps", "reviewers", "owing",
           "meets", "not-yet", "disagreement", "days", "state"]  # fmt: skip


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
    body = re.search(r"<tbody>(.*)</tbody>", dom, re.S)
    assert body is not None
    return [
        [unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1))
    ]


def expected_cells(packet: dict[str, Any]) -> list[str]:
    state = packet["state"] + (f": {packet['outcome']}" if packet["outcome"] else "")
    return [
        packet["candidate"],
        packet["name"],
        packet["move"],
        str(packet["coverage"]["evidenced"]),
        str(packet["coverage"]["required"]),
        str(packet["coverage"]["gaps"]),
        str(len(packet["reviewers"])),
        str(len(packet["owing"])),
        str(packet["verdicts"]["meets"]),
        str(packet["verdicts"]["not_yet"]),
        f"{packet['disagreement']:.3f}",
        "" if packet["days_open"] is None else str(packet["days_open"]),
        state,
    ]


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
    assert re.search(r'<th[^>]*data-key="days"[^>]*aria-sort="descending"', dom)
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


def test_a_screenshot(site: tuple[str, Path, dict[str, Any]], tmp_path: Path) -> None:
    origin, _, _ = site
    shot = tmp_path / "dashboard.png"
    chromium(tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", f"{origin}/dash.html")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a person looked at one
