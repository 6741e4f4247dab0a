"""A ladder without a policy: a warning for its maintainer, and defaults for its packets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paths import FIXTURES
from rung.cli import main

LADDER = (FIXTURES / "ladders" / "valid.yaml").read_text("utf-8").split("policy:")[0]
# Three criteria for ic-2, so the default limit (a third) is one gap.
LADDER = LADDER.replace(
    "            min_evidence: 2\n",
    "            min_evidence: 2\n"
    "          - id: ic-2.delivery.reviews-designs\n            text: Reviews designs.\n"
    "          - id: ic-2.delivery.mentors\n            text: Mentors a junior.\n",
)
PACKET = """---
candidate: dana-levi
name: Dana Levi
manager: mkatz
ladder: valid
from: ic-1
to: ic-2
cycle: 2026-H2
in_level_since: 2024-07
evidence:
  ic-2.delivery.leads-features: {gap: not yet}
  ic-2.delivery.reviews-designs: {gap: not yet}
  ic-2.delivery.mentors: {gap: not yet}
---
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "valid.yaml").write_text(LADDER, "utf-8")
    packet = tmp_path / "packets" / "2026-H2" / "dana-levi.md"
    packet.parent.mkdir(parents=True)
    packet.write_text(PACKET, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_ladder_check_warns_that_the_policy_is_missing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ladder", "check"]) == 0
    assert capsys.readouterr().out == (
        "ladders/valid.yaml:1:1: warning: ladder 'valid' has no 'policy:', so rung applies the "
        "defaults (at most a third of a move's criteria as gaps, a Summary section); write a "
        "'policy:' with max_gaps and required_sections to choose (docs/ladders.md) [ladder]\n"
    )
    assert main(["ladder", "check", "--strict"]) == 1


def test_a_packet_of_only_gaps_and_no_narrative_is_not_clean(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["line"], f["rule"], f["level"]) for f in findings] == [
        (12, "gaps", "error"),
        (14, "section", "error"),
    ]
    assert (
        "allows at most 1 gap (no policy: a third of the move's criteria)" in findings[0]["message"]
    )
    assert "no 'Summary' section" in findings[1]["message"]
