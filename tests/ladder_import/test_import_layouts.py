"""One ladder written in six layouts imports to one draft (issue 26).

``tests/fixtures/import/layouts/`` holds the same four-level SRE ladder as headings
with bullets, headings with paragraphs, a table with a column per level, a table
with a row per level, one such table per area under the area's heading, a Vue
component template of HTML headings and lists, and a
folder with one page per level (two named by front matter, two by their heading).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paths import FIXTURES
from rung.cli import main
from rung.ladder.load import load_ladder
from rung.ladder_import import ImportResult, import_files, import_ladder
from rung.loaders.sources import display_path

LAYOUTS = FIXTURES / "import" / "layouts"
SINGLE = ["headings-bullets.md", "headings-paragraphs.md", "table-columns.md"]
SINGLE += ["table-rows.md", "table-per-area.md", "template.vue"]
FOLDER = "one-file-per-level"


def _import(name: str) -> ImportResult:
    path = LAYOUTS / name
    if path.is_dir():
        pages = sorted(path.iterdir(), key=lambda p: (p.stem != "index", p.name))
        files = [(f"{name}/{p.name}", p.read_text(encoding="utf-8")) for p in pages]
        return import_files(files, "sre", shown=name)
    return import_ladder(path.read_text(encoding="utf-8"), str(path), "sre")


def _without_source(result: ImportResult) -> dict[str, Any]:
    assert result.data is not None
    return {k: v for k, v in result.data.items() if k != "source"}


def _criteria(result: ImportResult) -> list[tuple[str, str, str]]:
    assert result.draft is not None
    ladder, problems = load_ladder(result.draft, "sre.yaml")
    assert ladder is not None and problems == [], problems
    return [(lv.id, c.area, c.text) for lv in ladder.levels for c in lv.criteria]


EXPECTED = [
    ("as", "reliability", "Answers pages within fifteen minutes during on-call"),
    ("as", "reliability", "Follows the runbook for known alerts & escalates the rest"),
    ("as", "automation", "Scripts a manual fix they have done twice"),
    ("as", "communication", "Posts status updates in the incident channel every 30 minutes"),
    ("sre", "reliability", "Writes the runbook for every new alert they add"),
    ("sre", "reliability", "Leads the response to severity-2 incidents"),
    ("sre", "automation", "Removes a class of toil with tooling the team adopts"),
    ("sre", "communication", "Writes the post-incident review within two working days"),
    ("ss", "reliability", "Defines SLOs and error budgets with product teams"),
    ("ss", "reliability", "Runs game days that test failover between regions"),
    (
        "ss",
        "automation",
        "Designs the deploy pipeline's safety checks (canaries, automatic rollback)",
    ),
    ("ss", "communication", "Presents the quarterly reliability review to engineering leadership"),
    ("sm", "reliability", "Owns the on-call health of the whole team"),
    ("sm", "automation", "Funds toil-reduction work in every quarter's plan"),
    ("sm", "automation", 'Says "no" to launches without an SLO'),
    ("sm", "communication", "Reports incident trends to the VP of Engineering each month"),
]


def test_headings_and_bullets_give_the_reference_ladder() -> None:
    result = _import("headings-bullets.md")
    assert _criteria(result) == EXPECTED
    assert result.data is not None
    assert result.data["name"] == "Site Reliability Engineering Ladder"
    assert [(lv["id"], lv["track"], lv["rank"]) for lv in result.data["levels"]] == [
        ("as", "ic", 1),
        ("sre", "ic", 2),
        ("ss", "ic", 3),
        ("sm", "manager", 4),
    ]
    assert result.unplaced == ()


@pytest.mark.parametrize("name", [*SINGLE[1:], FOLDER])
def test_every_layout_imports_to_the_same_draft(name: str) -> None:
    reference = _import("headings-bullets.md")
    result = _import(name)
    assert _criteria(result) == EXPECTED
    assert _without_source(result) == _without_source(reference)
    assert result.unplaced == ()


def test_paragraph_layout_says_how_to_read_it_otherwise() -> None:
    result = _import("headings-paragraphs.md")
    assert result.hint == (
        "hint: the document has no bullets or tables, so its paragraphs were taken as "
        "criteria; rerun with --criteria-from bullets to keep them as prose"
    )
    kept = import_ladder(
        (LAYOUTS / "headings-paragraphs.md").read_text(encoding="utf-8"),
        "P",
        "sre",
        criteria_from="bullets",
    )
    # Asked not to take paragraphs: none is dropped in silence, each is reported as prose.
    assert kept.criteria == 0
    assert len(kept.kept) == len(EXPECTED)
    assert kept.kept_lines("P")[0] == (
        'P:7: prose: guidance "Reliability" (a paragraph beside bullets: --criteria-from '
        'paragraphs makes it a criterion) of level "Associate SRE": '
        '"Answers pages within fifteen minutes during on-call"'
    )


def test_folder_draft_names_each_file_and_line() -> None:
    result = _import(FOLDER)
    assert result.draft is not None
    lines = result.draft.splitlines()
    assert f"source: Imported by rung ladder import from {FOLDER}" in lines
    assert (
        f'  # {FOLDER}/2-sre.md line 1: "SRE" — no manager word in the title; rank from '
        "document order"
    ) in lines
    assert (
        f"          - id: ss.reliability.defines-slos-and-error-budgets  # {FOLDER}/3-senior-sre.md "
        "line 8"
    ) in lines


def test_folder_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`rung ladder import FOLDER`: index page first, pages by name; a page with no title is
    reported with its file and line, and the exit code says something was left out."""
    folder = tmp_path / "handbook"
    folder.mkdir()
    for page in (LAYOUTS / FOLDER).iterdir():
        (folder / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "5-notes.md").write_text("Ask the on-call lead about shadowing.\n", encoding="utf-8")
    (folder / "logo.svg").write_text("<svg/>", encoding="utf-8")  # not a page: not read
    out_file = tmp_path / "sre.yaml"
    assert main(["ladder", "import", str(folder), "--out", str(out_file)]) == 1
    err = capsys.readouterr().err.splitlines()
    notes = display_path(folder / "5-notes.md")
    assert f"{notes}:1: unplaced: file with no front-matter title and no heading: no level" in err
    assert err[-1] == "levels 5, areas 12, criteria 16, unplaced 1"
    assert "\nid: handbook\n" not in out_file.read_text(encoding="utf-8")  # --out names it


NAVIGATION = """| Level | Also called |
|---|---|
| [Associate SRE](#associate-sre) | Junior |
| [SRE](#sre) | SRE II |
| [Senior SRE](#senior-sre) | Senior |
| [SRE Manager](#sre-manager) | Team lead |

"""

HTML_NAVIGATION = """<table>
  <tr><th>Level</th></tr>
  <tr><td><a href="#associate-sre">Associate SRE</a></td></tr>
  <tr><td><a href="#sre">SRE</a></td></tr>
</table>

"""


def test_navigation_tables_are_not_levels() -> None:
    """A table of links to the level sections (Markdown or HTML) is skipped, and said so."""
    text = (LAYOUTS / "headings-bullets.md").read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    for table in (NAVIGATION, HTML_NAVIGATION):
        result = import_ladder(f"{title}\n\n{table}{rest}", "N", "sre")
        assert _without_source(result) == _without_source(_import("headings-bullets.md"))
        assert result.report_lines("N")[0] == (
            "N:3: skipped: table of links is navigation, not levels or criteria"
        )


TRACKS = """# Engineering Levels

## Individual contributors

### E3

- Ships features with guidance

### E4

- Ships features alone

## Managers

### M3

- Manages a team of four

### M4

- Manages managers
"""


def test_each_track_heading_names_its_levels_its_own_way() -> None:
    """Manager levels written as codes (M3, M4) under a "Managers" heading are levels of
    the manager track, ranked beside the IC levels with the same number."""
    result = import_ladder(TRACKS, "T", "eng")
    assert result.data is not None
    levels = [(lv["id"], lv["track"], lv["rank"]) for lv in result.data["levels"]]
    assert levels == [("e3", "ic", 3), ("m3", "manager", 3), ("e4", "ic", 4), ("m4", "manager", 4)]
    assert result.report_lines("T") == ["levels 4, areas 4, criteria 4, unplaced 0"]


def test_html_lines_point_at_the_source() -> None:
    """Criteria read from HTML carry the line of their <li>, as Markdown bullets do."""
    text = (LAYOUTS / "template.vue").read_text(encoding="utf-8")
    lines = text.splitlines()
    result = _import("template.vue")
    assert result.draft is not None
    for number in (8, 9, 13):
        assert lines[number - 1].strip().startswith("<li>")
    assert '  # line 5: "Associate SRE" — no manager word in the title; rank from document' in (
        result.draft
    )
    assert "          - id: as.reliability.answers-pages-within-fifteen-minutes  # line 8\n" in (
        result.draft
    )
    assert "          - id: as.automation.scripts-manual-fix-they-done  # line 13\n" in result.draft


TOP_LEVEL = """---
title: Backend ladder
---

# Junior Engineer

Writes code for well-defined tasks with guidance.

Asks for help after an hour stuck.

# Engineer

Delivers features end to end.

# Senior Engineer

Leads the design of a service.
"""


def test_top_level_headings_with_paragraphs_are_levels_of_criteria() -> None:
    """The first `#` heading is a level when its siblings are levels too; the page's
    title names the ladder, and the paragraphs are the criteria."""
    result = import_ladder(TOP_LEVEL, "T", "backend")
    assert result.data is not None
    assert result.data["name"] == "Backend ladder"
    assert [(lv["id"], lv["title"]) for lv in result.data["levels"]] == [
        ("je", "Junior Engineer"),
        ("engineer", "Engineer"),
        ("se", "Senior Engineer"),
    ]
    assert result.criteria == 4
    assert result.kept == ()


def test_one_page_of_a_handbook_alone_is_its_level() -> None:
    """A level's page imported on its own (no heading names a level) is one level named
    by its front-matter title, with a warning, instead of "no level found"."""
    path = LAYOUTS / FOLDER / "1-associate-sre.md"
    result = import_ladder(path.read_text(encoding="utf-8"), "P", "sre")
    assert result.report_lines("P") == [
        "P:1: warning: no heading names a level: the page is one level, named by its "
        "front-matter title (import its sibling pages with it as one ladder)",
        "levels 1, areas 3, criteria 4, unplaced 0",
    ]
    assert result.draft is not None
    assert "          - id: as.reliability.answers-pages-within-fifteen-minutes  # line 8\n" in (
        result.draft
    )


def test_files_through_the_command_in_the_order_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = LAYOUTS / FOLDER
    pages = [str(folder / "2-sre.md"), str(folder / "1-associate-sre.md")]
    assert main(["ladder", "import", *pages, "--id", "sre"]) == 0
    out, err = capsys.readouterr()
    ladder, problems = load_ladder(out, "sre.yaml")
    assert ladder is not None and problems == []
    assert [lv.id for lv in ladder.levels] == ["sre", "as"]
    assert err.splitlines()[-1] == "levels 2, areas 6, criteria 8, unplaced 0"
    missing = str(tmp_path / "missing.md")
    assert main(["ladder", "import", pages[0], missing]) == 2
    assert "missing.md" in capsys.readouterr().err


ABBR = """# Levels

## <abbr title="Software Engineer">E3</abbr>

- Ships features

## <abbr title="Engineering Manager">M3</abbr>

- Runs the team's rituals

## E4

- Leads projects
"""

ABBR_HTML = """<h1>Levels</h1>
<h2><abbr title="Software Engineer">E3</abbr></h2>
<ul><li>Ships features</li></ul>
<h2><abbr title="Engineering Manager">M3</abbr></h2>
<ul><li>Runs the team's rituals</li></ul>
<h2>E4</h2>
<ul><li>Leads projects</li></ul>
"""


@pytest.mark.parametrize(("text", "path"), [(ABBR, "a.md"), (ABBR_HTML, "a.html")])
def test_an_abbr_title_names_the_track(text: str, path: str) -> None:
    """ "M3" alone says no track; its <abbr title="Engineering Manager"> does."""
    result = import_ladder(text, path, "eng")
    assert result.data is not None
    levels = [(lv["id"], lv["track"], lv["rank"]) for lv in result.data["levels"]]
    assert levels == [("e3", "ic", 3), ("m3", "manager", 3), ("e4", "ic", 4)]
    assert result.unplaced == () and result.warnings == ()
    assert result.draft is not None
    assert '"M3" — its <abbr> says "Engineering Manager"; rank from the title' in result.draft
