"""The calibration agenda as Markdown and as a PDF with one brief page per packet."""

from __future__ import annotations

import json
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
    template = (REPO / "templates" / "agenda.html.j2").read_text(encoding="utf-8")
    (tmp_path / "templates" / "agenda.html.j2").write_text(template, encoding="utf-8")
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
