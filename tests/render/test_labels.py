"""Short criterion labels for the grid, and ladder descriptions with "- " lists (issue 16);
grid names that fit and differ, counts that do not read as scores (issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.classes import replace
from rung.ladder.model import Criterion
from rung.model.packet import parse_packet
from rung.model.repo import load_ladders
from rung.render.html import packet_html
from rung.render.labels import GRID_LABEL, grid_labels, short_label, text_blocks

PACKET = "packets/2026-H2/ada-render.md"


@pytest.mark.parametrize(
    ("text", "label", "short"),
    [
        ("You are able to perform HLD for epics", "", "Perform HLD for epics"),
        ("You can gain a responsibility to deliver an epic from end to end", "",
         "Gain a responsibility to deliver…"),  # never ends on "an"
        ("You require very little oversight beyond high-level direction; you can take a complex user story.",
         "", "Require very little oversight beyond…"),
        ("Great communicator", "", "Great communicator"),
        ("You're able to mentor: juniors and peers", "", "Mentor"),
        ("anything at all", "HLD for epics", "HLD for epics"),  # the ladder's own label wins
        ("x", "A label the ladder wrote that is far too long for a grid box", "A label the ladder wrote that is far…"),
    ],
)  # fmt: skip
def test_short_label(text: str, label: str, short: str) -> None:
    assert short_label(text, label) == short
    assert len(short) <= 40


def test_text_blocks_turn_hyphen_lines_into_lists() -> None:
    text = "You lead the team.\n- design reviews\n- on-call rotas\n\nAnd more:\n* hiring"
    assert text_blocks(text) == (
        ("p", ("You lead the team.",)),
        ("ul", ("design reviews", "on-call rotas")),
        ("p", ("And more:",)),
        ("ul", ("hiring",)),
    )
    assert text_blocks("No list - just a dash inside.") == (
        ("p", ("No list - just a dash inside.",)),
    )


def _ada(render_repo: Path):
    ladders, _ = load_ladders(render_repo)
    packet, _ = parse_packet((render_repo / PACKET).read_text(encoding="utf-8"), PACKET)
    assert packet is not None
    return packet, ladders["thelotter"]


def test_a_description_list_renders_as_a_list(render_repo: Path) -> None:
    packet, ladder = _ada(render_repo)
    levels = tuple(
        replace(lv, summary="At L5 you:\n- own epics\n- mentor <peers> & juniors")
        if lv.id == "ic-l5"
        else lv
        for lv in ladder.levels
    )
    html, _ = packet_html(
        replace(packet), replace(ladder, levels=levels), None, render_repo / "templates"
    )
    assert '<p class="target-summary">At L5 you:</p>' in html
    assert (
        '<ul class="target-summary"><li>own epics</li><li>mentor &lt;peers&gt; &amp; juniors</li></ul>'
        in html
    )
    assert "- own epics" not in html


def test_the_grid_prints_labels_totals_and_glyphs(render_repo: Path) -> None:
    packet, ladder = _ada(render_repo)
    first = ladder.level("ic-l5").areas[0].criteria[0]
    labelled: Criterion = replace(first, label="HLD <for> epics")
    levels = tuple(
        replace(
            lv,
            areas=(
                replace(lv.areas[0], criteria=(labelled, *lv.areas[0].criteria[1:])),
                *lv.areas[1:],
            ),
        )
        if lv.id == "ic-l5"
        else lv
        for lv in ladder.levels
    )
    html, view = packet_html(
        packet, replace(ladder, levels=levels), None, render_repo / "templates"
    )
    assert '<span class="cell-label">HLD &lt;for&gt; epics</span>' in html
    area = view.areas[0]
    assert f"{area.evidenced} of {len(area.criteria)} evidenced" in html
    for c in view.criteria:  # a glyph and a word beside the colour
        assert f'<span class="cell-value">{c.glyph} {c.cell}</span>' in html


def test_grid_names_differ_and_end_on_a_whole_word() -> None:
    same = "Technical expert on 1 product / key component"
    pairs = [
        (same + " of the payments mission", ""),
        (same + " of the draws mission", ""),
        ("You are able to handle bugs", ""),
        ("Makes independent decisions for the team; is actively learning how to handle "
         "complex management situations and works well with every function in the company", ""),
    ]  # fmt: skip
    names = grid_labels(pairs)
    assert len(set(names)) == len(names), names
    assert names[2] == "Handle bugs"
    assert names[3] == "Makes independent decisions for the team"  # the first clause, whole
    long = grid_labels([("word " * 40, "")])[0]
    assert len(long) <= GRID_LABEL and long.endswith("word…")


@pytest.mark.parametrize(
    ("status", "count", "needed", "cell"),
    [("met", 1, 1, "1 item"), ("met", 3, 1, "3 items"), ("partial", 1, 3, "1 of 3 items"),
     ("missing", 0, 1, "none"), ("gap", 0, 1, "gap")],
)  # fmt: skip
def test_a_grid_count_says_what_it_counts(status: str, count: int, needed: int, cell: str) -> None:
    from rung.render.views import CriterionView

    view = CriterionView("1.1", "a", "x", "t", status, count, needed, (), None)
    assert view.cell == cell
