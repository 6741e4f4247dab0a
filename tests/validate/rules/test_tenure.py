"""`tenure`: whole months from in_level_since to the cycle's first day, against the minimum."""

from __future__ import annotations

import pytest

from rung.problems import Level
from textedit import edit


def test_exactly_the_minimum_passes(lint, clean: str) -> None:
    # mini ic2 requires 12 months; 2025-07 to 2026-H2 (2026-07-01) is 12.
    assert lint(edit(clean, "in_level_since: 2025-01", "in_level_since: 2025-07")) == []


def test_a_requirement_not_met_is_an_error(lint, clean: str) -> None:
    text = edit(clean, "in_level_since: 2025-01", "in_level_since: 2025-08")
    assert lint(text) == [
        (
            9,
            17,
            Level.ERROR,
            "tenure",
            "11 months in 'ic2' by 2026-H2 (2025-08 to 2026-07-01), under the requirement of "
            '12 months: "At least a year in IC2."; wait for a later cycle',
        )
    ]


@pytest.mark.parametrize(
    ("cycle", "since", "months", "date"),
    [("2026-Q3", "2026-02", 5, "2026-07-01"), ("2026-11", "2026-06", 5, "2026-11-01")],
)
def test_a_guideline_not_met_is_a_warning(
    lint, clean: str, cycle: str, since: str, months: int, date: str
) -> None:
    start = clean.index("evidence:")
    head = clean[:start].replace("from: ic2", "from: ic1").replace("to: ic3", "to: ic2")
    head = head.replace("cycle: 2026-H2", f"cycle: {cycle}")
    head = head.replace("in_level_since: 2025-01", f"in_level_since: {since}")
    text = head + (
        "evidence:\n  ic2.craft.designs:\n    - claim: Designed coupons.\n"
        "  ic2.craft.reviews:\n    - claim: Review the team's pull requests.\n"
        "---\n## Summary\n\nText.\n\n## Impact\n\nText.\n"
    )
    found = lint(text, f"packets/{cycle}/clean.md")
    assert found == [
        (
            9,
            17,
            Level.WARNING,
            "tenure",
            f"{months} months in 'ic1' by {cycle} ({since} to {date}), under the guideline of "
            '6 months: "Consider a promotion after six months in IC1."; say in the narrative '
            "why now, or wait for a later cycle",
        )
    ]


def test_since_after_the_cycle_is_an_error_even_without_a_minimum(lint) -> None:
    text = (
        "---\ncandidate: dana-levi\nname: Dana Levi\nmanager: mkatz\nladder: thelotter\n"
        "from: ic-l4\nto: ic-l5\ncycle: 2026-H2\nin_level_since: {since}\nevidence: {{}}\n---\n"
    )
    path = "packets/2026-H2/dana-levi.md"
    # The month the cycle starts in counts as zero months: no finding.
    assert [f for f in lint(text.format(since="2026-07"), path) if f[3] == "tenure"] == []
    assert [f for f in lint(text.format(since="2026-08"), path) if f[3] == "tenure"] == [
        (
            9,
            17,
            Level.ERROR,
            "tenure",
            "in_level_since 2026-08 is after the cycle's date 2026-07-01 (2026-H2); "
            "write the month you reached 'ic-l4'",
        )
    ]


def test_a_lateral_move_has_no_minimum(lint, clean: str) -> None:
    start = clean.index("evidence:")
    head = clean[:start].replace("to: ic3", "to: em2").replace("2025-01", "2026-06")
    text = head + (
        "evidence:\n  em2.people.one-on-ones:\n    - claim: Run 1:1s.\n"
        "  em2.people.hires:\n    - claim: Hired two engineers.\n"
        "---\n## Summary\n\nText.\n\n## Impact\n\nText.\n"
    )
    assert [f[3] for f in lint(text)] == ["step"]  # the lateral notice only
