"""``rung packet sync``: bring packets up to date with their ladders."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rung.commands.fmt import packet_paths
from rung.edit.sync import sync_or_explain
from rung.loaders.sources import display_path, read_source
from rung.model.packet import parse_packet
from rung.model.repo import find_root, load_ladders
from rung.problems import Level, Problem
from rung.validate.report import report_text


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "packet", help="edit packets: sync them with their ladders", description="Edit packets."
    )
    sub = parser.add_subparsers(dest="packet_command", required=True, metavar="COMMAND")
    sync = sub.add_parser(
        "sync",
        help="rename old criterion ids, add newly required criteria, mark dropped ones",
        description="Bring packets up to date with their ladder: evidence under an earlier id "
        "(renamed_from) is renamed, criteria the move now requires are added as empty items "
        "with the ladder's words as a comment, and criteria no longer required are marked "
        "with a comment.  Nothing else in the file changes.  Exit 0 when done (or nothing to "
        "do), 1 with --check when a packet would change or when one cannot be synced, 2 on "
        "bad usage or a file that cannot be opened.",
    )
    sync.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PACKET",
        help="packets or folders (default: packets/)",
    )
    sync.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a packet would change"
    )
    sync.add_argument("--format", choices=("text", "json"), default="text")
    sync.set_defaults(func=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    root = find_root()
    ladders, _ = load_ladders(root)
    problems: list[Problem] = []
    report: list[dict[str, Any]] = []
    unreadable = False
    paths = packet_paths(args.paths, root)
    current = 0  # packets already up to date with their ladder
    for path in paths:
        source, found = read_source(path)
        problems.extend(found)
        if source is None:
            unreadable = True
            continue
        packet, found = parse_packet(source.text, source.path)
        problems.extend(found)
        if packet is None:
            continue
        ladder = ladders.get(packet.ladder)
        if ladder is None:
            line, column = packet.value_position("ladder")
            problems.append(
                Problem(
                    source.path,
                    line,
                    column,
                    Level.ERROR,
                    "reference",
                    f"no valid ladder '{packet.ladder}' to sync with; 'rung validate' says why",
                )
            )
            continue
        synced = sync_or_explain(packet, ladder)
        if isinstance(synced, str):
            line, column = packet.value_position("to")
            problems.append(Problem(source.path, line, column, Level.ERROR, "step", synced))
            continue
        if not synced.changed:
            current += 1
            continue
        after, found = parse_packet(synced.text, source.path)
        if after is None:  # pragma: no cover - each edit keeps the YAML valid by design
            problems.extend(found)
            continue
        report.append(
            {
                "path": display_path(path),
                "renamed": [{"from": a, "to": b} for a, b in synced.renamed],
                "added": synced.added,
                "marked": synced.marked,
            }
        )
        if not args.check:
            with path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(synced.text)
    if args.format == "json":
        payload = {"packets": report, "findings": [_finding(p) for p in sorted(problems)]}
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        report_text(problems, sys.stdout)
        verb = "would change" if args.check else "synced"
        for entry in report:
            parts = [f"renamed {r['from']} -> {r['to']}" for r in entry["renamed"]]
            parts += [f"added {cid}" for cid in entry["added"]]
            parts += [f"marked {cid} as no longer required" for cid in entry["marked"]]
            sys.stdout.write(f"{verb} {entry['path']}: {'; '.join(parts)}\n")
    verb = "would change" if args.check else "synced"
    left = len(paths) - len(report) - current
    summary = f"rung: {len(report)} packet{'s' if len(report) != 1 else ''} {verb}, "
    summary += f"{current} up to date" + (f", {left} not synced (see the findings)" if left else "")
    sys.stderr.write(summary + "\n")
    if unreadable:
        return 2
    errors = any(p.level is Level.ERROR for p in problems)
    return 1 if errors or (args.check and report) else 0


def _finding(p: Problem) -> dict[str, Any]:
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "level": str(p.level),
        "rule": p.rule,
        "message": p.message,
    }
