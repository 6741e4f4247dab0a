"""The calibration agenda as Markdown and as a PDF with one brief page per packet."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, make_repo, populate
from paths import REPO
from rung.cli import main


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CycleFake]:
    scenarios = make_repo(tmp_path, 9)
    (tmp_path / "templates").mkdir()
    for name in ("agenda.html.j2", "brief.html.j2", "print.css"):
        text = (REPO / "templates" / name).read_text(encoding="utf-8")
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with CycleFake() as gh:
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        populate(gh, tmp_path, scenarios)
        yield gh


def agenda_order(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["cycle", "agenda", CYCLE, "--format", "json", "--today", "2026-07-10"]) == 0
    return [e["candidate"] for e in json.loads(capsys.readouterr().out)["agenda"]]


def test_markdown_groups_in_order(world: CycleFake, capsys: pytest.CaptureFixture[str]) -> None:
    order = agenda_order(capsys)
    assert order[:2] == ["cand-07", "cand-00"]  # two split criteria before one
    assert main(["cycle", "agenda", CYCLE, "--today", "2026-07-10"]) == 0
    text = capsys.readouterr().out
    assert text.index("### Split verdicts") < text.index("### Borderline coverage")
    assert text.index("### Borderline coverage") < text.index("### Clear cases")
    assert "Zoë O'Brien-07 &amp; Co: \\#7" in text  # escaped, never markup
    assert "   - split: Leads features end to end. (2 meets, 1 not-yet)" in text
    # The spread in words, and a criterion where every verdict given said not yet.
    assert "**Zoë O'Brien-07 &amp; Co: \\#7** (cand-07, #107)" in text
    assert "; reviewers split 2–1 on 2 criteria" in text
    assert "; reviewers agreed on every criterion; all said not yet on 1 criterion" in text
    assert "   - all not yet: " in text and "disagreement 0." not in text


def test_the_pdf_has_the_order_then_one_brief_per_packet(
    world: CycleFake, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    order = agenda_order(capsys)
    out = tmp_path / "agenda.pdf"
    assert (
        main(
            [
                "cycle",
                "agenda",
                CYCLE,
                "--format",
                "pdf",
                "--out",
                str(out),
                "--today",
                "2026-07-10",
            ]
        )
        == 0
    )
    reader = pypdf.PdfReader(out)
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(pages) == 1 + len(order)
    for number, (login, page) in enumerate(zip(order, pages[1:], strict=True), 1):
        index = int(login.split("-")[1])
        assert page.startswith(f"{number} · "), page[:40]
        assert f"O'Brien-{index:02d}" in page
    assert "Where the reviewers split" in pages[1]
    assert "reviewers split 2–1 on 2 criteria" in pages[1]
    assert any("Where every reviewer said not yet:" in page for page in pages)


def test_page_2_is_the_first_packets_own_brief(
    world: CycleFake, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The brief of templates/brief.html.j2: the same lines as page 1 of the packet's PDF."""
    order = agenda_order(capsys)
    first = tmp_path / "packets" / CYCLE / f"{order[0]}.md"
    summary = "Led payouts-v2 *end to end* & more.\n\n## Impact\n\nCut refunds by 40%."
    first.write_text(
        first.read_text(encoding="utf-8").replace("Asks for ic-2.", summary), encoding="utf-8"
    )
    shutil.rmtree(tmp_path / "templates")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    out = tmp_path / "agenda.pdf"
    pdf = ["--format", "pdf", "--out", str(out), "--today", "2026-07-10"]
    assert main(["cycle", "agenda", CYCLE, *pdf]) == 0
    assert main(["render", str(first), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    page = pypdf.PdfReader(out).pages[1].extract_text().splitlines()
    own = pypdf.PdfReader(tmp_path / "out" / CYCLE / f"{order[0]}.pdf").pages[0]
    brief = own.extract_text().splitlines()[1:-1]  # less the kicker and the footer
    # The packet's page 1 says where the panel stands; the agenda says it in its box.
    assert "The panel has not reported in this copy: see the pull request's scorecard." in brief
    brief.remove("The panel has not reported in this copy: see the pull request's scorecard.")

    assert page[0] == "1 · SPLIT VERDICTS CONFIDENTIAL"  # the kicker: number and group
    assert page[1].startswith("Zoë O'Brien-07 & Co: #7@cand-07 · manager @erin")
    # level titles, no ids (rung render --ids prints them)
    assert " ".join(page[2:7]).startswith("FROM Engineer → TO Senior engineer")
    assert "ic-1" not in page and "ic-2" not in page
    cut = brief.index("Summary")
    assert page[1 : 1 + cut] == brief[:cut]
    at = page.index("Summary")
    assert page[at : at + len(brief) - cut] == brief[cut:]
    assert page[at : at + 4] == [
        "Summary",
        "Led payouts-v2 end to end & more.",
        "Key results",
        "Cut refunds by 40%.",
    ]
    # What the committee calibrates on, between the time in level and the Summary.
    between = " ".join(page[1 + cut : at])
    assert between.startswith("For calibration: 3 of 3 reviewers done;")
    assert "Where the reviewers split: Leads features end to end. — 2 meets, 1 not yet" in between
