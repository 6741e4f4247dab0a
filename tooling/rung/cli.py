"""The ``rung`` command line: argparse subcommands, each returning an exit code.

Exit codes: 0 clean, 1 findings, 2 usage / configuration / unreadable input,
3 a bug in rung (reported in one line, never a traceback unless RUNG_DEBUG=1).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from rung import __version__
from rung.problems import FatalError

# Each subcommand's module, imported only when that command runs (or for
# `rung --help`): starting rung must stay cheap, so `rung validate` never pays
# for the modules of rendering or of the committee.
COMMANDS = {
    "ladder": "rung.commands.ladder",
    "validate": "rung.commands.validate",
    "rules": "rung.commands.validate",
    "schema": "rung.commands.validate",
    "fmt": "rung.commands.fmt",
    "packet": "rung.commands.packet",
    "new": "rung.commands.new",
    "render": "rung.commands.render",
    "bundle": "rung.commands.render",
    "reviewers": "rung.commands.committee",
    "scorecard": "rung.commands.committee",
}


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``'s command, or for every command when none is named."""
    parser = argparse.ArgumentParser(
        prog="rung",
        description="Promotion packets checked against career ladders, rendered for the committee.",
    )
    parser.add_argument("--version", action="version", version=f"rung {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    modules = [COMMANDS[named]] if named in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    try:
        code: int = args.func(args)
    except FatalError as err:
        sys.stderr.write(f"rung: error: {err}\n")
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
