"""Importing each seed document gives the criterion texts of its curated ladder in ladders/."""

from __future__ import annotations

import pytest
import yaml

from paths import FIXTURES, REPO
from rung.ladder.load import load_ladder
from rung.ladder_import import import_ladder

SEEDS = FIXTURES / "seeds"
TOLERANCE = 0.02  # at most 2% of the curated criteria missing, and at most 2% extra

# seed -> (curated ladder, the one level of it the seed encodes, or None for all of it)
CASES = {
    "000_40a2f179fdcea332.txt": ("dotnet", "tl4"),
    "001_318d2bf8e0ce8fd8.txt": ("dotnet", "tl2"),
    "002_edb376dfa42d9283.txt": ("beyond", None),
    "003_04b182e3c4f21224.txt": ("thelotter", None),
}


def _curated_texts(ladder_id: str, level_id: str | None) -> list[str]:
    data = yaml.safe_load((REPO / "ladders" / f"{ladder_id}.yaml").read_text(encoding="utf-8"))
    levels = [lv for lv in data["levels"] if level_id is None or lv["id"] == level_id]
    assert levels, f"ladders/{ladder_id}.yaml has no level {level_id}"
    return [c["text"] for lv in levels for a in lv["areas"] for c in a.get("criteria", [])]


@pytest.mark.parametrize("seed", sorted(CASES))
def test_seed_imports_the_curated_criteria(seed: str) -> None:
    ladder_id, level_id = CASES[seed]
    text = (SEEDS / seed).read_text(encoding="utf-8")
    result = import_ladder(text, f"tests/fixtures/seeds/{seed}", ladder_id)
    assert result.draft is not None
    ladder, problems = load_ladder(result.draft, f"{ladder_id}.yaml")
    assert ladder is not None, problems
    assert problems == []
    imported = [c.text for lv in ladder.levels for c in lv.criteria]
    curated = _curated_texts(ladder_id, level_id)
    missing = sorted(set(curated) - set(imported))
    extra = sorted(set(imported) - set(curated))
    allowed = int(TOLERANCE * len(curated))
    assert len(missing) <= allowed and len(extra) <= allowed, (
        f"{seed} vs ladders/{ladder_id}.yaml ({len(curated)} criteria, {allowed} differences "
        f"allowed each way)\nmissing from the import:\n  "
        + "\n  ".join(missing or ["(none)"])
        + "\nextra in the import:\n  "
        + "\n  ".join(extra or ["(none)"])
    )


# What the importer reports for each seed: exact lines, then the summary.
REPORTS = {
    "000_40a2f179fdcea332.txt": ["levels 1, areas 3, criteria 15, unplaced 0"],
    "001_318d2bf8e0ce8fd8.txt": ["levels 1, areas 3, criteria 18, unplaced 0"],
    "002_edb376dfa42d9283.txt": [
        "S:285: unplaced: paragraph outside any level: "
        '"_reference: People manager competencies (internal link)"',
        "levels 3, areas 12, criteria 70, unplaced 1",
    ],
    "003_04b182e3c4f21224.txt": [
        'S:5: skipped: section "Overview" is not a level',
        "levels 9, areas 58, criteria 223, unplaced 0",
    ],
}


@pytest.mark.parametrize("seed", sorted(REPORTS))
def test_seed_report(seed: str) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    result = import_ladder(text, "S", CASES[seed][0])
    assert result.report_lines("S") == REPORTS[seed]


def test_thelotter_structure() -> None:
    """Levels, tracks, ranks, notes and prose of the two-track, table-per-level seed."""
    text = (SEEDS / "003_04b182e3c4f21224.txt").read_text(encoding="utf-8")
    result = import_ladder(text, "S", "thelotter")
    assert result.draft is not None
    ladder, _ = load_ladder(result.draft, "thelotter.yaml")
    assert ladder is not None
    assert ladder.cumulative is True
    assert [(t.id, t.entry) for t in ladder.tracks] == [("ic", "ic-l1"), ("em", "em-l4")]
    assert [(lv.id, lv.track, lv.rank) for lv in ladder.levels] == [
        ("ic-l1", "ic", 1),
        ("ic-l2", "ic", 2),
        ("ic-l3", "ic", 3),
        ("ic-l4", "ic", 4),
        ("em-l4", "em", 4),
        ("ic-l5", "ic", 5),
        ("em-l5", "em", 5),
        ("ic-l6", "ic", 6),
        ("em-l6", "em", 6),
    ]
    l3 = ladder.level("ic-l3")
    assert l3 is not None
    assert [(a.id, a.note, len(a.criteria)) for a in l3.areas] == [
        ("execution", "", 8),
        ("technical-proficiency", "", 4),
        ("team", "", 4),
        ("r-d", "N/A", 0),
        ("company", "N/A", 0),
        ("business-domain-knowledge", "Same as L2", 0),
        ("culture", "", 3),
    ]
    assert l3.aka == "Expirienced engineer"
    assert l3.summary.startswith("As a L3 developer, you are a solid contributor!")
    assert l3.typical_experience.endswith("and 5+ years of relevant industry experience.")
    hld = ladder.criterion("ic-l5.execution.hld-for-epics")
    assert hld is not None and hld.text == "You are able to perform HLD for epics"
    em6 = ladder.level("em-l6")
    assert em6 is not None
    assert [g.title for g in em6.guidance] == ["Responsibilities", "You and Your Team"]
    assert em6.guidance[0].items[-1] == (
        "As mentor, it is expected of you to sponsorship your junior leader and make sure:"
    )


def test_dotnet_level_prose() -> None:
    """Minimum Experience becomes a tenure guideline; ratings become expected_ratings."""
    text = (SEEDS / "001_318d2bf8e0ce8fd8.txt").read_text(encoding="utf-8")
    result = import_ladder(text, "S", "dotnet")
    assert result.draft is not None
    ladder, _ = load_ladder(result.draft, "dotnet.yaml")
    assert ladder is not None
    (level,) = ladder.levels
    assert (level.id, level.track, level.rank, level.title) == (
        "tl2",
        "manager",
        2,
        "Tech Lead (TL2)",
    )
    assert level.tenure is not None
    assert (level.tenure.minimum_months, level.tenure.kind) == (12, "guideline")
    assert level.expected_ratings == {
        "team-contributor": 3,
        "technical-leadership": 5,
        "people-management": 3,
    }
    assert [g.title for g in level.guidance] == ["Next Actions", "Scenario"]
    assert [a.name for a in level.areas] == [
        "Responsibilities",
        "Skills and Criteria",
        "Soft Skills and Collaboration",
    ]
