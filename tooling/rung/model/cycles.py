"""Promotion cycles and the dates tenure is measured against.

A cycle names a period; its date is the first day of that period, because the
committee decides at the start of a cycle with what the person has shown by then:

=========  ===========  =======================
cycle      period       date
=========  ===========  =======================
2026-H1    half-year    2026-01-01
2026-H2    half-year    2026-07-01
2026-Q3    quarter      2026-07-01
2026-11    month        2026-11-01
=========  ===========  =======================

Time in level is counted in whole months from the first day of the
``in_level_since`` month to the cycle's date: ``2025-07`` to ``2026-H2`` is
12 months.
"""

from __future__ import annotations

from datetime import date

from rung.patterns import lazy

_CYCLE = lazy(r"([0-9]{4})-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2]))\Z")
_YEAR_MONTH = lazy(r"([0-9]{4})-(0[1-9]|1[0-2])\Z")


def cycle_date(cycle: str) -> date | None:
    """The first day of ``cycle``'s period, or None when it is not a cycle name."""
    match = _CYCLE.match(cycle)
    if match is None:
        return None
    year = int(match.group(1))
    half, quarter, month = match.group(2), match.group(3), match.group(4)
    if half is not None:
        return date(year, 1 if half == "1" else 7, 1)
    if quarter is not None:
        return date(year, 3 * (int(quarter) - 1) + 1, 1)
    return date(year, int(month), 1)


def year_month(text: str) -> tuple[int, int] | None:
    """``(year, month)`` of a ``YYYY-MM`` string, or None."""
    match = _YEAR_MONTH.match(text)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))


def months_between(since: tuple[int, int], until: date) -> int:
    """Whole months from the first day of ``since``'s month to ``until`` (negative if after)."""
    # Every day of a month is at or after its first day, so the month count is exact.
    return (until.year - since[0]) * 12 + (until.month - since[1])
