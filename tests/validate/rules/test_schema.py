"""`schema`: missing, unknown and mistyped fields, on the key or value concerned."""

from __future__ import annotations

import pytest

from rung.problems import Level
from textedit import edit

E = Level.ERROR


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("manager: mkatz\n", "", (2, 1, "missing required field(s): manager")),
        (
            "manager: mkatz",
            "manager: mkatz\nmanger: mkatz",
            (
                5,
                1,
                "manger: unknown field 'manger' (did you mean 'manager'?); known fields: candidate, name, manager, ladder, "
                "from, to, cycle, in_level_since, evidence, ratings",
            ),
        ),
        (
            "in_level_since: 2025-01",
            "in_level_since: July 2025",
            (9, 17, "in_level_since: 'July 2025' is not in the expected form (e.g. '2024-07')"),
        ),
        (
            "cycle: 2026-H2",
            "cycle: 2026-13",
            (8, 8, "cycle: '2026-13' is not in the expected form (e.g. '2026-H2')"),
        ),
        (
            "craft: 4",
            "craft: no",
            (11, 10, "ratings.craft: expected a whole number, found 'no'"),
        ),
        (
            "name: Clean Example",
            "name: 2024",
            (3, 7, "name: expected text, found the number 2024; put it in quotes"),
        ),
        (
            "  ic3.team.mentors:\n    gap: No one to mentor yet; a new hire joins in August.",
            "  ic3.team.mentors: not yet",
            (21, 21, "evidence.ic3.team.mentors: expected a list or a mapping, found 'not yet'"),
        ),
        (
            "  ic3.team.mentors:\n    gap: No one to mentor yet; a new hire joins in August.",
            "  IC3.team.mentors:\n    gap: Not yet.",
            (
                21,
                3,
                "evidence.IC3.team.mentors: 'IC3.team.mentors' is not a valid name "
                "(e.g. 'ic-l5.execution.hld-for-epics')",
            ),
        ),
        (
            "    - claim: Led the checkout rewrite.\n",
            "    - claim: Led the checkout rewrite.\n      link: x\n",
            (
                15,
                7,
                "evidence.ic3.craft.leads.0.link: unknown field 'link' (did you mean 'links'?); known fields: claim, links",
            ),
        ),
    ],
)
def test_schema_findings(
    lint, clean: str, old: str, new: str, expected: tuple[int, int, str]
) -> None:
    assert lint(edit(clean, old, new)) == [(*expected[:2], E, "schema", expected[2])]


def test_the_front_matter_must_be_a_mapping(lint) -> None:
    assert lint("---\n- a list\n---\n") == [
        (
            2,
            1,
            E,
            "schema",
            "the front matter must be a mapping of fields (candidate:, ladder:, evidence: ...)",
        )
    ]
