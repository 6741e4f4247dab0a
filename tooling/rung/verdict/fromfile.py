"""``rung verdict --from FILE``: verdicts written down beforehand, one entry per criterion.

The file is YAML (read strictly: no aliases, tags or duplicate keys), a mapping
from criterion id to its verdict and reason::

    ic-2.delivery.leads-features:
      verdict: meets              # meets, not-yet or abstain
      reason: Led payouts-v2 from design to rollout.
    ic-2.delivery.plans-quarters:
      verdict: not-yet
      reason: The quarter was planned by the manager.

A reason is one line; it is required for ``not-yet`` and ``abstain`` and
optional for ``meets``.  A criterion left out is skipped.  Every mistake is a
finding at its line and column; the command posts nothing when there is one.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rung.loaders.yamlload import Document, load_yaml
from rung.problems import Level, Problem
from rung.scorecard.grammar import VERDICTS
from rung.verdict.plan import NEEDS_REASON

RULE = "verdict-file"
_KEYS = ("verdict", "reason")


def read_verdicts(
    text: str, path: str, required: Collection[str]
) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """criterion id -> (verdict, reason), and the findings (none: the file is good)."""
    doc, problems = load_yaml(text, path)
    if doc is None:
        return {}, problems
    data = doc.data
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [_at(path, (1, 1), "want a mapping from criterion id to verdict and reason")]
    chosen: dict[str, tuple[str, str]] = {}
    for cid, entry in data.items():
        found = _entry(doc, path, str(cid), entry, required)
        if isinstance(found, tuple):
            chosen[str(cid)] = found
        else:
            problems += found
    return chosen, sorted(problems)


def _entry(
    doc: Document, path: str, cid: str, entry: Any, required: Collection[str]
) -> tuple[str, str] | list[Problem]:
    if cid not in required:
        return [
            _at(
                path,
                doc.key_at((cid,)),
                f"{cid!r} is not a criterion this packet's move requires; "
                f"one of: {', '.join(sorted(required))}",
            )
        ]
    if not isinstance(entry, dict):
        return [_at(path, doc.value_at((cid,)), f"{cid}: want 'verdict:' and 'reason:' under it")]
    problems = [
        _at(path, doc.key_at((cid, key)), f"{cid}: unknown key {key!r}; want verdict and reason")
        for key in entry
        if key not in _KEYS
    ]
    verdict, reason = entry.get("verdict"), entry.get("reason", "")
    if verdict not in VERDICTS:
        where = doc.value_at((cid, "verdict")) if "verdict" in entry else doc.key_at((cid,))
        problems.append(
            _at(path, where, f"{cid}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        )
    if reason is None:
        reason = ""
    if not isinstance(reason, str) or "\n" in reason.strip():
        problems.append(
            _at(path, doc.value_at((cid, "reason")), f"{cid}: a reason is one line of text")
        )
    elif not reason.strip() and verdict in NEEDS_REASON:
        where = doc.value_at((cid, "reason")) if "reason" in entry else doc.key_at((cid,))
        problems.append(_at(path, where, f"{cid}: /{verdict} needs a reason"))
    if problems:
        return problems
    return str(verdict), " ".join(str(reason).split())


def _at(path: str, position: tuple[int, int], message: str) -> Problem:
    return Problem(path, position[0], position[1], Level.ERROR, RULE, message)
