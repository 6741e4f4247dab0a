"""A cycle status row built in a test, every fact given or defaulted."""

from __future__ import annotations

from typing import Any

from cycle.generate import CYCLE
from rung.cycle.measure import Spread
from rung.cycle.status import IN_REVIEW, PacketStatus


def row(candidate: str, **facts: Any) -> PacketStatus:
    values: dict[str, Any] = {
        "path": f"packets/{CYCLE}/{candidate}.md",
        "candidate": candidate,
        "name": candidate.title(),
        "ladder": "acme",
        "move": "ic-1 → ic-2",
        "lateral": False,
        "required": 4,
        "evidenced": 4,
        "partial": 0,
        "gaps": 0,
        "missing": 0,
        "pull": 1,
        "pull_url": None,
        "days_open": 1,
        "reviewers": (),
        "owing": {},
        "meets": 0,
        "not_yet": 0,
        "promote": 0,
        "hold": 0,
        "defer": 0,
        "state": IN_REVIEW,
        "outcome": None,
        "spread": Spread(0.0, 0, False, 0, 4, False),
    }
    values.update(facts)
    return PacketStatus(**values)
