"""The pieces of the importer: slugs, YAML scalars, HTML cells, wording rules."""

from __future__ import annotations

import pytest

from rung.ladder.load import load_ladder
from rung.ladder_import import import_ladder
from rung.ladder_import.blocks import parse_blocks
from rung.ladder_import.classify import (
    Kind,
    aka,
    is_note,
    says_cumulative,
    section_kind,
    tenure_months,
)
from rung.ladder_import.emit import Writer, scalar
from rung.ladder_import.model import Item
from rung.ladder_import.nodes import Table, Text
from rung.ladder_import.slugs import area_slug, criterion_slug
from rung.loaders.yamlload import load_yaml


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("You are able to perform HLD for epics", "hld-for-epics"),
        (
            "You’re sought-after for technical guidance across the teams.",
            "sought-after-for-technical-guidance",
        ),
        ("Has been a tech lead for 1+ year", "tech-lead-for-1-year"),
        (
            "Collaborates with the team's PM on inter/intra-team communication",
            "collaborates-with-team-pm-on",
        ),
        ("Résumé reviews for ÉQUIPE hires", "resume-reviews-for-equipe-hires"),
        ("You are able to", ""),
        ("日本語のみ", ""),
    ],
)
def test_criterion_slug(text: str, slug: str) -> None:
    assert criterion_slug(text) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Leadership & Collaboration - You and the company", "company"),
        ("You and the company", "company"),
        ("Scope of knowledge (Breadth and Depth)", "scope-knowledge"),
        ("Business / Domain Knowledge", "business-domain-knowledge"),
        ("You and the", "you-and-the"),  # nothing left after stop words: keep the words
    ],
)
def test_area_slug(name: str, slug: str) -> None:
    assert area_slug(name) == slug


def test_colliding_slugs_get_numbered() -> None:
    text = "# L1 Engineer\n\n### Craft\n\n- Writes code\n- Writes code\n- You are able to\n- The\n"
    result = import_ladder(text, "doc.md", "doc")
    assert result.data is not None
    (area,) = result.data["levels"][0]["areas"]
    assert [c["id"] for c in area["criteria"]] == [
        "ic-l1.craft.writes-code",
        "ic-l1.craft.writes-code-2",
        "ic-l1.craft.criterion",
        "ic-l1.craft.criterion-2",
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain words, with commas", "plain words, with commas"),
        ("true", '"true"'),
        ("12", '"12"'),
        ("Rates findings: high or low", '"Rates findings: high or low"'),
        ("- looks like a list", '"- looks like a list"'),
        ("C# and #hashtags", '"C# and #hashtags"'),
        (' "quoted" and back\\slash', '" \\"quoted\\" and back\\\\slash"'),
        ("line\u2028separator and NEL\x85", '"line\\u2028separator and NEL\\x85"'),
        ("tab\there", '"tab\\there"'),
        ("café – naïve", "café – naïve"),
        (7, "7"),
        (False, "false"),
    ],
)
def test_scalar(value: str | int | bool, written: str) -> None:
    assert scalar(value) == written
    doc, problems = load_yaml(f"key: {written}\n", "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"key": value}


def test_writer_block_scalars_and_comments() -> None:
    data = {"a": "one\ntwo\n\n- three", "b": ["x", "trailing \nspace"], "c": []}
    text = Writer({("b",): ["about b"]}, {("a",): "why a"}).dump(data)
    assert text == (
        "a: |-  # why a\n"
        "  one\n"
        "  two\n"
        "\n"
        "  - three\n"
        "# about b\n"
        "b:\n"
        "  - x\n"
        '  - "trailing \\nspace"\n'
        "c: []\n"
    )
    doc, _ = load_yaml(text, "x.yaml")
    assert doc is not None and doc.data == data


def test_html_table_in_one_block() -> None:
    html = (
        "<table>\n<tr><th>L1</th><th>L2</th></tr>\n"
        "<tr><td>- Writes code<br>- Tests it &amp; ships</td>"
        "<td><ul><li>Reviews code</li><li>Mentors</li></ul></td></tr>\n</table>\n"
    )
    (table,) = parse_blocks(html)
    assert isinstance(table, Table)
    assert table.header_rows == 1
    assert [[c.items for c in row] for row in table.rows] == [
        [(Item("L1", 2),), (Item("L2", 2),)],
        [
            (Item("Writes code", 3, True), Item("Tests it & ships", 3, True)),
            (Item("Reviews code", 3, True), Item("Mentors", 3, True)),
        ],
    ]


def test_markdown_cell_paragraphs() -> None:
    text = "| Area | Growth |\n| --- | --- |\n| Execution | <p>- One</p><p>- Two **bold**</p> |\n"
    (table,) = parse_blocks(text)
    assert isinstance(table, Table)
    assert table.rows[1][1].items == (Item("One", 3, True), Item("Two bold", 3, True))


def test_list_items_and_nesting_keep_document_order() -> None:
    blocks = parse_blocks("- Parent\n  - Child\n- Sibling\n")
    assert blocks == [
        Text(Item("Parent", 1, True, depth=1)),
        Text(Item("Child", 2, True, depth=2)),
        Text(Item("Sibling", 3, True, depth=1)),
    ]


@pytest.mark.parametrize(
    ("title", "inside", "kind"),
    [
        ("**Scope & Impact**", True, Kind.SUMMARY),
        ("Years of xp (guideline)", False, Kind.EXPERIENCE),
        ("Minimum Experience:", True, Kind.TENURE),
        ("Job Description (Internal links)", False, Kind.GUIDANCE),
        ("Recommended reading", True, Kind.GUIDANCE),  # a reading list is not criteria
        ("Learning resources", True, Kind.GUIDANCE),
        ("Bookkeeping", True, Kind.AREA),
        ("Competency Ratings:", True, Kind.RATINGS),
        ("Overview", False, Kind.IGNORE),
        ("Overview", True, Kind.SUMMARY),
        ("FAQ", False, Kind.IGNORE),
        ("Scope of knowledge (Breadth and Depth)", False, Kind.AREA),
        ("Example skills and behaviors", True, Kind.AREA),
    ],
)
def test_section_kind(title: str, inside: bool, kind: Kind) -> None:
    assert section_kind(title, inside) is kind


def test_wording_rules() -> None:
    assert aka("**Usually refered as Junior Engineer**") == "Junior Engineer"
    assert aka("Usually referred to as junior designer.") == "Junior designer"
    assert aka("Works on features") == ""
    assert [is_note(t) for t in ("Same as L2", "N/A", "n/a.", "—", "Same-day fixes")] == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert tenure_months(["after gaining 1 or more years of practical experience"]) == 12
    assert tenure_months(["at least 18 months in level"]) == 18
    assert tenure_months(["when ready"]) is None


@pytest.mark.parametrize(
    ("sentence", "cumulative"),
    [
        ("Each level builds on the criteria from the preceding level.", True),
        ("So for example, an L4 must also meet all the criteria for an L3.", True),
        ("Each level includes the criteria of the levels below it.", True),
        ("Every level includes everything in the levels before it.", True),
        ("Levels are not cumulative. Read each one alone.", False),
        ("Levels aren’t cumulative.", False),
        ("The table below includes all levels.", False),
    ],
)
def test_cumulative_sentences(sentence: str, cumulative: bool) -> None:
    assert says_cumulative(sentence) is cumulative


def test_tenure_without_a_time_becomes_typical_experience() -> None:
    text = "# L2 Engineer\n\n### Minimum Experience\n\n- Whenever you are ready\n"
    result = import_ladder(text, "doc.md", "doc")
    assert result.draft is not None
    ladder, _ = load_ladder(result.draft, "doc.yaml")
    assert ladder is not None
    (level,) = ladder.levels
    assert level.tenure is None
    assert level.typical_experience == "Whenever you are ready"


def test_front_matter_mapping_form_and_its_mistakes() -> None:
    text = (
        "---\n"
        "topics:\n"
        "  Delivery:\n"
        "    L1 Engineer: [Ships small changes]\n"
        "    L2 Engineer: {text: not a list}\n"
        "  Craft: Writes tests\n"
        "  Review:\n"
        "    L2 Engineer: Same as L1\n"
        "---\n"
    )
    result = import_ladder(text, "f.md", "f")
    assert result.report_lines("f.md") == [
        'f.md:5: unplaced: front-matter criteria of "L2 Engineer" under "Delivery" are a '
        "mapping; write a list of texts",
        'f.md:6: unplaced: front-matter topic "Craft" has no mapping of levels to criteria',
        'f.md:8: warning: "Same as L1" in "L2 Engineer": "L1 Engineer" has no area "Review"; '
        "add the criteria by hand",
        "levels 2, areas 2, criteria 1, unplaced 2",
    ]
    assert result.data is not None
    assert [(lv["id"], lv["areas"]) for lv in result.data["levels"]] == [
        (
            "ic-l1",
            [
                {
                    "id": "delivery",
                    "name": "Delivery",
                    "criteria": [
                        {"id": "ic-l1.delivery.ships-small-changes", "text": "Ships small changes"}
                    ],
                }
            ],
        ),
        ("ic-l2", [{"id": "review", "name": "Review", "note": "Same as L1"}]),
    ]


def test_front_matter_that_is_not_yaml_is_reported() -> None:
    result = import_ladder("---\ntopics: [\n---\n# L1 Engineer\n\n- Ships\n", "f.md", "f")
    (unplaced,) = result.unplaced
    assert unplaced.message.startswith("front matter is not valid YAML: ")
    assert result.criteria == 1


@pytest.mark.parametrize(
    "text",
    [
        "No",
        "yes",
        "On",
        "off",
        "Y",
        "n",
        "012",
        "1_000",
        "12:30",
        "1e3",
        ".inf",
        "2024-07-01",
        "0x1F",
        "+1",
    ],
)
def test_draft_scalars_read_as_strings_by_any_yaml_reader(text: str) -> None:
    """YAML 1.1 readers (PyYAML's safe_load) take a plain No for false and 12:30 for 750."""
    import yaml

    written = scalar(text)
    assert written.startswith('"')
    assert yaml.safe_load(f"text: {written}") == {"text": text}
