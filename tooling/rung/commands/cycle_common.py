"""What the cycle commands share: arguments, loading, the GitHub client, output."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rung.commands.committee_input import load_committee
from rung.commands.private_file import write_private
from rung.committee.roster import Roster
from rung.cycle.load import CycleInput, check_cycle_name, cycle_status, load_cycle
from rung.cycle.status import CycleStatus
from rung.extras import require
from rung.github.context import GitHubContext, RetrySettings
from rung.ladder.model import Ladder
from rung.model.cycles import cycle_date
from rung.model.repo import COMMITTEE_FILE, find_root, load_ladders
from rung.problems import FatalError
from rung.scorecard.markdown import one_line

if TYPE_CHECKING:
    from rung.github.cycle import CycleClient

LOOKBACK_DAYS = 365  # default --since: pull requests opened up to a year before the cycle


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def parse_cycle(text: str) -> str:
    try:
        return check_cycle_name(text)
    except FatalError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def github_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)"
    )
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help=f"committee roster (default: {COMMITTEE_FILE} at the repository root)",
    )
    parser.add_argument(
        "--since",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help=f"read pull requests opened on or after this day (default: {LOOKBACK_DAYS} "
        "days before the cycle's date)",
    )
    parser.add_argument(
        "--today",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the day to count waiting days to (default: today, UTC); for reproducible reports",
    )


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
    if context.token is None and getattr(args, "dry_run", False):
        # A dry run writes nothing but still reads the cycle's pull requests: the usual
        # hint, "or use --dry-run", would send the user round in a circle.
        raise FatalError(
            "GITHUB_TOKEN is not set; a --dry-run writes nothing but still reads the cycle's "
            "pull requests from GitHub: set GITHUB_TOKEN to a token that can read them"
        )
    return CycleClient(context, RetrySettings.from_env(os.environ))


def load(args: argparse.Namespace) -> tuple[dict[str, Ladder], CycleInput]:
    root = find_root()
    ladders, _ = load_ladders(root)
    return ladders, load_cycle(root, args.cycle, ladders)


def roster(args: argparse.Namespace) -> Roster:
    return load_committee(find_root(), args.roster)[1]


def gather(args: argparse.Namespace, *, online: bool) -> CycleStatus:
    """The cycle's status, read from GitHub when ``online``; GitHubError when it cannot be."""
    return gather_with_input(args, online=online)[0]


def gather_with_input(args: argparse.Namespace, *, online: bool) -> tuple[CycleStatus, CycleInput]:
    _, cycle = load(args)
    if not online:
        return cycle_status(cycle, today(args)), cycle
    committee = roster(args)
    github = client(args)
    try:
        pulls = github.cycle_pulls(cycle.cycle, since(args, cycle.cycle))
        records = github.records(cycle.cycle)
    finally:
        github.close()
    status = cycle_status(cycle, today(args), roster=committee, pulls=pulls, records=records)
    return status, cycle


def is_online(args: argparse.Namespace) -> bool:
    return not getattr(args, "offline", False) and bool(os.environ.get("GITHUB_TOKEN"))


def write(args: argparse.Namespace, text: str) -> None:
    out: Path | None = args.out
    if out is None:
        sys.stdout.write(text)
        return
    write_private(out, text)
    sys.stderr.write(f"rung: wrote {one_line(str(out))}\n")
