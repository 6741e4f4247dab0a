"""The URL fetcher's policy and the render time limit, without laying out a document."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from rung.render.pdf import (
    ALARM_REPEAT,
    FALLBACK_DATE,
    FetchLog,
    FetchRefused,
    RenderTimeout,
    asset_fetcher,
    asset_path,
    attachment_date,
    time_limit,
)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    (folder / "fonts").mkdir(parents=True)
    (folder / "print.css").write_text("p { color: black }")
    (folder / "fonts" / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "link.css").symlink_to(tmp_path / "secret.txt")
    return folder


def test_serves_files_under_templates_only(templates: Path) -> None:
    root = templates.resolve()
    assert asset_path(root.as_uri() + "/print.css", templates) == root / "print.css"
    assert (
        asset_path(root.as_uri() + "/fonts/logo.svg?v=1#x", templates)
        == root / "fonts" / "logo.svg"
    )
    assert asset_path("file://localhost" + str(root / "print.css"), templates) == root / "print.css"
    refused = [
        root.as_uri() + "/../secret.txt",  # .. out of templates/
        root.as_uri() + "/%2e%2e/secret.txt",  # the same, percent-encoded
        root.as_uri() + "/link.css",  # a symlink out of templates/
        root.as_uri() + "/fonts",  # a directory
        root.as_uri() + "/missing.css",
        "file:///etc/passwd",
        "file://evil.example" + str(root / "print.css"),  # a host: UNC-style
        "http://127.0.0.1:9/print.css",
        "https://example.com/print.css",
        "data:text/css,p{color:red}",
        "ftp://example.com/x",
        "print.css",  # relative: WeasyPrint resolves these before asking
    ]
    assert [url for url in refused if asset_path(url, templates) is not None] == []


def test_fetcher_records_every_request_and_refuses_without_network(templates: Path) -> None:
    log = FetchLog()
    fetcher = asset_fetcher(templates, log)
    good = templates.resolve().as_uri() + "/print.css"
    response = fetcher(good)
    assert (response.read(), response.content_type) == (b"p { color: black }", "text/css")
    with pytest.raises(FetchRefused):
        fetcher("http://127.0.0.1:9/x.png")  # port 9 (discard): nothing listens, nothing is sent
    with pytest.raises(FetchRefused):
        fetcher("file:///etc/passwd")
    assert log.asked == [good, "http://127.0.0.1:9/x.png", "file:///etc/passwd"]
    assert log.refused == ["http://127.0.0.1:9/x.png", "file:///etc/passwd"]


def test_time_limit_interrupts_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    armed: list[tuple[float, float]] = []  # what rung set the timer to, in order
    real_setitimer = signal.setitimer

    def setitimer(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        assert which == signal.ITIMER_REAL
        armed.append((seconds, interval))
        return real_setitimer(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", setitimer)
    handler = signal.getsignal(signal.SIGALRM)
    hook = sys.unraisablehook
    with (
        pytest.raises(RenderTimeout, match=r"rendering took longer than 0\.05 s"),
        time_limit(0.05),
    ):
        while True:  # only the alarm ends this
            pass
    # Armed for the limit, repeating until the exception escapes; then disarmed.
    assert armed == [(0.05, ALARM_REPEAT), (0, 0.0)]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert (signal.getsignal(signal.SIGALRM), sys.unraisablehook) == (handler, hook)
    with time_limit(5):  # a block that finishes in time leaves no alarm behind
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert (signal.getsignal(signal.SIGALRM), sys.unraisablehook) == (handler, hook)


def test_an_alarm_the_instant_the_limit_is_armed_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The alarm may go off before the block starts (a tiny limit on a busy machine)."""
    real_setitimer = signal.setitimer

    def setitimer(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        previous = real_setitimer(which, seconds, interval)
        if seconds > 0:
            signal.raise_signal(signal.SIGALRM)  # the limit passes as it is armed
        return previous

    monkeypatch.setattr(signal, "setitimer", setitimer)
    handler = signal.getsignal(signal.SIGALRM)
    hook = sys.unraisablehook
    entered = []
    with pytest.raises(RenderTimeout), time_limit(60):
        entered.append(True)
    assert entered == []
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm repeats afterwards
    assert (signal.getsignal(signal.SIGALRM), sys.unraisablehook) == (handler, hook)


def test_time_limit_survives_a_swallowed_alarm() -> None:
    """An alarm caught where it cannot propagate (a finalizer) is followed by another."""
    swallowed = 0
    with pytest.raises(RenderTimeout), time_limit(0.05):
        while True:
            try:
                while True:
                    pass
            except RenderTimeout:
                if swallowed:
                    raise
                swallowed += 1
    assert swallowed == 1


def test_attachment_dates_come_from_the_commit() -> None:
    assert attachment_date("2026-06-30T14:03:11+02:00").isoformat() == "2026-06-30T12:03:11+00:00"
    assert attachment_date(None) == FALLBACK_DATE
    assert attachment_date("not a date") == FALLBACK_DATE


def test_refusals_are_reported_on_one_printable_line(capsys: pytest.CaptureFixture[str]) -> None:
    from rung.commands.render_shared import warn_fetches as _warn

    _warn({"Ignored\n::error::x"}, ["data:text/css,a\n::add-mask::secret\r"])
    assert capsys.readouterr().err == (
        "rung: warning: refused to fetch data:text/css,a\\x0a::add-mask::secret\\x0d "
        "(only templates/ files are served)\n"
        "rung: note: WeasyPrint: Ignored\\x0a::error::x\n"
    )
