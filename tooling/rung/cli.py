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

# Modules are imported to build the parser, so each keeps heavy imports inside
# its run functions: `rung validate` must not pay for WeasyPrint or PyGithub.
COMMAND_MODULES = (
    "rung.commands.ladder",
    "rung.commands.validate",
    "rung.commands.new",
    "rung.commands.render",
    "rung.commands.committee",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rung",
        description="Promotion packets checked against career ladders, rendered for the committee.",
    )
    parser.add_argument("--version", action="version", version=f"rung {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue  # a command not built yet
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
