"""``rung ladder check|show|diff``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rung.commands import ladder_impact, ladder_import
from rung.ladder.model import Criterion, Ladder, Level, MoveError, classify_move, required_criteria
from rung.loaders.sources import display_path
from rung.model.repo import find_root, ladder_files, load_ladder_file, require_ladder
from rung.problems import FatalError, Problem
from rung.problems import Level as Severity
from rung.validate.report import REPORTER_BY_NAME, tally


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("ladder", help="check, show and compare career ladders")
    sub = parser.add_subparsers(dest="ladder_command", required=True, metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="validate ladder files (default: every file in ladders/)",
        description="Check ladder files.  Exit 0 when clean (warnings allowed), 1 on any "
        "error (or warning with --strict), 2 on bad usage or a file that cannot be opened.",
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=run_check)

    show = sub.add_parser("show", help="print a ladder, or one level of it")
    show.add_argument("ladder", metavar="LADDER", help="ladder id or file")
    show.add_argument("--level", metavar="LEVEL")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=run_show)

    diff = sub.add_parser("diff", help="what a person must newly show to move FROM -> TO")
    diff.add_argument("ladder", metavar="LADDER", help="ladder id or file")
    diff.add_argument("from_level", metavar="FROM")
    diff.add_argument("to_level", metavar="TO")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(func=run_diff)

    ladder_import.add_parser(sub)
    ladder_impact.add_parser(sub)


def run_check(args: argparse.Namespace) -> int:
    files: list[Path] = args.files or ladder_files(find_root())
    if not files:
        raise FatalError("no ladder files given and none found in ladders/")
    problems: list[Problem] = []
    for path in files:
        if not path.is_file():
            raise FatalError(f"cannot read {display_path(path)}: no such file")
        problems.extend(load_ladder_file(path, advise=True)[1])
    REPORTER_BY_NAME[args.format](sorted(problems), sys.stdout, [])
    # On standard error, as validate's: a clean run says what it checked, not nothing.
    count = f"{len(files)} ladder{'s' if len(files) != 1 else ''}"
    sys.stderr.write(f"rung: checked {count}: {tally(problems)}\n")
    worst = max((p.level for p in problems), default=None)
    return 1 if worst is Severity.ERROR or (args.strict and worst is not None) else 0


def _criterion_json(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "area": criterion.area,
        "text": criterion.text,
        "min_evidence": criterion.min_evidence,
    }


def ladder_json(ladder: Ladder, levels: list[Level]) -> dict[str, Any]:
    """The stable machine interface of ``rung ladder show --format json``."""
    return {
        "id": ladder.id,
        "name": ladder.name,
        "cumulative": ladder.cumulative,
        "tracks": [{"id": t.id, "name": t.name, "entry": t.entry} for t in ladder.tracks],
        "levels": [
            {
                "id": lv.id,
                "track": lv.track,
                "rank": lv.rank,
                "title": lv.title,
                "criteria": [_criterion_json(c) for c in lv.criteria],
            }
            for lv in levels
        ],
    }


def _selected_levels(ladder: Ladder, level_id: str | None) -> list[Level]:
    if level_id is None:
        return list(ladder.levels)
    level = ladder.level(level_id)
    if level is None:
        known = ", ".join(lv.id for lv in ladder.levels)
        raise FatalError(f"ladder '{ladder.id}' has no level '{level_id}'; its levels: {known}")
    return [level]


def run_show(args: argparse.Namespace) -> int:
    ladder = require_ladder(find_root(), args.ladder)
    levels = _selected_levels(ladder, args.level)
    if args.format == "json":
        json.dump(ladder_json(ladder, levels), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout
    out.write(f"{ladder.name} ({ladder.id}){' — cumulative' if ladder.cumulative else ''}\n")
    for track in ladder.tracks:
        out.write(f"  track {track.id}: {track.name}, starts at {track.entry}\n")
    for level in levels:
        out.write(f"\n{level.id}  rank {level.rank}  {level.title}\n")
        for area in level.areas:
            out.write(f"  {area.name}{f' ({area.note})' if area.note else ''}\n")
            for c in area.criteria:
                needs = f" [needs {c.min_evidence}]" if c.min_evidence > 1 else ""
                out.write(f"    - {c.text}{needs}\n      {c.id}\n")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    ladder = require_ladder(find_root(), args.ladder)
    _selected_levels(ladder, args.from_level)  # a level the ladder lacks is a usage error (2)
    _selected_levels(ladder, args.to_level)
    try:
        kind = classify_move(ladder, args.from_level, args.to_level)
        criteria = required_criteria(ladder, args.from_level, args.to_level)
    except MoveError as err:
        # Both levels exist: "this move is not allowed" is the answer, a finding (1).
        if args.format == "json":
            refused = {"from": args.from_level, "to": args.to_level, "kind": None}
            json.dump(
                {**refused, "error": str(err), "criteria": []},
                sys.stdout,
                indent=2,
                ensure_ascii=False,
            )
            sys.stdout.write("\n")
        else:
            sys.stdout.write(f"{ladder.id}: {err}\n")
        return 1
    if args.format == "json":
        payload = {
            "from": args.from_level,
            "to": args.to_level,
            "kind": kind.value,
            "criteria": [{"level": c.level, **_criterion_json(c)} for c in criteria],
        }
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(
        f"{ladder.id}: {args.from_level} -> {args.to_level} ({kind.value}), "
        f"{len(criteria)} criteria to show\n"
    )
    for c in criteria:
        needs = f" [needs {c.min_evidence}]" if c.min_evidence > 1 else ""
        sys.stdout.write(f"  {c.id}{needs}\n    {c.text}\n")
    return 0
