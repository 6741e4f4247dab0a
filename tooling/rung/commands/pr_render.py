"""``rung pr render``: packet-check's render step (the choice is :mod:`rung.steps.renderable`'s)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from rung.problems import FatalError
from rung.steps.renderable import artifact_name, nothing_to_render, select
from rung.steps.runner import append, runner_file, write_outputs


def add_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = sub.add_parser(
        "render",
        help="render a pull request's changed packets that pass validation",
        description="For packet-check: render the packets of REPORT (the output of 'rung "
        "validate --changed-since REF --format json') that have no error, to "
        "DIR/<cycle>/<candidate>.pdf, each page marked as this pull request's preview.  Writes count (packets rendered) and artifact (the "
        "name to upload them under) to $GITHUB_OUTPUT and one line to "
        "$GITHUB_STEP_SUMMARY.  Exit 0 when done or when there is nothing to render; "
        "otherwise rung render's exit code.",
    )
    render.add_argument("report", type=Path, metavar="REPORT", help="rung validate's JSON")
    render.add_argument("--pr", required=True, metavar="N", help="the pull request's number")
    render.add_argument("--commit", required=True, metavar="SHA", help="its head commit")
    render.add_argument("--out", type=Path, required=True, metavar="DIR")
    render.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    output = runner_file(None, "GITHUB_OUTPUT")
    summary = runner_file(None, "GITHUB_STEP_SUMMARY")
    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise FatalError(f"cannot read the report {args.report}: {err}") from None
    selection = select(report)
    write_outputs(output, {"count": str(len(selection.packets))})
    nothing = nothing_to_render(selection)
    if nothing is not None:
        append(summary, nothing + "\n")
        return 0
    name = artifact_name(selection, args.pr, args.commit)
    write_outputs(output, {"artifact": name})  # what rendered is uploaded even after a failure
    paths = [path for path, _ in selection.packets]
    # Its own process, as `rung render` always runs: its workers, its limits, its exit code.
    # --preview: this is the pull request's own code and branch, never the committee's copy.
    command = [sys.executable, "-m", "rung", "render", "--preview", "--out", str(args.out)]
    done = subprocess.run([*command, "--commit", args.commit, "--", *paths], check=False)
    if done.returncode == 0:
        append(
            summary, f"Rendered {len(paths)} packet PDF(s): the `{name}` artifact of this run.\n"
        )
    return done.returncode
