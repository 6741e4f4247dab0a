"""Ladder documents in layouts unlike the seeds import with every criterion placed.

Each ``tests/fixtures/import/<name>.md`` has its exact criteria listed here (level,
area, text) and its exact draft in ``<name>.expected.yaml``.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from paths import FIXTURES
from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder
from rung.ladder_import import ImportResult, import_ladder

IMPORT = FIXTURES / "import"

EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    # A Markdown table with one column per level and a first column of row labels.
    "columns-per-level": [
        ("d1", "delivery", "Ships small pipeline changes with review"),
        ("d1", "delivery", "Writes tests for every transformation"),
        ("d1", "data-quality", "Adds checks for the tables they touch"),
        ("d2", "delivery", "Delivers a pipeline from design to production"),
        ("d2", "delivery", "Estimates work of up to two weeks"),
        ("d2", "data-quality", "Defines freshness and completeness SLOs for owned datasets"),
        ("d2", "data-quality", "Runs the incident review when an SLO is missed"),
        ("d2", "mentoring", "Pairs with D1 engineers on their first pipelines"),
        ("d3", "delivery", "Breaks a quarter's roadmap into deliverable projects"),
        ("d3", "delivery", "Unblocks other engineers on complex data issues"),
        # "Same as D2": D2's criteria apply at D3 (the ladder is not cumulative).
        ("d3", "data-quality", "Defines freshness and completeness SLOs for owned datasets"),
        ("d3", "data-quality", "Runs the incident review when an SLO is missed"),
        ("d3", "mentoring", "Mentors two or more engineers"),
        ("d3", "mentoring", "Runs the data guild's reading group"),
        ("d4", "delivery", "Delivers multi-team migrations without data loss"),
        ("d4", "data-quality", "Builds the organisation's data-quality framework"),
        ("d4", "data-quality", "Makes data contracts the default between teams"),
        ("d4", "mentoring", "Grows senior engineers into staff roles"),
    ],
    # A Markdown table with one row per level; the header names what each column holds.
    "rows-per-level": [
        ("s1", "customer-impact", "Resolves standard tickets within the SLA"),
        ("s1", "customer-impact", "Writes clear, friendly replies"),
        ("s1", "technical-depth", "Reproduces bugs from customer reports"),
        ("s2", "customer-impact", "Resolves escalated tickets without help"),
        ("s2", "customer-impact", "Turns repeated questions into help-centre articles"),
        ("s2", "technical-depth", "Reads service logs to find the cause of an issue"),
        ("s2", "technical-depth", "Files bug reports that engineers can act on without follow-up"),
        ("s3", "customer-impact", "Owns the region's satisfaction score"),
        ("s3", "technical-depth", "Reads service logs to find the cause of an issue"),
        ("s3", "technical-depth", "Files bug reports that engineers can act on without follow-up"),
    ],
    # YAML front matter holding topics -> levels -> criteria.
    "front-matter": [
        ("sec1", "threat-modelling", "Joins threat-modelling sessions and records the findings"),
        ("sec1", "incident-response", "Follows the incident runbook during on-call"),
        ("sec2", "threat-modelling", "Runs threat-modelling sessions for a service"),
        ("sec2", "threat-modelling", "Rates findings by impact: high, medium or low"),
        ("sec2", "incident-response", "Follows the incident runbook during on-call"),
        ("sec3", "incident-response", "Leads the response to severity-1 incidents"),
        ("sec3", "incident-response", "Reports incident trends to leadership every quarter"),
        ("sec3", "people", "Hires and develops the security team"),
    ],
    # A plain heading/bullet handbook without level codes, with Overview and FAQ sections.
    "handbook": [
        ("ad", "craft", "Produces clean, consistent screens from the design system"),
        ("ad", "craft", "Explains the reasoning behind a design choice"),
        ("ad", "craft", "Uses research notes to back that reasoning"),
        ("ad", "collaboration", "Shares work in progress early and asks for critique"),
        ("pd", "craft", "Designs complete flows, including error and empty states"),
        ("pd", "craft", "Runs usability tests and acts on what they show"),
        ("spd", "craft", "Sets the design direction for a product area"),
        ("spd", "craft", "Raises the quality bar through critique"),
        ("spd", "leadership", "Mentors designers on the team"),
        ("spd", "leadership", "Leads design reviews across squads"),
        ("dm", "people", "Hires and grows a team of three to six designers"),
        ("dm", "people", "Runs weekly one-on-ones and gives timely feedback"),
        ("dm", "delivery", "Plans the team's work with product and engineering leads"),
    ],
    # HTML, one row per level: rowspan level cells, a colspan summary row, a behaviours row.
    "html-rowspan": [
        ("r1", "reliability", "Answers pages within fifteen minutes"),
        ("r1", "reliability", "Follows the runbook for known alerts"),
        ("r1", "automation", "Scripts a repeated manual fix"),
        ("r2", "reliability", "Writes the runbook for a new alert"),
        ("r2", "automation", "Removes a class of toil with tooling"),
        ("r2", "automation", "Reviews automation written by R1 engineers"),
        ("r2", "communication", "Writes the incident summary for the status page"),
        ("r3", "reliability", "Defines SLOs & error budgets with product teams"),
        ("r3", "automation", "Removes a class of toil with tooling"),  # "Same as R2"
        ("r3", "automation", "Reviews automation written by R1 engineers"),
        ("r3", "communication", "Presents the quarterly reliability review"),
    ],
    # HTML, <pre> header cells, bare-number levels, empty cells, nested and unclosed <li>,
    # a </th> closing a <td>.
    "html-numbers": [
        ("ic-l1", "testing", "Writes test cases from acceptance criteria"),
        ("ic-l1", "testing", "Logs defects with steps to reproduce"),
        ("ic-l2", "testing", "Designs the test plan for a feature"),
        ("ic-l2", "testing", "Covers edge cases & failure paths"),
        ("ic-l2", "tooling", "Maintains the end-to-end suite"),
        ("ic-l3", "tooling", "Chooses test tooling for the team"),
        ("ic-l3", "tooling", "Cuts suite run time in half"),
        ("ic-l3", "quality-advocacy", "Coaches developers on testable design"),
    ],
    # Front matter in the progression-topics format: topics -> content -> {level, criteria}.
    "progression": [
        ("ic-l1", "craft", "Builds screens from the design system with guidance"),
        ("ic-l1", "craft", "Writes unit tests for view models"),
        ("ic-l1", "delivery", "Ships a small feature to the beta channel"),
        ("ic-l2", "craft", "Designs the module structure of a feature"),
        ("ic-l2", "craft", "Profiles a slow screen: finds and fixes the cause"),
        ("ic-l3", "craft", "Sets the architecture for the app's navigation"),
        ("ic-l3", "delivery", "Plans the release train with QA and product"),
    ],
    # The same format as a whole JSON file.
    "progression-json": [
        ("ic-l1", "operations", "Runs the deploy pipeline for their service"),
        ("ic-l2", "operations", "Designs alerts that page only on user impact"),
        ("ic-l2", "operations", "Leads a post-incident review"),
        ("ic-l2", "infrastructure-as-code", "Writes reusable modules for the team's services"),
    ],
    # A whole YAML file: levels, themes and a flat list of {level, theme, summary, proficiency}.
    "records": [
        ("ds1", "modelling", "Fits and validates standard models on prepared data"),
        ("ds1", "communication-influence", "Presents results to their own team"),
        ("ds2", "modelling", "Chooses the modelling approach for a product question"),
        ("ds2", "modelling", "Explains a model's limits: bias, drift and data gaps"),
        (
            "ds3",
            "communication-influence",
            "Changes a product decision with evidence from an analysis",
        ),
    ],
    # Headings with codes beside a prose heading, a track heading, areas from bullet labels,
    # chained "Same as", a summary table, <picture>, JSX, MDX and an "All levels" section.
    "labels": [
        ("l1", "impact", "Fixes bugs in one game system"),
        ("l1", "craft", "Writes readable gameplay code with tests"),
        ("l1", "scope", "Works on tasks a lead has broken down"),
        ("l1", "scope", "Asks for help after an hour stuck"),
        ("l2", "impact", "Feature: Delivers a gameplay feature from design to release"),
        ("l2", "craft", "Profiles frame-time regressions before a release"),
        ("l2", "scope", "Works on tasks a lead has broken down"),  # "Same as L1."
        ("l2", "scope", "Asks for help after an hour stuck"),
        ("l3", "impact", "System: Owns a game system across two releases"),
        ("l3", "craft", "Profiles frame-time regressions before a release"),  # "Same as L2"
        ("l3", "scope", "Works on tasks a lead has broken down"),  # "Same as L2" -> L1
        ("l3", "scope", "Asks for help after an hour stuck"),
        ("l4", "impact", "Game: Shapes the technical plan of a whole game"),
        ("l4", "craft", "Sets the code review standard for the studio"),
        ("programming-manager-l4", "people", "Runs one-on-ones with every programmer on the team"),
    ],
    # Label bullets ("- Scope:") with no sub-bullets: reported, no empty area in the draft.
    "empty-label": [
        ("s1", "impact", "Closes routine tickets the same day"),
        ("s1", "craft", "Writes replies a customer can follow alone"),
        ("s2", "impact", "Owns escalations for one product"),
        ("s2", "mentoring", "Reviews replies written by S1 engineers"),
    ],
    # Row labels and level columns beside a "Notes" column that names no level: a row
    # with text only under "Notes" reports its label as well as its cells.
    "label-columns": [
        ("p1", "delivery", "Ships a pipeline change with review"),
        ("p2", "delivery", "Delivers a pipeline end to end"),
        ("p2", "mentoring", "Pairs with P1 engineers"),
    ],
    # An "All levels" section: offered as a shared area to paste, never copied in.
    "all-levels": [
        ("f1", "delivery", "Installs a standard kit on site with a lead"),
        ("f2", "delivery", "Plans a site installation alone"),
    ],
    # Text the draft leaves out on purpose (FAQ inside a level, a FAQ row, "N/A" prose).
    "left-out": [
        ("h1", "bring-up", "Brings up a board from the reference schematic"),
        ("h2", "bring-up", "Brings up a new board design"),
        ("h3", "bring-up", "Owns bring-up for a product line"),
    ],
}

# The area the "all-levels" report offers: a wrapped bullet joined, a quote escaped, and
# a repeated bullet given its own id.
ALL_LEVELS_AREA = (
    '{id: all-levels, name: "All levels", criteria: ['
    "{id: LEVEL.all-levels.follows-site-safety-checklist-before, "
    'text: "Follows the site safety checklist before starting any work"}, '
    "{id: LEVEL.all-levels.logs-every-visit-in-field, "
    'text: "Logs every visit in the \\"Field book\\" within a day"}, '
    "{id: LEVEL.all-levels.logs-every-visit-in-field-2, "
    'text: "Logs every visit in the \\"Field book\\" within a day"}]}'
)

REPORTS = {
    "columns-per-level": [
        'F:16: skipped: section "FAQ" is not a level',
        "levels 4, areas 12, criteria 18, unplaced 0",
    ],
    "rows-per-level": ["levels 3, areas 6, criteria 10, unplaced 0"],
    "front-matter": [
        'F:35: skipped: section "How to use this ladder" is not a level',
        "levels 3, areas 7, criteria 8, unplaced 0",
    ],
    "handbook": [
        'F:6: skipped: section "Overview" is not a level',
        'F:81: skipped: section "FAQ" is not a level',
        "levels 4, areas 9, criteria 13, unplaced 0",
    ],
    "html-rowspan": ["levels 3, areas 8, criteria 11, unplaced 0"],
    "html-numbers": ["levels 3, areas 5, criteria 8, unplaced 0"],
    "progression": ["levels 3, areas 5, criteria 7, unplaced 0"],
    "progression-json": ["levels 2, areas 3, criteria 4, unplaced 0"],
    "records": ["levels 3, areas 4, criteria 5, unplaced 0"],
    "labels": [
        "F:1: unplaced: MDX import/export outside any level: "
        "\"import LevelChart from '../components/LevelChart'\"",
        "F:7: unplaced: summary table of short values (no criteria, no level taken from it): "
        '"Level | Senior | Manages people"',
        "F:14: unplaced: HTML outside any level: "
        '"<picture><source srcset="levels-dark.svg"><img src="levels.…"',
        'F:18: warning: heading "Successful programmers at Pixel Forge" is not taken as a '
        'level: the levels at its depth are named like "Programmer (L1)"',
        'F:20: unplaced: paragraph outside any level: "They keep the player in mind."',
        'F:42: unplaced: HTML in level "Senior Programmer (L3)": "<LevelChart level={3} />"',
        'F:44: warning: level "Lead Programmer (L4)" is under the heading "Individual '
        'Contributor" (track ic) but its title says "Lead"; kept on track ic — if it belongs '
        "elsewhere, rerun with --track-hint '^Lead Programmer \\(L4\\)$=manager'",
        'F:55: skipped: section "All levels" applies to every level and is not copied into '
        "any; to share it, add this mapping as an item of `areas:` in each level (l1, l2, l3, "
        "l4, programming-manager-l4) with LEVEL replaced by the level's id: "
        '{id: all-levels, name: "All levels", criteria: [{id: '
        "LEVEL.all-levels.follows-studio-code-conduct, text: \"Follows the studio's code of "
        'conduct"}]}',
        'F:57: unplaced: bullet in "All levels" (it applies to every level: line 55 offers it '
        'as a shared area to paste into each level): "Follows the studio\'s code of conduct"',
        "levels 5, areas 12, criteria 15, unplaced 6",
    ],
    "empty-label": [
        'F:6: unplaced: label bullet "Scope:" in level "S1 Support Engineer" has no '
        "sub-bullets, so no area was made from it",
        'F:13: unplaced: label bullet "Scope:" in level "S2 Support Engineer" has no '
        "sub-bullets, so no area was made from it",
        'F:15: unplaced: label bullet "Craft:" in level "S2 Support Engineer" has no '
        "sub-bullets, so no area was made from it",
        "levels 2, areas 4, criteria 4, unplaced 3",
    ],
    "label-columns": [
        'F:3: unplaced: table cell in row 1, column 4, which no level or label claims: "Notes"',
        "F:5: unplaced: table cell in row 2, column 4, which no level or label claims: "
        '"Measured per quarter"',
        'F:6: unplaced: table row label "On-call" names no area: its row has text only in '
        "columns that name no level",
        "F:6: unplaced: table cell in row 3, column 4, which no level or label claims: "
        '"Joins the rota after six months"',
        'F:8: unplaced: table row label "Talks" names no area: its row has text only in '
        "columns that name no level",
        "F:8: unplaced: table cell in row 5, column 4, which no level or label claims: "
        '"Optional for every level"',
        "levels 2, areas 3, criteria 3, unplaced 6",
    ],
    "all-levels": [
        'F:15: skipped: section "All levels" applies to every level and is not copied into '
        "any; to share it, add this mapping as an item of `areas:` in each level (f1, f2) "
        "with LEVEL replaced by the level's id: " + ALL_LEVELS_AREA,
        'F:17: unplaced: paragraph in "All levels" (it applies to every level: add it to '
        "each level as a shared area, or to the ladder's description): "
        '"Everyone on the field team is expected to:"',
        'F:19: unplaced: bullet in "All levels" (it applies to every level: line 15 offers it '
        'as a shared area to paste into each level): "Follows the site safety checklist '
        'before starting any work"',
        'F:21: unplaced: bullet in "All levels" (it applies to every level: line 15 offers it '
        'as a shared area to paste into each level): "Logs every visit in the "Field book" '
        'within a day"',
        'F:22: unplaced: bullet in "All levels" (it applies to every level: line 15 offers it '
        'as a shared area to paste into each level): "Logs every visit in the "Field book" '
        'within a day"',
        "levels 2, areas 2, criteria 2, unplaced 4",
    ],
    "left-out": [
        'F:9: skipped: section "FAQ" in level "H1 Hardware Engineer" is not about the level',
        'F:18: skipped: "Ask the lab lead" under "FAQ" in level "H2" is left out: that label '
        "is about the document, not the level",
        'F:18: skipped: "Ask the lab lead" under "FAQ" in level "H3" is left out: that label '
        "is about the document, not the level",
        'F:19: skipped: "N/A" under "Scope" in level "H2" is left out: a note is kept only on '
        "an area, and summary is not one",
        "levels 3, areas 3, criteria 3, unplaced 0",
    ],
}


# Fixtures that are not Markdown, and fixtures whose non-criterion content is reported.
FILES = {"progression-json": "progression.json", "records": "records.yaml"}
REPORTED = {"labels", "empty-label", "label-columns", "all-levels"}


def _file(name: str) -> str:
    return FILES.get(name, f"{name}.md")


def _import(name: str) -> tuple[ImportResult, Ladder]:
    text = (IMPORT / _file(name)).read_text(encoding="utf-8")
    result = import_ladder(text, f"tests/fixtures/import/{_file(name)}", name)
    assert result.draft is not None
    ladder, problems = load_ladder(result.draft, f"{name}.yaml")
    assert ladder is not None, problems
    assert problems == []
    return result, ladder


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_criterion_placed(name: str) -> None:
    result, ladder = _import(name)
    assert (result.unplaced == ()) is (name not in REPORTED)
    got = [(lv.id, c.area, c.text) for lv in ladder.levels for c in lv.criteria]
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_draft_text(name: str) -> None:
    result, _ = _import(name)
    assert result.draft == (IMPORT / f"{name}.expected.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report(name: str) -> None:
    text = (IMPORT / _file(name)).read_text(encoding="utf-8")
    path = f"tests/fixtures/import/{_file(name)}"
    assert import_ladder(text, path, name).report_lines("F") == REPORTS[name]


def test_columns_per_level_prose_and_notes() -> None:
    _, ladder = _import("columns-per-level")
    d1, d3 = ladder.level("d1"), ladder.level("d3")
    assert d1 is not None and d3 is not None
    assert d1.summary == "Learns our pipelines and ships well-scoped changes with support."
    assert d1.typical_experience == "0–2 years"
    assert [(a.id, a.note) for a in d1.areas] == [
        ("delivery", ""),
        ("data-quality", ""),
        ("mentoring", "N/A"),
    ]
    assert [(a.id, a.note) for a in d3.areas][1] == ("data-quality", "Same as D2")
    assert ladder.cumulative is False
    assert [(t.id, t.entry) for t in ladder.tracks] == [("ic", "d1")]


def test_rows_per_level_tracks_and_guidance() -> None:
    _, ladder = _import("rows-per-level")
    assert [(lv.id, lv.track, lv.rank) for lv in ladder.levels] == [
        ("s1", "ic", 1),
        ("s2", "ic", 2),
        ("s3", "manager", 3),
    ]
    s3 = ladder.level("s3")
    assert s3 is not None
    assert s3.summary == "Leads the support team of one region."
    assert [(g.title, g.items) for g in s3.guidance] == [
        ("Next steps", ("Take on a cross-region project",))
    ]
    assert [(a.id, a.note) for a in s3.areas] == [
        ("customer-impact", ""),
        ("technical-depth", "Same as S2"),
    ]


def test_front_matter_levels() -> None:
    result, ladder = _import("front-matter")
    assert ladder.name == "Security Engineering Ladder"
    assert result.data is not None
    assert result.data["description"] == (
        "The security ladder is kept in the front matter above so that the site can render it."
    )
    sec1, sec3 = ladder.level("sec1"), ladder.level("sec3")
    assert sec1 is not None and sec3 is not None
    assert sec1.summary == "Works on well-defined security tasks with guidance."
    assert sec3.typical_experience == "Usually 8+ years in security, 2+ managing."
    assert (sec3.areas[0].id, sec3.areas[0].note) == ("threat-modelling", "N/A")


def test_handbook_prose() -> None:
    _, ladder = _import("handbook")
    assert ladder.cumulative is True
    assert [(lv.id, lv.track, lv.rank) for lv in ladder.levels] == [
        ("ad", "ic", 1),
        ("pd", "ic", 2),
        ("spd", "ic", 3),
        ("dm", "manager", 4),
    ]
    ad, pd, spd = ladder.level("ad"), ladder.level("pd"), ladder.level("spd")
    assert ad is not None and pd is not None and spd is not None
    assert ad.aka == "Junior designer"
    assert ad.summary == "Works on well-defined parts of a feature with close support."
    assert pd.typical_experience == "Two to five years designing digital products."
    assert [(a.id, a.note) for a in pd.areas][1] == ("collaboration", "Same as Associate Designer.")
    assert [(g.title, g.items) for g in spd.guidance] == [
        (
            "Next steps",
            ("Pair with a design manager on hiring", "Present at the company design review"),
        )
    ]


def test_all_levels_offer_pastes_into_every_level() -> None:
    """The offered area, pasted into each level with LEVEL replaced, makes a valid ladder
    whose new criteria are the section's bullets, verbatim."""
    result, _ = _import("all-levels")
    assert result.data is not None
    offer = next(s.message for s in result.skipped if "applies to every level" in s.message)
    block = offer.split("level's id: ", 1)[1]
    assert block == ALL_LEVELS_AREA
    data = copy.deepcopy(result.data)
    for level in data["levels"]:
        level["areas"].append(yaml.safe_load(block.replace("LEVEL", level["id"])))
    ladder, problems = load_ladder(yaml.safe_dump(data, sort_keys=False), "all-levels.yaml")
    assert ladder is not None and problems == []
    got = [(lv.id, c.area, c.text) for lv in ladder.levels for c in lv.criteria]
    shared = [
        "Follows the site safety checklist before starting any work",
        'Logs every visit in the "Field book" within a day',
        'Logs every visit in the "Field book" within a day',
    ]
    assert got == [
        ("f1", "delivery", "Installs a standard kit on site with a lead"),
        *(("f1", "all-levels", text) for text in shared),
        ("f2", "delivery", "Plans a site installation alone"),
        *(("f2", "all-levels", text) for text in shared),
    ]
