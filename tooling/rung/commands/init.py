"""``rung init [DIR]``: a new organisation's promotion repository, ready to validate.

Writes into a git repository (an empty one, typically the one just created on
GitHub): the ladders (each ``--ladder`` document through ``rung ladder import``,
else a starter ladder), an empty cycle folder, the roster with the chairs, an
empty people file, CODEOWNERS, the caller workflows pinned to one rung commit,
the rulesets to import, the PDF templates, ``rung.toml`` and a README.  It never
overwrites a file unless ``--force``; then it prints what is left to set up on
GitHub, which ``rung doctor`` checks once it is done.

Exit codes: 0 written, 1 written but a ladder document was not wholly placed
(review the draft), 2 nothing written (not a git repository, files in the way,
no rung commit to pin, bad input).
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

from rung.commands import doctor
from rung.extras import installed_from_git, require
from rung.init.callers import Pin
from rung.init.scaffold import KEEP, STARTER_ID, STARTER_LADDER, repository_files
from rung.ladder.model import Ladder
from rung.loaders.sources import display_path
from rung.model.repo import LADDERS_DIR, load_ladder_file
from rung.problems import FatalError
from rung.validate.report import report_text

_CYCLE = re.compile(r"[0-9]{4}-(H[12]|Q[1-4]|0[1-9]|1[0-2])")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def _login(text: str) -> str:
    login = text.removeprefix("@")
    if not _LOGIN.fullmatch(login):
        raise argparse.ArgumentTypeError(f"'{text}' is not a GitHub login")
    return login


def _cycle(text: str) -> str:
    if not _CYCLE.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a cycle name; use YYYY-H1, YYYY-H2, YYYY-Q1..Q4 or YYYY-MM"
        )
    return text


def _pin(text: str) -> Pin:
    repository, _, sha = text.partition("@")
    try:
        return Pin(repository, sha)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"--rung {text}: {err}; use OWNER/NAME@SHA") from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="write a new promotion repository: ladders, roster, workflows, rulesets",
        description="Write a working promotion repository into DIR (a git repository): "
        "ladders imported from your documents (--ladder) or a starter ladder, an empty "
        "cycle, the roster and CODEOWNERS naming the chairs, the caller workflows pinned "
        "to one rung commit, the rulesets to import and the PDF templates.  Refuses to "
        "overwrite a file unless --force; then says what is left to set up on GitHub.",
    )
    parser.add_argument("dir", nargs="?", type=Path, default=Path(), metavar="DIR",
                        help="the repository's folder (default: here)")  # fmt: skip
    parser.add_argument("--chair", dest="chairs", type=_login, action="append", required=True,
                        metavar="LOGIN", help="a committee chair, who also owns CODEOWNERS; "
                        "repeatable")  # fmt: skip
    parser.add_argument("--ladder", dest="ladders", type=Path, action="append", default=[],
                        metavar="FILE", help="a ladder document (Markdown, HTML, YAML, JSON) to "
                        "import into ladders/; repeatable (default: a starter ladder)")  # fmt: skip
    parser.add_argument("--cycle", type=_cycle, help="the first cycle's folder (default: this "
                        "half year, e.g. 2026-H2)")  # fmt: skip
    parser.add_argument("--org", default="", help="the organisation's name, for the README")
    parser.add_argument("--rung", type=_pin, metavar="OWNER/NAME@SHA",
                        help="rung's repository and the full commit SHA the workflows call "
                        "(default: the commit this rung was installed from)")  # fmt: skip
    parser.add_argument("--force", action="store_true",
                        help="overwrite the files rung init writes (never any other)")  # fmt: skip
    parser.set_defaults(func=run_init)


def installed_pin() -> Pin | None:
    """The commit this rung was installed from, when pip recorded one (a git URL)."""
    source = installed_from_git()
    return None if source is None else Pin(*source)


def this_half(today: datetime.date) -> str:
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def _import(document: Path, out: Path) -> int:
    """One ladder document through ``rung ladder import``, its draft written to ``out``."""
    from rung.commands.ladder_import import run_import

    out.parent.mkdir(parents=True, exist_ok=True)
    args = argparse.Namespace(files=[document], id=None, out=out, track_hint=[],
                              criteria_from="auto")  # fmt: skip
    return run_import(args)


def _ladder_paths(root: Path, documents: list[Path]) -> list[Path]:
    from rung.commands.ladder_import import default_id

    ids = [default_id(d) for d in documents] or [STARTER_ID]
    return [root / LADDERS_DIR / f"{ladder_id}.yaml" for ladder_id in ids]


def run_init(args: argparse.Namespace) -> int:
    root: Path = args.dir
    if not (root / ".git").exists():
        raise FatalError(
            f"{display_path(root)} is not a git repository: clone the repository you created "
            f"on GitHub (or `git init {display_path(root)}`), then run rung init there"
        )
    pin = args.rung or installed_pin()
    if pin is None:
        raise FatalError(
            "no rung commit to pin the workflows to: give --rung OWNER/NAME@SHA (this rung "
            "was not installed from a git URL)"
        )
    if args.ladders:
        require("import", "init --ladder")
    cycle = args.cycle or this_half(datetime.datetime.now(datetime.UTC).date())
    chairs = list(dict.fromkeys(args.chairs))
    org = args.org or root.resolve().name

    def files(ladders: dict[str, Ladder]) -> dict[str, str]:
        return repository_files(org=org, chairs=chairs, cycle=cycle, ladders=ladders, pin=pin)

    ladder_paths = _ladder_paths(root, args.ladders)
    if len(set(ladder_paths)) < len(ladder_paths):
        raise FatalError(
            "two --ladder documents would both be ladders/<same name>.yaml; rename one"
        )
    # Every path is checked before anything is written: all or nothing.
    planned = [*ladder_paths, *(root / name for name in files({}))]
    taken = [p for p in planned if p.exists() and p.name != KEEP]
    if taken and not args.force:
        listing = "".join(f"  {display_path(p)}\n" for p in taken)
        sys.stderr.write(f"rung: these files exist already:\n{listing}")
        raise FatalError(
            f"{len(taken)} file(s) in the way, nothing written; --force overwrites them"
        )
    status = 0
    for document, out in zip(args.ladders, ladder_paths, strict=False):
        code = _import(document, out)
        if code == 2:
            return 2
        status = max(status, code)
    if not args.ladders:
        ladder_paths[0].parent.mkdir(parents=True, exist_ok=True)
        ladder_paths[0].write_text(STARTER_LADDER, encoding="utf-8")
    ladders = _load(ladder_paths)
    written = files(ladders)
    for name, text in written.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.stdout.write(
        f"rung init: wrote {len(written) + len(ladder_paths)} files in {display_path(root)} "
        f"(ladders: {', '.join(sorted(ladders))}; cycle {cycle}; "
        f"rung {pin.repository}@{pin.sha[:12]})\n"
    )
    sys.stdout.write(first_run(pin, chairs))
    return status


def _load(paths: list[Path]) -> dict[str, Ladder]:
    ladders: dict[str, Ladder] = {}
    for path in paths:
        ladder, problems = load_ladder_file(path)
        report_text(problems, sys.stderr)
        if ladder is None:
            raise FatalError(
                f"{display_path(path)} is not a ladder yet; fix it, then run rung init --force"
            )
        ladders[ladder.id] = ladder
    return ladders


def first_run(pin: Pin, chairs: list[str]) -> str:
    """What is left on GitHub: the settings ``rung doctor`` checks, and two it cannot see."""
    env = doctor.ENVIRONMENT
    steps = [
        "Push this repository's first commit to the default branch (a private repository).",
        "Create a GitHub App (Contents: write, Pull requests: write, Members: read) and install "
        "it on this repository (docs/github-setup.md).",
        f"Create the `{env}` environment, deployment branches: the default branch only, with "
        "the secrets RUNG_APP_ID and RUNG_APP_PRIVATE_KEY.",
        "Import .github/rulesets/default-branch.json (Settings → Rules → Rulesets → Import): "
        "pull request, code-owner review, `packet-check / packet-check` required.",
        "Import .github/rulesets/record-ref.json with your App as its only bypass actor "
        "(replace actor_id 0 with the App's id).",
        "Settings → Actions: no write tokens for pull-request workflows; approval for fork "
        f"pull requests; allow {pin.repository}'s workflows if actions are restricted.",
        f"Check the chairs in .github/CODEOWNERS ({', '.join('@' + c for c in chairs)}) and "
        "add the committee to .github/committee.yml.",
    ]
    numbered = "".join(f"  {i}. {step}\n" for i, step in enumerate(steps, 1))
    return (
        "\nLeft to set up on GitHub (rung doctor checks 3 to 5 and CODEOWNERS):\n"
        f"{numbered}"
        "Then: GITHUB_TOKEN=... rung doctor --repo OWNER/NAME\n"
    )
