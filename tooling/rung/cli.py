"""The ``rung`` command line: argparse subcommands, each returning an exit code.

Exit codes: 0 clean, 1 findings, 2 usage / configuration / unreadable input,
3 a bug in rung (reported in one line, never a traceback unless RUNG_DEBUG=1).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import os
import re
import sys
from collections.abc import Sequence

from rung import __version__
from rung.problems import FatalError, FindingsError

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any, NoReturn

# Each subcommand's module, imported only when that command runs (or for
# `rung --help`): starting rung must stay cheap, so `rung validate` never pays
# for the modules of rendering or of the committee.
COMMANDS = {
    "ladder": "rung.commands.ladder",
    "validate": "rung.commands.validate",
    "rules": "rung.commands.rules",
    "schema": "rung.commands.rules",
    "fmt": "rung.commands.fmt",
    "packet": "rung.commands.packet",
    "new": "rung.commands.new",
    "render": "rung.commands.render",
    "bundle": "rung.commands.bundle",
    "reviewers": "rung.commands.committee",
    "scorecard": "rung.commands.committee",
    **dict.fromkeys(("cycle", "letter", "remind"), "rung.commands.cycle"),
    "evidence": "rung.commands.evidence",
    "pr": "rung.commands.pr",
    "record": "rung.commands.record",
    "doctor": "rung.commands.doctor",
    "init": "rung.commands.init",
    "verdict": "rung.commands.verdict",
}


class _Parser(argparse.ArgumentParser):
    """argparse, with a suggestion for a mistyped command (``rung valdate``): Python
    before 3.14 has no ``suggest_on_error``."""

    def error(self, message: str) -> NoReturn:
        wrong = re.match(r"argument \S+: invalid choice: '([^']*)' \(choose from (.*)\)$", message)
        if wrong is not None:
            import difflib

            choices = re.findall(r"'([^']*)'", wrong.group(2))
            close = difflib.get_close_matches(wrong.group(1), choices, n=1)
            if close:
                message += f"; did you mean '{close[0]}'?"
        super().error(message)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes a formatter for every argument added, and its width comes
        # from shutil, which imports the compression modules: a few milliseconds
        # of every start.  The same width, computed as shutil does.
        width = _terminal_columns() - 2
        return self.formatter_class(prog=self.prog, width=width)  # type: ignore[call-arg]


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
        columns = columns or 80
    return columns


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``'s command, or for every command when none is named."""
    parser = _Parser(
        prog="rung",
        description="Promotion packets checked against career ladders, rendered for the committee.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"rung {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    modules = [COMMANDS[named]] if named in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).add_parser(subparsers)
    _describe(parser)
    return parser


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[Any] | None:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def _describe(parser: argparse.ArgumentParser) -> None:
    """Give every command and subcommand its one-line help as the description of its --help."""
    action = _subcommands(parser)
    if action is None:
        return
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    for name, sub in action.choices.items():
        if sub.description is None and helps.get(name):
            sub.description = str(helps[name])
        _describe(sub)


def _innermost(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The (sub)command parser ``args`` were parsed by, so errors show its usage."""
    while (action := _subcommands(parser)) is not None:
        chosen = getattr(args, action.dest or "", None)
        if chosen not in action.choices:
            break
        parser = action.choices[chosen]
    return parser


def _report_findings(err: FindingsError, *, json_out: bool) -> None:
    """The findings on standard output (text or JSON, as ``rung validate`` prints them),
    what could not be done on standard error."""
    from rung.validate.report import report_json, report_text

    sys.stderr.write(f"rung: error: {err}\n")
    if not json_out:
        report_text(err.problems, sys.stdout)
        return
    payload = io.StringIO()
    report_json(err.problems, payload)
    json.dump({"error": str(err), **json.loads(payload.getvalue())}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # Importing a command's modules makes some ten thousand objects that live as long
    # as the process; the cyclic collector, run every 700 allocations, scanned them
    # again and again: about 2 ms of the 70 ms a `rung validate` of one packet takes.
    old = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        parser = build_parser(arguments)
    finally:
        # Count them as old, as if they had survived collections (unfreeze puts them
        # in the oldest generation), so the next young collection does not scan them.
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*old)
    if not arguments:
        parser.print_help(sys.stderr)  # the list of commands, then exit 2 as a usage error
        return 2
    args, unknown = parser.parse_known_args(arguments)
    if unknown:
        _innermost(parser, args).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        code: int = args.func(args)
    except FindingsError as err:
        _report_findings(err, json_out=getattr(args, "format", None) == "json")
        return 1
    except FatalError as err:
        sys.stderr.write(f"rung: error: {err}\n")
        if getattr(args, "format", None) == "json":
            # A machine reading stdout gets JSON whatever happened.
            json.dump({"error": str(err), "findings": []}, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        if os.environ.get("RUNG_DEBUG"):
            raise
        sys.stderr.write(
            f"rung: internal error ({type(err).__name__}: {err}); "
            "this is a bug in rung — rerun with RUNG_DEBUG=1 for details and report it\n"
        )
        return 3
    return code
