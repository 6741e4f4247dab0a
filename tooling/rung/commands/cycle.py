"""``rung cycle status|agenda|publish``, ``rung letter`` and ``rung remind``: the committee's cycle.

Every command reads the cycle's packets, ladders, roster and decisions from the
working tree (the default branch, in a workflow) and, with a token, the pull
requests from GitHub.  Nothing here checks out or runs pull-request code.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rung.commands.committee import load_committee
from rung.committee import Roster
from rung.cycle.load import CycleInput, check_cycle_name, cycle_status, load_cycle
from rung.cycle.report import one_line, render_json, render_markdown, render_text
from rung.cycle.status import CycleStatus
from rung.cycles import cycle_date
from rung.extras import require
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.ladder import Ladder
from rung.problems import FatalError
from rung.repo import COMMITTEE_FILE, load_ladders

if TYPE_CHECKING:
    from rung.github.cycle import CycleClient

LOOKBACK_DAYS = 365  # default --since: pull requests opened up to a year before the cycle


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _cycle(text: str) -> str:
    try:
        return check_cycle_name(text)
    except FatalError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _github_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)"
    )
    parser.add_argument(
        "--roster",
        type=Path,
        default=Path(COMMITTEE_FILE),
        metavar="FILE",
        help=f"committee roster (default: {COMMITTEE_FILE})",
    )
    parser.add_argument(
        "--since",
        type=_date,
        metavar="YYYY-MM-DD",
        help=f"read pull requests opened on or after this day (default: {LOOKBACK_DAYS} "
        "days before the cycle's date)",
    )
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day to count waiting days to (default: today, UTC); for reproducible reports",
    )


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cycle = subparsers.add_parser(
        "cycle",
        help="a promotion cycle as a whole: status, calibration agenda, publishing decisions",
        description="The committee's view of a cycle.  Reads GitHub when GITHUB_TOKEN is set "
        "(unless --offline); otherwise reports coverage and recorded decisions only.",
    )
    sub = cycle.add_subparsers(dest="cycle_command", required=True, metavar="SUBCOMMAND")
    status = sub.add_parser(
        "status",
        help="one row per packet: coverage, reviewers, verdicts, days open, state",
        description="One row per packet of CYCLE.  Exit 0, or 2 on a usage or configuration "
        "error; 1 when GitHub could not be read.",
    )
    status.add_argument("cycle", type=_cycle, metavar="CYCLE")
    status.add_argument("--format", choices=("text", "json", "markdown", "html"), default="text")
    status.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    status.add_argument("--offline", action="store_true", help="do not read GitHub")
    _github_options(status)
    status.set_defaults(func=run_status)

    publish = sub.add_parser(
        "publish",
        help="label each decided packet's pull request with its outcome, and post the decision",
        description="For every decision in packets/CYCLE/decisions.yaml (as merged: run it on "
        "the default branch), make 'rung: OUTCOME' the pull request's one outcome label and "
        "keep the decision in one sticky comment.  Idempotent: a rerun changes nothing.  "
        "Exit 0, 1 when a decided packet has no pull request or GitHub fails.",
    )
    publish.add_argument("cycle", type=_cycle, metavar="CYCLE")
    publish.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    _github_options(publish)
    publish.set_defaults(func=run_publish)


# --- shared loading -----------------------------------------------------------------------


def today(args: argparse.Namespace) -> date:
    chosen: date | None = args.today
    return chosen if chosen is not None else datetime.now(UTC).date()


def since(args: argparse.Namespace, cycle: str) -> datetime:
    day: date | None = args.since
    if day is None:
        start = cycle_date(cycle)
        assert start is not None  # the argument type checked the name
        day = start - timedelta(days=LOOKBACK_DAYS)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def client(args: argparse.Namespace) -> CycleClient:
    require("github", args.command)
    from rung.github.cycle import CycleClient  # PyGithub only on the commands that call GitHub

    context = GitHubContext.from_env(os.environ, args.repo)
    return CycleClient(context, RetrySettings.from_env(os.environ))


def load(args: argparse.Namespace) -> tuple[dict[str, Ladder], CycleInput]:
    root = Path.cwd()
    ladders, _ = load_ladders(root)
    return ladders, load_cycle(root, args.cycle, ladders)


def roster(args: argparse.Namespace) -> Roster:
    return load_committee(Path.cwd(), args.roster)[1]


def gather(args: argparse.Namespace, *, online: bool) -> CycleStatus:
    """The cycle's status, read from GitHub when ``online``; GitHubError when it cannot be."""
    _, cycle = load(args)
    if not online:
        return cycle_status(cycle, today(args))
    committee = roster(args)
    github = client(args)
    try:
        pulls = github.cycle_pulls(cycle.cycle, since(args, cycle.cycle))
    finally:
        github.close()
    return cycle_status(cycle, today(args), roster=committee, pulls=pulls)


def is_online(args: argparse.Namespace) -> bool:
    return not getattr(args, "offline", False) and bool(os.environ.get("GITHUB_TOKEN"))


def write(args: argparse.Namespace, text: str) -> None:
    out: Path | None = args.out
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as err:
        raise FatalError(f"cannot write {out}: {err.strerror}") from None
    sys.stderr.write(f"rung: wrote {one_line(str(out))}\n")


# --- rung cycle status ---------------------------------------------------------------------


def run_status(args: argparse.Namespace) -> int:
    try:
        status = gather(args, online=is_online(args))
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    if args.format == "json":
        text = render_json(status)
    elif args.format == "markdown":
        text = render_markdown(status)
    elif args.format == "html":
        from rung.cycle.dashboard import render_dashboard

        text = render_dashboard(status)
    else:
        text = render_text(status)
    write(args, text)
    return 0


# --- rung cycle publish --------------------------------------------------------------------


def run_publish(args: argparse.Namespace) -> int:
    from rung.cycle.publish import decision_comment, plan_labels

    _, cycle = load(args)
    if cycle.decisions is None or not cycle.decisions.entries:
        sys.stderr.write(f"rung: packets/{cycle.cycle}/decisions.yaml records no decision yet\n")
        return 0
    github = client(args)
    missing = 0
    try:
        pulls = github.cycle_pulls(cycle.cycle, since(args, cycle.cycle), verdicts=False)
        for change in plan_labels(cycle, pulls):
            who = one_line(change.candidate)
            if change.pull is None:
                sys.stderr.write(f"rung: warning: {who}: no pull request for the packet\n")
                missing += 1
                continue
            number = change.pull.number
            verb = "would label" if args.dry_run else "labelled"
            if args.dry_run:
                sys.stdout.write(f"{who}: {verb} #{number} {change.label!r}\n")
                continue
            changed = github.set_label(number, change.label, change.pull.labels, change.family)
            body = decision_comment(change.decision, cycle.cycle)
            outcome = github.upsert_comment(number, body, body.split("\n", 1)[0])
            state = "labelled" if changed else "already labelled"
            sys.stdout.write(
                f"{who}: {state} #{number} {change.label!r}; decision comment {outcome.action}\n"
            )
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        github.close()
    return 1 if missing else 0
