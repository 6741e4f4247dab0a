"""``rung ladder import FILE``: a career ladder (Markdown, HTML, YAML, JSON) -> a ladder YAML draft.

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
        help="turn a career ladder document (Markdown, YAML, JSON) into a ladder YAML draft",
        description="Read a career ladder (Markdown with HTML tables, or YAML/JSON data) and write a ladder YAML draft to review. "
        "Everything that could not be placed is reported on stderr with its line number.",
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="the document: Markdown/HTML, or .yaml/.yml/.json"
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


def run_import(args: argparse.Namespace) -> int:
    require("import", "ladder import")
    from rung.ladder_import import import_ladder

    source, problems = read_source(args.file)
    if source is None:
        report_text(problems, sys.stderr)
        return 2
    report_text(problems, sys.stderr)  # warnings such as a byte-order mark
    ladder_id = args.id or default_id(args.out or args.file)
    result = import_ladder(
        source.text, source.path, ladder_id, tuple(args.track_hint), args.criteria_from
    )
    if result.draft is not None:
        if args.out is None:
            sys.stdout.write(result.draft)
        else:
            try:
                args.out.write_text(result.draft, encoding="utf-8")
            except OSError as err:
                raise FatalError(f"cannot write {display_path(args.out)}: {err.strerror}") from None
    *findings, summary = result.report_lines(source.path)
    quality = [f"quality: {line}" for line in result.quality]
    kept = result.kept_lines(source.path) if result.draft is not None else []
    sys.stderr.write("".join(line + "\n" for line in [*findings, *kept, *quality, summary]))
    return 1 if result.unplaced else 0
