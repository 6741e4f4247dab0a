"""What markdown-it cannot read past its nesting limit is reported, never dropped silently."""

from __future__ import annotations

from rung.ladder_import import import_ladder


def test_a_list_nested_past_the_limit_is_reported_with_its_line() -> None:
    lines = ["# Ladder", "## L1 Engineer", "### Execution"]
    lines += ["  " * depth + f"- item {depth}" for depth in range(12)]
    result = import_ladder("\n".join(lines) + "\n", "deep.md", "deep", ())
    assert [(u.line, u.message) for u in result.unplaced] == [
        (13, 'list nested too deeply to read in level "L1 Engineer": "item 9"')
    ]


def test_a_list_within_the_limit_is_read_whole() -> None:
    lines = ["# Ladder", "## L1 Engineer", "### Execution"]
    lines += ["  " * depth + f"- item {depth}" for depth in range(8)]
    result = import_ladder("\n".join(lines) + "\n", "deep.md", "deep", ())
    assert result.unplaced == ()
    assert result.criteria == 8
