"""``python -m rung_mutate [MODULE ...] [--jobs N] [--list] [--retest] [--markdown]``.

Runs from the repository root (``make mutate``).  MODULE names come from
:data:`rung_mutate.config.TARGETS` (all of them by default).  The outcomes are
written to ``.mutate/report.json``; ``--retest`` judges again only the mutants
that survived there (after a new test) and keeps the rest.  Exit 0 when every
survivor is listed as equivalent, 1 when one is not, 2 when the run cannot be
trusted (the tests fail unmutated, or do not import the mutated copy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rung_mutate.config import TARGETS
from rung_mutate.equivalent import EQUIVALENT
from rung_mutate.mutants import Mutant, mutants
from rung_mutate.run import MutateError, Outcome, Project, check_tests, copy_tree, run_mutants

REPORT = Path(".mutate/report.json")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rung_mutate")
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(TARGETS))
    parser.add_argument("--jobs", type=int, default=2, help="mutants judged at once (default 2)")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--retest", action="store_true", help="judge only the last survivors")
    parser.add_argument("--markdown", action="store_true", help="print the report's table")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    names = list(args.modules or TARGETS)
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    project = Project(Path.cwd())
    old = _load(args.report)
    if args.markdown:
        print(markdown(old))
        return 0
    if args.list:
        for name in names:
            for mutant in _generated(project, name):
                print(f"{name}:{mutant.line}: [{mutant.operator}] {mutant.key}")
        return 0
    args.report.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rung-mutate-"))
    try:
        trees = [copy_tree(project, work) for _ in range(max(1, args.jobs))]
        for name in names:
            old[name] = _module(project, trees, name, old.get(name), args.retest)
            args.report.write_text(json.dumps(old, indent=1) + "\n", encoding="utf-8")
    except MutateError as error:
        print(f"rung_mutate: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(summary(old, names))
    return 1 if any(_unexplained(name, old[name]) for name in names) else 0


def _generated(project: Project, name: str) -> list[Mutant]:
    target = TARGETS[name]
    return mutants((project.root / target.module).read_text(encoding="utf-8"), target.only)


def _module(
    project: Project, trees: list[Path], name: str, before: dict[str, Any] | None, retest: bool
) -> dict[str, Any]:
    target = TARGETS[name]
    generated = _generated(project, name)
    kept: dict[str, dict[str, Any]] = {}
    if retest and before is not None:
        kept = {o["key"]: o for o in before["outcomes"] if o["status"] != "survived"}
    chosen = [m for m in generated if m.key not in kept]
    print(f"{name}: {len(generated)} mutants, judging {len(chosen)}", file=sys.stderr)
    limit = check_tests(project, trees[0], target)

    def progress(outcome: Outcome) -> None:
        if outcome.status != "killed":
            m = outcome.mutant
            listed = outcome.status == "survived" and m.key in EQUIVALENT.get(name, {})
            print(
                f"  {'equivalent' if listed else outcome.status}: {name}:{m.line} {m.key}",
                file=sys.stderr,
            )

    judged = run_mutants(project, trees, target, chosen, limit, progress=progress)
    fresh = {o.mutant.key: _outcome_json(o) for o in judged}
    outcomes = [fresh.get(m.key) or kept[m.key] for m in generated]
    return {"module": target.module, "limit": round(limit), "outcomes": outcomes}


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    m = outcome.mutant
    return {
        "line": m.line,
        "operator": m.operator,
        "key": m.key,
        "status": outcome.status,
        "seconds": round(outcome.seconds, 1),
    }


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def counts(name: str, result: dict[str, Any]) -> dict[str, int]:
    """generated, killed, timeout, equivalent, survived (not listed as equivalent)."""
    listed = EQUIVALENT.get(name, {})
    statuses = [o["status"] for o in result["outcomes"]]
    equivalent = sum(
        1 for o in result["outcomes"] if o["status"] == "survived" and o["key"] in listed
    )
    return {
        "generated": len(statuses),
        "killed": statuses.count("killed"),
        "timeout": statuses.count("timeout"),
        "equivalent": equivalent,
        "survived": statuses.count("survived") - equivalent,
    }


def _unexplained(name: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    listed = EQUIVALENT.get(name, {})
    return [o for o in result["outcomes"] if o["status"] == "survived" and o["key"] not in listed]


def _stale(name: str, result: dict[str, Any]) -> list[str]:
    """Listed equivalents that are no longer generated, or that a test now kills."""
    survived = {o["key"] for o in result["outcomes"] if o["status"] == "survived"}
    return [key for key in EQUIVALENT.get(name, {}) if key not in survived]


def summary(report: dict[str, Any], names: Sequence[str]) -> str:
    lines: list[str] = []
    for name in names:
        result = report[name]
        c = counts(name, result)
        lines.append(
            f"{name} ({result['module']}): {c['generated']} mutants, {c['killed']} killed, "
            f"{c['timeout']} timed out, {c['equivalent']} equivalent, {c['survived']} survived"
        )
        lines += [f"  survived: line {o['line']}: {o['key']}" for o in _unexplained(name, result)]
        lines += [
            f"  listed as equivalent but not surviving: {key}" for key in _stale(name, result)
        ]
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    """The per-module table of docs/mutation.md."""
    rows = [
        "| module | mutants | killed | timed out | equivalent | survived |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in TARGETS:
        if name in report:
            c = counts(name, report[name])
            rows.append(
                f"| `{report[name]['module'].removeprefix('tooling/')}` | {c['generated']} | "
                f"{c['killed']} | {c['timeout']} | {c['equivalent']} | {c['survived']} |"
            )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
