"""``rung pr locate``: the pull request a ``workflow_run`` is for, and its one packet
(and ``rung pr render``, in :mod:`rung.commands.pr_render`).

The decisions are :mod:`rung.steps.locate`'s, the files :mod:`rung.steps.runner`'s,
the two GitHub reads :mod:`rung.github.locate`'s; this module only joins them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rung.commands.pr_render import add_render
from rung.extras import require
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.problems import FatalError
from rung.steps.locate import Found, Stop, choose_number, decide, read_run, trusted_pull
from rung.steps.runner import command, read_event, read_record, runner_file, write_outputs

if TYPE_CHECKING:
    from rung.github.locate import LocateClient

OUTPUTS = "count, number, packet, head_sha, draft, push"
TITLE = "packet-review"  # the workflow whose log shows the notices


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "pr", help="pull-request steps of rung's workflows", description="Pull-request steps."
    )
    sub = parser.add_subparsers(dest="pr_command", required=True, metavar="COMMAND")
    locate = sub.add_parser(
        "locate",
        help="find the pull request a workflow_run is for, and its one packet",
        description="For packet-review (a workflow_run after packet-check or "
        "packet-review-trigger): find the pull request the finished run was for (GitHub's "
        "event, else the run's pull-request record), check with GitHub that it is open and "
        "its head is the commit that run was for, and find the one packet it changes.  "
        f"Writes {OUTPUTS} to $GITHUB_OUTPUT; count=0 and a notice when there is nothing "
        "to route (exit 0).  Exit 1 when GitHub cannot be read, 2 on bad usage or "
        "configuration; count=0 either way.",
    )
    locate.add_argument(
        "--record",
        type=Path,
        metavar="FILE",
        help="the triggering run's pull-request.json (untrusted; a missing file is no record)",
    )
    locate.add_argument(
        "--event", type=Path, metavar="FILE", help="the event (default: $GITHUB_EVENT_PATH)"
    )
    locate.add_argument(
        "--output", type=Path, metavar="FILE", help="step outputs file (default: $GITHUB_OUTPUT)"
    )
    locate.add_argument(
        "--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)"
    )
    locate.set_defaults(func=run_locate)
    add_render(sub)


def _client(args: argparse.Namespace) -> LocateClient:
    require("github", "pr locate")
    from rung.github.locate import LocateClient  # PyGithub only once there is a number

    context = GitHubContext.from_env(os.environ, args.repo)
    return LocateClient(context, RetrySettings.from_env(os.environ))


def _find(args: argparse.Namespace, event: Path) -> Found | Stop:
    run = read_run(read_event(event))
    if isinstance(run, Stop):
        return run
    record = None if run.numbers else read_record(args.record)
    if isinstance(record, Stop):
        return record
    number = choose_number(run, record)
    if isinstance(number, Stop):
        return number
    client = _client(args)
    try:
        pull = trusted_pull(number, run, client.pull_head(number))
        if isinstance(pull, Stop):
            return pull
        return decide(number, run, pull, client.pull_files(number))
    finally:
        client.close()


def run_locate(args: argparse.Namespace) -> int:
    output = runner_file(args.output, "GITHUB_OUTPUT")
    try:
        outcome = _find(args, runner_file(args.event, "GITHUB_EVENT_PATH"))
    except (GitHubError, FatalError) as err:
        # Later steps must see count=0, not a missing output, whatever went wrong.
        write_outputs(output, {"count": "0"})
        message = err.message if isinstance(err, GitHubError) else str(err)
        sys.stdout.write(command("error", TITLE, message))
        return 1 if isinstance(err, GitHubError) else 2
    write_outputs(output, outcome.outputs())
    if isinstance(outcome, Stop):
        sys.stdout.write(command("notice", TITLE, outcome.message))
    else:
        sys.stdout.write(
            f"pull request #{outcome.number} at {outcome.head_sha[:12]}: {outcome.packet} "
            f"(draft: {str(outcome.draft).lower()}, after a push: {str(outcome.push).lower()})\n"
        )
    return 0
