"""Pure parts of the cycle: the disagreement measure, and untrusted text in every output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cycle.generate import CYCLE, make_repo
from cycle.page import parse, table
from rung.cycle.dashboard import render_dashboard
from rung.cycle.load import cycle_status, load_cycle
from rung.cycle.measure import CLEAR, SPLIT, disagreement, spread
from rung.cycle.report import render_markdown, render_text
from rung.model.repo import load_ladders


@pytest.mark.parametrize(
    ("meets", "not_yet", "expected"),
    [(0, 0, 0.0), (1, 0, 0.0), (0, 1, 0.0), (3, 0, 0.0), (1, 1, 1.0), (2, 1, 1 / 3 * 2),
     (2, 2, 1.0), (3, 1, 0.5)],
)  # fmt: skip
def test_disagreement(meets: int, not_yet: int, expected: float) -> None:
    assert disagreement(meets, not_yet) == pytest.approx(expected)


def test_spread_counts_the_recommendation_as_one_more_criterion() -> None:
    s = spread([(2, 0), (2, 0)], promote=1, not_yet=1, short=0, required=2)
    assert s.split and s.group == SPLIT
    assert s.disagreement == pytest.approx(1 / 3)  # (0 + 0 + 1) / 3
    assert spread([(2, 0)], 2, 0, 0, 1).group == CLEAR


def test_borderline_is_a_fifth_short_or_mixed() -> None:
    assert spread([], 0, 0, short=1, required=4).group == "borderline"
    assert spread([], 0, 0, short=2, required=10).group == "borderline"
    assert spread([], 0, 0, short=3, required=10).group == CLEAR
    assert spread([(1, 0), (0, 1)], 0, 0, short=0, required=2).group == "borderline"


HOSTILE = '<script>alert(1)</script> "x" & @everyone | `y` ::error::z'


def test_untrusted_names_are_inert_everywhere(tmp_path: Path) -> None:
    make_repo(tmp_path, 2)
    packet = tmp_path / "packets" / CYCLE / "cand-00.md"
    text = packet.read_text(encoding="utf-8")
    escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    packet.write_text(text.replace('name: "Zoë', f'name: "{escaped}\\nZoë'), encoding="utf-8")
    ladders, _ = load_ladders(tmp_path)
    status = cycle_status(load_cycle(tmp_path, CYCLE, ladders), date(2026, 7, 10))
    html = render_dashboard(status)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 1  # the page's own
    # Read back as a browser reads it: the name is the cell's text and, case-folded, its
    # sort key, whole — a quote that broke out of the attribute would cut it short.
    _, rows = table(parse(html))
    [name] = [r.name for r in status.rows if r.name.startswith(HOSTILE)]
    assert [row[1] for row in rows if row[1][0].startswith(HOSTILE)] == [(name, name.casefold())]
    markdown = render_markdown(status)
    assert "<script" not in markdown and "@everyone" not in markdown and "\\`y\\`" in markdown
    assert all(not line.startswith("::") for line in render_text(status).splitlines())
