"""How a packet's evidence covers the criteria its move requires: pure, shared by
validation, rendering and the scorecard so they can never disagree."""

from __future__ import annotations

from rung.classes import dataclass, field
from rung.ladder.model import Criterion, Ladder, MoveKind, classify_move, required_criteria
from rung.model.packet import Evidence, Packet


@dataclass(frozen=True)
class CoverageRow:
    criterion: Criterion
    evidence: Evidence | None
    # Derived once at construction: every rule, the reporters and the renderer read them.
    count: int = field(init=False)
    status: str = field(init=False)

    def __post_init__(self) -> None:
        evidence = self.evidence
        # Distinct evidence items: the same claim and links twice count once (one
        # item, the usual case, is one without the set).
        items = () if evidence is None else evidence.items
        count = len(items) if len(items) < 2 else len({(i.claim.strip(), i.links) for i in items})
        if evidence is not None and evidence.gap is not None:
            status = "gap"
        elif count == 0:
            status = "missing"
        else:
            status = "met" if count >= self.criterion.min_evidence else "partial"
        object.__setattr__(self, "count", count)
        object.__setattr__(self, "status", status)  # met, partial, gap or missing

    @property
    def gap(self) -> str | None:
        return self.evidence.gap if self.evidence is not None else None


@dataclass(frozen=True)
class Coverage:
    kind: MoveKind
    rows: tuple[CoverageRow, ...]
    extra: tuple[Evidence, ...]  # evidence for criteria the move does not require

    def areas(self) -> list[tuple[str, list[CoverageRow]]]:
        """Rows grouped by (level, area) in ladder order, keyed by area id."""
        groups: dict[tuple[str, str], list[CoverageRow]] = {}
        for row in self.rows:
            groups.setdefault((row.criterion.level, row.criterion.area), []).append(row)
        return [(area, rows) for (_, area), rows in groups.items()]


def move_coverage(packet: Packet, ladder: Ladder) -> Coverage:
    """Coverage of ``packet``'s move; raises ``MoveError`` for a move the ladder refuses."""
    key = ("move", packet.from_level, packet.to_level)
    move = ladder.memo.get(key)  # once per move of the ladder, not per packet
    if move is None:
        kind = classify_move(ladder, packet.from_level, packet.to_level)
        required = tuple(required_criteria(ladder, packet.from_level, packet.to_level))
        ids = {c.id for c in required}
        # Evidence under an earlier id (`renamed_from`) counts for the criterion it became.
        ids.update(old for c in required for old in c.renamed_from)
        move = ladder.memo[key] = (kind, required, frozenset(ids))
    kind, required, wanted = move
    evidence = packet.evidence
    rows = tuple(
        [  # a list first: cheaper than a generator for tuple()
            CoverageRow(
                criterion=c,
                evidence=evidence.get(c.id) if not c.renamed_from else _evidence_for(packet, c),
            )
            for c in required
        ]
    )
    extra = tuple(e for cid, e in packet.evidence.items() if cid not in wanted)
    return Coverage(kind, rows, extra)


def _evidence_for(packet: Packet, criterion: Criterion) -> Evidence | None:
    found = packet.evidence.get(criterion.id)
    if found is not None or not criterion.renamed_from:
        return found
    return next((packet.evidence[o] for o in criterion.renamed_from if o in packet.evidence), None)
