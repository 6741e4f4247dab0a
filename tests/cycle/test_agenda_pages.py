"""The agenda's PDF is one page per packet, always, plus the order page: with the
example cycle, and with a 3,000-word packet (shortened to fit, never spilled).
Decided packets are listed apart, and the reviewers' spread is said in words."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pypdf
import pytest

from paths import REPO
from rung.cli import main
from rung.cycle.agenda import SplitCriterion, reviewers_words

CYCLE = "2026-H2"
EXAMPLE = ["tamar-golan", "maya-azulay", "ido-peretz", "dana-levi"]  # undecided, then decided


def pages_of(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def agenda(tmp_path: Path) -> list[str]:
    out = tmp_path / "agenda.pdf"
    command = ["cycle", "agenda", CYCLE, "--offline", "--format", "pdf", "--out", str(out)]
    assert main([*command, "--today", "2026-07-10"]) == 0
    return pages_of(out)


def test_the_example_cycle_has_one_page_per_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    pages = agenda(tmp_path)
    assert len(pages) == 1 + len(EXAMPLE)
    order = pypdf.PdfReader(tmp_path / "agenda.pdf").pages[0].extract_text()
    for login in EXAMPLE:  # never broken at the hyphen: the login is one line's word
        assert re.search(rf"(^|\s){login}(\s|$)", order), login
    rows = re.findall(r"(\d) [A-Z][a-z]+ [A-Z][a-z]+ ([a-z]+-[a-z]+)", pages[0])
    assert [login for _, login in rows] == EXAMPLE
    # Decided packets are their own group at the end, never "borderline".
    assert pages[3].startswith("3 · DECIDED") and pages[4].startswith("4 · DECIDED")
    assert "Decided: not yet (decisions.yaml)" in pages[3]  # words, not the outcome's id
    assert "not-yet" not in pages[0] and "unknown" not in pages[0]
    assert "Decided: promote (decisions.yaml)" in pages[4]
    for number, page in enumerate(pages[1:3], 1):
        assert page.startswith(f"{number} · BORDERLINE COVERAGE"), page[:40]
        assert "the verdicts were not read (offline)." in page  # not "; unknown."
        assert "unknown" not in page
    assert "0 of 0 reviewers" not in " ".join(pages)  # no zeros offline as facts
    assert "Disagreement" not in pages[0] and "verdicts not read (offline)" in pages[0]


def test_decided_packets_are_apart_in_markdown_and_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["cycle", "agenda", CYCLE, "--offline", "--today", "2026-07-10"]) == 0
    text = capsys.readouterr().out
    decided = text[text.index("### Decided") :]
    assert "### Borderline" not in decided
    assert "3. **Ido Peretz** (ido-peretz) — Tech Lead \\(TL2\\) → Tech Lead \\(TL4\\)" in decided
    assert "; decided: not-yet" in decided and "; decided: promote" in decided
    assert main(["cycle", "agenda", CYCLE, "--offline", "--format", "json"]) == 0
    agenda = json.loads(capsys.readouterr().out)["agenda"]
    assert [(e["candidate"], e["group"]) for e in agenda] == [
        ("tamar-golan", "borderline"),
        ("maya-azulay", "borderline"),
        ("ido-peretz", "decided"),
        ("dana-levi", "decided"),
    ]
    assert {e["reviewers"] for e in agenda} == {"verdicts not read (offline)"}


def test_a_3000_word_packet_is_shortened_to_its_one_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    for folder in ("ladders", "templates", "packets", ".github"):
        shutil.copytree(REPO / folder, root / folder)
    packet = root / "packets" / CYCLE / "ido-peretz.md"
    text = packet.read_text(encoding="utf-8")
    words = " ".join(f"Word{i} & more," for i in range(1000))  # 3,000 words
    text = text.replace("rate myself against its expected ratings above.", words)
    text = text.replace(
        "goal for 2026-H2.", "goal for 2026-H2. " + " ".join(["A plan step."] * 120)
    )
    packet.write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    pages = agenda(tmp_path)
    assert len(pages) == 1 + len(EXAMPLE)
    ido = pages[1 + EXAMPLE.index("ido-peretz")]
    assert ido.startswith("3 · DECIDED") and "Ido Peretz" in ido
    assert "Shortened to fit one page: the packet has it in full." in ido
    assert "Word0 & more" in ido and "Word999" not in ido
    assert "Evidence by area" in ido and "All areas 14 / 15" in ido  # the page's end is there
    # The other briefs keep everything.
    dana = pages[1 + EXAMPLE.index("dana-levi")]
    assert "Shortened" not in dana and "the scope I already work at every day" in dana


def row(**values: Any) -> Any:
    base = {"reviewers": ("bob", "dave", "ann"), "meets": 9, "not_yet": 3, "promote": 0, "hold": 0}
    return SimpleNamespace(**{**base, **values})


def split(meets: int, not_yet: int) -> SplitCriterion:
    return SplitCriterion("c", "text", meets, not_yet)


def test_the_reviewers_spread_in_words() -> None:
    two_one = (split(2, 1), split(1, 2), split(2, 1))
    assert reviewers_words(row(), two_one, (), online=True) == "split 2–1 on 3 criteria"
    mixed = (split(2, 1), split(1, 1))
    assert reviewers_words(row(), mixed, (), online=True) == (
        "split on 2 criteria (1–1 on 1, 2–1 on 1)"
    )
    assert reviewers_words(row(promote=2, hold=1), (), (split(0, 3),), online=True) == (
        "agreed on every criterion; all said not yet on 1 criterion; "
        "recommendations split: 2 promote, 1 not yet"
    )
    assert reviewers_words(row(), (), (), online=False) == "verdicts not read (offline)"
    assert reviewers_words(row(reviewers=()), (), (), online=True) == "no reviewers yet"
    assert reviewers_words(row(meets=0, not_yet=0), (), (), online=True) == "no verdicts yet"
