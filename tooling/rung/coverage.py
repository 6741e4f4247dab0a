"""How a packet's evidence covers the criteria its move requires: pure, shared by
validation, rendering and the scorecard so they can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from rung.ladder import Criterion, Ladder, MoveKind, classify_move, required_criteria
from rung.packet import Evidence, Packet


@dataclass(frozen=True)
class CoverageRow:
    criterion: Criterion
    evidence: Evidence | None

    @property
    def count(self) -> int:
        """Distinct evidence items (the same claim twice counts once)."""
        if self.evidence is None:
            return 0
        return len({(item.claim.strip(), item.links) for item in self.evidence.items})

    @property
    def gap(self) -> str | None:
        return self.evidence.gap if self.evidence is not None else None

    @property
    def status(self) -> str:
        """``met``, ``partial`` (fewer items than min_evidence), ``gap`` or ``missing``."""
        if self.gap is not None:
            return "gap"
        if self.count == 0:
            return "missing"
        return "met" if self.count >= self.criterion.min_evidence else "partial"


@dataclass(frozen=True)
class Coverage:
    kind: MoveKind
    rows: tuple[CoverageRow, ...]
    extra: tuple[Evidence, ...]  # evidence for criteria the move does not require

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.status == "met")

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.rows if row.status == "gap")

    def areas(self) -> list[tuple[str, list[CoverageRow]]]:
        """Rows grouped by (level, area) in ladder order, keyed by area id."""
        groups: dict[tuple[str, str], list[CoverageRow]] = {}
        for row in self.rows:
            groups.setdefault((row.criterion.level, row.criterion.area), []).append(row)
        return [(area, rows) for (_, area), rows in groups.items()]


def move_coverage(packet: Packet, ladder: Ladder) -> Coverage:
    """Coverage of ``packet``'s move; raises ``MoveError`` for a move the ladder refuses."""
    kind = classify_move(ladder, packet.from_level, packet.to_level)
    required = required_criteria(ladder, packet.from_level, packet.to_level)
    wanted = {c.id for c in required}
    rows = tuple(CoverageRow(c, packet.evidence.get(c.id)) for c in required)
    extra = tuple(e for cid, e in packet.evidence.items() if cid not in wanted)
    return Coverage(kind, rows, extra)
