"""``rung record verify|show CYCLE/LOGIN``: a packet's promotion record, checked and shown.

``verify`` checks the hash chain and compares every recorded verdict with the
comment GitHub shows now (edited or deleted since); ``--file`` checks a local
copy's chain without GitHub.  ``show`` prints the events and what they add up to.
Exit codes: 0 clean, 1 findings (or GitHub failed), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rung.extras import require
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.problems import FatalError, Problem
from rung.record.chain import RecordFile, decode_bytes
from rung.record.compare import compare
from rung.record.events import Entry, envelope
from rung.record.files import DEFAULT_REF, record_path
from rung.record.replay import PacketRecord, replay
from rung.record.show import event_lines, one_line, summary_lines
from rung.validate.report import REPORTER_BY_NAME

if TYPE_CHECKING:
    from rung.github.record import RecordStore


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "record", help="check or show a packet's promotion record (docs/security.md)"
    )
    commands = parser.add_subparsers(dest="record_command", required=True, metavar="COMMAND")
    verify = commands.add_parser(
        "verify", help="check the hash chain and compare the verdicts with GitHub now"
    )
    show = commands.add_parser("show", help="print the events and what they add up to")
    for sub in (verify, show):
        sub.add_argument("target", metavar="CYCLE/LOGIN", help="e.g. 2026-H2/dana-levi")
        sub.add_argument(
            "--repo", metavar="OWNER/NAME", help="repository (default: $GITHUB_REPOSITORY)"
        )
        sub.add_argument(
            "--ref",
            metavar="BRANCH",
            help=f"the record's branch (default: $RUNG_RECORD_REF or {DEFAULT_REF})",
        )
        sub.add_argument(
            "--file", type=Path, metavar="FILE", help="a local copy of the record: no GitHub"
        )
    verify.add_argument("--format", choices=sorted(REPORTER_BY_NAME), default="text")
    show.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(func=run_verify)
    show.set_defaults(func=run_show)


def _path(target: str) -> str:
    cycle, sep, login = target.strip("/").partition("/")
    try:
        if not sep:
            raise ValueError(f"'{target}' is not CYCLE/LOGIN (e.g. 2026-H2/dana-levi)")
        return record_path(cycle, login.removesuffix(".jsonl"))
    except ValueError as err:
        raise FatalError(str(err)) from None


def _store(args: argparse.Namespace) -> RecordStore:
    require("github", "record")
    from rung.github.client import GitHubClient  # PyGithub only when GitHub is called
    from rung.github.record import RecordStore, record_ref

    ref = record_ref({"RUNG_RECORD_REF": args.ref} if args.ref else os.environ)
    context = GitHubContext.from_env(os.environ, args.repo)
    return RecordStore(GitHubClient(context, RetrySettings.from_env(os.environ)), ref)


def _read(args: argparse.Namespace, store: RecordStore | None) -> RecordFile:
    path = _path(args.target)
    if store is None:
        try:
            data = args.file.read_bytes()
        except OSError as err:
            raise FatalError(f"cannot read {args.file}: {err.strerror}") from None
        text, problems = decode_bytes(data, path)
        return RecordFile(path, text, problems, None, None, None)
    found = store.read(path)
    if found.commit is None:
        raise FatalError(f"{store.client.repository} has no branch {store.ref}: nothing recorded")
    if found.blob is None:
        raise FatalError(f"nothing recorded for {path} on {store.ref}")
    return found


def _where(found: RecordFile, store: RecordStore | None) -> str:
    if store is None:
        return f"{found.path} (local copy)"
    return f"{found.path} on {store.ref} at {(found.commit or '')[:12]}"


def run_verify(args: argparse.Namespace) -> int:
    store = None if args.file else _store(args)
    try:
        found = _read(args, store)
        entries, problems = found.chain()
        compared = 0
        if store is not None:
            from rung.github.record import comments_now

            problems += compare(entries, comments_now(store.client, entries), found.path)
            compared = sum(1 for _, e in entries if e.event.KIND == "verdict")
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        if store is not None:
            store.client.close()
    REPORTER_BY_NAME[args.format](sorted(problems), sys.stdout, ())
    checked = f"; {compared} recorded verdict(s) compared with GitHub" if store else ""
    verdict = f"{len(problems)} finding(s)" if problems else "the chain is intact"
    sys.stderr.write(
        f"rung: {one_line(_where(found, store))}: {len(entries)} event(s), {verdict}{checked}\n"
    )
    return 1 if problems else 0


def run_show(args: argparse.Namespace) -> int:
    store = None if args.file else _store(args)
    try:
        found = _read(args, store)
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        if store is not None:
            store.client.close()
    entries, problems = found.chain()
    state = replay(entry for _, entry in entries)
    if args.format == "json":
        _show_json(found, store, entries, problems, state)
    else:
        sys.stdout.write(f"{one_line(_where(found, store))}: {len(entries)} event(s)\n")
        for line in [*event_lines(entries), "", *summary_lines(state)]:
            sys.stdout.write(f"{line}\n")
        REPORTER_BY_NAME["text"](problems, sys.stderr, ())
    return 1 if problems else 0


def _show_json(
    found: RecordFile,
    store: RecordStore | None,
    entries: list[tuple[int, Entry]],
    problems: list[Problem],
    state: PacketRecord,
) -> None:
    payload = {
        "path": found.path,
        "ref": store.ref if store is not None else None,
        "commit": found.commit,
        "events": [{"line": line, **envelope(entry)} for line, entry in entries],
        "state": dataclasses.asdict(state),
        "findings": [
            {"line": p.line, "column": p.column, "level": str(p.level), "message": p.message}
            for p in problems
        ],
    }
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")
