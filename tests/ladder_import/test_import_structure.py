"""Structure the importer reads from layouts found on public ladders it had never seen.

Each test is a small ladder written for it (no public text): statements as headings
inside each level, IC and manager levels that alternate, heading permalinks, lists of
links, quoted level summaries, one-row-per-level tables whose columns are all areas.
"""

from __future__ import annotations

from rung.ladder.load import load_ladder
from rung.ladder_import import ImportResult, import_files, import_ladder


def _import(text: str, path: str = "ladder.md") -> ImportResult:
    result = import_ladder(text, path, "acme")
    assert result.draft is not None
    ladder, problems = load_ladder(result.draft, "acme.yaml")
    assert ladder is not None and problems == [], problems
    return result


def _levels(result: ImportResult) -> list[tuple[str, str, int]]:
    assert result.data is not None
    return [(lv["title"], lv["track"], lv["rank"]) for lv in result.data["levels"]]


def _criteria(result: ImportResult) -> list[tuple[str, str, str]]:
    assert result.data is not None
    return [
        (lv["title"], area["name"], c["text"])
        for lv in result.data["levels"]
        for area in lv.get("areas", [])
        for c in area.get("criteria", [])
    ]


STATEMENTS = """\
# Widget Works Ladder

## Junior Developer

#### I am a careful developer on my team.

- I test what I change
- I ask when I am stuck

#### I keep learning.

- I read the code around my change

## Senior Developer

#### I am a developer others come to for reviews.

- I review within a day
- I explain the why of a change

#### I am a leader of small projects.

- I split a project into releases
"""


def test_headings_written_as_sentences_are_areas_not_levels() -> None:
    # More sentence headings than level headings hold a role word ("developer", "leader");
    # the levels are still the two named headings, and each statement is an area.
    result = _import(STATEMENTS)
    assert _levels(result) == [("Junior Developer", "ic", 1), ("Senior Developer", "ic", 2)]
    assert _criteria(result) == [
        ("Junior Developer", "I am a careful developer on my team.", "I test what I change"),
        ("Junior Developer", "I am a careful developer on my team.", "I ask when I am stuck"),
        ("Junior Developer", "I keep learning.", "I read the code around my change"),
        (
            "Senior Developer",
            "I am a developer others come to for reviews.",
            "I review within a day",
        ),
        (
            "Senior Developer",
            "I am a developer others come to for reviews.",
            "I explain the why of a change",
        ),
        ("Senior Developer", "I am a leader of small projects.", "I split a project into releases"),
    ]


def _ladder(*titles: str) -> str:
    body = "".join(f"## {t}\n\n- Does the work of a {t.lower()}\n\n" for t in titles)
    return f"# Acme\n\n{body}"


def test_tracks_that_alternate_are_ranked_side_by_side() -> None:
    # No number in any title: the document pairs the tracks by writing them in turn.
    result = _import(
        _ladder(
            "Junior Engineer",
            "Senior Engineer",
            "Staff Engineer",
            "Team Manager",
            "Principal Engineer",
            "Group Manager",
        )
    )
    assert _levels(result) == [
        ("Junior Engineer", "ic", 1),
        ("Senior Engineer", "ic", 2),
        ("Staff Engineer", "ic", 3),
        ("Team Manager", "manager", 3),
        ("Principal Engineer", "ic", 4),
        ("Group Manager", "manager", 4),
    ]
    assert result.data is not None
    assert {t["id"]: t["entry"] for t in result.data["tracks"]} == {"ic": "je", "manager": "tm"}


def test_tracks_written_one_after_another_keep_counting() -> None:
    result = _import(_ladder("Junior Engineer", "Senior Engineer", "Team Manager", "Group Manager"))
    assert _levels(result) == [
        ("Junior Engineer", "ic", 1),
        ("Senior Engineer", "ic", 2),
        ("Team Manager", "manager", 3),
        ("Group Manager", "manager", 4),
    ]


PERMALINKS = """\
<template>
  <div>
    <h2 id="apprentice">
      Apprentice Engineer
      <a class="anchor" href="#apprentice">#</a>
    </h2>
    <ul><li>Weighs flour to the gram</li></ul>
    <h2 id="engineer">Engineer <a href="#engineer">¶</a></h2>
    <ul><li>Runs the morning oven alone</li></ul>
    <h2><a href="#head">Staff Engineer</a></h2>
    <ul><li>Plans the week's bakes</li></ul>
  </div>
</template>
"""


def test_a_heading_permalink_is_not_part_of_the_level_title() -> None:
    # A link to a fragment beside a heading's text points at the heading itself; a
    # heading that is nothing but such a link keeps the link's text.
    result = _import(PERMALINKS, "bakery.vue")
    assert _levels(result) == [
        ("Apprentice Engineer", "ic", 1),
        ("Engineer", "ic", 2),
        ("Staff Engineer", "ic", 3),
    ]


ROWS = """\
# Acme Titles

| Title | Scope of influence | Ownership |
|---|---|---|
| Junior Engineer | Their own tasks | Owns nothing alone yet |
| Senior Engineer | The whole team | Owns an area end to end |
"""


def test_a_summary_column_is_reported_and_criteria_from_cells_makes_it_criteria() -> None:
    auto = _import(ROWS)
    assert _criteria(auto) == [
        ("Junior Engineer", "Ownership", "Owns nothing alone yet"),
        ("Senior Engineer", "Ownership", "Owns an area end to end"),
    ]
    assert auto.hint.startswith("hint: 2 table cell(s) were kept as level summaries")
    assert "--criteria-from cells" in auto.hint
    result = import_ladder(ROWS, "ladder.md", "acme", criteria_from="cells")
    assert _criteria(result) == [
        ("Junior Engineer", "Scope of influence", "Their own tasks"),
        ("Junior Engineer", "Ownership", "Owns nothing alone yet"),
        ("Senior Engineer", "Scope of influence", "The whole team"),
        ("Senior Engineer", "Ownership", "Owns an area end to end"),
    ]
    assert result.hint == ""


LINKS_MD = """\
# Acme

- [Junior Engineer](#junior-engineer)
- [Senior Engineer](#senior-engineer)

## Junior Engineer

- Ships small changes
- [Reads the style guide](style.md) before a first review

## Senior Engineer

- Designs features

# See also

* [**Managers**](managers.md)
* [Interviewing](interviewing.md)
"""

LINKS_HTML = """\
<template>
  <div>
    <ul class="sidebar">
      <li><a href="#junior-engineer">Junior Engineer</a></li>
      <li><a>Senior Engineer</a></li>
    </ul>
    <h2>Junior Engineer</h2>
    <ul>
      <li>Ships small changes</li>
      <li><a href="style.md">Reads the style guide</a> before a first review</li>
    </ul>
    <h2>Senior Engineer</h2>
    <ul><li>Designs features</li></ul>
  </div>
</template>
"""


def test_a_list_of_links_outside_the_levels_is_navigation() -> None:
    # Each item is one link and nothing else: a way to a page or section, skipped and
    # reported; a criterion that holds a link among other words stays a criterion.
    for text, path in ((LINKS_MD, "ladder.md"), (LINKS_HTML, "ladder.vue")):
        result = _import(text, path)
        assert _criteria(result) == [
            ("Junior Engineer", "Expectations", "Ships small changes"),
            ("Junior Engineer", "Expectations", "Reads the style guide before a first review"),
            ("Senior Engineer", "Expectations", "Designs features"),
        ], path
        assert result.unplaced == (), path
        navigation = [s.message for s in result.skipped if "navigation" in s.message]
        assert navigation[:2] == [
            'link "Junior Engineer" is navigation',
            'link "Senior Engineer" is navigation',
        ], path


def test_tracks_paired_under_a_seniority_heading_share_its_rank() -> None:
    text = (
        "# Ladder\n\n## Senior\n\n### Senior Engineer\n\n- Designs features\n\n"
        "### Engineering Manager\n\n- Hires the team\n\n## Staff\n\n### Staff Engineer\n\n"
        "- Sets direction\n\n### Director of Engineering\n\n- Runs several teams\n"
    )
    assert _levels(_import(text)) == [
        ("Senior Engineer", "ic", 1),
        ("Engineering Manager", "manager", 1),
        ("Staff Engineer", "ic", 2),
        ("Director of Engineering", "manager", 2),
    ]


def test_one_file_per_level_in_alternating_tracks_is_paired() -> None:
    pages = [
        ("03.md", "---\ntitle: Senior Engineer\n---\n\n## Craft\n\n- Designs features\n"),
        (
            "04a.md",
            "---\ntitle: Staff Engineer (technical track)\n---\n\n## Craft\n\n- Sets direction\n",
        ),
        (
            "04b.md",
            "---\ntitle: Team Lead (management track)\n---\n\n## People\n\n- Hires the team\n",
        ),
        (
            "05a.md",
            "---\ntitle: Principal Engineer (technical track)\n---\n\n## Craft\n\n- Shapes the platform\n",
        ),
        (
            "05b.md",
            "---\ntitle: Head of Engineering (management track)\n---\n\n## People\n\n- Runs the department\n",
        ),
    ]
    result = import_files(pages, "acme")
    assert result.draft is not None
    ladder, problems = load_ladder(result.draft, "acme.yaml")
    assert ladder is not None and problems == [], problems
    assert _levels(result) == [
        ("Senior Engineer", "ic", 1),
        ("Staff Engineer (technical track)", "ic", 2),
        ("Team Lead (management track)", "manager", 2),
        ("Principal Engineer (technical track)", "ic", 3),
        ("Head of Engineering (management track)", "manager", 3),
    ]


QUOTED_MD = """\
# Acme

## Junior Engineer

> Learning the trade.
>
> - Pairs on most changes

- Ships small changes

## Senior Engineer

- Designs features
"""

QUOTED_HTML = """\
<h2>Junior Engineer</h2>
<blockquote><p>Learning the trade.</p><ul><li>Pairs on most changes</li></ul></blockquote>
<ul><li>Ships small changes</li></ul>
<h2>Senior Engineer</h2>
<ul><li>Designs features</li></ul>
"""


def test_a_quoted_list_under_a_level_is_prose_in_markdown_as_in_html() -> None:
    # A blockquote is quoted text: its list items are no more criteria than its paragraphs,
    # the same in Markdown (> - item) as in HTML (<blockquote><ul>).
    for text, path in ((QUOTED_MD, "ladder.md"), (QUOTED_HTML, "ladder.html")):
        result = _import(text, path)
        assert _criteria(result) == [
            ("Junior Engineer", "Expectations", "Ships small changes"),
            ("Senior Engineer", "Expectations", "Designs features"),
        ], path
        assert result.data is not None
        assert "Pairs on most changes" in result.data["levels"][0]["summary"], path
