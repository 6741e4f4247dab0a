"""`gaps`: no more than the policy allows, and never blank."""

from __future__ import annotations

from rung.problems import Level
from textedit import edit


def test_one_gap_over_the_limit_points_at_it(lint, clean: str) -> None:
    text = edit(
        clean,
        "  ic3.craft.leads:\n    - claim: Led the checkout rewrite.\n"
        "      links: [https://github.com/acme/shop/pull/1]\n",
        "  ic3.craft.leads:\n    gap: Not yet.\n",
    )
    assert lint(text) == [
        (
            20,
            3,
            Level.ERROR,
            "gaps",
            "2 gaps (lines 13 and 20), but ladder 'mini' allows at most 1 gap; show evidence "
            "for 1 of them or wait for a later cycle",
        )
    ]


def test_a_blank_gap(lint, clean: str) -> None:
    text = edit(clean, "gap: No one to mentor yet; a new hire joins in August.", "gap: ' '")
    assert lint(text) == [
        (
            22,
            10,
            Level.ERROR,
            "gaps",
            "the gap for ic3.team.mentors is blank; say why it is not shown yet",
        )
    ]


def test_a_ladder_with_no_gap_policy_allows_any_number(ladders, lint) -> None:
    from rung.classes import replace
    from rung.ladder.model import Policy

    mini = ladders["mini"]
    ladders["mini"] = replace(mini, policy=Policy(required_sections=("Summary", "Impact")))
    try:
        text = (
            "---\ncandidate: clean\nname: C\nmanager: m\nladder: mini\nfrom: ic2\nto: ic3\n"
            "cycle: 2026-H2\nin_level_since: 2025-01\nevidence:\n"
            "  ic3.craft.leads: {gap: Not yet.}\n  ic3.craft.documents: {gap: Not yet.}\n"
            "  ic3.team.mentors: {gap: Not yet.}\n---\n## Summary\n\nText.\n\n## Impact\n\nText.\n"
        )
        assert lint(text) == []
    finally:
        ladders["mini"] = mini
