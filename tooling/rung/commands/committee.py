"""``rung reviewers`` and ``rung scorecard``: the committee on a packet's pull request.

The ladders and the roster always come from the working tree (in a privileged
workflow: the base branch, which the pull request cannot change).  The packet
comes from the working tree too, unless ``--packet-from-pr`` reads it from the
pull request's head commit through the API, as data, so a ``pull_request_target``
or ``workflow_run`` job never checks out pull-request code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rung.assign import Plan, PullState, Target, plan_reviewers
from rung.committee import Roster, load_roster
from rung.coverage import move_coverage
from rung.extras import require
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.ladder import Ladder, MoveError
from rung.packet import Packet, parse_packet
from rung.problems import FatalError, FindingsError, Level, Problem
from rung.repo import COMMITTEE_FILE, find_root, load_ladders, repo_path
from rung.scorecard import MARKER, blob_url, build_scorecard
from rung.scorecard_markdown import render_markdown
from rung.sources import Source, display_path, read_source

if TYPE_CHECKING:
    from rung.github.client import GitHubClient, PullInfo


def _one_line(text: str) -> str:
    """Untrusted text on one line without control characters: a log line it cannot forge.

    GitHub Actions reads ``::command::`` at the start of any log line; a packet's
    name or a file name with a newline could otherwise start one.
    """
    return "".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text)


def _pr_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a pull-request number")
    return int(text)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "packet",
        nargs="?",
        metavar="PACKET",
        help="packet file (with --packet-from-pr: its path in the repository; omitted: "
        "the one packet the pull request changes)",
    )
    parser.add_argument("--pr", type=_pr_number, metavar="N", help="pull-request number")
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
        "--roster",
        type=Path,
        metavar="FILE",
        help=f"committee roster (default: {COMMITTEE_FILE} at the repository root)",
    )


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reviewers = subparsers.add_parser(
        "reviewers",
        help="plan and request committee reviewers for a packet's pull request",
        description="Choose eligible committee members for a packet and request their "
        "reviews, with the reason for every choice.  Exit 0 when the quota is met, 1 on a "
        "shortfall, a refused request or an invalid packet, 2 on a usage or configuration error.",
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
        description="Print the per-criterion scorecard of a packet's pull request; with "
        "--post, keep it in one sticky pull-request comment.  Standard output always "
        "carries the whole report, even when the comment must be cut.",
    )
    _common(scorecard)
    scorecard.add_argument(
        "--post", action="store_true", help="create or update the scorecard comment"
    )
    scorecard.add_argument("--format", choices=("markdown", "json"), default="markdown")
    scorecard.set_defaults(func=run_scorecard)


# --- shared loading --------------------------------------------------------------------


def _fatal(what: str, problems: list[Problem]) -> FatalError:
    details = "\n".join(p.format_text() for p in sorted(problems) if p.level is Level.ERROR)
    return FatalError(f"{what}:\n{details}")


def _warn(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        if problem.level is not Level.ERROR:
            sys.stderr.write(problem.format_text() + "\n")


def load_committee(root: Path, roster_path: Path | None) -> tuple[dict[str, Ladder], Roster]:
    """The repository's ladders and its valid roster (``--roster``, relative to the working
    folder like every path given; by default the root's), or a FatalError saying what is wrong."""
    ladders, ladder_problems = load_ladders(root)
    path = root / COMMITTEE_FILE if roster_path is None else roster_path
    if not path.is_file():
        raise FatalError(
            f"no committee roster at {display_path(path)}; see docs/committee.md for its format"
        )
    source, problems = read_source(path)
    roster = None
    if source is not None:
        roster, more = load_roster(source.text, source.path, ladders)
        problems += more
    if roster is None:
        raise _fatal(f"the committee roster {display_path(path)} is invalid", problems)
    _warn(problems)
    if any(p.level is Level.ERROR for p in ladder_problems):
        sys.stderr.write("rung: warning: some ladders are invalid; run 'rung ladder check'\n")
    return ladders, roster


def _packet_from(source: Source | None, problems: list[Problem], path: str) -> Packet:
    if source is None:
        raise _fatal(f"cannot read the packet {path}", problems)
    packet, more = parse_packet(source.text, source.path)
    if packet is None:
        raise FindingsError(f"the packet {path} is not valid; run 'rung validate {path}'", more)
    return packet


def _local_packet(name: str | None) -> tuple[Packet, str]:
    if name is None:
        raise FatalError("name the PACKET file (only --packet-from-pr can find it by itself)")
    path = Path(name)
    if not path.is_file():
        raise FatalError(f"no such packet file: {name}")
    shown = display_path(path)
    source, problems = read_source(path)
    # The repository's name for the file, from any folder: review comments and the
    # tie-break between reviewers use it.
    return _packet_from(source, problems, shown), repo_path(path, find_root())


def _remote_packet(
    args: argparse.Namespace, client: GitHubClient, pr: PullInfo
) -> tuple[Packet, str]:
    path = args.packet.removeprefix("./") if args.packet else None
    if path is None:
        changed = client.changed_packets(pr.number)
        if len(changed) != 1:
            listed = _one_line(", ".join(changed)) if changed else "none"
            raise FatalError(
                f"pull request #{pr.number} changes {len(changed)} packet files ({listed}); "
                "name the PACKET"
            )
        path = changed[0]
        if _one_line(path) != path:
            raise FatalError(f"refusing a packet file name with control characters: {path!r}")
    source, problems = client.file_text(path, pr.head_sha)
    return _packet_from(source, problems, path), path


def _ladder_for(packet: Packet, ladders: Mapping[str, Ladder]) -> Ladder:
    ladder = ladders.get(packet.ladder)
    key, message = "ladder", ""
    if ladder is None:
        known = ", ".join(sorted(ladders)) or "none"
        message = f"ladder '{packet.ladder}' is not a valid ladder in ladders/ (known: {known})"
    elif ladder.level(packet.to_level) is None:
        key, message = "to", f"ladder '{ladder.id}' has no level '{packet.to_level}'"
    if ladder is None or message:
        line, column = packet.value_position(key)
        problem = Problem(packet.path, line, column, Level.ERROR, "reference", message)
        raise FindingsError(
            f"the packet {packet.path} is not valid; run 'rung validate {packet.path}'", [problem]
        )
    return ladder


def _client(args: argparse.Namespace) -> GitHubClient:
    require("github", args.command)
    from rung.github.client import GitHubClient  # PyGithub only on the commands that call GitHub

    context = GitHubContext.from_env(os.environ, args.repo)
    return GitHubClient(context, RetrySettings.from_env(os.environ))


# --- rung reviewers ----------------------------------------------------------------------


def run_reviewers(args: argparse.Namespace) -> int:
    if args.dry_run and args.packet_from_pr:
        raise FatalError("--dry-run reads the local packet and calls no API; drop --packet-from-pr")
    if not args.dry_run and args.pr is None:
        raise FatalError("--pr N is required to request reviewers (or use --dry-run)")
    root = find_root()
    ladders, roster = load_committee(root, args.roster)
    if args.dry_run:
        packet, path = _local_packet(args.packet)
        ladder = _ladder_for(packet, ladders)
        plan = plan_reviewers(roster, ladder, Target.from_packet(packet, path))
        _print_plan(args, packet, path, plan, refused={}, pr=None)
        return 1 if plan.shortfall else 0
    client = _client(args)
    try:
        pr = client.pull_request(args.pr)
        packet, path = (
            _remote_packet(args, client, pr) if args.packet_from_pr else _local_packet(args.packet)
        )
        ladder = _ladder_for(packet, ladders)
        reviewed: dict[str, str] = {}
        for review in client.reviews(pr.number):  # chronological: the last state wins
            if review.login is not None:
                reviewed[review.login] = review.state
        state = PullState(
            author=pr.author,
            requested=frozenset(pr.requested),
            reviewed=reviewed,
            open_reviews=client.open_packet_load(pr.number),
        )
        target = Target.from_packet(packet, path)
        if pr.state != "open":
            plan = plan_reviewers(roster, ladder, target, state)
            _print_plan(args, packet, path, plan, refused={}, pr=pr)
            sys.stderr.write(f"rung: pull request #{pr.number} is {pr.state}; nothing requested\n")
            return 0
        plan, refused = _request(client, roster, ladder, target, state, number=pr.number)
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        client.close()
    _print_plan(args, packet, path, plan, refused=refused, pr=pr)
    for login, why in refused.items():
        sys.stderr.write(
            f"rung: warning: GitHub refused a review request for {login} ({why}); "
            "make them a collaborator or fix .github/committee.yml\n"
        )
    return 1 if plan.shortfall or refused else 0


def _request(
    client: GitHubClient,
    roster: Roster,
    ladder: Ladder,
    target: Target,
    state: PullState,
    *,
    number: int,
) -> tuple[Plan, dict[str, str]]:
    """Request the plan's picks; when GitHub refuses a login, plan again without it."""
    refused: dict[str, str] = {}
    done: list[str] = []
    picks = []
    while True:
        current = PullState(
            author=state.author,
            requested=state.requested | frozenset(done),
            reviewed=state.reviewed,
            open_reviews=state.open_reviews,
            refused=refused,
        )
        plan = plan_reviewers(roster, ladder, target, current)
        if not plan.requested:
            break
        outcome = client.request_reviewers(number, [c.login for c in plan.requested])
        picks += [c for c in plan.requested if c.login in outcome.requested]
        done += outcome.requested
        refused.update(outcome.refused)
        if not outcome.requested and not outcome.refused:
            break  # pragma: no cover - request_reviewers always settles every login
    mine = {login.casefold() for login in done}
    return Plan(
        quota=plan.quota,
        requested=tuple(picks),
        kept=tuple(c for c in plan.kept if c.login.casefold() not in mine),
        standby=plan.standby,
        excluded=plan.excluded,
    ), refused


def _print_plan(
    args: argparse.Namespace,
    packet: Packet,
    path: str,
    plan: Plan,
    *,
    refused: Mapping[str, str],
    pr: PullInfo | None,
) -> None:
    if args.format == "json":
        payload: dict[str, Any] = {"packet": path, "pr": args.pr, "dry_run": pr is None}
        payload.update(plan.to_json())
        payload["refused"] = dict(refused)
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = sys.stdout
    out.write(
        _one_line(
            f"{path}: {packet.name} ({packet.candidate}), {packet.ladder} "
            f"{packet.from_level} -> {packet.to_level}, manager {packet.manager}"
        )
        + "\n"
    )
    if pr is None:
        out.write("dry run: no pull-request state is read and nothing is requested\n")
    else:
        out.write(f"pull request #{pr.number} by {pr.author or 'a deleted account'}\n")
    lines = [("request", c) for c in plan.requested] + [("keep", c) for c in plan.kept]
    lines += [("standby", c) for c in plan.standby] + [("exclude", c) for c in plan.excluded]
    width = max((len(c.login) for _, c in lines), default=0)
    for action, choice in lines:
        out.write(_one_line(f"  {action:<8} {choice.login:<{width}}  {choice.reason}") + "\n")
    verb = "to request" if pr is None else "requested"
    summary = f"{len(plan.requested)} {verb}, {len(plan.kept)} kept, quota {plan.quota}"
    if plan.shortfall:
        summary += f", SHORTFALL {plan.shortfall}: too few eligible committee members"
    out.write(summary + "\n")


# --- rung scorecard ----------------------------------------------------------------------


def run_scorecard(args: argparse.Namespace) -> int:
    if args.pr is None:
        raise FatalError("--pr N is required: the scorecard is read from the pull request")
    root = find_root()
    ladders, roster = load_committee(root, args.roster)
    client = _client(args)
    try:
        pr = client.pull_request(args.pr)
        packet, path = (
            _remote_packet(args, client, pr) if args.packet_from_pr else _local_packet(args.packet)
        )
        ladder = _ladder_for(packet, ladders)
        try:
            coverage = move_coverage(packet, ladder)
        except MoveError as err:
            raise FatalError(f"{path}: {err}") from None
        card = build_scorecard(
            packet,
            coverage,
            roster,
            client.review_comments(pr.number),
            reviews=client.reviews(pr.number),
            requested=pr.requested,
            path=path,
            file_url=blob_url(pr.repo_html_url, pr.head_sha, path),
        )
        if args.format == "json":
            json.dump(card.to_json(), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(render_markdown(card, max_chars=sys.maxsize))
        if args.post:
            body = render_markdown(card, artifacts_url=client.context.artifacts_url)
            outcome = client.upsert_comment(pr.number, body, MARKER)
            sys.stderr.write(f"rung: scorecard comment {outcome.action}: {outcome.url}\n")
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        client.close()
    return 0
