"""Coverage of a move (rung.model.coverage): met, partial, gap or missing per criterion."""

from __future__ import annotations

from rung.ladder.model import Criterion
from rung.model.coverage import CoverageRow


def test_no_evidence_is_missing() -> None:
    row = CoverageRow(Criterion("ic3.craft.leads", "ic3", "craft", "Leads projects"), None)
    assert (row.count, row.status, row.gap) == (0, "missing", None)
