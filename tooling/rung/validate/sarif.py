"""``rung validate --format sarif``: the findings as a SARIF 2.1.0 log, for GitHub code
scanning (``github/codeql-action/upload-sarif``) and other SARIF viewers.

One run, tool ``rung``; each rule a finding names is a ``reportingDescriptor`` (its
first docstring line as the short description, its default level), each finding a
``result`` pointing at its rule by id and index.  GitHub shows a result only with a
``region.startLine``, so a finding about a whole file (line 0) is placed on line 1.
Paths are relative to the repository root (whatever folder rung ran in), percent-encoded
as URI references against ``%SRCROOT%``; a file outside the repository is a ``file:``
URI.  A packet's text only ever reaches ``message.text`` (and, for a finding an inline
suppression silenced, its reason reaches the ``justification`` of the result's
``suppressions``, of kind ``inSource``: SARIF's way to say a result is there but was
suppressed in the source, with why).
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from rung import __version__
from rung.problems import Level, Problem
from rung.validate.rules import FILE_RULES, RULES
from rung.validate.suppress import Silenced

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTICE: "note"}


def _rule(rule_id: str) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": rule_id}
    known = {**RULES, **FILE_RULES}.get(rule_id)
    if known is not None:
        first = (inspect.getdoc(known) or rule_id).splitlines()[0]
        descriptor["shortDescription"] = {"text": re.sub(r"``(.+?)``", r"\1", first)}
        descriptor["defaultConfiguration"] = {"level": LEVELS[known.LEVEL]}
    return descriptor


def _artifact(path: str, root: Path) -> dict[str, str]:
    shown = Path(path).absolute()
    try:
        inside = shown.relative_to(root.absolute()).as_posix()
    except ValueError:
        return {"uri": shown.as_uri()}
    return {"uri": quote(inside, safe="/"), "uriBaseId": "%SRCROOT%"}


def _result(problem: Problem, index: int, root: Path) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": max(problem.line, 1)}
    if problem.line >= 1 and problem.column >= 1:
        region["startColumn"] = problem.column
    location = {"artifactLocation": _artifact(problem.path, root), "region": region}
    return {
        "ruleId": problem.rule,
        "ruleIndex": index,
        "level": LEVELS[problem.level],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": location}],
    }


def _suppressed(silenced: Silenced, index: int, root: Path) -> dict[str, Any]:
    result = _result(silenced.problem, index, root)
    result["suppressions"] = [{"kind": "inSource", "justification": silenced.reason}]
    return result


def sarif_log(
    problems: Sequence[Problem], root: Path, silenced: Sequence[Silenced] = ()
) -> dict[str, Any]:
    ordered = sorted(problems)
    quiet = sorted(silenced, key=lambda s: s.problem)
    rule_ids = sorted({p.rule for p in ordered} | {s.problem.rule for s in quiet})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    driver = {
        "name": "rung",
        "version": __version__,
        "rules": [_rule(rule_id) for rule_id in rule_ids],
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",  # rung counts columns in characters
        "results": [_result(p, index[p.rule], root) for p in ordered]
        + [_suppressed(s, index[s.problem.rule], root) for s in quiet],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def report_sarif(
    problems: Sequence[Problem], stream: TextIO, root: Path, silenced: Sequence[Silenced] = ()
) -> None:
    json.dump(sarif_log(problems, root, silenced), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
