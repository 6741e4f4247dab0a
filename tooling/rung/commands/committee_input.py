"""What ``rung reviewers`` and ``rung scorecard`` read: the committee, and the packet, checked.

The ladders and the roster always come from the working tree (in a privileged
workflow: the default branch, which the pull request cannot change).  The packet
comes from the working tree too, unless ``--packet-from-pr`` reads it from the
pull request through the API, as data, at the commit packet-check checked.
Either way it goes through the full ``rung validate`` (the same rules, the same
core), so an invalid packet is never routed: a candidate who names a committee
member as ``candidate:`` or lowers the bar with ``to:`` gets findings, not a plan.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rung.committee.roster import Roster, load_roster
from rung.extras import require
from rung.github.context import GitHubContext, RetrySettings
from rung.ladder.model import Ladder
from rung.loaders.sources import Source, display_path, read_source
from rung.model.repo import COMMITTEE_FILE, find_root, load_ladders, repo_path
from rung.problems import FatalError, Level, Problem
from rung.validate.config import require_config
from rung.validate.runner import PacketCheck, validate_packet

if TYPE_CHECKING:
    from rung.github.client import GitHubClient
    from rung.github.pull import PullInfo


def one_line(text: str) -> str:
    """Untrusted text on one line without control characters: a log line it cannot forge.

    GitHub Actions reads ``::command::`` at the start of any log line; a packet's
    name or a file name with a newline could otherwise start one.
    """
    return "".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text)


def pr_number(text: str) -> int:
    """``--pr N``: a pull-request number."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a pull-request number")
    return int(text)


def commit_sha(text: str) -> str:
    """``--head-sha SHA``: a full commit SHA, never a branch name the pull request could move."""
    if len(text) != 40 or any(c not in "0123456789abcdef" for c in text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a full commit SHA (40 hex digits)")
    return text


def github_client(args: argparse.Namespace) -> GitHubClient:
    """The REST client for ``--repo`` (default: $GITHUB_REPOSITORY) on this command."""
    require("github", args.command)
    from rung.github.client import GitHubClient  # PyGithub only on the commands that call GitHub

    context = GitHubContext.from_env(os.environ, args.repo)
    return GitHubClient(context, RetrySettings.from_env(os.environ))


def moved_on(args: argparse.Namespace, pr: PullInfo) -> bool:
    """True (and says so) when the pull request's head is no longer the checked commit
    (``--head-sha``): every decision is about the commit that packet-check checked."""
    if args.head_sha is None or pr.head_sha == args.head_sha:
        return False
    sys.stderr.write(
        f"rung: pull request #{pr.number} has moved on from {args.head_sha[:12]} to "
        f"{pr.head_sha[:12]}; nothing to do (the check of the new head runs this again)\n"
    )
    return True


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
    if not path.is_file() and not path.is_symlink():  # a link is read_source's finding
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


def _people_check(check: PacketCheck) -> list[Problem]:
    """The organisation's people file, where the repository keeps one, against the packet's
    ``manager:`` (rule ``manager``): a broken file or another manager is an error."""
    if check.packet is None:
        return []
    from rung.model.people import read_people
    from rung.validate.rules.manager import disagreement

    people, problems = read_people(find_root())
    if people is None:
        return problems
    found = disagreement(people, check.packet)
    return [found] if found is not None else []


def _checked(
    source: Source | None, problems: list[Problem], path: str, ladders: Mapping[str, Ladder]
) -> PacketCheck:
    if source is None:
        return PacketCheck(path, None, None, None, tuple(sorted(problems)))
    # The levels of the checkout's rung.toml: in packet-review, the default branch's,
    # never the pull request's (docs/security.md).
    check = validate_packet(source, ladders, require_config(find_root()))
    problems = [*problems, *_people_check(check)]
    if not problems:
        return check
    return PacketCheck(
        check.path,
        check.packet,
        check.ladder,
        check.coverage,
        tuple(sorted([*problems, *check.problems])),
        check.statuses,
    )


def local_check(name: str | None, ladders: Mapping[str, Ladder]) -> PacketCheck:
    """The packet file ``name`` of the working tree, through every rule."""
    if name is None:
        raise FatalError("name the PACKET file (only --packet-from-pr can find it by itself)")
    path = Path(name)
    if not path.is_file() and not path.is_symlink():
        raise FatalError(f"no such packet file: {name}")
    source, problems = read_source(path)
    # The repository's name for the file, from any folder: review comments and the
    # tie-break between reviewers use it.
    named = repo_path(path, find_root())
    if source is not None:
        source = Source(named, source.text)
    return _checked(source, problems, named, ladders)


def remote_check(
    args: argparse.Namespace, client: GitHubClient, pr: PullInfo, ladders: Mapping[str, Ladder]
) -> PacketCheck:
    """The packet at the pull request's checked commit, read as data, through every rule."""
    path = args.packet.removeprefix("./") if args.packet else None
    if path is None:
        changed = client.changed_packets(pr.number)
        if len(changed) != 1:
            listed = one_line(", ".join(changed)) if changed else "none"
            raise FatalError(
                f"pull request #{pr.number} changes {len(changed)} packet files ({listed}); "
                "name the PACKET"
            )
        path = changed[0]
        if one_line(path) != path:
            raise FatalError(f"refusing a packet file name with control characters: {path!r}")
    source, problems = client.file_text(path, pr.head_sha)
    return _checked(source, problems, path, ladders)


def errors_of(check: PacketCheck) -> list[Problem]:
    return [p for p in check.problems if p.level is Level.ERROR]


def report_refusal(check: PacketCheck, what: str, *, json_out: bool = False) -> None:
    """Say on standard error why an invalid packet is not ``what`` (routed, scored);
    with ``json_out``, standard output gets the findings as JSON, as validate prints them."""
    errors = errors_of(check)
    if json_out:
        from rung.validate.report import report_json

        report_json(errors, sys.stdout)
    for problem in errors:
        sys.stderr.write(one_line(problem.format_text()) + "\n")
    sys.stderr.write(
        f"rung: {one_line(check.path)} has {len(errors)} error(s): it is {what} until "
        f"'rung validate {one_line(check.path)}' passes\n"
    )
