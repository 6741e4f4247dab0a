"""``rung verdict`` end to end: the real command against the fake GitHub, then ``rung
scorecard`` against the same fake, counting exactly the verdicts posted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from committee.conftest import PACKET_PATH
from fakegithub import FakeGitHub
from paths import REPO
from rung.cli import main
from terminal import Terminal

PACKET = PACKET_PATH
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


def session(repo: Path, *args: str) -> Terminal:
    return Terminal(["verdict", PACKET, "--pr", "7", *args], cwd=repo, env=dict(os.environ))


def test_the_walk_on_a_terminal_asks_again_and_posts_one_review(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    term = session(repo)
    term.expect("[1/4] ic-2.delivery.leads-features  (line 12, evidenced)")
    term.expect("Ladder: Leads features end to end.")
    term.expect("https://github.com/acme/payments/pull/1  [not checked]")
    term.expect("[m]eets, [n]ot yet, [a]bstain, [s]kip? ")
    term.line("yes")  # not an answer
    term.expect("Not an answer")
    term.expect("[s]kip? ")
    term.line("m")
    term.expect("Reason (optional, Enter for none): ")
    term.line("")
    term.expect("[2/4] ic-2.delivery.plans-quarters")
    term.expect("[s]kip? ")
    term.line("n")
    term.expect("Reason: ")
    term.line("   ")  # not-yet needs a reason
    term.expect("/not-yet needs a reason")
    term.expect("Reason: ")
    term.line("Q3 was planned by the manager.")
    term.expect("[3/4]")
    term.expect("[s]kip? ")
    term.line("s")
    term.expect("[4/4]")
    term.expect("[s]kip? ")
    term.line("abstain")
    term.expect("Reason: ")
    term.line("I have not seen the mentoring.")
    term.expect("as one review? [y/N] ")
    term.line("y")
    assert term.finish() == 0, term.transcript
    assert "Posted 3 verdicts as one review" in term.transcript
    assert posted(gh) == [
        (12, "/meets"),
        (17, "/not-yet Q3 was planned by the manager."),
        (23, "/abstain I have not seen the mentoring."),
    ]
    assert len(gh.pulls[7].reviews) == 1
    assert scorecard(capsys) == {
        "ic-2.delivery.leads-features": {"bob": "meets"},
        "ic-2.delivery.plans-quarters": {"bob": "not-yet"},
        "ic-2.delivery.runs-incidents": {},
        "ic-2.team.mentors": {"bob": "abstain"},
    }


def write_cache(path: Path) -> None:
    """An evidence cache as ``rung evidence`` leaves it: the pull request, merged by Dana."""
    work = {
        "kind": "pull",
        "url": "https://github.com/acme/payments/pull/1",
        "author": "dana-levi",
        "state": "merged",
        "created": "2026-02-01T10:00:00Z",
        "updated": "2026-03-02T10:00:00Z",
        "merged": "2026-03-02T10:00:00Z",
        "merged_by": "ann",
    }
    entry = {"updatedAt": work["updated"], "fetched": "2026-06-01T00:00:00+00:00", "work": work}
    entries = {"github.com/acme/payments/pull/1 dana-levi": entry}
    path.write_text(json.dumps({"version": 1, "entries": entries}), encoding="utf-8")


def test_marks_come_from_the_evidence_cache_and_nothing_else(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_cache(repo / "cache.json")
    term = session(repo, "--cache", "cache.json")
    term.expect(
        "https://github.com/acme/payments/pull/1  [✓ authored by @dana-levi, merged 2026-03-02]"
    )
    term.eof()
    assert term.finish() == 1
    # GitHub was asked about the pull request under review, never about the evidence
    assert not [c for c in gh.requests if "payments" in c.path or c.path.endswith("graphql")]


def test_ctrl_d_stops_the_walk_and_posts_nothing(gh: FakeGitHub, repo: Path) -> None:
    term = session(repo)
    term.expect("[s]kip? ")
    term.line("m")
    term.expect("Reason (optional, Enter for none): ")
    term.line("Clear.")
    term.expect("[2/4]")
    term.expect("[s]kip? ")
    term.eof()
    term.expect("Stopped: nothing was posted")
    assert term.finish() == 1
    assert gh.writes() == []


def test_declining_at_the_end_posts_nothing(gh: FakeGitHub, repo: Path) -> None:
    term = session(repo)
    for _ in range(4):
        term.expect("[s]kip? ")
        term.line("m")
        term.expect("Reason (optional, Enter for none): ")
        term.line("")
    term.expect("as one review? [y/N] ")
    term.line("")
    term.expect("Not posted.")
    assert term.finish() == 0
    assert gh.writes() == []


def test_resume_shows_what_was_given_keeps_it_on_enter_and_posts_only_changes(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = "ic-2.delivery.leads-features:\n  verdict: meets\n  reason: Led payouts-v2.\n"
    (repo / "first.yml").write_text(first, encoding="utf-8")
    assert rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "first.yml")[0] == 0
    term = session(repo)
    term.expect("[1/4] ic-2.delivery.leads-features")
    term.expect("You gave: /meets Led payouts-v2.")
    term.expect("[k]eep (Enter), [m]eets, [n]ot yet, [a]bstain? ")
    term.line("")  # keep
    term.expect("[2/4]")
    term.expect("[s]kip? ")
    term.line("n")
    term.expect("Reason: ")
    term.line("The manager planned Q3.")
    for _ in range(2):
        term.expect("[s]kip? ")
        term.line("s")
    term.expect("Post 1 verdict to #7 as one review? [y/N] ")
    term.line("y")
    assert term.finish() == 0, term.transcript
    assert posted(gh) == [(12, "/meets Led payouts-v2."), (17, "/not-yet The manager planned Q3.")]
    assert len(gh.pulls[7].reviews) == 2
    # a change: the verdict written last is the one the scorecard counts
    term = session(repo)
    term.expect("You gave: /meets Led payouts-v2.")
    term.expect("[a]bstain? ")
    term.line("n")
    term.expect("Reason: ")
    term.line("On reflection, payouts-v2 was led by Ann.")
    term.expect("You gave: /not-yet The manager planned Q3.")
    term.expect("[a]bstain? ")
    term.line("k")
    for _ in range(2):
        term.expect("[s]kip? ")
        term.line("s")
    term.expect("Post 1 verdict")
    term.line("y")
    assert term.finish() == 0, term.transcript
    assert scorecard(capsys) == {
        "ic-2.delivery.leads-features": {"bob": "not-yet"},
        "ic-2.delivery.plans-quarters": {"bob": "not-yet"},
        "ic-2.delivery.runs-incidents": {},
        "ic-2.team.mentors": {},
    }


def test_the_same_file_twice_posts_nothing_the_second_time(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    assert rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")[0] == 0
    writes = len(gh.writes())
    code, out, _ = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")
    assert (code, out) == (0, "Nothing to post: no verdict is new or changed.\n")
    assert len(gh.writes()) == writes


def test_dry_run_prints_the_review_and_writes_nothing(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    code, out, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml", "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        "\nOne review on #7, packets/2026-H2/dana-levi.md, as bob:\n"
        "  line 12  ic-2.delivery.leads-features: /meets Led payouts-v2 from design to rollout.\n"
        "  line 17  ic-2.delivery.plans-quarters: /not-yet The quarter was planned by the "
        "manager: plan Q4 yourself.\n"
        "  line 23  ic-2.team.mentors: /abstain I have not seen the mentoring.\n"
        "Dry run: nothing posted.\n"
    )
    assert gh.writes() == []


def test_a_bad_file_is_findings_with_positions_exit_2_and_nothing_posted(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = (
        "ic-2.delivery.leads-features:\n"
        "  verdict: great\n"
        "ic-2.delivery.plans-quarters:\n"
        "  verdict: not-yet\n"
        "ic-9.nothing:\n"
        "  verdict: meets\n"
        "ic-2.team.mentors:\n"
        "  verdict: meets\n"
        "  why: because\n"
    )
    (repo / "bad.yml").write_text(bad, encoding="utf-8")
    code, out, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "bad.yml")
    assert (code, out) == (2, "")
    assert err.splitlines()[1:] == [
        "bad.yml:2:12: error: ic-2.delivery.leads-features: verdict 'great' is not one of "
        "meets, not-yet, abstain [verdict-file]",
        "bad.yml:3:1: error: ic-2.delivery.plans-quarters: /not-yet needs a reason [verdict-file]",
        "bad.yml:5:1: error: 'ic-9.nothing' is not a criterion this packet's move requires; "
        "one of: ic-2.delivery.leads-features, ic-2.delivery.plans-quarters, "
        "ic-2.delivery.runs-incidents, ic-2.team.mentors [verdict-file]",
        "bad.yml:9:3: error: ic-2.team.mentors: unknown key 'why'; want verdict and reason "
        "[verdict-file]",
    ]
    assert gh.writes() == []


def test_a_create_that_failed_after_github_stored_it_is_submitted_not_repeated(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.server_error("POST", REVIEWS, after=True)
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    code, _, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")
    assert (code, err) == (0, "")
    assert len(gh.pulls[7].reviews) == 1 and len(posted(gh)) == 3
    assert [w[1] for w in gh.writes()] == [
        REVIEWS,
        f"{REVIEWS}/{gh.pulls[7].reviews[0]['id']}/events",
    ]


def test_a_draft_of_the_reviewers_own_on_github_is_never_touched(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_review(7, "bob", "PENDING", "my own draft")
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    code, _, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")
    assert code == 2
    assert "you already have a pending review on #7" in err and "nothing was posted" in err
    assert gh.writes() == []


DOCS_MARK = "<!-- the session below is checked by tests/verdict/test_verdict_command.py -->"


def docs_session() -> tuple[str, str]:
    """The command line and the session docs/committee.md shows, as pasted there."""
    page = (REPO / "docs" / "committee.md").read_text(encoding="utf-8")
    block = page.split(DOCS_MARK, 1)[1].split("```console\n", 1)[1].split("```\n", 1)[0]
    command, _, session = block.partition("\n")
    return command, session


def test_the_session_in_the_docs_is_the_tools_real_output(
    gh: FakeGitHub,
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command, shown = docs_session()
    assert command == f"$ rung verdict {PACKET} --pr 7"
    monkeypatch.delenv("RUNG_EVIDENCE_CACHE")
    (repo / ".rung-cache").mkdir()
    write_cache(repo / ".rung-cache" / "evidence.json")  # where rung evidence keeps it
    term = session(repo)
    for prompt, answer in [
        ("[s]kip? ", "m"),
        ("Enter for none): ", "Led payouts-v2 end to end; the design doc shows the trade-offs."),
        ("[s]kip? ", "maybe"),
        ("[s]kip? ", "n"),
        ("Reason: ", "Q3 was planned by the manager; show a quarter you planned."),
        ("[s]kip? ", "s"),
        ("[s]kip? ", "a"),
        ("Reason: ", ""),
        ("Reason: ", "I have not seen the mentoring."),
        ("[y/N] ", "y"),
    ]:
        term.expect(prompt)
        term.line(answer)
    assert term.finish() == 0, term.transcript
    real = term.transcript.replace(gh.origin, "https://github.com")
    # the page keeps no blank line before the first step, nor spaces at line ends
    assert shown == "\n".join(line.rstrip() for line in real.lstrip("\n").split("\n"))
    assert scorecard(capsys) == {
        "ic-2.delivery.leads-features": {"bob": "meets"},
        "ic-2.delivery.plans-quarters": {"bob": "not-yet"},
        "ic-2.delivery.runs-incidents": {},
        "ic-2.team.mentors": {"bob": "abstain"},
    }


def test_a_reviewer_the_scorecard_would_not_count_is_told_before_anything_is_posted(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.login = "erin"  # the token is erin's: on the committee, below the packet's target
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    code, out, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml", "--dry-run")
    assert code == 0
    assert err == (
        "rung: warning: the scorecard will not count your verdicts on "
        "packets/2026-H2/dana-levi.md: holds acme ic-1, below ic-2 (rank 2)\n"
    )
    assert "as erin:" in out


def test_a_verdict_the_candidate_edited_is_not_shown_as_given_and_is_asked_again(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    assert rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")[0] == 0
    [first] = [c for c in gh.pulls[7].review_comments if c["line"] == 17]
    gh.edit_review_comment(first["id"], "dana-levi", "/meets Planned Q3 brilliantly.")
    code, out, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml", "--dry-run")
    assert code == 0
    assert err == (
        f"rung: warning: your comment {first['html_url']} was edited by @dana-levi: it does "
        "not count, so you are asked for that criterion again\n"
    )
    # only the tampered criterion is posted again; the others stand as given
    assert out.splitlines()[2:] == [
        "  line 17  ic-2.delivery.plans-quarters: /not-yet The quarter was planned by the "
        "manager: plan Q4 yourself.",
        "Dry run: nothing posted.",
    ]


@pytest.mark.parametrize("after", [True, False])
def test_a_submit_that_failed_is_checked_then_retried_never_doubled(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str], after: bool
) -> None:
    # the review GitHub will create is the next id: 1001 after the pull request's set-up
    gh.server_error("POST", f"{REVIEWS}/1001/events", after=after)
    (repo / "mine.yml").write_text(GOOD, encoding="utf-8")
    code, _, err = rung(capsys, "verdict", PACKET, "--pr", "7", "--from", "mine.yml")
    assert (code, err) == (0, ""), err
    [review] = gh.pulls[7].reviews
    assert (review["id"], review["state"]) == (1001, "COMMENTED")
    submits = [w for w in gh.writes() if w[1].endswith("/events")]
    assert len(submits) == (1 if after else 2)
    assert len(posted(gh)) == 3


def test_without_a_token_it_says_so_and_exits_2(
    gh: FakeGitHub, repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    code, out, err = rung(capsys, "verdict", PACKET, "--pr", "7")
    assert (code, out) == (2, "")
    assert "GITHUB_TOKEN is not set" in err
    assert gh.requests == []
