"""``rung doctor``: whether the GitHub settings rung's guarantees rest on are in place.

Reads the repository's settings through the REST API (``GITHUB_TOKEN``,
``GITHUB_REPOSITORY`` or ``--repo``, ``GITHUB_API_URL``) and prints one line per
setting of docs/security.md: holds, does not hold (with what to change), or
unknown (this token cannot read it).  Exit codes: 0 every check holds, 1 one does
not or cannot be read (unknown is never a pass), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from rung.extras import require
from rung.github.context import GitHubContext, GitHubError, RetrySettings

ENVIRONMENT = "rung"
MARK = {"holds": "ok  ", "does not hold": "FAIL", "unknown": "??  "}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check the repository's GitHub settings that rung's guarantees rest on",
        description="Read the repository's settings through GitHub's REST API and say, for "
        "each setting docs/security.md rests on, whether it holds: the environment's "
        "deployment branches, the default branch's ruleset, CODEOWNERS, the record's "
        "ruleset.  Exit 0 when all hold; 1 when one does not or this token cannot read it.",
    )
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument("--environment", default=ENVIRONMENT, metavar="NAME",
                        help=f"the environment holding the App's secrets (default: {ENVIRONMENT})")  # fmt: skip
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run_doctor)


def one_line(text: str) -> str:
    """No control character: details quote GitHub's data (policy names, CODEOWNERS lines),
    and in a workflow's log a line break could start a workflow command."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def run_doctor(args: argparse.Namespace) -> int:
    require("github", "doctor")
    from rung.github.client import GitHubClient  # PyGithub only when GitHub is called
    from rung.github.doctor import State, run_checks
    from rung.github.record import record_ref
    from rung.github.settings import SettingsReader

    context = GitHubContext.from_env(os.environ, args.repo)
    client = GitHubClient(context, RetrySettings.from_env(os.environ))
    try:
        default, checks = run_checks(
            SettingsReader(client), args.environment, record_ref(os.environ)
        )
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        client.close()
    if args.format == "json":
        rows = [{"check": c.name, "state": c.state.value, "detail": c.detail} for c in checks]
        json.dump({"repository": client.repository, "default_branch": default, "checks": rows},
                  sys.stdout, ensure_ascii=False, indent=2)  # fmt: skip
        sys.stdout.write("\n")
    else:
        sys.stdout.write(f"rung doctor: {client.repository} (default branch {default})\n")
        for check in checks:
            sys.stdout.write(
                f"{MARK[check.state.value]} {one_line(check.name)}: {check.state.value}\n"
            )
            sys.stdout.write(f"     {one_line(check.detail)}\n")
    failing = [c for c in checks if c.state is not State.HOLDS]
    if failing:
        sys.stderr.write(f"rung: {len(failing)} of {len(checks)} settings not shown to hold\n")
    return 1 if failing else 0
