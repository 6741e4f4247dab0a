"""``rung verdict`` end to end: the real command against the fake GitHub, then ``rung
scorecard`` against the same fake, counting exactly the verdicts posted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakegithub import FakeGitHub
from rung.cli import main
from terminal import Terminal

PACKET = "packets/2026-H2/dana-levi.md"
REVIEWS = "/repos/acme/promotions/pulls/7/reviews"
LINES = {  # the evidence key of each criterion in dana-levi-valid.md
    "ic-2.delivery.leads-features": 12,
    "ic-2.delivery.plans-quarters": 17,
    "ic-2.delivery.runs-incidents": 20,
    "ic-2.team.mentors": 23,
}
GOOD = """\
ic-2.delivery.leads-features:
  verdict: meets
  reason: Led payouts-v2 from design to rollout.
ic-2.delivery.plans-quarters:
  verdict: not-yet
  reason: "The quarter was planned by the manager: plan Q4 yourself."
ic-2.team.mentors:
  verdict: abstain
  reason: I have not seen the mentoring.
"""


def rung(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def scorecard(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    """Criterion -> login -> verdict, as ``rung scorecard --format json`` counts them."""
    code, out, err = rung(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr",
                          "--format", "json")  # fmt: skip
    assert code == 0, err
    return {row["criterion"]: row["verdicts"] for row in json.loads(out)["rows"]}


def posted(gh: FakeGitHub) -> list[tuple[int, str]]:
    return sorted((c["line"], c["body"]) for c in gh.pulls[7].review_comments)


def test_from_file_posts_one_review_that_the_scorecard_counts(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    code, out, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")
    assert (code, err) == (0, ""), err
    assert posted(gh) == [
        (12, "/meets Led payouts-v2 from design to rollout."),
        (17, "/not-yet The quarter was planned by the manager: plan Q4 yourself."),
        (23, "/abstain I have not seen the mentoring."),
    ]
    # one pending review, then one submit: nothing else was written
    [create, submit] = gh.writes()
    assert create[:2] == ("POST", REVIEWS) and "event" not in create[2]
    assert create[2]["commit_id"] == gh.pulls[7].head_sha
    assert submit[1].endswith("/events") and submit[2]["event"] == "COMMENT"
    [review] = gh.pulls[7].reviews
    assert (review["state"], review["user"]["login"]) == ("COMMENTED", "bob")
    assert {c["pull_request_review_id"] for c in gh.pulls[7].review_comments} == {review["id"]}
    assert "Posted 3 verdicts as one review:" in out
    assert scorecard(capsys) == {
        "ic-2.delivery.leads-features": {"bob": "meets"},
        "ic-2.delivery.plans-quarters": {"bob": "not-yet"},
        "ic-2.delivery.runs-incidents": {},
        "ic-2.team.mentors": {"bob": "abstain"},
    }
