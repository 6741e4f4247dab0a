"""`checkpoint`: min_evidence distinct items."""

from __future__ import annotations

from rung.problems import Level
from textedit import edit

SECOND = "    - claim: Documented the payments service.\n      links: [https://docs.example.com/payments]\n"


def test_one_item_short(lint, clean: str) -> None:
    assert lint(edit(clean, SECOND, "")) == [
        (
            16,
            3,
            Level.ERROR,
            "checkpoint",
            'ic3.craft.documents ("Has documented 2+ systems") needs 2 distinct evidence items, '
            "found 1; add 1 more or write a gap:",
        )
    ]


def test_the_same_item_twice_counts_once(lint, clean: str) -> None:
    twice = "    - claim: Documented the checkout service.\n      links: [https://docs.example.com/checkout]\n"
    assert lint(edit(clean, SECOND, twice)) == [
        (
            16,
            3,
            Level.ERROR,
            "checkpoint",
            'ic3.craft.documents ("Has documented 2+ systems") needs 2 distinct evidence items, '
            "found 1 (2 items, but the same claim and links twice count once); add 1 more or "
            "write a gap:",
        )
    ]


def test_a_gap_is_judged_by_gaps_not_checkpoint(lint, clean: str) -> None:
    text = edit(
        clean,
        "  ic3.team.mentors:\n    gap: No one to mentor yet; a new hire joins in August.\n",
        "  ic3.team.mentors:\n    - claim: Mentored Bo.\n",
    )
    text = edit(
        text,
        "  ic3.craft.documents:\n    - claim: Documented the checkout service.\n"
        "      links: [https://docs.example.com/checkout]\n" + SECOND,
        "  ic3.craft.documents:\n    gap: Only one system so far.\n",
    )
    assert lint(text) == []
