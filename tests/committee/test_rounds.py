"""Rounds and measured independence (issue 24), through ``rung scorecard --record`` as
packet-review runs it after each review event, against the fake GitHub (whose clock
moves one minute per comment) and its real bare repository for the record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from committee.conftest import LEADS, MENTORS
from committee.test_abstain import INCIDENTS, LINES, PLANS
from committee.test_record_attacks import PACKET, TEXT, routed, run, scorecard
from fakegithub import FakeGitHub
from paths import REPO


@pytest.fixture
def gh(github_repo: FakeGitHub, tmp_path: Path) -> FakeGitHub:
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    return github_repo


def say(gh: FakeGitHub, capsys: pytest.CaptureFixture[str], who: str, word: str,
        criterion: str) -> dict[str, Any]:  # fmt: skip
    """``who`` comments ``word`` on ``criterion``; packet-review scores the pull request."""
    gh.add_review_comment(7, who, word, path=PACKET, line=LINES[criterion])
    return scorecard(capsys)


def completed_panel(gh: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The first reviewer gives every verdict before anyone else; then the second, then
    the third, who abstains on mentoring (which completes the panel)."""
    panel = routed(gh, capsys)
    _first, _second, third = panel
    for reviewer in panel:
        for criterion in LINES:
            word = "/meets"
            if reviewer == third and criterion == MENTORS:
                word = "/abstain never mentored"
            say(gh, capsys, reviewer, word, criterion)
    return panel


def test_round_two_changes_are_kept_beside_round_one_with_their_reasons(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = completed_panel(gh, capsys)
    card = scorecard(capsys)
    rounds = card["record"]["rounds"]
    assert card["pending"] == []  # the abstention completed the panel
    # the panel became complete with the third reviewer's abstention, the 12th comment
    last = [g for g in rounds["round_one"] if g["login"] == third and g["criterion"] == MENTORS]
    assert last[0]["verdict"] == "abstain"
    assert rounds["revealed_at"] == last[0]["at"]
    assert rounds["reveal"] == "panel complete"
    assert rounds["round_two"] == []

    say(gh, capsys, second, "/not-yet the second feature shipped late", LEADS)
    say(gh, capsys, third, "/not-yet", PLANS)  # a bare command: no reason
    card = say(gh, capsys, first, "/meets still", INCIDENTS)  # the same verdict: no change
    rounds = card["record"]["rounds"]
    assert [(c["login"], c["criterion"], c["round_one"]["verdict"], c["round_two"]["verdict"],
             c["reason"]) for c in rounds["round_two"]] == [
        (second, LEADS, "meets", "not-yet", "the second feature shipped late"),
        (third, PLANS, "meets", "not-yet", "changed without a reason"),
    ]  # fmt: skip
    # round one is kept as it was: 12 verdicts, the second's /meets on LEADS among them
    assert len(rounds["round_one"]) == 12
    assert {(g["login"], g["verdict"]) for g in rounds["round_one"] if g["criterion"] == LEADS} == {
        (first, "meets"),
        (second, "meets"),
        (third, "meets"),
    }
    # the scorecard counts the latest verdict, as before
    row = next(r for r in card["rows"] if r["criterion"] == LEADS)
    assert row["verdicts"][second] == "not-yet"

    code, out, err = run(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record")
    assert code == 0, err
    assert f"❌ {second} (round one ✅)" in out
    assert f"**Round two:** {second} on {LEADS}: round one ✅ meets, round two ❌ not yet — " \
        "the second feature shipped late; " in out  # fmt: skip
    assert f"{third} on {PLANS}: round one ✅ meets, round two ❌ not yet — changed without " \
        "a reason" in out  # fmt: skip
    assert "round one closed when the panel became complete, 2026-07-01T09:" in out
    assert "2 change(s) after it (round two)" in out


def test_before_the_panel_is_complete_the_last_verdict_is_round_one(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second, _ = routed(gh, capsys)
    say(gh, capsys, first, "/meets", LEADS)
    card = say(gh, capsys, first, "/not-yet on reflection", LEADS)
    rounds = card["record"]["rounds"]
    assert rounds["revealed_at"] is None
    assert [(g["login"], g["verdict"]) for g in rounds["round_one"]] == [(first, "not-yet")]
    assert rounds["round_two"] == []
    _code, out, _ = run(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record")
    assert "the panel is not complete yet: every verdict so far is round one" in out


def test_independence_counts_verdicts_given_before_any_other_was_visible(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first reviewer's four verdicts came before anyone else's; the other eight were
    given with the first reviewer's in view."""
    first, _second, _third = completed_panel(gh, capsys)
    card = scorecard(capsys)
    rounds = card["record"]["rounds"]
    assert rounds["independent"] == {"count": 4, "of": 12}
    assert {g["login"] for g in rounds["round_one"] if g["independent"]} == {first}
    _code, out, _ = run(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record")
    assert "**Independent: 4 of 12 verdicts** (given before any other reviewer's" in out


def test_a_verdict_by_someone_not_on_the_panel_is_visible_too(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """A /recommend in the conversation before anyone's verdicts is in everyone's view."""
    first, second, _ = routed(gh, capsys)
    gh.add_issue_comment(7, first, "/recommend promote clearly ready")
    scorecard(capsys)
    card = say(gh, capsys, second, "/meets", LEADS)
    assert card["record"]["rounds"]["independent"] == {"count": 0, "of": 1}


def test_the_committee_pdf_lists_round_two_beside_round_one(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``rung render --verdicts`` with the recorded scorecard: the panel section of the
    committee's PDF says when round one closed, how many verdicts were independent, and
    lists each round-two change beside round one."""
    from pypdf import PdfReader

    _first, second, third = completed_panel(gh, capsys)
    say(gh, capsys, second, "/not-yet the second feature shipped late", LEADS)
    card = say(gh, capsys, third, "/not-yet", PLANS)
    (tmp_path / "card.json").write_text(json.dumps(card), encoding="utf-8")
    shutil.copytree(REPO / "templates", tmp_path / "templates")  # the repository's own
    code, _, err = run(capsys, "render", PACKET, "--out", "out", "--verdicts", "card.json")
    assert code == 0, err
    [pdf] = (tmp_path / "out").rglob("*.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Round one closed when the panel became complete, 2026-07-01T09:" in text
    assert "Independent: 4 of 12 verdicts" in text
    assert "Round two: verdicts changed after the reveal, beside round one" in text
    assert f"@{second} meets not yet the second feature shipped late" in text
    assert f"@{third} meets not yet changed without a reason" in text


def test_the_round_two_table_names_criteria_in_plain_words_and_a_recommendation(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The round-two table prints each criterion as the panel's table and the grid do (its
    number and the ladder's plain words; the id stays in the row's data), and a change of
    recommendation — a change on no criterion, ``criterion`` null in the JSON — as one, on
    page 1 beside the first and in the table, never as the word "None"."""
    from pypdf import PdfReader

    _first, second, third = completed_panel(gh, capsys)
    gh.add_issue_comment(7, second, "/recommend not-yet")
    scorecard(capsys)
    say(gh, capsys, second, "/not-yet the second feature shipped late", LEADS)
    card = say(gh, capsys, third, "/not-yet", PLANS)
    changes = card["record"]["rounds"]["round_two"]
    assert [c["criterion"] for c in changes] == [LEADS, PLANS]
    # The record keeps no rounds of recommendations yet; the JSON's shape for one, as the
    # scorecard writes a change (docs/committee.md, "the stable shape"):
    changes.append({
        "login": second, "criterion": None,
        "round_one": {"verdict": "not-yet", "reason": None, "at": "2026-07-01T10:00:00Z"},
        "round_two": {"verdict": "promote", "reason": "the HLD landed",
                      "at": "2026-07-01T11:00:00Z"},
        "reason": "the HLD landed",
    })  # fmt: skip
    # and a change on a criterion the move does not ask for (a ladder edited since): its id
    changes.append({**changes[0], "criterion": "ic-2.delivery.retired"})
    (tmp_path / "card.json").write_text(json.dumps(card), encoding="utf-8")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    code, _, err = run(capsys, "render", PACKET, "--out", "out", "--verdicts", "card.json")
    assert code == 0, err
    [pdf] = (tmp_path / "out").rglob("*.pdf")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    assert f"@{second} not yet (round two: promote)" in pages[0]
    text = " ".join(pages)
    table = text[text.index("Round two: verdicts changed after the reveal") :]
    assert f"1.1 Leads features end to end @{second} meets not yet the second feature " \
        "shipped late" in table  # fmt: skip
    assert f"1.2 Plans the team's quarter… @{third} meets not yet changed " \
        "without a reason" in table  # fmt: skip
    assert f"Recommendation @{second} not yet promote the HLD landed" in table
    assert f"ic-2.delivery.retired @{second} meets not yet the second feature" in table
    assert LEADS not in table and PLANS not in table
    assert "None" not in text
