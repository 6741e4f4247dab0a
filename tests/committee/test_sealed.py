"""Sealed mode through the real commands (issue 24): ``rung scorecard --record`` against the
fake GitHub over loopback, with reviewers' sealed comments made by ``seal()``.

Before the reveal no verdict may be read from anything a candidate with write access
can see: the comments rung wrote, every request body GitHub received, the record
branch, the command's output and its log.  Each test names the verdicts' reasons
with a marker no other text holds and looks for them everywhere.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest

from fakegithub import FakeGitHub
from rung.cli import main
from rung.record.chain import read_chain
from rung.record.events import Revealed, RevealRefused, Sealed
from rung.scorecard.sealed import Binding, seal

PACKET = "packets/2026-H2/dana-levi.md"
RECORD = "records/2026-H2/dana-levi.jsonl"
LINES = {  # the criteria of fixtures/packets/dana-levi-valid.md and a line of each
    "ic-2.delivery.leads-features": 13,
    "ic-2.delivery.plans-quarters": 17,
    "ic-2.delivery.runs-incidents": 20,
    "ic-2.team.mentors": 23,
}
REVEAL = "2026-09-30"
BEFORE = "2026-09-01"
SECRET = "SECRETREASON"  # every reason holds it; nothing before the reveal may


@pytest.fixture
def key() -> Any:
    return pyrage.x25519.Identity.generate()


@pytest.fixture
def gh(github_repo: FakeGitHub, key: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    """The committee's repository with cycle 2026-H2 in sealed mode; the identity in the
    environment, as the `rung` environment's secret puts it there."""
    with open(".github/committee.yml", "a", encoding="utf-8") as roster:
        roster.write(
            f"cycles:\n  2026-H2:\n    sealed:\n      recipient: {key.to_public()}\n"
            f"      reveal: {REVEAL}\n"
        )
    monkeypatch.setenv("RUNG_SEAL_IDENTITY", str(key))
    text = (github_repo_fixtures() / "dana-levi-valid.md").read_text(encoding="utf-8")
    github_repo.add_pull(7, "dana-levi", {PACKET: text})
    code = main(["reviewers", PACKET, "--pr", "7", "--packet-from-pr", "--record"])
    assert code == 0
    yield github_repo


def github_repo_fixtures() -> Path:
    return Path(__file__).resolve().parent / "fixtures" / "packets"


def assigned(gh: FakeGitHub) -> list[str]:
    return [e.login for e in events(gh) if e.KIND == "assigned"]


def events(gh: FakeGitHub) -> list[Any]:
    data = gh.file_at("rung-record", RECORD)
    assert data is not None
    entries, problems = read_chain(data.decode("utf-8"), RECORD)
    assert problems == []
    return [entry.event for _, entry in entries]


def sealed_comment(
    gh: FakeGitHub,
    key: Any,
    login: str,
    criterion: str,
    command: str = "/meets",
    *,
    on: str | None = None,
    pull: int = 7,
) -> int:
    """``login`` seals ``command`` for ``criterion`` on pull request ``pull`` and posts it
    on the line of ``on`` (default: the same criterion) of pull request 7."""
    body = seal(
        str(key.to_public()),
        Binding(PACKET, criterion, login, pull),
        command,
        f"{SECRET} {login} {criterion}",
    )
    return gh.add_review_comment(7, login, body, path=PACKET, line=LINES[on or criterion])


def scorecard(
    capsys: pytest.CaptureFixture[str], today: str, *extra: str
) -> tuple[dict[str, Any], str]:
    code = main(
        ["scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record", "--format", "json",
         "--today", today, *extra]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    card: dict[str, Any] = json.loads(out)
    return card, out + err


def everything_public(gh: FakeGitHub) -> str:
    """All a candidate with write access can read of what rung did: every request body
    GitHub received (blobs decoded), the comments, the record branch's files."""
    parts: list[str] = []
    for call in gh.requests:
        body = call.body
        if isinstance(body, dict) and body.get("encoding") == "base64":
            parts.append(base64.b64decode(body["content"]).decode("utf-8", "replace"))
        parts.append(json.dumps(body))
    parts += [c["body"] for c in gh.issue_comments]
    listed = gh.git("ls-tree", "-r", "--name-only", "refs/heads/rung-record").stdout.decode()
    for path in listed.split():
        parts.append((gh.file_at("rung-record", path) or b"").decode("utf-8"))
    log = gh.git("log", "--format=%B", "refs/heads/rung-record").stdout.decode()
    return "\n".join([*parts, log])


def verdicts(card: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {row["criterion"]: row["verdicts"] for row in card["rows"] if row["verdicts"]}


def test_nothing_readable_before_the_reveal_and_all_revealed_on_the_last_seal(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = assigned(gh)
    for criterion in LINES:
        sealed_comment(gh, key, first, criterion)
        sealed_comment(gh, key, second, criterion, "/not-yet")
    card, said = scorecard(capsys, BEFORE, "--post")
    assert card["sealed"] == {first: 4, second: 4}
    assert verdicts(card) == {}
    assert card["pending"] == [third]  # who sealed has given their verdicts
    assert SECRET not in said
    assert SECRET not in everything_public(gh)
    [posted] = [c["body"] for c in gh.issue_comments]
    assert f"**Sealed verdicts (opened at the reveal):** {first} 4 of 4 · {second} 4 of 4" in (
        posted
    )
    assert "not-yet" not in posted.split("**Sealed")[1].split("\n")[0]
    kinds = [e.KIND for e in events(gh)]
    assert kinds.count("sealed") == 8
    assert "revealed" not in kinds

    for criterion in list(LINES)[:3]:
        sealed_comment(gh, key, third, criterion)
    card, said = scorecard(capsys, BEFORE)
    assert SECRET not in said + everything_public(gh)
    assert card["sealed"][third] == 3

    sealed_comment(gh, key, third, "ic-2.team.mentors", "/abstain")  # the last seal
    card, said = scorecard(capsys, BEFORE, "--post")
    assert "revealed 12 sealed verdict(s)" in said
    assert "every assigned reviewer has given every required criterion" in said
    assert card["sealed"] == {}
    assert card["pending"] == []
    leads = verdicts(card)["ic-2.delivery.leads-features"]
    assert leads == {first: "meets", second: "not-yet", third: "meets"}
    assert verdicts(card)["ic-2.team.mentors"][third] == "abstain"
    # round one closed at the reveal the record holds; nobody could read a seal before it
    rounds = card["record"]["rounds"]
    assert rounds["reveal"] == "sealed" and rounds["revealed_at"] is not None
    assert rounds["independent"] == {"count": 12, "of": 12}
    assert rounds["round_two"] == []
    row = next(r for r in card["rows"] if r["criterion"] == "ic-2.team.mentors")
    assert row["reasons"][second] == f"{SECRET} {second} ic-2.team.mentors"
    revealed = [e for e in events(gh) if isinstance(e, Revealed)]
    assert len(revealed) == 12
    assert all(e.source == "review-comment" for e in revealed)
    code = main(["record", "verify", "2026-H2/dana-levi"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    code = main(["record", "show", "2026-H2/dana-levi"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert f"@{first} sealed a verdict on ic-2.delivery.leads-features" in out


def test_a_seal_copied_to_another_criterion_or_pull_request_is_refused_at_the_reveal(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = assigned(gh)
    mentors, leads = "ic-2.team.mentors", "ic-2.delivery.leads-features"
    copied = sealed_comment(gh, key, first, leads, on=mentors)  # sealed for leads, on mentors
    elsewhere = sealed_comment(gh, key, second, leads, pull=8)  # sealed on #8, posted on #7
    card, said = scorecard(capsys, REVEAL)
    assert "revealed 0 sealed verdict(s)" in said
    assert verdicts(card) == {}
    refused = {n["comment"]: n for n in card["not_counted"] if n["command"] == "/sealed"}
    assert refused[copied]["reason"] == "not revealed: sealed for another criterion: copied here"
    assert refused[copied]["criterion"] == mentors
    assert refused[elsewhere]["reason"] == (
        "not revealed: sealed for another pull request: copied here"
    )
    assert SECRET not in said + everything_public(gh)  # a refused seal stays shut
    kinds = [type(e) for e in events(gh)]
    assert kinds.count(RevealRefused) == 2
    assert third not in card["sealed"]


def test_the_reveal_date_reveals_what_is_sealed_and_an_edit_by_the_candidate_is_refused(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, _ = assigned(gh)
    leads = "ic-2.delivery.leads-features"
    sealed_comment(gh, key, first, leads, "/not-yet")
    theirs = sealed_comment(gh, key, second, leads, "/not-yet")
    card, said = scorecard(capsys, "2026-09-29")
    assert card["sealed"] == {first: 1, second: 1}
    # The candidate, with write access, replaces a reviewer's seal with one of their own,
    # bound correctly: age's recipient is public, so anyone can seal.
    forged = seal(str(key.to_public()), Binding(PACKET, leads, second, 7), "/meets", "forged")
    gh.edit_review_comment(theirs, "dana-levi", forged)
    card, said = scorecard(capsys, REVEAL)
    assert "the cycle's reveal date, 2026-09-30, has come" in said
    assert verdicts(card) == {leads: {first: "not-yet"}}
    [refused] = [n for n in card["not_counted"] if n["reason"].startswith("not revealed")]
    assert refused["login"] == second
    assert "deleted or edited since it was sealed" in refused["reason"]
    [edited] = [n for n in card["not_counted"] if n["reason"].startswith("edited by")]
    assert edited["reason"] == "edited by @dana-levi — not counted"
    assert "forged" not in json.dumps(card)


def test_without_the_identity_only_the_counts_are_shown_and_the_command_succeeds(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNG_SEAL_IDENTITY")
    first, _, _ = assigned(gh)
    sealed_comment(gh, key, first, "ic-2.team.mentors")
    card, said = scorecard(capsys, REVEAL)
    assert "$RUNG_SEAL_IDENTITY is not set: they stay sealed" in said
    assert card["sealed"] == {first: 1}
    assert verdicts(card) == {}
    assert not any(isinstance(e, Revealed | RevealRefused) for e in events(gh))
    assert [type(e) for e in events(gh)].count(Sealed) == 1


def test_the_offline_preview_shows_sealed_comments_as_sealed(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, _, _ = assigned(gh)
    sealed_comment(gh, key, first, "ic-2.team.mentors")
    saved = tmp_path / "comments.json"
    saved.write_text(json.dumps(gh.pulls[7].review_comments), encoding="utf-8")
    local = tmp_path / PACKET  # the working folder's packet, where the comments are
    local.parent.mkdir(parents=True)
    local.write_text(
        (github_repo_fixtures() / "dana-levi-valid.md").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    code = main(["scorecard", PACKET, "--comments", str(saved)])
    out, _ = capsys.readouterr()
    assert code in (0, 1), out
    assert f"**Sealed verdicts (opened at the reveal):** {first} 1 of 4" in out
    assert SECRET not in out


def test_the_scheduled_cycle_reveal_opens_seals_on_the_reveal_date_only(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _, _ = assigned(gh)
    sealed_comment(gh, key, first, "ic-2.team.mentors", "/not-yet")
    scorecard(capsys, BEFORE, "--post")
    assert main(["cycle", "reveal", "2026-H2", "--today", BEFORE]) == 0
    out, err = capsys.readouterr()
    assert SECRET not in out + err + everything_public(gh)
    assert not any(isinstance(e, Revealed) for e in events(gh))

    assert main(["cycle", "reveal", "2026-H2", "--today", REVEAL]) == 0
    out, err = capsys.readouterr()
    assert "revealed 1 sealed verdict(s) on packets/2026-H2/dana-levi.md" in err
    [revealed] = [e for e in events(gh) if isinstance(e, Revealed)]
    assert (revealed.author, revealed.command) == (first, "/not-yet")
    [posted] = [c["body"] for c in gh.issue_comments]
    assert f"❌ {first}" in posted
    assert "Sealed verdicts" not in posted

    count = len(events(gh))
    assert main(["cycle", "reveal", "2026-H2", "--today", REVEAL]) == 0  # daily, from then on
    assert "scorecard comment unchanged" in capsys.readouterr().err
    assert len(events(gh)) == count


def test_without_a_cycle_the_reveal_reads_every_sealed_cycle_of_the_roster(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _, _ = assigned(gh)
    sealed_comment(gh, key, first, "ic-2.team.mentors")
    assert main(["cycle", "reveal", "--today", REVEAL]) == 0
    assert "revealed 1 sealed verdict(s)" in capsys.readouterr().err


def test_a_criterion_given_both_open_and_sealed_is_owed_no_more_and_counted_once(
    gh: FakeGitHub, key: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = assigned(gh)
    mentors = "ic-2.team.mentors"
    gh.add_review_comment(7, first, "/meets in the open", path=PACKET, line=LINES[mentors])
    sealed_comment(gh, key, first, mentors)
    sealed_comment(gh, key, first, "ic-2.delivery.leads-features")
    card, _ = scorecard(capsys, BEFORE, "--post")
    assert card["sealed"] == {first: 2}
    [posted] = [c["body"] for c in gh.issue_comments]
    owed = sorted([f"{first} (2 of 4)", f"{second} (4 of 4)", f"{third} (4 of 4)"])
    assert f"**Verdicts still to give:** {', '.join(owed)}" in posted
