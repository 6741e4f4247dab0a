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
from rung.cycle.load import CycleInput, CyclePacket, check_cycle_name, cycle_status, load_cycle
from rung.cycle.pulls import PullData
from rung.cycle.report import one_line, render_json, render_markdown, render_text
from rung.cycle.status import CycleStatus
from rung.cycles import cycle_date
from rung.decisions import Decision
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

    agenda = sub.add_parser(
        "agenda",
        help="the calibration agenda: split verdicts first, then borderline, then clear",
        description="The cycle's packets in the order the meeting takes them "
        "(docs/committee.md defines the disagreement measure), as Markdown for an issue, "
        "JSON, or a PDF with one brief page per packet.",
    )
    agenda.add_argument("cycle", type=_cycle, metavar="CYCLE")
    agenda.add_argument("--format", choices=("markdown", "json", "pdf"), default="markdown")
    agenda.add_argument(
        "--out", type=Path, metavar="FILE", help="write here (default: stdout; required for pdf)"
    )
    agenda.add_argument("--offline", action="store_true", help="do not read GitHub")
    _github_options(agenda)
    agenda.set_defaults(func=run_agenda)

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

    remind = subparsers.add_parser(
        "remind",
        help="remind reviewers who owe verdicts, at most once per pull request per N days",
        description="Post one reminder on each pull request of CYCLE in review whose "
        "reviewers owe verdicts, mentioning only them, unless rung reminded there in the "
        "last --every days.  Idempotent.  Try it with --dry-run first.",
    )
    remind.add_argument("cycle", type=_cycle, metavar="CYCLE")
    remind.add_argument(
        "--every", type=int, default=7, metavar="DAYS", help="days between reminders (default 7)"
    )
    remind.add_argument("--dry-run", action="store_true", help="say who would be reminded")
    _github_options(remind)
    remind.set_defaults(func=run_remind)

    letter = subparsers.add_parser(
        "letter",
        help="the candidate's letter: outcome, per-area summary, reasons, plan (PDF)",
        description="Render the candidate-facing letter for a decided packet.  The reasons "
        "are the reviewers' /not-yet comments without any reviewer's name; with GITHUB_TOKEN "
        "they are read from the packet's pull request (--pr N, or found by its files).",
    )
    letter.add_argument("packet", type=Path, metavar="PACKET", help="packets/CYCLE/LOGIN.md")
    letter.add_argument("--pr", type=int, metavar="N", help="the packet's pull request")
    letter.add_argument(
        "--out", type=Path, metavar="FILE", help="default: out/letters/CYCLE/LOGIN.pdf"
    )
    letter.add_argument("--offline", action="store_true", help="do not read GitHub (no reasons)")
    _github_options(letter)
    letter.set_defaults(func=run_letter)


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
    return gather_with_input(args, online=online)[0]


def gather_with_input(args: argparse.Namespace, *, online: bool) -> tuple[CycleStatus, CycleInput]:
    _, cycle = load(args)
    if not online:
        return cycle_status(cycle, today(args)), cycle
    committee = roster(args)
    github = client(args)
    try:
        pulls = github.cycle_pulls(cycle.cycle, since(args, cycle.cycle))
    finally:
        github.close()
    return cycle_status(cycle, today(args), roster=committee, pulls=pulls), cycle


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


# --- rung cycle agenda ---------------------------------------------------------------------


def run_agenda(args: argparse.Namespace) -> int:
    from rung.cycle import agenda

    if args.format == "pdf" and args.out is None:
        raise FatalError("--format pdf needs --out FILE")
    try:
        status, cycle = gather_with_input(args, online=is_online(args))
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    view = agenda.agenda_view(status, cycle)
    if args.format == "pdf":
        require("render", "cycle agenda --format pdf")
        from rung.cycle.pdf import render_pdf, templates_dir

        templates = templates_dir(Path.cwd(), "agenda.html.j2")
        pdf = render_pdf(templates, "agenda.html.j2", agenda=view)
        try:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_bytes(pdf)
        except OSError as err:
            raise FatalError(f"cannot write {args.out}: {err.strerror}") from None
        sys.stderr.write(f"rung: wrote {one_line(str(args.out))}\n")
        return 0
    text = agenda.render_json(view) if args.format == "json" else agenda.render_markdown(view)
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


# --- rung remind ---------------------------------------------------------------------------


def run_remind(args: argparse.Namespace) -> int:
    from rung.cycle.remind import REMIND_MARKER, reminders

    if args.every < 1:
        raise FatalError("--every must be at least 1 day")
    # A reminder on any of the last --every days (today included) means: wait.
    day = today(args) - timedelta(days=args.every - 1)
    since_day = f"{day.isoformat()}T00:00:00Z"
    try:
        status = gather(args, online=True)
        github = client(args)
        try:
            for reminder in reminders(status):
                who = ", ".join(reminder.owing)
                where = f"#{reminder.number} ({one_line(reminder.row.candidate)})"
                if args.dry_run:
                    recent = github.recent_ours(reminder.number, REMIND_MARKER, since_day)
                    verb = "already reminded" if recent else "would remind"
                    sys.stdout.write(f"{where}: {verb} {who}\n")
                    continue
                comment, new = github.post_once(
                    reminder.number, reminder.body, REMIND_MARKER, since_day
                )
                verb = "reminded" if new else "already reminded"
                sys.stdout.write(f"{where}: {verb} {who}: {comment.html_url}\n")
        finally:
            github.close()
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    return 0


# --- rung letter ---------------------------------------------------------------------------


def run_letter(args: argparse.Namespace) -> int:
    require("render", "letter")
    from rung.cycle.letter import letter_view
    from rung.cycle.load import pulls_by_path
    from rung.cycle.pdf import render_pdf, templates_dir
    from rung.cycle.verdicts import collate

    root = Path.cwd()
    ladders, committee = load_committee(root, args.roster)
    item, others, decision = _letter_subject(root, args.packet, ladders)
    args.cycle = item.packet.cycle
    verdicts = None
    pull: PullData | None = None
    if is_online(args):
        github = client(args)
        try:
            if args.pr is not None:
                pull = github.pull_data(args.pr, args.cycle)
            else:
                found = github.cycle_pulls(args.cycle, since(args, args.cycle), verdicts=False)
                chosen = pulls_by_path(found).get(item.path)
                pull = github.pull_data(chosen.number, args.cycle) if chosen else None
        except GitHubError as err:
            sys.stderr.write(f"rung: error: {err.message}\n")
            return 1
        finally:
            github.close()
        if pull is None or item.path not in pull.paths:
            raise FatalError(f"no pull request changes {item.path}; pass --pr N or --offline")
        verdicts = collate(item.packet, item.coverage, committee, pull, item.path)
    people = [m.login for m in committee.members] + [m.name for m in committee.members]
    view = letter_view(
        item.packet,
        item.ladder,
        item.coverage,
        decision,
        verdicts,
        reviewers=[*people, *(verdicts.reviewers if verdicts else ())],
        others=others,
    )
    templates = templates_dir(root, "letter.html.j2")
    pdf = render_pdf(templates, "letter.html.j2", date=None, letter=view)
    out: Path = args.out or Path("out", "letters", args.cycle, f"{item.packet.candidate}.pdf")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as err:
        raise FatalError(f"cannot write {out}: {err.strerror}") from None
    sys.stderr.write(f"rung: wrote {one_line(str(out))}\n")
    return 0


def _letter_subject(
    root: Path, packet_file: Path, ladders: dict[str, Ladder]
) -> tuple[CyclePacket, list[str], Decision]:
    """The packet, the other candidates of its cycle (to redact) and its decision."""
    parts = packet_file.resolve().relative_to(root.resolve()).parts if packet_file.is_file() else ()
    if len(parts) != 3 or parts[0] != "packets":
        raise FatalError(f"{packet_file} is not a packet file packets/CYCLE/LOGIN.md here")
    cycle = load_cycle(root, parts[1], ladders)
    path = "/".join(parts)
    item = next((p for p in cycle.packets if p.path == path), None)
    if item is None:
        raise FatalError(f"{path} is not a valid packet; run 'rung validate {path}'")
    decision = cycle.decisions.for_candidate(item.packet.candidate) if cycle.decisions else None
    if decision is None:
        raise FatalError(
            f"no decision on '{item.packet.candidate}' in packets/{cycle.cycle}/decisions.yaml "
            "yet; the letter follows the committee's decision"
        )
    others = [
        w for p in cycle.packets if p is not item for w in (p.packet.candidate, p.packet.name)
    ]
    return item, others, decision
