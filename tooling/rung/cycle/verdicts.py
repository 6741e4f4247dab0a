"""The one adapter between the cycle and the scorecard's collation.

Everything in :mod:`rung.cycle` learns who gave which verdict only through
:func:`collate`, which calls :func:`rung.scorecard.build_scorecard` and keeps what
the cycle needs.  When the collation changes, only this module follows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rung.committee import Roster
from rung.coverage import Coverage
from rung.cycle.pulls import PullData
from rung.packet import Packet
from rung.scorecard import Review, ReviewComment, build_scorecard

MEETS, NOT_YET = "meets", "not-yet"
_NOT_YET_PREFIX = re.compile(r"\A\s*/not-yet(?=\s|\Z)\s*")


@dataclass(frozen=True)
class CriterionVerdicts:
    criterion: str
    meets: tuple[str, ...] = ()  # reviewer logins
    not_yet: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # the /not-yet comments' text, without the command

    @property
    def total(self) -> int:
        return len(self.meets) + len(self.not_yet)


@dataclass(frozen=True)
class PacketVerdicts:
    criteria: tuple[CriterionVerdicts, ...]
    reviewers: tuple[str, ...]  # requested, reviewed or gave a counted verdict
    pending: Mapping[str, int] = field(default_factory=dict)  # reviewer -> criteria owed
    reviews: Mapping[str, str] = field(default_factory=dict)  # APPROVED / CHANGES_REQUESTED

    @property
    def meets(self) -> int:
        return sum(len(c.meets) for c in self.criteria)

    @property
    def not_yet(self) -> int:
        return sum(len(c.not_yet) for c in self.criteria)


def collate(
    packet: Packet, coverage: Coverage, roster: Roster, pull: PullData, path: str
) -> PacketVerdicts:
    """The counted verdicts on ``packet`` (at ``path``) in ``pull``."""
    comments = [
        ReviewComment(
            id=c.id,
            login=c.login,
            body=c.body,
            path=c.path,
            line=c.line,
            original_line=c.original_line,
            side=c.side,
            created_at=c.created_at,
        )
        for c in pull.comments
    ]
    reviews = [Review(r.id, r.login, r.state, r.submitted_at) for r in pull.reviews]
    card = build_scorecard(
        packet, coverage, roster, comments, reviews=reviews, requested=pull.requested, path=path
    )
    bodies = {c.id: c.body for c in pull.comments}
    criteria = []
    given: set[str] = set()
    for row in card.rows:
        meets = tuple(login for login, v in row.verdicts.items() if v.value == MEETS)
        not_yet = tuple(login for login, v in row.verdicts.items() if v.value == NOT_YET)
        reasons = tuple(
            text
            for v in row.verdicts.values()
            if v.value == NOT_YET
            and (text := _NOT_YET_PREFIX.sub("", bodies.get(v.comment_id, "")).strip())
        )
        given.update(row.verdicts)
        criteria.append(CriterionVerdicts(row.criterion.id, meets, not_yet, reasons))
    reviewers = sorted(set(card.pending) | set(card.reviews) | given, key=str.casefold)
    return PacketVerdicts(tuple(criteria), tuple(reviewers), dict(card.pending), dict(card.reviews))


def no_verdicts(coverage: Coverage) -> PacketVerdicts:
    """The verdicts of a packet nobody reviewed yet (or when GitHub was not read)."""
    return PacketVerdicts(tuple(CriterionVerdicts(r.criterion.id) for r in coverage.rows), ())
