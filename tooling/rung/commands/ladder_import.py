"""``rung ladder import FILE...``: a career ladder (Markdown, HTML, YAML, JSON) -> a YAML draft.

Exit codes: 0 everything was placed, 1 something was left out (the draft is
still written), 2 the input cannot be read or the output cannot be written.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rung.extras import require
from rung.loaders.sources import display_path, read_source
from rung.problems import FatalError
from rung.validate.report import report_text

if TYPE_CHECKING:
    from rung.ladder_import import TrackHint

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _ladder_id(text: str) -> str:
    if not _SLUG.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a ladder id: use lowercase letters, digits and single dashes"
        )
    return text


def _track_hint(text: str) -> TrackHint:
    from rung.ladder_import import parse_track_hint

    try:
        return parse_track_hint(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import",
        help="turn a career ladder (Markdown, HTML, YAML, JSON) into a ladder YAML draft",
        description="Read a career ladder (Markdown, HTML, or YAML/JSON data; or a folder with one page per level) and write a ladder YAML draft to review. "
        "Everything that could not be placed is reported on stderr with its line number.",
    )
    parser.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="the document: Markdown/HTML, or .yaml/.yml/.json; several files (or a folder of "
        "them) are one ladder with one level per file",
    )
    parser.add_argument(
        "--id",
        type=_ladder_id,
        metavar="ID",
        help="ladder id (default: the --out file name, else the input file name)",
    )
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="write the draft here, not to stdout"
    )
    parser.add_argument(
        "--track-hint",
        type=_track_hint,
        action="append",
        default=[],
        metavar="PATTERN=TRACK",
        help="put levels whose title matches the regular expression PATTERN (case-insensitive) "
        "on track TRACK; repeatable, the first match wins",
    )
    parser.add_argument(
        "--criteria-from",
        choices=("auto", "bullets", "paragraphs", "cells"),
        default="auto",
        help="what a criterion is: list items, paragraphs, or table-cell lines (default auto: "
        "bullets and cells, paragraphs when the document has neither)",
    )
    parser.set_defaults(func=run_import)


def default_id(path: Path) -> str:
    """A ladder id from a file name: "003_TheLotter.md" -> "003-thelotter"."""
    stem = path.name.split(".", 1)[0] if not path.name.startswith(".") else path.name[1:]
    return "-".join(re.findall(r"[a-z0-9]+", stem.lower())) or "ladder"


# Files a folder import reads: documents, not the site's assets or configuration.
_PAGES = (".md", ".markdown", ".mdx", ".txt", ".html", ".htm", ".vue", ".svelte")


def _expand(paths: list[Path]) -> list[Path]:
    """A folder stands for its pages, by name (``01-…``, ``02-…`` keep their order), with its
    index page first; files are kept in the order given."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            pages = sorted(p for p in path.iterdir() if p.suffix.lower() in _PAGES and p.is_file())
            index = [p for p in pages if p.stem.lower() in ("index", "_index", "readme")]
            out.extend(index + [p for p in pages if p not in index])
        else:
            out.append(path)
    return out


def run_import(args: argparse.Namespace) -> int:
    require("import", "ladder import")
    from rung.ladder_import import import_files, import_ladder

    paths = _expand(args.files)
    if not paths:
        raise FatalError(f"{display_path(args.files[0])}: no Markdown or HTML page in the folder")
    sources = []
    for path in paths:
        source, problems = read_source(path)
        report_text(problems, sys.stderr)  # warnings such as a byte-order mark
        if source is None:
            return 2
        sources.append(source)
    first = args.files[0]
    ladder_id = args.id or default_id(args.out or (first if len(args.files) == 1 else first.parent))
    if len(sources) == 1 and not first.is_dir():
        result = import_ladder(
            sources[0].text, sources[0].path, ladder_id, tuple(args.track_hint), args.criteria_from
        )
    else:
        pairs = [(s.path, s.text) for s in sources]
        folder = display_path(first) if len(args.files) == 1 else ""
        result = import_files(
            pairs, ladder_id, tuple(args.track_hint), args.criteria_from, shown=folder
        )
    if result.draft is not None:
        if args.out is None:
            sys.stdout.write(result.draft)
        else:
            try:
                args.out.write_text(result.draft, encoding="utf-8")
            except OSError as err:
                raise FatalError(f"cannot write {display_path(args.out)}: {err.strerror}") from None
    shown = sources[0].path
    *findings, summary = result.report_lines(shown)
    quality = [f"quality: {line}" for line in result.quality]
    kept = result.kept_lines(shown) if result.draft is not None else []
    sys.stderr.write("".join(line + "\n" for line in [*findings, *kept, *quality, summary]))
    return 1 if result.unplaced else 0
