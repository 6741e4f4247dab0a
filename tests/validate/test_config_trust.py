"""A candidate can edit rung.toml on their branch; it must not lower the rules their own
packet is judged by (docs/security.md, "rung.toml on a branch").

* ``rung validate --changed-since REF`` (packet-check) applies REF's levels while the
  branch changes rung.toml, says so, and still checks the new file;
* the privileged side (``rung reviewers`` / ``rung scorecard --packet-from-pr`` in
  packet-review) reads the packet from the pull request and the levels from its own
  checkout of the default branch, never the pull request's rung.toml.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from committee.conftest import PACKET_PATH, VALID_TEXT, committee_folder, serve
from fakegithub import FakeGitHub
from gitrun import git
from paths import FIXTURES
from rung.cli import main

CLEAN = (FIXTURES / "packets" / "2026-H2" / "clean.md").read_text()
MINI = (FIXTURES / "packets" / "ladders" / "mini.yaml").read_text()
MENTORS = "  ic3.team.mentors:\n    gap: No one to mentor yet; a new hire joins in August.\n"
LOWERED = '[rules]\ncoverage = "off"\n'


@pytest.fixture
def branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: the mini ladder and a clean packet; the branch `feature` checked out."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI)
    (tmp_path / "packets" / "2026-H2").mkdir(parents=True)
    (tmp_path / "packets" / "2026-H2" / "clean.md").write_text(CLEAN)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "main")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_a_branch_lowering_a_rule_is_judged_by_the_base_levels_and_flagged(
    branch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The candidate drops a criterion's evidence and turns `coverage` off in the same branch."""
    packet = branch / "packets" / "2026-H2" / "clean.md"
    packet.write_text(CLEAN.replace(MENTORS, ""))
    (branch / "rung.toml").write_text(LOWERED)
    git(branch, "add", ".")
    git(branch, "commit", "-q", "-m", "feature")
    assert main(["validate", "--changed-since", "main", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["path"], f["line"], f["level"], f["rule"]) for f in findings] == [
        ("packets/2026-H2/clean.md", 12, "error", "coverage"),
        ("rung.toml", 1, "warning", "config"),
    ]
    assert findings[1]["message"] == (
        "rung.toml changes on this branch: the rule levels used are main's (none: every rule at "
        "its default level) until the change is merged, after review by its code owners "
        "(docs/security.md)"
    )
    # Without --changed-since (a laptop, after the merge) the working tree's levels apply.
    assert main(["validate"]) == 0
    capsys.readouterr()


def test_the_base_levels_are_the_base_files(
    branch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(branch, "checkout", "-q", "main")
    (branch / "rung.toml").write_text('[rules]\ncoverage = "warning"\n')
    git(branch, "add", ".")
    git(branch, "commit", "-q", "-m", "the chairs lower coverage")
    git(branch, "checkout", "-q", "-b", "raise")
    (branch / "rung.toml").write_text('[rules]\ncoverage = "error"\n')
    (branch / "packets" / "2026-H2" / "clean.md").write_text(CLEAN.replace(MENTORS, ""))
    assert main(["validate", "--changed-since", "main", "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule"], f["level"]) for f in findings] == [
        ("coverage", "warning"),
        ("config", "warning"),
    ]
    assert "the rule levels used are main's until the change" in findings[1]["message"]


def test_a_broken_rung_toml_on_a_branch_is_still_refused(
    branch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (branch / "rung.toml").write_text('[rules]\ncoverage = "of"\n')
    assert main(["validate", "--changed-since", "main"]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "rung.toml:1:1: warning: rung.toml changes on this branch: the rule levels used are "
        "main's (none: every rule at its default level) until the change is merged, after "
        "review by its code owners (docs/security.md) [config]",
        "rung.toml:2:12: error: rules.coverage: 'of' is not one of: error, warning, notice, off "
        "[config]",
    ]


# --- the privileged side ---------------------------------------------------------------

PACKET, DANA = PACKET_PATH, VALID_TEXT
DANA_MENTORS = "  ic-2.team.mentors:\n    - claim: Mentored two new engineers through onboarding.\n"


@pytest.fixture
def gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """packet-review's checkout of the default branch (the acme ladder, the roster, no
    rung.toml) and a fake GitHub."""
    committee_folder(tmp_path, monkeypatch)
    with FakeGitHub() as fake:
        serve(fake, monkeypatch)
        yield fake


def test_the_privileged_side_never_reads_the_pull_requests_rung_toml(
    gh: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: DANA.replace(DANA_MENTORS, ""), "rung.toml": LOWERED})
    assert main(["reviewers", PACKET, "--pr", "7", "--packet-from-pr"]) == 1
    err = capsys.readouterr().err
    assert "ic-2.team.mentors" in err and "[coverage]" in err
    assert gh.writes() == []  # nobody was asked to review
    assert not [c.path for c in gh.requests if "rung.toml" in c.path]
    # The default branch's rung.toml is the one that counts.
    (tmp_path / "rung.toml").write_text('[rules]\ncoverage = "warning"\n')
    assert main(["reviewers", PACKET, "--pr", "7", "--packet-from-pr"]) == 0
    capsys.readouterr()
    assert [path for _, path, _ in gh.writes()] == [
        "/repos/acme/promotions/pulls/7/requested_reviewers"
    ]
