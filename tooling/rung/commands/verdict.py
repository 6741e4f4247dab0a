"""``rung verdict PACKET --pr N``: a reviewer's verdicts, criterion by criterion, as one review.

The walk: every criterion the packet's move requires (as the scorecard counts
them), with the ladder's words, the candidate's claims and links and the
evidence marks the evidence cache holds; the reviewer answers meets / not yet /
abstain / skip and gives a reason (required for not yet and abstain).  What
they already gave on the pull request is shown and kept unless they change it.
The verdicts go out as ONE review: pending, with each verdict an ordinary
``/meets REASON`` comment on its criterion's line, then submitted as COMMENT,
so ``rung scorecard`` counts them unchanged.  ``--from FILE`` answers from a
file (rung.verdict.fromfile), ``--dry-run`` prints what would be posted.

Exit codes: 0 posted (or nothing to post, or declined), 1 stopped before the
end (nothing posted), a packet too broken to judge or GitHub's refusal, 2 usage,
configuration or a bad ``--from`` file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rung.commands.committee_input import (
    github_client,
    load_committee,
    one_line,
    pr_number,
    remote_check,
    report_refusal,
)
from rung.commands.verdict_walk import Chosen, Stopped, confirm, summary, walk
from rung.committee.roster import Sealing
from rung.evidence.cache import DEFAULT_PATH, Cache
from rung.github.context import GitHubContext, GitHubError
from rung.loaders.sources import read_source
from rung.model.repo import find_root
from rung.problems import FatalError
from rung.scorecard.collate import refusal_of
from rung.scorecard.inputs import ReviewComment
from rung.verdict.fromfile import read_verdicts
from rung.verdict.marks import cached_marks
from rung.verdict.plan import Draft, Step, comment_body, drafts_to_post, walk_plan
from rung.verdict.resume import already_given, edited_by_others

FORMAT_HELP = """
--from FILE (YAML; a criterion left out is skipped):
  ic-2.delivery.leads-features:
    verdict: meets            # meets, not-yet or abstain
    reason: Led payouts-v2 from design to rollout.   # required for not-yet and abstain
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "verdict",
        help="give your verdicts on a packet, criterion by criterion, as one pull-request review",
        epilog=FORMAT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "packet",
        nargs="?",
        metavar="PACKET",
        help="the packet's path in the repository (omitted: the one the pull request changes)",
    )
    parser.add_argument("--pr", type=pr_number, metavar="N", required=True, help="pull request")
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)"
    )
    parser.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        metavar="FILE",
        help="answer from FILE instead of asking (format below)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be posted; post nothing"
    )
    parser.add_argument("--roster", type=Path, metavar="FILE", help="committee roster")
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="FILE",
        help="evidence cache to show marks from, never written (default: "
        "$RUNG_EVIDENCE_CACHE or .rung-cache/evidence.json)",
    )
    parser.set_defaults(func=run_verdict)


def run_verdict(args: argparse.Namespace) -> int:
    root = find_root()
    ladders, roster = load_committee(root, args.roster)
    args.packet_from_pr = True  # the packet under review is the pull request's, never a copy
    client = github_client(args)
    from rung.github.review import post_review, reviewer_login  # PyGithub only here

    try:
        pr = client.pull_request(args.pr)
        check = remote_check(args, client, pr, ladders)
        packet, ladder, coverage = check.packet, check.ladder, check.coverage
        if packet is None or ladder is None or coverage is None:
            report_refusal(check, "not judged")
            return 1
        login = reviewer_login(client)
        comments = client.discussion(pr.number)[0]  # with who last edited each command
        _tampered(edited_by_others(comments, login))
        given = already_given(
            comments, login, packet, check.path, client.earlier_packets(check.path, comments)
        )
        steps = walk_plan(coverage, cached_marks(packet, _cache(args, root), _host()), given)
        _warn(check.path, steps, refusal_of(
            roster, ladder, packet, path=check.path, author=pr.author, manager=packet.manager
        )(login))  # fmt: skip
        interactive = args.from_file is None
        chosen = _from_file(args.from_file, steps) if not interactive else _ask(steps)
        if chosen is None:
            return 1
        drafts = drafts_to_post(steps, chosen)
        if not drafts:
            sys.stdout.write("Nothing to post: no verdict is new or changed.\n")
            return 0
        sys.stdout.write(f"\nOne review on #{pr.number}, {check.path}, as {login}:\n")
        summary(drafts, sys.stdout)
        sealing = roster.sealed.get(check.path.split("/")[1])
        if sealing is not None:
            sys.stdout.write(
                f"Sealed mode: each verdict is posted sealed to the cycle's key; nobody reads "
                f"it before the reveal (on the last seal, or on {sealing.reveal.isoformat()}).\n"
            )
        if args.dry_run:
            sys.stdout.write("Dry run: nothing posted.\n")
            return 0
        if interactive and not _confirmed(len(drafts), pr.number):
            return 0
        posted = post_review(
            client,
            pr.number,
            login=login,
            commit_id=pr.head_sha,
            path=check.path,
            comments=[(d.line, _body(d, sealing, check.path, login, pr.number)) for d in drafts],
            body=f"rung verdict: {len(drafts)} of {len(steps)} criteria.",
        )
        sys.stdout.write(f"Posted {posted.comments} verdicts as one review: {posted.url}\n")
        return 0
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {one_line(err.message)}\n")
        return 1
    finally:
        client.close()


def _body(draft: Draft, sealing: Sealing | None, path: str, login: str, pull: int) -> str:
    """The comment as posted: the open command, or in a sealed cycle the same command
    sealed to the cycle's key and bound to this packet, criterion, reviewer and pull."""
    if sealing is None:
        return comment_body(draft)
    from rung.scorecard.sealed import Binding, seal  # pyrage: sealed cycles only

    where = Binding(path, draft.criterion, login, pull)
    return seal(sealing.recipient, where, f"/{draft.verdict}", draft.reason)


def _ask(steps: list[Step]) -> Chosen | None:
    try:
        return walk(steps, sys.stdin, sys.stdout)
    except (Stopped, KeyboardInterrupt):
        sys.stdout.write("Stopped: nothing was posted; run rung verdict again to start over.\n")
        return None


def _confirmed(count: int, number: int) -> bool:
    try:
        if confirm(count, number, sys.stdin, sys.stdout):
            return True
    except (Stopped, KeyboardInterrupt):
        pass
    sys.stdout.write("Not posted.\n")
    return False


def _from_file(path: Path, steps: list[Step]) -> Chosen:
    """The file's verdicts; FatalError (exit 2) with every finding for a bad file."""
    source, problems = read_source(path)
    if source is None:
        raise FatalError("\n".join(p.format_text() for p in problems) or f"cannot read {path}")
    chosen, problems = read_verdicts(source.text, source.path, [s.criterion for s in steps])
    if problems:
        details = "\n".join(one_line(p.format_text()) for p in problems)
        raise FatalError(f"{source.path} is not a verdict file; nothing was posted:\n{details}")
    return chosen


def _warn(path: str, steps: list[Step], refusal: str | None) -> None:
    if refusal is not None:
        sys.stderr.write(
            f"rung: warning: the scorecard will not count your verdicts on {one_line(path)}: "
            f"{one_line(refusal)}\n"
        )
    for step in steps:
        if step.line <= 0:
            sys.stderr.write(
                f"rung: warning: {step.criterion} has no line in {one_line(path)}: no verdict "
                "can be placed on it\n"
            )


def _tampered(comments: list[ReviewComment]) -> None:
    for comment in comments:
        sys.stderr.write(
            f"rung: warning: your comment {one_line(comment.html_url or str(comment.id))} was "
            f"edited by @{one_line(comment.editor or 'a deleted account')}: it does not count, "
            "so you are asked for that criterion again\n"
        )


def _cache(args: argparse.Namespace, root: Path) -> Cache:
    path = args.cache or Path(os.environ.get("RUNG_EVIDENCE_CACHE") or root / DEFAULT_PATH)
    cache = Cache.load(path)
    if cache.warning:
        sys.stderr.write(f"rung: warning: {one_line(cache.warning)}\n")
    return cache


def _host() -> str:
    from rung.commands.evidence import web_host

    return web_host(GitHubContext.from_env(os.environ), os.environ)
