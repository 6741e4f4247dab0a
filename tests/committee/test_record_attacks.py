"""The promotion record against a candidate with write access (issue 23, attacks 1-5 and 7).

Each attack runs through the real commands (``rung reviewers --record``, ``rung
scorecard --record``, as packet-review runs them) against the fake GitHub over
loopback, whose Git Data API routes update a real bare repository as GitHub's
do.  Each docstring says what rung did before the record: the attack worked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from committee.conftest import LEADS, MENTORS, PACKET_PATH, VALID_TEXT
from cycle.fake import CycleFake
from fakegithub import FakeGitHub
from rung.cli import main
from rung.record.chain import read_chain
from rung.record.events import Assigned, Bound, Manager, Requested, Verdict, VerdictChanged

PACKET, TEXT = PACKET_PATH, VALID_TEXT
RECORD = "records/2026-H2/dana-levi.jsonl"


@pytest.fixture
def gh(github_repo: FakeGitHub) -> FakeGitHub:
    return github_repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def reviewers(
    capsys: pytest.CaptureFixture[str], number: int = 7, packet: str = PACKET
) -> dict[str, Any]:
    code, out, err = run(
        capsys, "reviewers", packet, "--pr", str(number), "--packet-from-pr", "--record",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    plan: dict[str, Any] = json.loads(out)
    return plan


def scorecard(capsys: pytest.CaptureFixture[str], number: int = 7) -> dict[str, Any]:
    code, out, err = run(
        capsys, "scorecard", PACKET, "--pr", str(number), "--packet-from-pr", "--record",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    card: dict[str, Any] = json.loads(out)
    return card


def verdicts(card: dict[str, Any], criterion: str) -> dict[str, str]:
    row = next(r for r in card["rows"] if r["criterion"] == criterion)
    return dict(row["verdicts"])


def events(gh: FakeGitHub) -> list[Any]:
    data = gh.file_at("rung-record", RECORD)
    assert data is not None, "nothing was recorded"
    entries, problems = read_chain(data.decode("utf-8"), RECORD)
    assert problems == []
    return [entry.event for _, entry in entries]


def routed(gh: FakeGitHub, capsys: pytest.CaptureFixture[str], **pull: Any) -> list[str]:
    """Pull request #7 opened by Dana and routed by rung; the logins rung assigned."""
    gh.add_pull(7, "dana-levi", {PACKET: pull.pop("text", TEXT)}, **pull)
    plan = reviewers(capsys)
    return list(plan["requested"])


def test_hand_requested_reviewers_are_not_kept_and_their_verdicts_do_not_count(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 1: before, rung kept whoever was requested ("already requested") and
    requested nobody else, so the candidate picked their reviewers."""
    plain = routed(gh, capsys)
    assert len(plain) == 3
    eligible = {"ann", "bob", "carol", "dave"}
    [friend] = eligible - set(plain)  # the one member rung would not choose
    gh.pulls.clear()
    gh.add_pull(8, "dana-levi", {PACKET.replace("dana-levi", "x"): TEXT}, requested=(friend,))
    gh.git("update-ref", "-d", "refs/heads/rung-record")

    gh.add_pull(7, "dana-levi", {PACKET: TEXT}, requested=(friend,))
    plan = reviewers(capsys)
    assert plan["requested"] == plain
    assert plan["kept"] == []
    assert plan["requested_by_hand"] == [friend]
    recorded = events(gh)
    assert [e.login for e in recorded if isinstance(e, Assigned)] == plain
    assert [e.login for e in recorded if isinstance(e, Requested)] == [friend]

    gh.add_review_comment(7, friend, "/meets a friend says so", path=PACKET, line=13)
    gh.add_review_comment(7, plain[0], "/not-yet one feature", path=PACKET, line=13)
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {plain[0]: "not-yet"}
    [refused] = [n for n in card["not_counted"] if n["login"] == friend]
    assert refused["reason"].startswith("not assigned to this packet")
    assert refused["reason"].endswith("requested by hand")
    assert card["record"]["requested_by_hand"] == [{"login": friend, "by": None}]
    assert card["pending"] == sorted(plain, key=str.casefold)


def test_hand_requests_on_junk_pull_requests_count_toward_nobodys_load(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 2: before, members requested by hand on junk draft pull requests
    touching packets/ counted toward max_open_reviews (2) and were passed over."""
    plain = routed(gh, capsys)
    gh.pulls.clear()
    gh.git("update-ref", "-d", "refs/heads/rung-record")
    for junk in (20, 21, 22):
        other = f"packets/2026-H2/junk{junk}.md"
        gh.add_pull(junk, "dana-levi", {other: TEXT}, requested=tuple(plain))
    assert routed(gh, capsys) == plain


def test_assignments_recorded_for_other_packets_do_count_toward_load(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """The record's own assignments are the load: two open reviews each (the roster's
    max_open_reviews) leave a member out of a third packet."""
    first = routed(gh, capsys)
    for number, login in ((30, "eve"), (31, "finn")):
        path = f"packets/2026-H2/{login}.md"
        text = TEXT.replace("candidate: dana-levi", f"candidate: {login}")
        gh.add_pull(number, login, {path: text})
        code, _, err = run(
            capsys, "reviewers", path, "--pr", str(number), "--packet-from-pr", "--record"
        )
        assert code in (0, 1), err
    loads: dict[str, int] = {}
    for login in ("eve", "finn"):
        data = gh.file_at("rung-record", f"records/2026-H2/{login}.jsonl")
        assert data is not None
        for _, entry in read_chain(data.decode(), "r")[0]:
            if isinstance(entry.event, Assigned):
                loads[entry.event.login] = loads.get(entry.event.login, 0) + 1
    full = {login for login in first if loads.get(login, 0) >= 1}
    assert full, "the later packets were routed to none of the first one's reviewers"


def test_a_manager_named_after_a_verdict_discounts_nobody(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 3: before, pushing ``manager: <the reviewer>`` after their /not-yet moved
    it to "not counted: the candidate's manager"."""
    plain = routed(gh, capsys)
    reviewer = plain[0]
    gh.add_review_comment(7, reviewer, "/not-yet one feature is not enough", path=PACKET, line=13)
    assert verdicts(scorecard(capsys), LEADS) == {reviewer: "not-yet"}
    gh.push(7, {PACKET: TEXT.replace("manager: mkatz", f"manager: {reviewer}")})
    reviewers(capsys)  # packet-review runs both after a push
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {reviewer: "not-yet"}
    assert card["record"]["manager"] == "mkatz"
    assert card["record"]["manager_changes"] == [reviewer]
    managers = [e.manager for e in events(gh) if isinstance(e, Manager)]
    assert managers == ["mkatz", reviewer]
    code, out, _ = run(capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record")
    assert code == 0
    assert "the packet now names another manager" in out


def test_editing_a_later_verdict_does_not_bring_back_the_earlier_one(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 4: before, the candidate's edit of a later /not-yet (even to the same
    text) voided it, and the reviewer's earlier /meets counted again."""
    plain = routed(gh, capsys)
    reviewer = plain[0]
    gh.add_review_comment(7, reviewer, "/meets first look", path=PACKET, line=13)
    scorecard(capsys)
    later = gh.add_review_comment(7, reviewer, "/not-yet on a second read", path=PACKET, line=14)
    assert verdicts(scorecard(capsys), LEADS) == {reviewer: "not-yet"}
    gh.edit_review_comment(later, "dana-levi", "/meets on a second read")
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {reviewer: "not-yet"}
    [note] = card["record"]["edited"]
    assert note["login"] == reviewer and note["command"] == "/not-yet"
    assert note["note"] == (
        f"edited by @dana-levi after rung recorded it: counted as @{reviewer} wrote it"
    )
    [superseded] = [n for n in card["not_counted"] if n["command"] == "/meets"]
    assert superseded["reason"] == "superseded by their later one"
    [change] = [e for e in events(gh) if isinstance(e, VerdictChanged)]
    assert (change.by, change.command, change.change) == ("dana-levi", "/meets", "edited")
    # the same text, edited by the candidate: nothing changes either
    gh.edit_review_comment(later, "dana-levi", "/not-yet on a second read")
    assert verdicts(scorecard(capsys), LEADS) == {reviewer: "not-yet"}


def test_a_reviewers_own_edit_and_withdrawal_count(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = routed(gh, capsys)
    reviewer = plain[1]
    own = gh.add_review_comment(7, reviewer, "/not-yet", path=PACKET, line=23)
    assert verdicts(scorecard(capsys), MENTORS) == {reviewer: "not-yet"}
    gh.edit_review_comment(own, reviewer, "/meets after the second link")
    assert verdicts(scorecard(capsys), MENTORS) == {reviewer: "meets"}
    gh.edit_review_comment(own, reviewer, "never mind, still reading")
    card = scorecard(capsys)
    assert verdicts(card, MENTORS) == {}
    assert [n["reason"] for n in card["not_counted"] if n["login"] == reviewer] == [
        "withdrawn by its author",
        "superseded by their later one",
    ]


def test_a_verdict_the_candidate_writes_into_a_reviewers_comment_never_counts(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 5: a /meets the candidate hides in a reviewer's comment, which the reviewer
    then edits (so GraphQL's last editor is the reviewer), is not their verdict."""
    plain = routed(gh, capsys)
    reviewer = plain[0]
    said = gh.add_review_comment(7, reviewer, "/not-yet thin evidence", path=PACKET, line=13)
    scorecard(capsys)
    gh.edit_review_comment(said, "dana-levi", "/not-yet thin evidence\n\n<!--\n/meets\n-->")
    scorecard(capsys)
    gh.edit_review_comment(
        said, reviewer, "/not-yet thin evidence (typo fixed)\n\n<!--\n/meets\n-->"
    )
    card = scorecard(capsys)
    assert verdicts(card, LEADS) == {reviewer: "not-yet"}


def test_another_pull_request_never_replaces_the_reviewed_one(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 7: before, any second pull request touching the packet became "the" pull
    request.  The record binds the first routed one; another is listed, never used."""
    plain = routed(gh, capsys)
    gh.add_review_comment(7, plain[0], "/not-yet one feature", path=PACKET, line=13)
    scorecard(capsys)
    gh.add_pull(9, "dana-levi", {PACKET: TEXT + "\n"})
    code, out, err = run(capsys, "reviewers", PACKET, "--pr", "9", "--packet-from-pr", "--record")
    assert (code, out) == (0, "")
    assert "is reviewed in #7; #9 is another pull request touching it: nothing requested" in err
    assert gh.pulls[9].requested == []
    gh.add_review_comment(9, plain[1], "/meets from the other one", path=PACKET, line=13)
    card = scorecard(capsys, 9)
    assert verdicts(card, LEADS) == {plain[0]: "not-yet"}
    assert (card["record"]["pull"], card["record"]["other_pulls"]) == (7, [9])
    assert [e.pull for e in events(gh) if isinstance(e, Bound)] == [7, 9]
    assert not any(isinstance(e, Verdict) and e.pull == 9 for e in events(gh))


def test_a_run_that_sees_nothing_new_appends_nothing(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = routed(gh, capsys)
    gh.add_review_comment(7, plain[0], "/meets", path=PACKET, line=13)
    scorecard(capsys)
    before = gh.ref_sha("rung-record")
    assert scorecard(capsys)["rows"] and gh.ref_sha("rung-record") == before
    reviewers(capsys)
    assert gh.ref_sha("rung-record") == before


def cycle_status(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(
        capsys, "cycle", "status", "2026-H2", "--format", "json", "--today", "2026-07-10"
    )
    assert code == 0, err
    [row] = json.loads(out)["packets"]
    assert isinstance(row, dict)
    return row


def test_the_cycle_counts_what_the_record_holds(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Attacks 4 and 7 in ``rung cycle status``: before, the candidate's edit of a later
    /not-yet turned "split 2/1" into "clear 3/0", and a second pull request touching the
    packet became the one the cycle reported on."""
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    first, second, third = routed(gh, capsys)
    gh.add_review_comment(7, first, "/meets at first", path=PACKET, line=13)
    scorecard(capsys)
    later = gh.add_review_comment(7, first, "/not-yet on a second read", path=PACKET, line=13)
    gh.add_review_comment(7, second, "/meets", path=PACKET, line=13)
    gh.add_review_comment(7, third, "/meets", path=PACKET, line=13)
    scorecard(capsys)
    before = cycle_status(capsys)
    assert (before["pull"], before["verdicts"]) == (7, {"meets": 2, "not_yet": 1})

    gh.edit_review_comment(later, "dana-levi", "/meets on a second read")
    gh.add_pull(9, "dana-levi", {PACKET: TEXT + "\n"})
    scorecard(capsys)  # packet-review after the edit
    scorecard(capsys, 9)  # and on the second pull request
    after = cycle_status(capsys)
    assert (after["pull"], after["verdicts"]) == (7, {"meets": 2, "not_yet": 1})
    assert f"{first}'s /meets on {LEADS}: superseded by their later one" in after["remarks"]
    assert (
        f"{first}'s /not-yet on {LEADS}: edited by @dana-levi after rung recorded it: "
        f"counted as @{first} wrote it"
    ) in after["remarks"]
    code, out, _ = run(capsys, "cycle", "agenda", "2026-H2", "--today", "2026-07-10")
    assert code == 0 and "edited by @\u200bdana-levi after rung recorded it" in out.replace(
        "\\", ""
    )
    args = ("cycle", "status", "2026-H2", "--format", "html", "--today", "2026-07-10")
    code, page, _ = run(capsys, *args)
    assert code == 0
    assert (
        f'<ul id="remarks"><li>dana-levi: {first}&#x27;s /meets on {LEADS}: superseded by '
        "their later one</li>"
    ) in page


def test_publish_labels_the_bound_pull_request_and_records_the_decision(
    labelled: CycleFake, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Attack 7 in ``rung cycle publish``: before, the label and the decision comment went
    to whichever pull request touching the packet was open."""
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    (tmp_path / "packets/2026-H2/decisions.yaml").write_text(
        "cycle: 2026-H2\nmeeting: 2026-07-14\ndecided_by: [ann]\ndecisions:\n"
        "  - candidate: dana-levi\n    outcome: not-yet\n    rationale: One more cycle.\n",
        encoding="utf-8",
    )
    gh = labelled
    routed(gh, capsys)
    gh.pulls[7].state = "closed"  # merged, as a reviewed packet is
    gh.add_pull(9, "dana-levi", {PACKET: TEXT + "\n"})
    monkeypatch.setenv("RUNG_RECORD_TOKEN", gh.token)
    code, out, err = run(capsys, "cycle", "publish", "2026-H2")
    assert code == 0, err
    assert out.startswith("dana-levi: labelled #7 'rung: not-yet'")
    assert (gh.labels[7], gh.labels.get(9, [])) == (["rung: not-yet"], [])
    [decision] = [e for e in events(gh) if e.KIND == "decision"]
    assert (decision.outcome, decision.pull, decision.decided_by) == ("not-yet", 7, ("ann",))


def test_only_the_apps_token_writes_the_record(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the record's branch protected for the App (docs/rulesets/record-ref.json), the
    workflow token cannot append; RUNG_RECORD_TOKEN (the App's) can, while the scorecard
    comment is still posted with the command's own token."""
    gh.app_token, gh.protected_refs = "app-installation-token", {"rung-record"}
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    code, _, err = run(capsys, "reviewers", PACKET, "--pr", "7", "--packet-from-pr", "--record")
    assert code == 1
    assert "only the GitHub App may write rung-record (set RUNG_RECORD_TOKEN" in err
    assert gh.ref_sha("rung-record") is None
    monkeypatch.setenv("RUNG_RECORD_TOKEN", "app-installation-token")
    assert len(reviewers(capsys)["requested"]) == 3
    code, _, err = run(
        capsys, "scorecard", PACKET, "--pr", "7", "--packet-from-pr", "--record", "--post"
    )
    assert code == 0, err
    writes = [c for c in gh.requests if c.method != "GET" and c.path != "/graphql"]
    by_app = {c.path for c in writes if gh.by_app(c)}
    assert by_app and all("/git/" in path for path in by_app)
    assert any(c.path.endswith("/issues/7/comments") and not gh.by_app(c) for c in writes)


def test_a_chair_assigns_a_reviewer_with_a_command(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only a chair's ``/assign @login``, as the chair wrote it, assigns: the candidate's
    own, or a chair's comment the candidate edited, assigns nobody."""
    roster = tmp_path / ".github" / "committee.yml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace(
            "  - login: ann\n", "  - login: ann\n    chair: true\n"
        ),
        encoding="utf-8",
    )
    plain = routed(gh, capsys)
    [spare] = {"ann", "bob", "carol", "dave"} - set(plain)
    gh.add_issue_comment(7, "dana-levi", f"/assign @{spare}")
    forged = gh.add_issue_comment(7, "ann", "Thanks all.")
    gh.edit(f"IC_{forged}", "dana-levi", f"/assign @{spare}")
    scorecard(capsys)
    assert [e.login for e in events(gh) if isinstance(e, Assigned)] == plain
    gh.add_issue_comment(7, "ann", f"Please also look, /assign below.\n\n/assign @{spare}")
    card = scorecard(capsys)
    [by_chair] = [e for e in events(gh) if isinstance(e, Assigned) and e.via == "command"]
    assert (by_chair.login, by_chair.by) == (spare, "ann")
    assert card["record"]["assigned"] == sorted([*plain, spare], key=str.casefold)
    [request] = gh.calls("POST", "/repos/acme/promotions/pulls/7/requested_reviewers")[-1:]
    assert request.body == {"reviewers": [spare]}
    gh.add_review_comment(7, spare, "/meets", path=PACKET, line=13)
    assert verdicts(scorecard(capsys), LEADS) == {spare: "meets"}


def test_without_the_record_the_attacks_work(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """The control: the same scenarios through the commands as packet-review ran them
    before the record (no --record) give the attacker what they wanted, so the tests
    above fail without the record."""

    def live(*args: str) -> dict[str, Any]:
        code, out, err = run(capsys, *args, "--pr", "7", "--packet-from-pr", "--format", "json")
        assert code == 0, err
        result: dict[str, Any] = json.loads(out)
        return result

    gh.add_pull(7, "dana-levi", {PACKET: TEXT}, requested=("ann",))
    plan = live("reviewers", PACKET)
    assert plan["kept"] == ["ann"]  # attack 1: the hand-picked member is kept
    later = gh.add_review_comment(7, "bob", "/meets first look", path=PACKET, line=13)
    later = gh.add_review_comment(7, "bob", "/not-yet second read", path=PACKET, line=14)
    gh.edit_review_comment(later, "dana-levi", "/not-yet second read")
    card = live("scorecard", PACKET)
    assert verdicts(card, LEADS) == {"bob": "meets"}  # attack 4: the earlier one is back
    gh.push(7, {PACKET: TEXT.replace("manager: mkatz", "manager: bob")})
    card = live("scorecard", PACKET)
    assert verdicts(card, LEADS) == {}  # attack 3: bob is now "the manager"
