"""``rung letter``: the outcome, the /not-yet reasons, and no reviewer identity (PDF text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, Expected, key_line, make_repo, populate
from paths import REPO
from rung.cli import main

ROSTER_LOGINS = ["ann", "bob", "carol", "dave", "mkatz", "erin", "frank", "dana-levi"]


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, Path, dict[str, Expected]]]:
    scenarios = make_repo(tmp_path, 7)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "letter.html.j2").write_text(
        (REPO / "templates" / "letter.html.j2").read_text(encoding="utf-8"), encoding="utf-8"
    )
    decisions = tmp_path / "packets" / CYCLE / "decisions.yaml"
    decisions.write_text(
        decisions.read_text(encoding="utf-8")
        + "  - candidate: cand-03\n    outcome: not-yet\n"
        + "    rationale: 'Planning is not shown yet; bob and the committee want one more quarter.'\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with CycleFake() as gh:
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        expected = populate(gh, tmp_path, scenarios)
        yield gh, tmp_path, expected


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_the_letter_holds_the_outcome_and_reasons_but_no_reviewer(
    world: tuple[CycleFake, Path, dict[str, Expected]],
) -> None:
    gh, root, expected = world
    number = expected["cand-03"].pull
    assert number is not None
    path = f"packets/{CYCLE}/cand-03.md"
    text = (root / path).read_text(encoding="utf-8")
    gh.add_review_comment(
        number,
        "dave",
        "/not-yet Unlike cand-00 (Zoë O'Brien-00 & Co: #0), no quarter plan yet; @ann agrees, "
        "ask Carol.",
        path=path,
        line=key_line(text, "ic-2.team.mentors"),
    )
    out = root / "letter.pdf"
    assert main(["letter", path, "--out", str(out)]) == 0
    words = pdf_text(out)
    assert "Outcome: Not yet" in words
    assert "Planning is not shown yet" in words
    # bob's /not-yet on plans-quarters and dave's on mentors, in their words, redacted.
    assert "thinks so: see the HLD & the review" in words
    assert "no quarter plan yet" in words
    assert "[another person]" in words and "[a committee member]" in words
    for login in [*ROSTER_LOGINS, "cand-00", "Brien-00"]:
        assert not re.search(rf"(?<![\w-]){re.escape(login)}(?![\w-])", words, re.I), login
    assert "Mentors" in words and "focus here" in words


def test_no_decision_no_letter(
    world: tuple[CycleFake, Path, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["letter", f"packets/{CYCLE}/cand-01.md", "--offline"]) == 2
    assert "no decision on 'cand-01'" in capsys.readouterr().err
