"""``rung fmt``: rewrite packets' front matter in the canonical, safe style."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rung.edit.fmt import format_packet, mixed_endings
from rung.loaders.sources import display_path, read_source
from rung.model.repo import PACKETS_DIR, find_root
from rung.problems import FatalError, Level, Problem
from rung.validate.report import REPORTER_BY_NAME


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "fmt",
        help="quote and fold packets' front matter so YAML reads every value as written",
        description="Rewrite each packet's front matter in the canonical style: values YAML "
        "would cut short or refuse are quoted, long text is folded; no value changes and the "
        "Markdown body stays byte for byte.  Exit 0 when every file is (or now is) formatted, "
        "1 with --check when one would change or when a file cannot be parsed, 2 on bad usage "
        "or a file that cannot be opened.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="packet files or folders (default: packets/)",
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file would change"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run_fmt)


BOM = b"\xef\xbb\xbf"


def packet_paths(paths: list[Path], root: Path) -> list[Path]:
    """The packet files named, folders expanded; every packet of the repository by default."""
    chosen: list[Path] = []
    for path in paths or [root / PACKETS_DIR]:
        if path.is_dir():
            chosen.extend(sorted(p for p in path.rglob("*.md") if p.name.lower() != "readme.md"))
        elif path.is_file():
            chosen.append(path)
        else:
            raise FatalError(f"no such file or folder: {path.as_posix()}")
    return chosen


def _line_endings(data: bytes) -> tuple[bool, int]:
    """Whether the file's lines end in CRLF, and the first line (1-based) that ends
    otherwise than the first one does, 0 when all agree."""
    lines = data.split(b"\n")
    crlf = lines[0].endswith(b"\r")
    for number, line in enumerate(lines, 1):
        ended = number < len(lines)  # the last piece has no line feed after it
        if b"\r" in line[:-1] or (ended and line.endswith(b"\r") != crlf):
            return crlf, number
        if not ended and line.endswith(b"\r"):
            return crlf, number
    return crlf, 0


def run_fmt(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    changed: list[str] = []
    unreadable = False
    for path in packet_paths(args.paths, find_root()):
        source, found = read_source(path)
        data = path.read_bytes() if source is not None else b""
        # A byte-order mark is one of the things fmt fixes (it writes the file without
        # one), not a finding that fails the run and blocks the pre-commit hook.
        bom = data.startswith(BOM)
        problems.extend(p for p in found if not (bom and p.level is Level.WARNING))
        if source is None:
            unreadable = True
            continue
        # read_source reads CRLF as LF; a file that is CRLF throughout is formatted
        # as LF and written back as CRLF, so its body stays byte for byte.
        crlf, odd_line = _line_endings(data)
        if odd_line:
            problems.append(mixed_endings(source.path, odd_line))
            continue
        result = format_packet(source.text, source.path)
        problems.extend(result.problems)
        if result.problems or (result.text == source.text and not bom):
            continue
        changed.append(display_path(path))
        if not args.check:
            text = result.text.replace("\n", "\r\n") if crlf else result.text
            with path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(text)
    verb = "would reformat" if args.check else "reformatted"
    if args.format == "json":
        REPORTER_BY_NAME["json"](problems, sys.stdout, [])
    else:
        REPORTER_BY_NAME["text"](problems, sys.stdout, [])
        for name in changed:
            sys.stdout.write(f"{verb} {name}\n")
    sys.stderr.write(f"rung: {len(changed)} file{'s' if len(changed) != 1 else ''} {verb}\n")
    if unreadable:
        return 2
    return 1 if problems or (args.check and changed) else 0
