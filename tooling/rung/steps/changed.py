"""cycle-decisions' first step: the cycles whose decisions file a push changed.

Only names that are cycles (:func:`rung.model.cycles.cycle_date`) go on, so nothing
else a file name holds can reach an output or a later command.
"""

from __future__ import annotations

import re

from rung.model.cycles import cycle_date

DECISIONS_FILE = re.compile(r"packets/([^/]+)/decisions\.yaml")
NOT_A_CYCLE = "not a cycle name; use YYYY-H1, YYYY-H2, YYYY-Q1..Q4 or YYYY-MM (e.g. 2026-H2)"
NOTHING = "no decisions file of a cycle changed; nothing to publish"


def is_cycle(name: str) -> bool:
    return cycle_date(name) is not None


def pushed_cycles(event: object) -> list[str]:
    """The cycles whose ``packets/CYCLE/decisions.yaml`` a push event's commits add or
    modify (a deleted one has nothing to publish), each once, sorted."""
    commits = event.get("commits") if isinstance(event, dict) else None
    cycles = set()
    for commit in commits if isinstance(commits, list) else []:
        for key in ("added", "modified"):
            files = commit.get(key) if isinstance(commit, dict) else None
            for name in files if isinstance(files, list) else []:
                match = DECISIONS_FILE.fullmatch(name) if isinstance(name, str) else None
                if match is not None and is_cycle(match.group(1)):
                    cycles.add(match.group(1))
    return sorted(cycles)
