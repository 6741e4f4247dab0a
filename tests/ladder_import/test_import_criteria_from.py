"""``--criteria-from``: what a criterion is when a document could be read two ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.cli import main
from rung.ladder_import import import_ladder

# Each cell opens with a lead-in line, then bullets: auto keeps the lead-in as guidance.
CELLS = """# Field Service Ladder

| Level | Installation |
|---|---|
| F1 Field Technician | Works with a lead on site.<br>- Installs a standard kit<br>- Logs every visit |
| F2 Field Technician | Plans a site visit alone.<br>- Installs a custom kit |
"""

# Under each area, an expectation paragraph and an advice bullet.
PROSE = """# Data Ladder

## D1 Analyst

### Analysis

Builds the weekly dashboard from the warehouse.

- Tip: pair with a D2 on your first model

## D2 Analyst

### Analysis

Chooses the method for a product question & explains its limits.
"""


def _criteria(text: str, mode: str) -> list[tuple[str, str]]:
    result = import_ladder(text, "doc.md", "doc", criteria_from=mode)
    assert result.data is not None
    return [
        (level["id"], c["text"])
        for level in result.data["levels"]
        for area in level["areas"]
        for c in area.get("criteria", [])
    ]


def test_cells_takes_every_line_of_a_cell() -> None:
    assert _criteria(CELLS, "auto") == [
        ("f1", "Installs a standard kit"),
        ("f1", "Logs every visit"),
        ("f2", "Installs a custom kit"),
    ]
    assert _criteria(CELLS, "cells") == [
        ("f1", "Works with a lead on site."),
        ("f1", "Installs a standard kit"),
        ("f1", "Logs every visit"),
        ("f2", "Plans a site visit alone."),
        ("f2", "Installs a custom kit"),
    ]


def test_auto_reports_the_lead_in_lines_it_kept_as_guidance() -> None:
    result = import_ladder(CELLS, "F", "doc")
    assert result.kept_lines("F") == [
        'F:5: prose: guidance "Installation" (a paragraph beside bullets: --criteria-from '
        'paragraphs makes it a criterion) of level "F1 Field Technician": '
        '"Works with a lead on site."',
        'F:6: prose: guidance "Installation" (a paragraph beside bullets: --criteria-from '
        'paragraphs makes it a criterion) of level "F2 Field Technician": '
        '"Plans a site visit alone."',
        "prose 2 (kept as summary, guidance or description)",
        "hint: 2 paragraph(s) beside bullets were kept as guidance; if the paragraphs are "
        "the criteria, rerun with --criteria-from paragraphs",
    ]


def test_paragraphs_takes_expectation_paragraphs_beside_advice_bullets() -> None:
    assert _criteria(PROSE, "auto") == [("d1", "Tip: pair with a D2 on your first model")]
    assert _criteria(PROSE, "paragraphs") == [
        ("d1", "Builds the weekly dashboard from the warehouse."),
        ("d1", "Tip: pair with a D2 on your first model"),
        ("d2", "Chooses the method for a product question & explains its limits."),
    ]
    assert _criteria(PROSE, "bullets") == [("d1", "Tip: pair with a D2 on your first model")]


def test_command_option_and_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "data.md"
    doc.write_text(PROSE, encoding="utf-8")
    assert main(["ladder", "import", str(doc), "--criteria-from", "paragraphs"]) == 0
    out, err = capsys.readouterr()
    assert "text: Builds the weekly dashboard from the warehouse.\n" in out
    assert "prose 0 (kept as summary, guidance or description)" in err.splitlines()
    assert main(["ladder", "import", str(doc)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert "prose 2 (kept as summary, guidance or description)" in lines
    assert lines[lines.index("prose 2 (kept as summary, guidance or description)") + 1] == (
        "hint: 2 paragraph(s) beside bullets were kept as guidance; if the paragraphs are "
        "the criteria, rerun with --criteria-from paragraphs"
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["ladder", "import", str(doc), "--criteria-from", "sentences"])
    assert exit_info.value.code == 2


def test_numbered_list_written_in_one_cell_is_one_criterion_per_item() -> None:
    text = (
        "# Ladder\n\n| Level | Delivery |\n|---|---|\n"
        "| L1 Engineer | 1. Ships small changes 2. Writes tests for each change |\n"
        "| L2 Engineer | Delivers 2. Projects at once 1. or more |\n"
    )
    assert _criteria(text, "auto") == [
        ("ic-l1", "Ships small changes"),
        ("ic-l1", "Writes tests for each change"),
        ("ic-l2", "Delivers 2. Projects at once 1. or more"),  # not a list: kept whole
    ]
