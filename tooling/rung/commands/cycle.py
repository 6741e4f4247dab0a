"""``rung cycle status|agenda|publish|changed``, ``rung letter`` and ``rung remind``: the committee's cycle.

Every command reads the cycle's packets, ladders, roster and decisions from the
working tree (the default branch, in a workflow) and, with a token, the pull
requests from GitHub.  Nothing here checks out or runs pull-request code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rung.commands.cycle_changed import add_changed
from rung.commands.cycle_common import (
    gather,
    gather_with_input,
    github_options,
    is_online,
    parse_cycle,
    write,
)
from rung.commands.cycle_reveal import add_reveal
from rung.commands.cycle_write import run_publish, run_remind
from rung.commands.letter import run_letter
from rung.commands.private_file import write_private
from rung.cycle.report import render_json, render_markdown, render_text
from rung.extras import require
from rung.github.context import GitHubError
from rung.model.repo import find_root
from rung.problems import FatalError
from rung.scorecard.markdown import one_line


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
    status.add_argument("cycle", type=parse_cycle, metavar="CYCLE")
    status.add_argument("--format", choices=("text", "json", "markdown", "html"), default="text")
    status.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    status.add_argument("--offline", action="store_true", help="do not read GitHub")
    github_options(status)
    status.set_defaults(func=run_status)

    agenda = sub.add_parser(
        "agenda",
        help="the calibration agenda: split verdicts first, then borderline, then clear, "
        "decided last",
        description="The cycle's packets in the order the meeting takes them "
        "(docs/committee.md defines the disagreement measure), as Markdown for an issue, "
        "JSON, or a PDF with one brief page per packet.",
    )
    agenda.add_argument("cycle", type=parse_cycle, metavar="CYCLE")
    agenda.add_argument("--format", choices=("markdown", "json", "pdf"), default="markdown")
    agenda.add_argument(
        "--out", type=Path, metavar="FILE", help="write here (default: stdout; required for pdf)"
    )
    agenda.add_argument("--offline", action="store_true", help="do not read GitHub")
    github_options(agenda)
    agenda.set_defaults(func=run_agenda)

    publish = sub.add_parser(
        "publish",
        help="label each decided packet's pull request with its outcome, and post the decision",
        description="For every decision in packets/CYCLE/decisions.yaml (as merged: run it on "
        "the default branch), make 'rung: OUTCOME' the pull request's one outcome label and "
        "keep the decision in one sticky comment.  Idempotent: a rerun changes nothing.  "
        "Exit 0; 1 when a decided packet has no pull request, GitHub fails, or a decision "
        "goes against the roster's decision rule without 'override:' (then nothing is "
        "published).",
    )
    publish.add_argument("cycle", type=parse_cycle, metavar="CYCLE")
    publish.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    github_options(publish)
    publish.set_defaults(func=run_publish)
    add_changed(sub)
    add_reveal(sub)

    remind = subparsers.add_parser(
        "remind",
        help="remind reviewers who owe verdicts, at most once per pull request per N days",
        description="Post one reminder on each pull request of CYCLE in review whose "
        "reviewers owe verdicts, mentioning only them, unless rung reminded there in the "
        "last --every days.  Idempotent.  Try it with --dry-run first.",
    )
    remind.add_argument("cycle", type=parse_cycle, metavar="CYCLE")
    remind.add_argument(
        "--every", type=int, default=7, metavar="DAYS", help="days between reminders (default 7)"
    )
    remind.add_argument("--dry-run", action="store_true", help="say who would be reminded")
    github_options(remind)
    remind.set_defaults(func=run_remind)

    letter = subparsers.add_parser(
        "letter",
        help="the candidate's letter: outcome, the committee's feedback, focus, next step",
        description="Render the candidate-facing letter (PDF) for a decided packet from "
        "packets/CYCLE/decisions.yaml alone: the outcome, the rationale and the chairs' "
        "feedback per criterion; nothing a reviewer wrote on GitHub.  --draft-feedback "
        "instead prints a feedback: block drafted from the counted /not-yet reasons on "
        "the packet's pull request (needs GITHUB_TOKEN), without reviewers' names, "
        "logins, @mentions or links, for a chair to edit into decisions.yaml; it writes "
        "nothing.",
    )
    letter.add_argument("packet", type=Path, metavar="PACKET", help="packets/CYCLE/LOGIN.md")
    letter.add_argument(
        "--draft-feedback",
        action="store_true",
        help="print a draft of the decision's feedback: block from the /not-yet reasons",
    )
    letter.add_argument(
        "--pr", type=int, metavar="N", help="with --draft-feedback: the packet's pull request"
    )
    letter.add_argument(
        "--out", type=Path, metavar="FILE", help="default: out/letters/CYCLE/LOGIN.pdf"
    )
    letter.add_argument(
        "--offline", action="store_true", help="do not read GitHub (the letter never does)"
    )
    github_options(letter)
    letter.set_defaults(func=run_letter)


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
        from rung.cycle.agenda_fit import agenda_pdf
        from rung.cycle.pdf import templates_dir
        from rung.render.html import STYLESHEET

        templates = templates_dir(find_root(), "agenda.html.j2")
        pdf = agenda_pdf(view, cycle, templates, STYLESHEET)
        write_private(args.out, pdf)
        sys.stderr.write(f"rung: wrote {one_line(str(args.out))}\n")
        return 0
    text = agenda.render_json(view) if args.format == "json" else agenda.render_markdown(view)
    write(args, text)
    return 0
