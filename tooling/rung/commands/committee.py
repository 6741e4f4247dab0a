"""``rung reviewers`` and ``rung scorecard``: the committee on a packet's pull request.

What they read, and how the packet is checked first: :mod:`rung.commands.committee_input`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rung.commands.committee_input import (
    commit_sha,
    errors_of,
    github_client,
    load_committee,
    local_check,
    moved_on,
    pr_number,
    remote_check,
    report_refusal,
)
from rung.commands.committee_scorecard import GRAMMAR_HELP, run_scorecard
from rung.commands.cycle_common import parse_date
from rung.commands.reviewers_plan import finish, print_plan, request
from rung.commands.reviewers_record import recorded_reviewers
from rung.committee.assign import PullState, Target, plan_reviewers
from rung.github.context import GitHubError
from rung.ladder.model import Ladder
from rung.model.repo import COMMITTEE_FILE, find_root
from rung.problems import FatalError
from rung.validate.runner import PacketCheck

if TYPE_CHECKING:
    from rung.github.client import GitHubClient
    from rung.github.pull import PullInfo


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "packet",
        nargs="?",
        metavar="PACKET",
        help="packet file (with --packet-from-pr: its path in the repository; omitted: "
        "the one packet the pull request changes)",
    )
    parser.add_argument("--pr", type=pr_number, metavar="N", help="pull-request number")
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)"
    )
    parser.add_argument(
        "--packet-from-pr",
        action="store_true",
        help="read the packet from the pull request's head commit through the API "
        "instead of the working tree (for privileged workflows)",
    )
    parser.add_argument(
        "--head-sha",
        type=commit_sha,
        metavar="SHA",
        help="the commit packet-check checked: do nothing (exit 0) unless it is still the "
        "pull request's head, so every decision is about the commit that was checked",
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="keep the promotion record (docs/security.md): append what this run did or "
        "saw to the packet's record on the record branch ($RUNG_RECORD_REF, default "
        "rung-record) and count only what the record holds; needs --packet-from-pr",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help=f"committee roster (default: {COMMITTEE_FILE} at the repository root)",
    )


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reviewers = subparsers.add_parser(
        "reviewers",
        help="plan and request committee reviewers for a packet's pull request",
        description="Check the packet with every rule of rung validate, then choose "
        "eligible committee members and request their reviews, with the reason for every "
        "choice; a packet with errors is never routed.  Exit 0 when the quota is met, 1 on "
        "an invalid packet, a shortfall or a refused request, 2 on a usage or "
        "configuration error.",
    )
    _common(reviewers)
    reviewers.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan for the local packet; needs no token and requests nothing",
    )
    reviewers.add_argument("--format", choices=("text", "json"), default="text")
    reviewers.set_defaults(func=run_reviewers)

    scorecard = subparsers.add_parser(
        "scorecard",
        help="collate the committee's per-criterion verdicts on a packet's pull request",
        description="Print the per-criterion scorecard of a packet's pull request; with\n"
        "--post, keep it in one sticky pull-request comment.  Standard output always\n"
        "carries the whole report, even when the comment must be cut.\n" + GRAMMAR_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(scorecard)
    scorecard.add_argument(
        "--post", action="store_true", help="create or update the scorecard comment"
    )
    scorecard.add_argument("--format", choices=("markdown", "json"), default="markdown")
    scorecard.add_argument(
        "--comments",
        type=Path,
        metavar="FILE.json",
        help="offline preview: collate the review comments saved in FILE.json (GitHub's REST "
        "shape: a list, or {review_comments, reviews, comments}) on the local PACKET; no "
        "token, no --pr",
    )
    scorecard.add_argument(
        "--evidence",
        type=Path,
        metavar="FILE.json",
        help="add the verified column: the output of 'rung evidence --format json' for this "
        "packet (docs/evidence.md)",
    )
    scorecard.add_argument(
        "--today",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="with --record: the day compared with a sealed cycle's reveal date (default: "
        "today, UTC)",
    )
    scorecard.set_defaults(func=run_scorecard)


# --- rung reviewers ----------------------------------------------------------------------


def _check(
    args: argparse.Namespace, client: GitHubClient, pr: PullInfo, ladders: Mapping[str, Ladder]
) -> PacketCheck:
    if args.packet_from_pr:
        return remote_check(args, client, pr, ladders)
    return local_check(args.packet, ladders)


def run_reviewers(args: argparse.Namespace) -> int:
    if args.dry_run and args.packet_from_pr:
        raise FatalError("--dry-run reads the local packet and calls no API; drop --packet-from-pr")
    if not args.dry_run and args.pr is None:
        raise FatalError("--pr N is required to request reviewers (or use --dry-run)")
    root = find_root()
    ladders, roster = load_committee(root, args.roster)
    if args.dry_run:
        check = local_check(args.packet, ladders)
        if errors_of(check):
            report_refusal(check, "not routed to reviewers", json_out=args.format == "json")
            return 1
        assert check.packet is not None and check.ladder is not None  # no errors
        plan = plan_reviewers(roster, check.ladder, Target.from_packet(check.packet, check.path))
        print_plan(args, check.packet, check.path, plan, refused={}, pr=None)
        return 1 if plan.shortfall else 0
    client = github_client(args)
    try:
        pr = client.pull_request(args.pr)
        if moved_on(args, pr):
            return 0
        check = _check(args, client, pr, ladders)
        if errors_of(check):
            report_refusal(check, "not routed to reviewers", json_out=args.format == "json")
            return 1
        assert check.packet is not None and check.ladder is not None  # no errors
        packet, ladder, path = check.packet, check.ladder, check.path
        reviewed: dict[str, str] = {}
        for review in client.reviews(pr.number):  # chronological: the last state wins
            if review.login is not None:
                reviewed[review.login] = review.state
        if args.record:
            return recorded_reviewers(args, client, roster, check, pr=pr, reviewed=reviewed)
        state = PullState(
            author=pr.author,
            requested=frozenset(pr.requested),
            reviewed=reviewed,
            open_reviews=client.open_packet_load(pr.number),
        )
        target = Target.from_packet(packet, path)
        if pr.state != "open":
            plan = plan_reviewers(roster, ladder, target, state)
            print_plan(args, packet, path, plan, refused={}, pr=pr)
            sys.stderr.write(f"rung: pull request #{pr.number} is {pr.state}; nothing requested\n")
            return 0
        plan, refused = request(client, roster, ladder, target, state, number=pr.number)
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        client.close()
    return finish(args, packet, path, plan, refused=refused, pr=pr)


# --- rung scorecard ----------------------------------------------------------------------
