"""``rung verdict`` in a sealed cycle: the same walk, each verdict posted sealed to the
cycle's key and bound to where it goes; the scorecard counts seals, never contents."""

from __future__ import annotations

import json
from pathlib import Path

import pyrage
import pytest

from fakegithub import FakeGitHub
from rung.cli import main
from rung.scorecard.sealed import Binding, Opened, open_sealed

PACKET = "packets/2026-H2/dana-levi.md"
CHOSEN = {
    "ic-2.delivery.leads-features": ("meets", "Led payouts-v2 from design to rollout."),
    "ic-2.delivery.plans-quarters": ("not-yet", "The manager planned the quarter."),
    "ic-2.team.mentors": ("abstain", "I have not seen the mentoring."),
}
LINES = {"ic-2.delivery.leads-features": 12, "ic-2.delivery.plans-quarters": 17,
         "ic-2.team.mentors": 23}  # fmt: skip


@pytest.fixture
def identity(repo: Path) -> pyrage.x25519.Identity:
    key = pyrage.x25519.Identity.generate()
    roster = repo / ".github" / "committee.yml"
    roster.write_text(
        roster.read_text("utf-8")
        + f"cycles:\n  2026-H2:\n    sealed:\n      recipient: {key.to_public()}\n"
        "      reveal: 2026-09-30\n",
        "utf-8",
    )
    return key


def test_a_sealed_cycle_gets_sealed_verdicts_bound_to_their_place(
    gh: FakeGitHub, repo: Path, identity: pyrage.x25519.Identity,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    mine = "".join(f"{c}:\n  verdict: {v}\n  reason: {r}\n" for c, (v, r) in CHOSEN.items())
    (repo / "mine.yml").write_text(mine, "utf-8")
    assert main(["verdict", PACKET, "--pr", "7", "--from", "mine.yml"]) == 0
    out = capsys.readouterr().out
    assert "Sealed mode: each verdict is posted sealed to the cycle's key" in out
    sent = json.dumps([call.body for call in gh.requests if call.body is not None])
    assert all(reason not in sent for _, reason in CHOSEN.values())  # nothing in the clear
    comments = {c["line"]: c["body"] for c in gh.pulls[7].review_comments}
    assert sorted(comments) == sorted(LINES.values())
    for criterion, (verdict, reason) in CHOSEN.items():
        body = comments[LINES[criterion]]
        assert body.startswith("/sealed")
        where = Binding(PACKET, criterion, "bob", 7)
        assert open_sealed(str(identity), body, where) == Opened(f"/{verdict}", reason)
        elsewhere = Binding(PACKET, criterion, "bob", 8)  # copied to another pull request
        assert not isinstance(open_sealed(str(identity), body, elsewhere), Opened)
    assert main(["scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["sealed"] == {"bob": 3}
    assert all(row["verdicts"] == {} for row in card["rows"])  # nothing readable yet
