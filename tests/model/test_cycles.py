"""Cycle names -> the first day of their period; whole months in level."""

from __future__ import annotations

from datetime import date

import pytest

from rung.model.cycles import cycle_date, months_between, year_month


@pytest.mark.parametrize(
    ("cycle", "expected"),
    [
        ("2026-H1", date(2026, 1, 1)),
        ("2026-H2", date(2026, 7, 1)),
        ("2026-Q1", date(2026, 1, 1)),
        ("2026-Q2", date(2026, 4, 1)),
        ("2026-Q3", date(2026, 7, 1)),
        ("2026-Q4", date(2026, 10, 1)),
        ("2026-01", date(2026, 1, 1)),
        ("2026-11", date(2026, 11, 1)),
    ],
)
def test_a_cycle_starts_on_the_first_day_of_its_period(cycle: str, expected: date) -> None:
    assert cycle_date(cycle) == expected


@pytest.mark.parametrize(
    "cycle", ["2026-H3", "2026-Q5", "2026-13", "2026-00", "26-H1", "2026-h2", ""]
)
def test_not_a_cycle(cycle: str) -> None:
    assert cycle_date(cycle) is None


def test_year_month() -> None:
    assert year_month("2024-07") == (2024, 7)
    assert year_month("2024-7") is None
    assert year_month("2024-13") is None


@pytest.mark.parametrize(
    ("since", "until", "months"),
    [
        ((2025, 7), date(2026, 7, 1), 12),
        ((2025, 8), date(2026, 7, 1), 11),
        ((2026, 7), date(2026, 7, 1), 0),
        ((2026, 8), date(2026, 7, 1), -1),
        ((2024, 12), date(2025, 1, 31), 1),
    ],
)
def test_months_between(since: tuple[int, int], until: date, months: int) -> None:
    assert months_between(since, until) == months


def test_the_schema_accepts_exactly_the_cycles_rung_can_date() -> None:
    import re

    from rung.loaders.schema_fast import load_schema

    pattern = load_schema("packet")["properties"]["cycle"]["pattern"]
    names = [f"2026-{s}" for s in ("H1", "H2", "H3", "Q0", "Q4", "00", "01", "12", "13", "99")]
    assert [n for n in names if re.search(pattern, n)] == [n for n in names if cycle_date(n)]
