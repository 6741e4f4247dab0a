"""How split the reviewers are, and the order the calibration meeting takes packets in.

Disagreement on one criterion with ``m`` /meets and ``n`` /not-yet verdicts::

    d = 1 - |m - n| / (m + n)        (only when m + n >= 2; else 0)

0 when the reviewers agree, 1 when they split evenly (2 against 2), 2/3 for a
2-to-1 split.  A packet's disagreement is the mean of ``d`` over the criteria
with at least two verdicts, counting the reviewers' overall recommendation
(``/recommend promote`` against ``/recommend not-yet``) as one more such "criterion".  A packet is
*split* when any criterion or its recommendation is split.

*Borderline* coverage: a packet that is not split, and whose evidence falls
short of the move by at most a fifth of its required criteria (at least one),
or whose reviewers agree per criterion but said /not-yet on some and /meets on
others.

The agenda: split packets first (most disagreement first), then borderline
ones (fewest criteria short first), then the clear cases.  Ties keep the
candidates in alphabetical order, so the agenda is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BORDERLINE_SHARE = 0.2
SPLIT, BORDERLINE, CLEAR = "split", "borderline", "clear"
GROUP_ORDER = (SPLIT, BORDERLINE, CLEAR)


def disagreement(meets: int, not_yet: int) -> float:
    """``1 - |m - n| / (m + n)``: 0 unanimous, 1 an even split (0 under two verdicts)."""
    total = meets + not_yet
    if total < 2:
        return 0.0
    return 1.0 - abs(meets - not_yet) / total


@dataclass(frozen=True)
class Spread:
    """What the agenda needs to know about one packet."""

    disagreement: float  # the packet's mean, 0..1
    split_criteria: int  # criteria with verdicts both ways
    split_recommendation: bool
    short: int  # required criteria not met (partial, gap or missing)
    required: int
    mixed: bool  # unanimous per criterion, but /meets on some and /not-yet on others

    @property
    def split(self) -> bool:
        return self.split_criteria > 0 or self.split_recommendation

    @property
    def borderline(self) -> bool:
        if self.split:
            return False
        near = 0 < self.short <= max(1, int(self.required * BORDERLINE_SHARE))
        return near or self.mixed

    @property
    def group(self) -> str:
        return SPLIT if self.split else BORDERLINE if self.borderline else CLEAR


def spread(
    tallies: Iterable[tuple[int, int]], promote: int, not_yet: int, short: int, required: int
) -> Spread:
    """The spread of a packet from its per-criterion ``(meets, not_yet)`` tallies."""
    counted = [(m, n) for m, n in tallies]
    scores = [disagreement(m, n) for m, n in counted if m + n >= 2]
    if promote + not_yet >= 2:
        scores.append(disagreement(promote, not_yet))
    split_criteria = sum(1 for m, n in counted if m and n)
    some_meets = any(m and not n for m, n in counted)
    some_not_yet = any(n and not m for m, n in counted)
    return Spread(
        disagreement=sum(scores) / len(scores) if scores else 0.0,
        split_criteria=split_criteria,
        split_recommendation=promote > 0 and not_yet > 0,
        short=short,
        required=required,
        mixed=some_meets and some_not_yet,
    )


def agenda_key(candidate: str, s: Spread) -> tuple[int, float, int, str]:
    """Sort key: group, then most disagreement / fewest short, then the candidate."""
    group = GROUP_ORDER.index(s.group)
    if s.group == SPLIT:
        return group, -s.disagreement, -s.split_criteria, candidate.casefold()
    return group, float(s.short if s.group == BORDERLINE else 0), 0, candidate.casefold()


def order(items: Sequence[tuple[str, Spread]]) -> list[tuple[str, Spread]]:
    return sorted(items, key=lambda item: agenda_key(*item))
