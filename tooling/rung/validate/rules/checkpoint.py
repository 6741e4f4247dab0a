"""A criterion with ``min_evidence: N`` has N distinct evidence items.

Some criteria count things ("Has proposed and participated in 3+ technical
planning or designs"): the ladder says how many with ``min_evidence``.  Fewer
distinct items is an error on the criterion's key.  Two items with the same
claim and links count once.  A ``gap:`` is judged by ``gaps`` instead.

Passing (beyond's tlm.checkpoints.documented-3-technical-aspects-systems needs 3)::

    tlm.checkpoints.documented-3-technical-aspects-systems:
      - claim: Post-mortem of the March ingestion outage.
        links: [https://github.com/acme/platform/pull/1204]
      - claim: Design note on the tenant-sharding scheme.
        links: [https://github.com/acme/platform/pull/1311]
      - claim: Runbook for the billing reconciliation job.
        links: [https://github.com/acme/platform/pull/1350]

Failing (two items, the ladder asks for three)::

    tlm.checkpoints.documented-3-technical-aspects-systems:
      - claim: Post-mortem of the March ingestion outage.
      - claim: Design note on the tenant-sharding scheme.
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.problems import Level, Problem
from rung.validate.rules.base import Context, label

ID = "checkpoint"
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:
    if ctx.coverage is None:
        return
    for row, status in zip(ctx.coverage.rows, ctx.statuses, strict=True):
        if status != "partial" or row.evidence is None:
            continue
        needed, count = row.criterion.min_evidence, row.count
        written = len(row.evidence.items)
        repeats = (
            f" ({written} items, but the same claim and links twice count once)"
            if written > count
            else ""
        )
        yield ctx.problem(
            row.evidence.position,
            LEVEL,
            ID,
            f"{label(row.criterion)} needs {needed} distinct evidence items, found {count}"
            f"{repeats}; add {needed - count} more or write a gap:",
        )
