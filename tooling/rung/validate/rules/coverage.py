"""Every criterion the move requires has evidence or an acknowledged gap.

The criteria are those ``rung ladder diff LADDER FROM TO`` lists.  A criterion
with neither an evidence item nor a ``gap:`` is an error on its key, or on the
``evidence:`` key when the packet does not name it at all.  An item with a
blank claim (what ``rung new`` writes) does not count; next to real items it is
a warning.  Evidence for a criterion of the ladder that the move does not
require is a warning: the committee will not weigh it.

Passing::

    evidence:
      ic-l5.execution.hld-for-epics:
        - claim: Wrote the HLD for the payouts epic.
          links: [https://github.com/acme/payments/pull/812]
      ic-l5.execution.plan-and-estimate-epic:
        gap: I have estimated stories, not yet a whole epic.
      # ... and every other criterion of ic-l5

Failing (the item is blank, and ic-l4 criteria are outside an ic-l4 -> ic-l5
move)::

    evidence:
      ic-l5.execution.hld-for-epics:
        - claim: ""
      ic-l4.execution.handle-bugs:
        - claim: I handle the bugs of my team.
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.problems import Level, Problem
from rung.validate.rules.base import Context, label, lines

ID = "coverage"
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:
    if ctx.coverage is None:
        return
    packet = ctx.packet
    for row, status in zip(ctx.coverage.rows, ctx.statuses, strict=True):
        evidence = row.evidence
        if status != "missing":
            if evidence is not None and evidence.items and evidence.unfilled:
                for where in evidence.unfilled:
                    yield ctx.problem(
                        where,
                        Level.WARNING,
                        ID,
                        f"blank evidence item for {row.criterion.id}; "
                        "write the claim or delete the item",
                    )
            continue
        if evidence is None:
            where = packet.key_position("evidence")
            todo = "add an item or a gap:"
        else:
            where = evidence.position
            todo = f"fill in the claim on line {lines(evidence.unfilled[:1])} or write a gap:"
        yield ctx.problem(where, LEVEL, ID, f"evidence missing for {label(row.criterion)}; {todo}")
    known = ctx.criteria
    move = f"'{packet.from_level}' -> '{packet.to_level}'"
    for evidence in ctx.coverage.extra:
        criterion = known.get(evidence.criterion)
        if criterion is None:
            continue  # not in the ladder at all: `reference` reports it
        yield ctx.problem(
            evidence.position,
            Level.WARNING,
            ID,
            f"{criterion.id} is a criterion of '{criterion.level}', which the {move} move does "
            "not require; the committee will not weigh it: move the claim under a criterion "
            "of the move or remove it",
        )
