"""HTML -> PDF with WeasyPrint: the only module that imports it, and only inside functions.

Safety model (docs/rendering.md has the long form):

- Every URL WeasyPrint wants to load (stylesheets, images, fonts, attachments)
  goes through :func:`asset_fetcher`'s fetcher, which serves regular files under
  the ``templates/`` directory (after resolving symlinks and ``..``) and refuses
  everything else: http(s), ``file:`` elsewhere, ``data:``, any other scheme.
  It never opens a network connection, so there are no redirects to follow.
- A refusal is **fail-open**: it is logged and recorded, WeasyPrint carries on
  without the resource, and the PDF is still written.  Packet text cannot
  produce a fetch (it is escaped or sanitised before it reaches here), so a
  refusal means a template asks for something it may not have; the caller
  reports it as a warning.
- ``presentational_hints`` stays off.
- Rendering runs under a time limit (SIGALRM on the main thread, which is where
  ``rung render`` and every bundle worker render); the exception it raises is a
  ``BaseException`` so WeasyPrint's ``except Exception`` blocks cannot swallow it.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from rung.render.tagfix import finish

LOG = logging.getLogger("rung.render")
LOG.addHandler(logging.NullHandler())  # a library logs; the CLI reports refusals itself
PDF_VARIANT = "pdf/ua-1"
DEFAULT_TIME_LIMIT = 60.0
MAX_LAYOUT_PASSES = 4
ALARM_REPEAT = 0.1  # seconds between alarms once the limit has passed
# When a packet has no commit date: the reproducible-builds convention (as zip uses).
FALLBACK_DATE = datetime(1980, 1, 1, tzinfo=UTC)
ASSET_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class RenderTimeout(BaseException):
    """Rendering took longer than its time limit (a BaseException, like KeyboardInterrupt)."""


class FetchRefused(ValueError):
    """The fetcher does not serve this URL (WeasyPrint logs it and goes on)."""


@dataclass
class FetchLog:
    """Every URL the fetcher was asked for, and the ones it refused."""

    asked: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceFile:
    """A file embedded in the PDF as an attachment."""

    name: str
    data: bytes
    description: str


@dataclass(frozen=True)
class RenderedPDF:
    pdf: bytes
    pages: int
    asked: tuple[str, ...]  # URLs the fetcher was asked for, in order
    refused: tuple[str, ...]
    messages: tuple[str, ...]  # WeasyPrint's warnings and errors


def asset_path(url: str, templates: Path) -> Path | None:
    """The file under ``templates`` that ``url`` names, or None when it is not allowed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() != "file" or parts.netloc not in {"", "localhost"}:
        return None
    root = templates.resolve()
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
        path.relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return None
    return path if path.is_file() else None


def load_weasyprint() -> Any:
    """Import WeasyPrint.  Its import-time DeprecationWarning (no HarfBuzz-Subset)
    repeats what its log says at render time, which rung reports as a note."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint
    return weasyprint


@cache
def _fetcher_class() -> type[Any]:
    load_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the templates directory's files and nothing else."""

        def __init__(self, templates: Path, log: FetchLog) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.templates = templates
            self.log = log

        def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ARG002 - never HTTP
            self.log.asked.append(url)
            path = asset_path(url, self.templates)
            if path is None:
                self.log.refused.append(url)
                LOG.warning("refused to fetch %r: only files under templates/ are served", url)
                raise FetchRefused(f"rung serves only files under templates/, not {url[:200]}")
            kind = ASSET_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(
                path.as_uri(),
                body=path.read_bytes(),
                headers={"Content-Type": kind or "application/octet-stream"},
            )

    return AssetFetcher


def asset_fetcher(templates: Path, log: FetchLog) -> Any:
    """A WeasyPrint URL fetcher that only serves files under ``templates``."""
    return _fetcher_class()(templates, log)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout in the block after ``seconds`` (main thread only; 0 = none).

    The alarm repeats every ``ALARM_REPEAT`` seconds until the exception escapes:
    one that lands in a finalizer or a gc callback is unraisable (Python would print
    it and carry on), and a one-shot alarm would then leave the render unlimited.
    While the limit is armed, such an unraisable RenderTimeout is dropped quietly:
    the next alarm stops the render.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]

    def expired(_signum: int, _frame: FrameType | None) -> None:
        if armed[0]:
            raise RenderTimeout(f"rendering took longer than {seconds:g} s")

    previous_hook = sys.unraisablehook

    def unraisable(info: Any) -> None:
        if not isinstance(info.exc_value, RenderTimeout):
            previous_hook(info)

    previous = signal.signal(signal.SIGALRM, expired)
    sys.unraisablehook = unraisable
    try:
        # Inside the try: a limit that passes before the block starts must still be disarmed.
        signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
        yield
    finally:
        while armed[0]:  # an alarm may still go off while we disarm: try again
            with contextlib.suppress(RenderTimeout):
                signal.setitimer(signal.ITIMER_REAL, 0)
                armed[0] = False
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _source_date(moment: datetime) -> Iterator[None]:
    """fontTools stamps each font subset with the time, unless SOURCE_DATE_EPOCH is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@contextlib.contextmanager
def _weasyprint_messages() -> Iterator[list[str]]:
    """Collect WeasyPrint's log and warnings (about its environment, e.g. a missing
    HarfBuzz-Subset) instead of letting them reach the root logger or stderr."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.messages
        handler.messages.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def attachment_date(iso: str | None) -> datetime:
    """The attachment's date in UTC (WeasyPrint writes it with a ``Z``)."""
    if iso:
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(iso)
            if moment.tzinfo is not None:
                return moment.astimezone(UTC)
    return FALLBACK_DATE


def anchor_pages(
    html: str, templates: Path, anchors: Sequence[str], *, limit: float = DEFAULT_TIME_LIMIT
) -> tuple[list[int], int]:
    """Lay out ``html`` without writing it: the page (0-based) each of ``anchors``
    is on, and the number of pages (the agenda keeps every brief to one page)."""
    weasyprint = load_weasyprint()
    fetcher = asset_fetcher(templates, FetchLog())
    base_url = templates.resolve().as_uri() + "/"
    with _weasyprint_messages(), time_limit(limit):
        page = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        document = page.render(presentational_hints=False, pdf_variant=PDF_VARIANT)
    found = {
        name: i for i, laid in reversed(list(enumerate(document.pages))) for name in laid.anchors
    }
    return [found[name] for name in anchors], len(document.pages)


def html_to_pdf(
    html: str | Callable[[int], str],
    templates: Path,
    *,
    attachment: SourceFile | None = None,
    date: str | None = None,
    limit: float = DEFAULT_TIME_LIMIT,
    tagged: bool = True,
    descriptions: Mapping[str, str] | None = None,
    guess: int = 1,
) -> RenderedPDF:
    """Lay out ``html`` (relative URLs resolve in ``templates``) and write it as a PDF.

    ``html`` may be a function of the document's own page count (the bundle
    index prints page numbers that depend on its length): it is laid out with
    guesses, from ``guess`` on, until the count it was given is the count it
    takes, then written.  A right first guess saves a layout.

    ``tagged`` writes the PDF/UA-1 variant (tags, structure tree, language),
    finished by :mod:`rung.render.tagfix`; ``descriptions`` maps an anchor to
    what a link to it says to a screen reader.  ``date`` (ISO
    8601, the commit's) dates the attachment and the font subsets; the
    document's own dates come from the ``dcterms`` meta elements of the HTML,
    so two renders of the same input give the same bytes.
    """
    weasyprint = load_weasyprint()
    log = FetchLog()
    fetcher = asset_fetcher(templates, log)
    base_url = templates.resolve().as_uri() + "/"
    moment = attachment_date(date)
    variant = PDF_VARIANT if tagged else None
    make = html if callable(html) else (lambda _pages: html)
    with _weasyprint_messages() as messages, _source_date(moment), time_limit(limit):
        for _ in range(MAX_LAYOUT_PASSES):
            page = weasyprint.HTML(string=make(guess), base_url=base_url, url_fetcher=fetcher)
            document = page.render(presentational_hints=False, pdf_variant=variant)
            if not callable(html) or len(document.pages) == guess:
                break
            guess = len(document.pages)
        else:
            raise ValueError(f"the document never settles on a page count (last: {guess})")
        attachments = []
        if attachment is not None:
            attachments.append(
                weasyprint.Attachment(
                    string=attachment.data,
                    url_fetcher=fetcher,
                    name=attachment.name,
                    description=attachment.description,
                    created=moment,
                    modified=moment,
                    relationship="Source",
                )
            )
        described = dict(descriptions or {})
        pdf = document.write_pdf(
            finisher=(lambda _document, made: finish(made, described)) if tagged else None,
            pdf_variant=variant,
            attachments=attachments,
            custom_metadata=True,
            presentational_hints=False,
        )
    return RenderedPDF(
        pdf, len(document.pages), tuple(log.asked), tuple(log.refused), tuple(messages)
    )
