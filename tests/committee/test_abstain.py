"""`/abstain WHY` on a criterion (issue 24): an abstention, not a missing verdict.

Through the real commands against the fake GitHub: ``rung scorecard --record`` (as
packet-review runs it), ``rung cycle status`` and the offline preview
``rung scorecard --comments FILE.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from committee.conftest import LEADS, MENTORS
from committee.test_record_attacks import (
    PACKET,
    TEXT,
    cycle_status,
    events,
    routed,
    run,
    scorecard,
    verdicts,
)
from fakegithub import FakeGitHub
from rung.cli import main
from rung.record.events import Verdict

PLANS = "ic-2.delivery.plans-quarters"  # lines 16-18 of the packet
INCIDENTS = "ic-2.delivery.runs-incidents"  # lines 19-21
LINES = {LEADS: 13, PLANS: 17, INCIDENTS: 21, MENTORS: 23}


@pytest.fixture
def gh(github_repo: FakeGitHub, tmp_path: Path) -> FakeGitHub:
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    return github_repo


def test_an_abstention_completes_the_panel_and_is_never_counted_as_a_side(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = routed(gh, capsys)
    for reviewer in (first, second):
        for criterion, line in LINES.items():
            word = "/not-yet thin" if (reviewer, criterion) == (second, LEADS) else "/meets"
            gh.add_review_comment(7, reviewer, word, path=PACKET, line=line)
    for criterion in (LEADS, PLANS, INCIDENTS):
        gh.add_review_comment(7, third, "/meets", path=PACKET, line=LINES[criterion])
    card = scorecard(capsys)
    assert card["pending"] == [third]
    assert cycle_status(capsys)["state"] == "in review"

    gh.add_review_comment(
        7, third, "/abstain I have never mentored", path=PACKET, line=LINES[MENTORS]
    )
    card = scorecard(capsys)
    assert verdicts(card, MENTORS) == {first: "meets", second: "meets", third: "abstain"}
    mentors = next(r for r in card["rows"] if r["criterion"] == MENTORS)
    assert mentors["reasons"] == {third: "I have never mentored"}
    assert card["pending"] == []
    recorded = [e for e in events(gh) if isinstance(e, Verdict) and e.author == third]
    assert [e.command for e in recorded if e.criterion == MENTORS] == ["/abstain"]

    status = cycle_status(capsys)
    assert status["state"] == "ready to decide"
    assert status["owing"] == {}
    # 11 sides taken: the abstention is neither meets nor not-yet
    assert status["verdicts"] == {"meets": 10, "not_yet": 1}
    # one split criterion (LEADS) out of four, as without the abstention
    assert status["split_criteria"] == 1

    code, out, err = run(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record")
    assert code == 0, err
    assert f"➖ {third} abstained" in out
    assert "**Verdicts still to give:** none" in out
    assert "`/abstain <why>`" in out


def test_a_later_verdict_supersedes_an_abstention_and_the_other_way_round(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first, *_ = routed(gh, capsys)
    gh.add_review_comment(7, first, "/abstain not my area", path=PACKET, line=13)
    assert verdicts(scorecard(capsys), LEADS) == {first: "abstain"}
    gh.add_review_comment(7, first, "/not-yet after reading up", path=PACKET, line=14)
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {first: "not-yet"}
    [old] = [n for n in card["not_counted"] if n["login"] == first]
    assert (old["command"], old["reason"]) == ("/abstain", "superseded by their later one")
    gh.add_review_comment(7, first, "/abstain on reflection", path=PACKET, line=15)
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {first: "abstain"}
    assert [n["command"] for n in card["not_counted"] if n["login"] == first] == [
        "/abstain",
        "/not-yet",
    ]
    assert cycle_status(capsys)["verdicts"] == {"meets": 0, "not_yet": 0}


def test_the_offline_preview_shows_an_abstention(
    gh: FakeGitHub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.add_review_comment(7, "bob", "/abstain: conflict of interest", path=PACKET, line=23)
    gh.add_review_comment(7, "carol", "> /abstain quoted\n\n`/abstain`", path=PACKET, line=13)
    saved = tmp_path / "comments.json"
    saved.write_text(json.dumps(gh.pulls[7].review_comments), encoding="utf-8")
    assert main(["scorecard", PACKET, "--comments", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "➖ bob abstained" in out
    assert "**Verdicts still to give:** bob (3 of 4)\n" in out
    assert main(["scorecard", PACKET, "--comments", str(saved), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert verdicts(card, MENTORS) == {"bob": "abstain"}
    assert verdicts(card, LEADS) == {}
    assert card["not_counted"] == []
