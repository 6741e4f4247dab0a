"""The one adapter between the cycle and the scorecard's collation.

Everything in :mod:`rung.cycle` learns who gave which verdict only through
:func:`collate`, which calls :func:`rung.scorecard.collate.build_scorecard` with what
``rung scorecard`` hands it (ladder, author, reviews, conversation, requests,
the packet at earlier commits), so both count the same verdicts.  When the
collation changes, only this module follows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rung.committee.roster import Roster
from rung.cycle.pulls import PullData
from rung.ladder.model import Ladder
from rung.model.coverage import Coverage
from rung.model.packet import Packet
from rung.record.replay import PacketRecord
from rung.record.rounds import Rounds
from rung.scorecard.collate import Scorecard, build_scorecard, refusal_of, spelling_of
from rung.scorecard.recorded import from_record

MEETS, NOT_YET = "meets", "not-yet"
PROMOTE, DEFER = "promote", "defer"  # with NOT_YET, what /recommend says


@dataclass(frozen=True)
class CriterionVerdicts:
    criterion: str
    meets: tuple[str, ...] = ()  # reviewer logins
    not_yet: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # the /not-yet comments' reasons (the rest of the line)

    @property
    def total(self) -> int:
        return len(self.meets) + len(self.not_yet)


@dataclass(frozen=True)
class PacketVerdicts:
    criteria: tuple[CriterionVerdicts, ...]
    reviewers: tuple[str, ...]  # requested, reviewed or gave a counted verdict
    pending: Mapping[str, int] = field(default_factory=dict)  # reviewer -> criteria owed
    reviews: Mapping[str, str] = field(default_factory=dict)  # APPROVED / CHANGES_REQUESTED
    recommendations: Mapping[str, str] = field(default_factory=dict)  # promote/not-yet/defer
    # What did not count, or counts although someone changed it, with the reason: one
    # line each ("bob's /meets on X: not assigned to this packet ...").
    remarks: tuple[str, ...] = ()
    rounds: Rounds | None = None  # from the promotion record only

    @property
    def meets(self) -> int:
        return sum(len(c.meets) for c in self.criteria)

    @property
    def not_yet(self) -> int:
        return sum(len(c.not_yet) for c in self.criteria)

    def recommending(self, value: str) -> int:
        """How many counted ``/recommend VALUE``."""
        return sum(1 for v in self.recommendations.values() if v == value)


def collate(
    packet: Packet,
    ladder: Ladder,
    coverage: Coverage,
    roster: Roster,
    pull: PullData,
    *,
    path: str,
    record: PacketRecord | None = None,
) -> PacketVerdicts:
    """The counted verdicts on ``packet`` (at ``path``) in ``pull``, as the scorecard counts
    (with ``record``, as ``rung scorecard --record`` counts: the record's verdicts)."""
    manager = None
    if record is not None and record.manager_recorded:
        manager = record.manager or ""
    card = build_scorecard(
        packet,
        coverage,
        roster,
        pull.comments,
        ladder=ladder,
        author=pull.author,
        reviews=pull.reviews,
        conversation=pull.conversation,
        requested=pull.requested,
        path=path,
        earlier=pull.earlier_of(path),
        manager=manager,
    )
    if record is not None:
        refusal = refusal_of(
            roster,
            ladder,
            packet,
            path=path,
            author=pull.author,
            manager=manager if manager is not None else packet.manager,
        )
        card = from_record(card, record, refusal, spelling_of(roster))
    criteria = []
    given: set[str] = set(card.recommendations)
    for row in card.rows:
        meets = tuple(login for login, v in row.verdicts.items() if v.value == MEETS)
        not_yet = tuple(login for login, v in row.verdicts.items() if v.value == NOT_YET)
        reasons = tuple(v.reason for v in row.verdicts.values() if v.value == NOT_YET and v.reason)
        given.update(row.verdicts)
        criteria.append(CriterionVerdicts(row.criterion.id, meets, not_yet, reasons))
    reviewers = sorted(set(card.pending) | set(card.reviews) | given, key=str.casefold)
    return PacketVerdicts(
        tuple(criteria),
        tuple(reviewers),
        dict(card.pending),
        dict(card.reviews),
        {login: v.value for login, v in card.recommendations.items()},
        remarks(card),
        card.record.rounds if card.record is not None else None,
    )


def remarks(card: Scorecard) -> tuple[str, ...]:
    """One line per verdict that did not count, or counts although someone changed it."""
    lines = [
        f"{n.login}'s {n.command}{f' on {n.criterion}' if n.criterion else ''}: {n.reason}"
        for n in card.not_counted
    ]
    if card.record is not None:
        lines += [
            f"{n.login}'s {n.command}{f' on {n.criterion}' if n.criterion else ''}: {n.note}"
            for n in card.record.notes
        ]
        lines += [
            f"{login}: requested by hand, not assigned" for login, _ in card.record.hand_requests
        ]
        lines += [
            f"the packet now names {m or 'no'} manager; {card.record.manager} was recorded"
            for m in card.record.manager_changes
        ]
    return tuple(lines)


def no_verdicts(coverage: Coverage) -> PacketVerdicts:
    """The verdicts of a packet nobody reviewed yet (or when GitHub was not read)."""
    return PacketVerdicts(tuple(CriterionVerdicts(r.criterion.id) for r in coverage.rows), ())
