"""The roster's decision rule (issue 24): the agenda says whether the panel's verdicts meet
it, and ``rung validate`` refuses a decision against it without ``override:``, weighing
the verdicts the promotion record holds (its branch fetched into a real local clone);
``rung cycle publish`` refuses it too, with the record read through the API (issue 29)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from committee.conftest import LEADS
from committee.test_abstain import LINES
from committee.test_record_attacks import (
    PACKET,
    TEXT,
    events,
    reviewers,
    routed,
    run,
    scorecard,
)
from cycle.fake import CycleFake
from fakegithub import FakeGitHub
from gitrun import git
from paths import REPO

RULE = "decision_rule: {quorum: 3, meets_share: 2/3, max_not_yet: 0}\n"
DECISIONS = "packets/2026-H2/decisions.yaml"


def with_rule(tmp_path: Path) -> None:
    """Dana's packet in the working folder, and the rule in the roster."""
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    roster = tmp_path / ".github" / "committee.yml"
    roster.write_text(roster.read_text(encoding="utf-8") + RULE, encoding="utf-8")


@pytest.fixture
def gh(github_repo: FakeGitHub, tmp_path: Path) -> FakeGitHub:
    with_rule(tmp_path)
    return github_repo


@pytest.fixture
def publishing(labelled: CycleFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CycleFake:
    """The same, with a fake that keeps labels, and the App's token to record decisions."""
    with_rule(tmp_path)
    monkeypatch.setenv("RUNG_RECORD_TOKEN", labelled.token)
    return labelled


def panel_says(gh: FakeGitHub, capsys: pytest.CaptureFixture[str], not_yet: int) -> list[str]:
    """Every reviewer gives every verdict; ``not_yet`` of them say not yet on LEADS."""
    panel = routed(gh, capsys)
    for index, reviewer in enumerate(panel):
        for criterion, line in LINES.items():
            word = "/not-yet one feature" if criterion == LEADS and index < not_yet else "/meets"
            gh.add_review_comment(7, reviewer, word, path=PACKET, line=line)
        scorecard(capsys)
    return panel


def decide(tmp_path: Path, outcome: str, override: str = "") -> None:
    extra = f"    override: {override}\n" if override else ""
    (tmp_path / DECISIONS).write_text(
        "cycle: 2026-H2\nmeeting: 2026-07-14\ndecided_by: [ann]\ndecisions:\n"
        f"  - candidate: dana-levi\n    outcome: {outcome}\n"
        f"    rationale: The committee read the packet.\n{extra}",
        encoding="utf-8",
    )


def clone_with_record(gh: FakeGitHub, tmp_path: Path) -> None:
    """The chairs' clone: the working folder as a git repository that fetched the record."""
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "fetch", "--quiet", str(gh.gitdb.path), "rung-record:rung-record")


def agenda(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(capsys, "cycle", "agenda", "2026-H2", "--today", "2026-07-10")
    assert code == 0, err
    return out


def test_the_agenda_says_whether_the_panel_meets_the_rule(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    panel_says(gh, capsys, not_yet=1)  # LEADS 2–1: two thirds meets, held met
    out = agenda(capsys)
    assert "decision rule: meets the rule for promote: 4 of 4 criteria met, with at least " \
        "2/3 of a criterion's verdicts saying meets; at most 0 may fall short" in out  # fmt: skip
    assert "rounds: revealed 2026-07-01T09:" in out
    assert "independent: 4 of 12 verdicts" in out
    _code, out, _ = run(
        capsys, "cycle", "agenda", "2026-H2", "--today", "2026-07-10", "--format", "json"
    )
    [entry] = json.loads(out)["agenda"]
    assert entry["rule"].startswith("meets the rule for promote")
    assert entry["independent"] == "independent: 4 of 12 verdicts"


def test_without_quorum_the_rule_backs_nothing(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    first, *_ = routed(gh, capsys)
    gh.add_review_comment(7, first, "/meets", path=PACKET, line=LINES[LEADS])
    scorecard(capsys)
    assert "decision rule: no quorum: 4 criteria of 4 without 3 verdicts taking a side" in agenda(
        capsys
    )


def test_a_decision_against_the_rule_needs_an_override(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    panel_says(gh, capsys, not_yet=2)  # LEADS 1–2: held not met, and none may fall short
    clone_with_record(gh, tmp_path)
    decide(tmp_path, "promote")
    code, out, _ = run(capsys, "validate", DECISIONS)
    assert code == 1
    # the outcome's value: line 6, column 14
    assert f"{DECISIONS}:6:14: error: the decision on 'dana-levi' is promote, but the " \
        "panel's verdicts in the promotion record (refs/heads/rung-record) do not back it: " \
        "the rule backs not yet: 3 of 4 criteria met" in out  # fmt: skip
    assert "add 'override: WHY' to the decision" in out
    assert "decided promote against the decision rule; no override reason given" in agenda(capsys)

    decide(tmp_path, "promote", "The second feature shipped after the reviews.")
    code, out, _ = run(capsys, "validate", DECISIONS)
    assert code == 0, out
    out = agenda(capsys)
    assert "decided promote against the decision rule; override: The second feature shipped " \
        "after the reviews." in out  # fmt: skip

    decide(tmp_path, "not-yet")  # with the rule: nothing to explain
    assert run(capsys, "validate", DECISIONS)[0] == 0
    decide(tmp_path, "defer")  # deferring never goes against it
    assert run(capsys, "validate", DECISIONS)[0] == 0


def test_without_the_record_in_the_clone_validate_weighs_nothing(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """No local record branch: validate has nothing trustworthy to weigh (never GitHub's
    live comments); the agenda, which reads the record, still shows the chairs."""
    panel_says(gh, capsys, not_yet=2)
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    decide(tmp_path, "promote")
    assert run(capsys, "validate", DECISIONS)[0] == 0
    assert "no override reason given" in agenda(capsys)


def test_the_roster_checks_its_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    github_repo: FakeGitHub) -> None:  # fmt: skip
    roster = tmp_path / ".github" / "committee.yml"
    text = roster.read_text(encoding="utf-8")
    roster.write_text(text + "decision_rule: {quorum: 4, meets_share: 3/2}\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", ".github/committee.yml")
    assert code == 1
    assert "meets_share 3/2 is not a share above 0 and at most 1 (e.g. 2/3)" in out
    assert "quorum 4 is more than reviewers_per_packet (3)" in out
    roster.write_text(text + "decision_rule: {meets_share: 0.67x}\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", ".github/committee.yml")
    assert code == 1
    assert "meets_share" in out


def test_the_agenda_pdf_shows_the_rule_the_rounds_and_the_override(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    panel_says(gh, capsys, not_yet=2)
    decide(tmp_path, "promote", "The second feature shipped after the reviews.")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    code, _, err = run(
        capsys, "cycle", "agenda", "2026-H2", "--today", "2026-07-10", "--format", "pdf",
        "--out", "agenda.pdf",
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(tmp_path / "agenda.pdf").pages).split()
    )
    assert "independent: 4 of 12 verdicts" in text
    assert "decision rule: the rule backs not yet: 3 of 4 criteria met" in text
    assert "decided promote against the decision rule; override: The second feature" in text


def test_a_broken_local_record_is_weighed_not_at_all_and_said(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A local record branch whose chain is broken (a line rewritten): validate warns and
    weighs nothing rather than trust it."""
    panel_says(gh, capsys, not_yet=2)
    clone_with_record(gh, tmp_path)
    record = "records/2026-H2/dana-levi.jsonl"
    text = git(tmp_path, "show", f"rung-record:{record}") + "\n"
    tampered = text.replace('"command":"/not-yet"', '"command":"/meets"', 1)
    assert tampered != text
    git(tmp_path, "checkout", "--quiet", "-b", "rung-record-tampered", "rung-record")
    (tmp_path / record).write_text(tampered, encoding="utf-8")
    git(tmp_path, "add", record)
    git(tmp_path, "commit", "--quiet", "-m", "tamper")
    git(tmp_path, "branch", "--force", "rung-record", "HEAD")
    git(tmp_path, "checkout", "--quiet", "--detach")
    decide(tmp_path, "promote")
    code, out, _ = run(capsys, "validate", DECISIONS)
    assert code == 0, out
    assert (
        f"{DECISIONS}:6:14: warning: the promotion record {record} on refs/heads/rung-record "
        "is broken (rung record verify --file): the decision on 'dana-levi' was not weighed "
        "against the decision rule"
    ) in out


ERIN = "packets/2026-H2/erin.md"


def test_publish_refuses_a_decision_against_the_rule_and_publishes_nothing(
    publishing: CycleFake, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``rung cycle publish`` weighs the panel as the promotion record holds it and refuses
    the run as a whole: Erin's deferral, which goes against nothing, waits with Dana's
    promotion until the chairs give their reason; the finding is validate's, to the byte,
    and the one docs/committee.md shows.  Dana's edits of the reviewers' comments change
    nothing: the record holds the verdicts as their authors wrote them."""
    gh = publishing
    panel_says(gh, capsys, not_yet=2)  # LEADS 1–2: the rule backs not yet
    for comment in gh.pulls[7].review_comments:  # live, the panel now says meets throughout
        if comment["body"].startswith("/not-yet"):
            gh.edit_review_comment(comment["id"], "dana-levi", "/meets")
    assert "edited by @dana-levi" in str(scorecard(capsys)["record"])  # as packet-review runs
    erin = TEXT.replace("candidate: dana-levi", "candidate: erin")
    (tmp_path / ERIN).write_text(erin, encoding="utf-8")
    gh.add_pull(8, "erin", {ERIN: erin})
    assert len(reviewers(capsys, 8, ERIN)["requested"]) == 3
    decide(tmp_path, "promote")
    with (tmp_path / DECISIONS).open("a", encoding="utf-8") as file:
        file.write("  - candidate: erin\n    outcome: defer\n    rationale: Next cycle.\n")
    clone_with_record(gh, tmp_path)
    code, said, _ = run(capsys, "validate", DECISIONS)
    assert code == 1
    [finding] = [line for line in said.splitlines() if line.startswith(DECISIONS)]
    assert finding.startswith(f"{DECISIONS}:6:14: error: the decision on 'dana-levi' is promote")

    gh.requests.clear()
    for extra in ((), ("--dry-run",)):
        code, out, err = run(capsys, "cycle", "publish", "2026-H2", *extra)
        assert code == 1
        assert [line for line in out.splitlines() if line.startswith(DECISIONS)] == [finding]
        assert err == (
            f"rung: error: {DECISIONS}: 1 decision against the decision rule without "
            "'override:'; nothing was published\n"
        )
    assert f"{err}{finding}\n" in (REPO / "docs" / "committee.md").read_text(encoding="utf-8")
    assert gh.writes() == []
    assert (gh.labels.get(7, []), gh.labels.get(8, [])) == ([], [])
    assert gh.comments_on(7) == gh.comments_on(8) == []
    assert [e for e in events(gh) if e.KIND == "decision"] == []

    text = (tmp_path / DECISIONS).read_text(encoding="utf-8")
    (tmp_path / DECISIONS).write_text(
        text.replace("    rationale: The committee read the packet.\n",
                     "    rationale: The committee read the packet.\n"
                     "    override: The second feature shipped after the reviews.\n"),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run(capsys, "cycle", "publish", "2026-H2")
    assert code == 0, err
    assert out.splitlines() == [
        "dana-levi: labelled #7 'rung: promote'; decision comment created",
        "erin: labelled #8 'rung: defer'; decision comment created",
    ]
    assert (gh.labels[7], gh.labels[8]) == (["rung: promote"], ["rung: defer"])
    [decision] = [e for e in events(gh) if e.KIND == "decision"]
    assert (decision.outcome, decision.pull) == ("promote", 7)


def test_publish_weighs_nothing_without_the_record(
    labelled: CycleFake, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """No GitHub App keeps a record: the only verdicts are live comments, which the candidate
    can edit, so publish weighs nothing and says so (the chairs' agenda shows them)."""
    with_rule(tmp_path)
    gh = labelled
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    decide(tmp_path, "promote")
    code, out, err = run(capsys, "cycle", "publish", "2026-H2")
    assert code == 0, err
    assert err == (
        "rung: warning: no promotion record: the decisions were not weighed against the "
        "decision rule\n"
    )
    assert out == "dana-levi: labelled #7 'rung: promote'; decision comment created\n"
