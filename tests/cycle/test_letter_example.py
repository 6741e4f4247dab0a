"""The letters of the example cycle read as letters: a greeting, the outcome, the
committee's feedback or at most five focus criteria in the ladder's words, the next
step with the manager by name, a sign-off; at most two pages, no criterion id, and
the candidate's own footer, title and subject, with no committee or panel wording."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from paths import REPO
from rung.cli import main
from rung.cycle.letter import ID_SHAPE

CYCLE = "2026-H2"
# (The chairs' own rationale may speak of reviewers: that is theirs to word.)
COMMITTEE_WORDING = ("calibration committee", "panel", "[a committee member]")


def letter(login: str, out: Path) -> tuple[pypdf.PdfReader, str]:
    assert main(["letter", f"packets/{CYCLE}/{login}.md", "--offline", "--out", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return reader, text


def common(reader: pypdf.PdfReader, words: str, name: str) -> None:
    assert len(reader.pages) <= 2
    assert not ID_SHAPE.search(words), ID_SHAPE.search(words)
    for said in COMMITTEE_WORDING:
        assert said not in words.casefold(), said
    assert words.count(f"Personal — for {name} only") == len(reader.pages)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Your promotion letter, cycle {CYCLE}"
    assert meta.subject is not None and meta.subject.startswith(f"For {name}: the outcome")
    assert "With best wishes, Noa Shapiro and Ronit Golan" in words


def test_the_not_yet_letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    reader, words = letter("ido-peretz", tmp_path / "ido.pdf")
    common(reader, words, "Ido Peretz")
    assert "Dear Ido, Outcome: Not yet Your packet for Tech Lead (TL4) was not approved" in words
    assert (
        "The committee's feedback Making a significant impact on the whole tech organization. "
        "Responsibilities Your outage work changed two teams;"
    ) in words
    assert "Next step Talk to Shai Nahum, your manager, in the coming weeks" in words
    assert "focus" not in words.casefold()  # the feedback is the focus: not a second list


def test_the_promotion_letter_names_the_next_levels_biggest_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    reader, words = letter("dana-levi", tmp_path / "dana.pdf")
    common(reader, words, "Dana Levi")
    assert "Dear Dana, Outcome: Promoted Congratulations: you are promoted from" in words
    at = words.index("What L6 IC - Software Engineer asks most")
    focus = words[at : words.index("Next step")]
    areas = re.findall(r"\(([A-Z][^()]*)\)", focus)
    assert len(areas) == 5 and len(set(areas)) == 5  # five asks, one per area
    assert "Talk to Michael Katz, your manager, about your goals in the new role" in words


def test_the_committees_words_keep_the_manager_and_lose_the_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    for folder in ("ladders", "templates", "packets", ".github"):
        shutil.copytree(REPO / folder, root / folder)
    decisions = root / "packets" / CYCLE / "decisions.yaml"
    text = decisions.read_text(encoding="utf-8").replace(
        "over one more cycle.",
        "over one more cycle; Shai Nahum and snahum will help, Noa Shapiro agrees, and "
        "tl4.skills.demonstrated-ability-make-significant-impact is the one to show.",
    )
    decisions.write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    reader, words = letter("ido-peretz", tmp_path / "ido.pdf")
    assert len(reader.pages) <= 2 and not ID_SHAPE.search(words)
    assert "Shai Nahum and snahum will help" in words  # the manager, never redacted
    assert "[a committee member] agrees" in words  # another committee member is
    assert (
        "“Demonstrated ability to make a significant impact on the entire tech organization” "
        "is the one to show"
    ) in words
