"""`coverage`: each required criterion has evidence or a gap; extra evidence is a warning."""

from __future__ import annotations

from rung.problems import Level
from textedit import edit

LEADS = (
    "  ic3.craft.leads:\n    - claim: Led the checkout rewrite.\n"
    "      links: [https://github.com/acme/shop/pull/1]\n"
)


def test_a_criterion_not_named_points_at_the_evidence_key(lint, clean: str) -> None:
    assert lint(edit(clean, LEADS, "")) == [
        (
            12,
            1,
            Level.ERROR,
            "coverage",
            'evidence missing for ic3.craft.leads ("Leads projects"); add an item or a gap:',
        )
    ]


def test_an_unfilled_item_points_at_the_criterion_key(lint, clean: str) -> None:
    text = edit(clean, LEADS, '  ic3.craft.leads:\n    - claim: ""\n      links: []\n')
    assert lint(text) == [
        (
            13,
            3,
            Level.ERROR,
            "coverage",
            'evidence missing for ic3.craft.leads ("Leads projects"); fill in the claim on '
            "line 14 or write a gap:",
        )
    ]


def test_a_blank_item_next_to_real_ones_is_a_warning(lint, clean: str) -> None:
    text = edit(
        clean,
        "      links: [https://github.com/acme/shop/pull/1]\n",
        "      links: [https://github.com/acme/shop/pull/1]\n    - claim: '  '\n",
    )
    assert lint(text) == [
        (
            16,
            7,
            Level.WARNING,
            "coverage",
            "blank evidence item for ic3.craft.leads; write the claim or delete the item",
        )
    ]


def test_evidence_outside_the_move_is_a_warning(lint, clean: str) -> None:
    text = edit(
        clean,
        "  ic3.team.mentors:",
        "  ic2.craft.designs:\n    - claim: Designed coupons.\n  ic3.team.mentors:",
    )
    assert lint(text) == [
        (
            21,
            3,
            Level.WARNING,
            "coverage",
            "ic2.craft.designs is a criterion of 'ic2', which the 'ic2' -> 'ic3' move does not "
            "require; the committee will not weigh it: move the claim under a criterion of the "
            "move or remove it",
        )
    ]


def test_long_criterion_text_is_shortened_in_the_message(lint) -> None:
    text = (
        "---\ncandidate: dana-levi\nname: Dana Levi\nmanager: mkatz\nladder: thelotter\n"
        "from: ic-l4\nto: ic-l5\ncycle: 2026-H2\nin_level_since: 2024-07\nevidence: {}\n---\n"
        "## Summary\n\nText.\n\n## Impact\n\nText.\n"
    )
    found = lint(text, "packets/2026-H2/dana-levi.md")
    assert len(found) == 33  # one per criterion of ic-l5
    assert {f[:4] for f in found} == {(10, 1, Level.ERROR, "coverage")}
    assert found[0][4] == (
        'evidence missing for ic-l5.company.builds-relationships-outside-their-direct ("Builds '
        'relationships outside their direct team, including with business stakeholders"); add '
        "an item or a gap:"
    )
    assert (
        'evidence missing for ic-l5.execution.understand-business-their-code-supports ("You '
        "understand the business that their code supports and use this knowledge to influence "
        'your task…"); add an item or a gap:'
    ) in [f[4] for f in found]
