"""``rung cycle changed``: cycle-decisions' choice of cycles (:mod:`rung.steps.changed`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rung.steps.changed import NOT_A_CYCLE, NOTHING, is_cycle, pushed_cycles
from rung.steps.runner import command, read_event, runner_file, write_outputs

TITLE = "cycle-decisions"  # the workflow whose log shows the messages


def add_changed(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    changed = sub.add_parser(
        "changed",
        help="the cycles whose decisions file a push changed (for cycle-decisions)",
        description="Write cycles=CYCLE... to $GITHUB_OUTPUT: the cycles whose "
        "packets/CYCLE/decisions.yaml the push event's commits add or modify, or the one "
        "--cycle names, each only while that file is a regular file in the working tree.  "
        "Exit 0 (with a notice when there is none), 1 when --cycle is not a cycle name, "
        "2 on bad usage.",
    )
    source = changed.add_mutually_exclusive_group(required=True)
    source.add_argument("--cycle", metavar="NAME", help="this cycle (the Actions tab's input)")
    source.add_argument("--event", type=Path, metavar="FILE", help="a push event's JSON")
    changed.add_argument(
        "--output", type=Path, metavar="FILE", help="step outputs file (default: $GITHUB_OUTPUT)"
    )
    changed.set_defaults(func=run_changed)


def run_changed(args: argparse.Namespace) -> int:
    output = runner_file(args.output, "GITHUB_OUTPUT")
    if args.cycle is not None:
        if not is_cycle(args.cycle):
            sys.stdout.write(command("error", TITLE, NOT_A_CYCLE))
            return 1
        candidates = [args.cycle]
    else:
        candidates = pushed_cycles(read_event(args.event))
    # Only a decisions file the checked-out default branch still has, and not a link.
    cycles = [
        cycle
        for cycle in candidates
        if (file := Path("packets", cycle, "decisions.yaml")).is_file() and not file.is_symlink()
    ]
    if not cycles:
        sys.stdout.write(command("notice", TITLE, NOTHING))
    write_outputs(output, {"cycles": " ".join(cycles)})
    return 0
