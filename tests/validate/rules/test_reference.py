"""`reference`: unknown ladder, level, criterion or competency, with a suggestion."""

from __future__ import annotations

import pytest

from rung.problems import Level
from textedit import edit

E = Level.ERROR


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "ladder: mini",
            "ladder: minni",
            [
                (
                    5,
                    9,
                    "unknown ladder 'minni'; did you mean 'mini'? "
                    "(known ladders: beyond, dotnet, mini, thelotter)",
                )
            ],
        ),
        (
            "ladder: mini",
            "ladder: acme",
            [(5, 9, "unknown ladder 'acme' (known ladders: beyond, dotnet, mini, thelotter)")],
        ),
        (
            "from: ic2\nto: ic3",
            "from: ic-2\nto: staff",
            [
                (6, 7, "ladder 'mini' has no level 'ic-2'; did you mean 'ic2'?"),
                (7, 5, "ladder 'mini' has no level 'staff'; its levels: ic1, ic2, ic3, em2"),
            ],
        ),
        (
            "  ic3.craft.leads:",
            "  ic3.craft.leads:\n    - claim: Led the checkout rewrite.\n  ic3.craft.lead:",
            [
                (
                    15,
                    3,
                    "unknown criterion 'ic3.craft.lead' in ladder 'mini'; did you mean "
                    "'ic3.craft.leads'?",
                )
            ],
        ),
        (
            "  ic3.craft.leads:",
            "  zz9.zz.zz:\n    - claim: Something else.\n  ic3.craft.leads:",
            [
                (
                    13,
                    3,
                    "unknown criterion 'zz9.zz.zz' in ladder 'mini'; 'rung ladder diff mini "
                    "ic2 ic3' lists them",
                )
            ],
        ),
        (
            "  craft: 4",
            "  craft: 4\n  crafts: 3",
            [
                (
                    12,
                    3,
                    "unknown competency 'crafts'; did you mean 'craft'? (ladder 'mini' rates: "
                    "craft)",
                )
            ],
        ),
    ],
)
def test_reference_findings(
    lint, clean: str, old: str, new: str, expected: list[tuple[int, int, str]]
) -> None:
    assert lint(edit(clean, old, new)) == [
        (line, col, E, "reference", m) for line, col, m in expected
    ]


def test_ratings_on_a_ladder_without_competencies(lint) -> None:
    text = (
        "---\ncandidate: dana-levi\nname: Dana Levi\nmanager: mkatz\nladder: thelotter\n"
        "from: ic-l4\nto: ic-l5\ncycle: 2026-H2\nin_level_since: 2024-07\n"
        "ratings: {craft: 3}\nevidence: {}\n---\n"
    )
    found = [f for f in lint(text, "packets/2026-H2/dana-levi.md") if f[3] == "reference"]
    assert found == [
        (10, 1, E, "reference", "ladder 'thelotter' has no competency ratings; remove 'ratings:'")
    ]


def test_later_rules_wait_for_the_ladder_to_resolve(lint, clean: str) -> None:
    """With an unknown level there is no move, so no coverage, tenure or path finding."""
    text = edit(clean, "to: ic3", "to: ic9")
    text = edit(text, "candidate: clean", "candidate: not-this-file")
    assert [f[3] for f in lint(text)] == ["reference"]
