"""``rung record verify|show`` against the fake GitHub: the record's chain, and the
recorded verdicts against the comments GitHub shows now."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakegithub import FakeGitHub
from recordmaker import AT, PACKET, RECORD, assigned, changed, requested, verdict
from rung.cli import main
from rung.github.client import GitHubClient
from rung.github.context import GitHubContext, RetrySettings
from rung.github.record import RecordStore
from rung.record.events import Event, body_sha256

TARGET = "2026-H2/dana-levi"
MEETS = "/meets Clear HLD for the billing epic."
RECOMMEND = "Good work.\n/recommend promote Ready."


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeGitHub]:
    monkeypatch.chdir(tmp_path)
    for name in ("RUNG_RECORD_REF", "RUNG_GITHUB_LOGIN", "GITHUB_RUN_ID"):
        monkeypatch.delenv(name, raising=False)
    with FakeGitHub() as fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        yield fake


def append(gh: FakeGitHub, events: list[Event]) -> None:
    client = GitHubClient(GitHubContext.from_env(gh.env()), RetrySettings(max_wait=0, throttle=0))
    RecordStore(client, clock=lambda: AT).append(RECORD, events)


def discussion(gh: FakeGitHub) -> tuple[int, int]:
    """A review comment and a conversation comment, each recorded as it was written."""
    gh.add_pull(7, "dana-levi", {PACKET: "---\nx: 1\n---\n"})
    meets = gh.add_review_comment(7, "noa-shapiro", MEETS, path=PACKET, line=2)
    overall = gh.add_issue_comment(7, "carol", RECOMMEND)
    events: list[Event] = [
        assigned(),
        requested("bob", by="dana-levi"),
        verdict(comment_id=meets, body=MEETS),
        verdict(
            "carol",
            "/recommend promote",
            comment_id=overall,
            body=RECOMMEND,
            reason="Ready.",
            source="issue-comment",
        ),
    ]
    append(gh, events)
    return meets, overall


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["record", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_intact_record_matching_github(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    discussion(gh)
    code, out, err = run(capsys, "verify", TARGET)
    assert (code, out) == (0, "")
    head = str(gh.ref_sha("rung-record"))[:12]
    assert err == (
        f"rung: {RECORD} on rung-record at {head}: 4 event(s), the chain is intact; "
        "2 recorded verdict(s) compared with GitHub\n"
    )


def test_a_rewritten_line_is_found(gh: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    discussion(gh)
    lines = str(gh.file_at("rung-record", RECORD) or b"", "utf-8").splitlines()
    lines[2] = lines[2].replace('"/meets"', '"/not-yet"')  # an admin's edit, on top
    gh.force_file("rung-record", RECORD, ("\n".join(lines) + "\n").encode())
    code, out, _ = run(capsys, "verify", TARGET)
    assert code == 1
    assert out.startswith(
        f"{RECORD}:3:1: error: line 3 was rewritten after it was recorded: line 4 holds the "
        "SHA-256 "
    )
    assert out.endswith("[record]\n") and out.count("\n") == 1


def test_a_removed_line_is_found(gh: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    discussion(gh)
    lines = str(gh.file_at("rung-record", RECORD) or b"", "utf-8").splitlines()
    del lines[1]  # the hand request, gone: history rewritten in place
    gh.force_file("rung-record", RECORD, ("\n".join(lines) + "\n").encode(), amend=True)
    code, out, _ = run(capsys, "verify", TARGET, "--format", "json")
    assert code == 1
    [finding] = json.loads(out)["findings"]
    assert (finding["line"], finding["message"]) == (
        2,
        "1 line(s) were removed before this one (seq 1 is followed by 3)",
    )


def test_a_comment_edited_on_github_after_it_was_recorded(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attacks 4 and 5: the candidate rewrites a recorded verdict's comment."""
    meets, _ = discussion(gh)
    hidden = "<!--\n/meets\n-->\n" + MEETS
    gh.edit_review_comment(meets, "dana-levi", hidden)
    when = gh.comment_by_node(f"PRRC_{meets}")["updated_at"]  # type: ignore[index]
    code, out, _ = run(capsys, "verify", TARGET)
    assert code == 1
    now, was = body_sha256(hidden)[:12], body_sha256(MEETS)[:12]
    assert out == (
        f"{RECORD}:3:1: warning: @noa-shapiro's /meets on acme-l5.execution.hld-for-epics "
        f"(review comment {meets} on #7) was edited on GitHub by @dana-levi at {when} after "
        f"it was recorded, and the record does not say so: its body's SHA-256 is now {now}…, "
        f"the record holds {was}…; the verdict stands as recorded [record]\n"
    )


def test_an_edit_the_record_holds_is_no_finding(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    meets, _ = discussion(gh)
    edited = "/meets (edited) " + MEETS
    gh.edit_review_comment(meets, "dana-levi", edited)
    append(gh, [changed(verdict(comment_id=meets, body=MEETS), "dana-levi", body=edited)])
    assert run(capsys, "verify", TARGET)[0] == 0


def test_a_deleted_comment(gh: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    _, overall = discussion(gh)
    gh.issue_comments[:] = [c for c in gh.issue_comments if c["id"] != overall]
    code, out, _ = run(capsys, "verify", TARGET)
    assert code == 1
    assert f"@carol's /recommend promote (comment {overall} on #7) was deleted on GitHub" in out


def test_show_prints_the_events_and_what_they_add_up_to(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    meets, overall = discussion(gh)
    code, out, err = run(capsys, "show", TARGET)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        f"   1  {AT}  assigned         @noa-shapiro assigned by rung on #7",
        f"   2  {AT}  requested        @bob requested by @dana-levi on #7 (not an assignment)",
        f"   3  {AT}  verdict          @noa-shapiro /meets on acme-l5.execution.hld-for-epics "
        f'"Clear HLD for the billing epic." (review-comment {meets} on #7)',
        f'   4  {AT}  verdict          @carol /recommend promote "Ready." '
        f"(issue-comment {overall} on #7)",
        "",
        "assigned: @noa-shapiro (rung)",
        "requested by hand, not assigned: @bob (by @dana-levi)",
        "verdicts:",
        "  @noa-shapiro /meets on acme-l5.execution.hld-for-epics",
        "  @carol /recommend promote",
        "pull request: none bound",
    ]
    code, out, _ = run(capsys, "show", TARGET, "--format", "json")
    shown = json.loads(out)
    assert [e["kind"] for e in shown["events"]] == ["assigned", "requested", "verdict", "verdict"]
    assert list(shown["state"]["assigned"]) == ["noa-shapiro"]
    assert shown["findings"] == [] and shown["ref"] == "rung-record"


def test_a_local_copy_needs_no_github(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    discussion(gh)
    Path("copy.jsonl").write_bytes(gh.file_at("rung-record", RECORD) or b"")
    monkeypatch.delenv("GITHUB_TOKEN")
    code, out, err = run(capsys, "verify", TARGET, "--file", "copy.jsonl")
    assert (code, out) == (0, "")
    assert err == f"rung: {RECORD} (local copy): 4 event(s), the chain is intact\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "dana-levi"], "'dana-levi' is not CYCLE/LOGIN"),
        (["verify", "2026-H3/dana-levi"], "'2026-H3' is not a cycle name"),
        (["show", "2026-H2/not a login"], "'not a login' is not a GitHub login"),
        (["verify", TARGET], "acme/promotions has no branch rung-record: nothing recorded"),
        (["verify", TARGET, "--ref", "a..b"], "RUNG_RECORD_REF: 'a..b' is not a branch name"),
        (["verify", "2026-H2/maya"], "nothing recorded for records/2026-H2/maya.jsonl"),
    ],
)
def test_usage_and_configuration_exit_2(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    if argv[1] == "2026-H2/maya":
        append(gh, [assigned()])
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("rung: error: " + message)
