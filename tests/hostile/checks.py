"""Reading what rung wrote, and judging it: the checks test_corpus.py applies to every case."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


def rows(stream: str) -> list[str]:
    """Lines as the Actions runner reads a log: split at LF, CR LF and CR only."""
    return re.split(r"\r\n|\r|\n", stream.removesuffix("\n")) if stream else []


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str


TEXT = re.compile(
    r"(?P<path>.*):(?P<line>\d+):(?P<col>\d+): (?:error|warning|notice): .* \[(?P<rule>[a-z-]+)\]\Z"
)
IMPORT_REPORT = re.compile(r"(?P<path>.*):(?P<line>\d+): (?P<rule>unplaced|skipped|warning): .*\Z")
IMPORT_SUMMARY = re.compile(r"levels \d+, areas \d+, criteria \d+, unplaced \d+\Z")
# The import's quality report: one line per level, then numbered checks (no path, no line).
IMPORT_QUALITY = re.compile(r"quality: (level \S+ .*|check \d+: .*)\Z")
# What the import kept as prose, with its line, and their count; a --criteria-from hint.
IMPORT_PROSE = re.compile(
    r"(.*:\d+: prose: .*|prose \d+ \(kept as summary, guidance or description\)|hint: .*)\Z"
)
WROTE = re.compile(r"wrote out/\S+\.pdf \(\d+ pages?\)\Z")
# @actions/core: data escapes % CR LF; property values also escape : and ,
DATA = r"(?:[^%\r\n]|%25|%0D|%0A)*"
PROPERTY = r"(?:[^%\r\n:,]|%25|%0D|%0A|%3A|%2C)*"
ANNOTATION = re.compile(
    rf"::(?:error|warning|notice) file=(?P<file>{PROPERTY})"
    rf"(?:,line=(?P<line>\d+),col=\d+)?,title=rung (?P<rule>[a-z-]+)::{DATA}\Z"
)
GROUP = re.compile(rf"::group::{DATA}\Z")


def unescape(text: str) -> str:
    table = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}
    return re.sub(r"%(?:0D|0A|3A|2C|25)", lambda m: table[m.group(0)], text)


def _text_findings(lines: list[str], allowed: list[re.Pattern[str]]) -> list[Finding]:
    found = []
    for row in lines:
        if match := TEXT.match(row) or IMPORT_REPORT.match(row):
            found.append(Finding(match["path"], int(match["line"]), match["rule"]))
        else:
            assert any(p.match(row) for p in allowed), f"unexpected output line: {row!r}"
    return found


def findings(out: str, err: str, fmt: str, kind: str) -> list[Finding]:
    """The findings a command reported, in the format it was asked for."""
    if kind == "import":  # stdout is the draft; findings and the report go to stderr
        return _text_findings(rows(err), [IMPORT_SUMMARY, IMPORT_QUALITY, IMPORT_PROSE])
    if fmt == "json":
        payload = json.loads(out)
        return [Finding(f["path"], f["line"], f["rule"]) for f in payload["findings"]]
    if fmt == "github":
        found = []
        for row in rows(out):
            if match := ANNOTATION.match(row):
                found.append(
                    Finding(unescape(match["file"]), int(match["line"] or 0), match["rule"])
                )
            else:
                assert GROUP.match(row) or row == "::endgroup::", f"not an annotation: {row!r}"
        return found
    return _text_findings(rows(out), [WROTE])


def shown_as(path: str, at: str) -> bool:
    """Whether ``path`` in a finding names the file installed at ``at``, however rung
    chose to show a name that is not UTF-8 (as is, escaped or replaced)."""
    raw = os.fsencode(at)
    return path in {at, raw.decode("utf-8", "backslashreplace"), raw.decode("utf-8", "replace")}


def line_count(path: Path) -> int:
    """Lines as rung counts them: CRLF and lone CR are line breaks, like LF."""
    text = path.read_bytes().decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def control_characters(text: str) -> list[str]:
    return sorted(
        {repr(ch) for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"}
    )


def check_step_summary(path: Path) -> None:
    """The job summary is Markdown GitHub renders: packet text must stay literal text."""
    summary = path.read_text(encoding="utf-8")
    assert len(summary.encode("utf-8")) <= 1024 * 1024
    # The only markup the reporter writes itself is <br> in table cells.
    assert re.findall(r"(?<!\\)<(?!br>)", summary) == []
    assert re.findall(r"(?<!\\)\]\(", summary) == []  # no Markdown link or image


# --- rendered HTML and PDF ------------------------------------------------------------------

FORBIDDEN_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "img", "image", "svg", "object", "embed",
     "base", "form", "input", "video", "audio", "source", "picture", "math"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"src", "srcset", "data", "action", "formaction", "poster", "background", "xlink:href",
     "style", "http-equiv", "srcdoc"}
)  # fmt: skip


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def hostile_markup(html: str) -> list[str]:
    """Everything in rung's HTML that could load a resource, run code or restyle the page."""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    bad = []
    for tag, attrs in parser.elements:
        if tag in FORBIDDEN_TAGS:
            bad.append(f"<{tag} {attrs}>")
        if tag == "link" and attrs != {"rel": "stylesheet", "href": "print.css"}:
            bad.append(f"<link {attrs}>")  # only the template's own stylesheet
        bad.extend(f"<{tag} {name}=...>" for name in attrs if name in URL_ATTRIBUTES)
        bad.extend(f"<{tag} {name}=...>" for name in attrs if name.startswith("on"))
        href = (attrs.get("href") or "").strip().lower()
        if tag != "link" and href and not href.startswith(("#", "https://", "mailto:")):
            bad.append(f"<{tag} href={attrs['href']!r}>")
    return bad


def pdf_link_targets(pdf: Path) -> list[str]:
    """The URI of every link annotation in the PDF, and any script or launch action."""
    from pypdf import PdfReader

    targets = []
    for page in PdfReader(pdf).pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind = action.get("/S")
            if kind == "/URI":
                targets.append(str(action["/URI"]))
            elif kind != "/GoTo":
                targets.append(f"action {kind}")
    return targets


def fetched_name(url: str, templates: Path) -> str:
    """A template-relative name for a file under templates/, else the URL itself."""
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in {"", "localhost"}:
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path.is_relative_to(templates.resolve()):
            return path.relative_to(templates.resolve()).as_posix()
    return url
