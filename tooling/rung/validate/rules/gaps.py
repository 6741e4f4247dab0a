"""Gaps are honest, explained, and no more than the ladder's policy allows.

A ``gap:`` acknowledges a criterion of the move that the packet does not show
yet.  More gaps than the ladder's ``policy.max_gaps`` is an error on the first
gap over the limit (a ladder without a policy allows a third of the move's
criteria); a blank gap is an error on its value.

Passing (thelotter allows 3 gaps)::

    evidence:
      ic-l5.execution.plan-and-estimate-epic:
        gap: I have estimated stories and features, not a whole epic yet.

Failing (a fourth gap under thelotter's limit of 3)::

    evidence:
      ic-l5.execution.plan-and-estimate-epic: {gap: Not yet.}
      ic-l5.team.lead-squad-1-4-engineers: {gap: Not yet.}
      ic-l5.rnd.impact-other-teams: {gap: Not yet.}
      ic-l5.rnd.influences-senior-leaders-on-engineering: {gap: Not yet.}
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.model.packet import Evidence
from rung.problems import Level, Problem
from rung.validate.rules.base import Context, lines

ID = "gaps"
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:
    if ctx.coverage is None:
        return
    packet = ctx.packet
    acknowledged: list[Evidence] = []
    for row in ctx.coverage.rows:
        evidence = row.evidence
        if evidence is None or evidence.gap is None:
            continue
        acknowledged.append(evidence)
        if not evidence.gap.strip():
            criterion_id = row.criterion.id
            yield ctx.problem(
                packet.value_position("evidence", criterion_id, "gap"),
                LEVEL,
                ID,
                f"the gap for {criterion_id} is blank; say why it is not shown yet",
            )
    limit = ctx.ladder.policy.gap_limit(len(ctx.coverage.rows))
    if limit is None or len(acknowledged) <= limit:
        return
    # Positions only for a finding: looking each gap up costs more than the rule.
    gaps = sorted(e.position for e in acknowledged)
    allowed = "no gaps" if limit == 0 else f"at most {limit} gap{'s' if limit != 1 else ''}"
    if not ctx.ladder.policy.written:
        allowed += " (no policy: a third of the move's criteria)"
    yield ctx.problem(
        gaps[limit],
        LEVEL,
        ID,
        f"{len(gaps)} gaps (lines {lines(gaps)}), but ladder '{ctx.ladder.id}' "
        f"allows {allowed}; show evidence for {len(gaps) - limit} of them or wait for a "
        "later cycle",
    )
