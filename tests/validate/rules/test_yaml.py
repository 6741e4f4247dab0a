"""`yaml`: one finding at the offending node, line numbers absolute in the file."""

from __future__ import annotations

import pytest

from rung.problems import Level
from textedit import edit

E = Level.ERROR


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("to: ic3\n", "to: ic3\nto: ic4\n", (8, 1, "duplicate key 'to' (first defined on line 7)")),
        (
            "ratings:\n  craft: 4\n",
            "ratings: &r\n  craft: 4\n",
            (10, 10, "anchors (&r) are not allowed; repeat the value"),
        ),
        (
            "name: Clean Example",
            "name: !!str Clean Example",
            (
                3,
                7,
                "tags (tag:yaml.org,2002:str) are not allowed; write a plain value; "
                'if it is text, quote it: name: "!!str Clean Example"',
            ),
        ),
        (
            "ratings:\n  craft: 4\n",
            "ratings:\n  <<: {craft: 4}\n",
            (11, 3, "merge keys (<<) are not allowed; write the keys out"),
        ),
        (
            "  ic3.craft.leads:\n    - claim",
            "  ic3.craft.leads:\n\t- claim",
            (14, 1, "YAML syntax: a tab character; indent with spaces"),
        ),
    ],
)
def test_refusals_point_at_the_node(
    lint, clean: str, old: str, new: str, expected: tuple[int, int, str]
) -> None:
    assert lint(edit(clean, old, new)) == [(*expected[:2], E, "yaml", expected[2])]


def test_a_syntax_error_is_placed_with_the_front_matter_offset(lint, clean: str) -> None:
    text = edit(
        clean, "links: [https://github.com/acme/shop/pull/1]", "links: [https://x.example.com"
    )
    [(line, column, level, rule, message)] = lint(text)
    assert (line, column, level, rule) == (16, 22, E, "yaml")
    assert message.startswith("YAML syntax: did not find expected ',' or ']'")
    assert "starts on line 15" in message  # the context line is absolute too


def test_no_opening_delimiter(lint, clean: str) -> None:
    assert lint(clean.removeprefix("---\n")) == [
        (1, 1, E, "yaml", "the file must start with '---' and YAML front matter")
    ]


def test_front_matter_that_never_closes(lint, clean: str) -> None:
    assert lint(clean.replace("\n---\n", "\n\n")) == [
        (
            1,
            1,
            E,
            "yaml",
            "the front matter opened on line 1 is never closed; add a line '---' after it",
        )
    ]


def test_yaml_11_values_keep_their_text(lint, clean: str) -> None:
    """`no`, `off` and `012` are text, so a claim or gap may say them and mean them."""
    text = edit(clean, "Led the checkout rewrite.", "no")
    text = edit(text, "gap: No one to mentor yet; a new hire joins in August.", "gap: off")
    assert lint(text) == []
