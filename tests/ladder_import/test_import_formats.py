"""Formats recognised but not read, data in no known shape, and the guesses that warn."""

from __future__ import annotations

from paths import FIXTURES
from rung.ladder_import import import_ladder
from rung.ladder_import.classify import says_cumulative


def test_javascript_ladder_gets_one_clear_line() -> None:
    text = (FIXTURES / "import" / "ladder.js").read_text(encoding="utf-8")
    result = import_ladder(text, "web/ladder.js", "web")
    assert result.draft is None
    assert result.report_lines("F") == [
        "F:1: unplaced: recognised a JavaScript file; rung does not read this format: "
        "export the ladder as YAML, JSON or Markdown and import that",
        "levels 0, areas 0, criteria 0, unplaced 1",
    ]


def test_data_in_no_known_shape_says_what_it_holds() -> None:
    result = import_ladder('{"name": "Web", "steps": [1, 2]}', "web.json", "web")
    assert result.draft is None
    assert result.report_lines("F") == [
        "F:1: unplaced: recognised JSON holding a mapping with `name:`, `steps:`, but not a "
        "ladder layout rung reads (topics with content, levels + records, or topics -> "
        "levels; see docs/ladder-import.md)",
        "levels 0, areas 0, criteria 0, unplaced 1",
    ]


def test_data_that_does_not_parse_is_reported_with_its_line() -> None:
    result = import_ladder("levels:\n  - [\n", "x.yaml", "x")
    assert result.draft is None
    (unplaced,) = result.unplaced
    assert unplaced.message.startswith("YAML that does not parse: ")


def test_cumulative_sentences_across_line_wraps() -> None:
    assert says_cumulative("Each level builds\non the expectations of the previous one.")
    assert says_cumulative("Expectations for a level add to the expectations of earlier levels.")
    assert says_cumulative("This is in addition to the previous level.")
    assert not says_cumulative("A level does not add to the expectations of earlier levels.")


def test_rank_gap_filled_by_another_track_warns_with_the_hint() -> None:
    text = (
        "# Ladder\n\n## Engineer (L1)\n\n- Ships\n\n## Lead Engineer (L2)\n\n- Leads\n\n"
        "## Senior Engineer (L3)\n\n- Designs\n"
    )
    result = import_ladder(text, "f.md", "f")
    assert [w.message for w in result.warnings] == [
        'track ic jumps from rank 1 to 3; rank 2 is "Lead Engineer (L2)" on track manager — '
        "if it belongs on ic, rerun with --track-hint '^Lead Engineer \\(L2\\)$=ic'"
    ]


def test_same_as_chain_on_a_non_cumulative_ladder_copies_criteria() -> None:
    text = (
        "# Ladder\n\n## E1\n\n### Craft\n\n- Writes tests\n\n## E2\n\n### Craft\n\nSame as E1\n\n"
        "## E3\n\n### Craft\n\nSame as E2.\n"
    )
    result = import_ladder(text, "f.md", "f")
    assert result.data is not None
    assert [
        [c["id"] for a in lv["areas"] for c in a.get("criteria", [])]
        for lv in result.data["levels"]
    ] == [["e1.craft.writes-tests"], ["e2.craft.writes-tests"], ["e3.craft.writes-tests"]]
