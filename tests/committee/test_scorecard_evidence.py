"""`rung scorecard --evidence FILE.json`: the verified column, from `rung evidence --format json`.

One fake serves the packet-review run end to end: the pull request and its packet
(REST, git trees), the evidence (GraphQL work items) and the verdicts' editors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from committee.conftest import LEADS, MENTORS, PACKET_PATH, VALID_TEXT, committee_folder, serve
from evidence.fake import FakeGraphQL
from rung.cli import main

PACKET = PACKET_PATH
# The valid fixture, with a link to someone else's work under MENTORS.
TEXT = VALID_TEXT.replace(
    "    - claim: Mentored two new engineers through onboarding.\n",
    "    - claim: Mentored two new engineers through onboarding.\n"
    "      links: [https://github.com/acme/payments/pull/2]\n",
)
HEADER = "| # | criterion | evidence | verified | comments | verdicts |"


@pytest.fixture
def gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGraphQL]:
    committee_folder(tmp_path, monkeypatch)
    with FakeGraphQL() as fake:
        serve(fake, monkeypatch)
        monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
        monkeypatch.setenv("RUNG_EVIDENCE_CACHE", str(tmp_path / "cache.json"))
        fake.add_pull_work("acme/payments", 1, "dana-levi", merged="2026-03-02")
        fake.add_pull_work("acme/payments", 2, "someone-else")
        yield fake


def rung(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def evidence_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, head: str) -> Path:
    """What the workflow's evidence step writes for the checked head."""
    code, out, err = rung(
        capsys, "evidence", "--packet-from-pr", "--pr", "7", "--head-sha", head, "--format", "json"
    )
    assert code == 0, err
    path = tmp_path / "evidence.json"
    path.write_text(out, encoding="utf-8")
    return path


def test_the_verified_column_and_the_json_key(
    gh: FakeGraphQL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    gh.add_review_comment(7, "bob", "/meets led it", path=PACKET, line=13)
    saved = evidence_file(capsys, tmp_path, pull.head_sha)
    common = ("scorecard", "--pr", "7", "--packet-from-pr", "--head-sha", pull.head_sha)

    code, out, err = rung(capsys, *common, "--evidence", str(saved), "--post")
    assert code == 0, err
    assert HEADER in out.splitlines()
    assert "|---:|---|---|---|---:|---|" in out.splitlines()
    table = out.splitlines()[out.splitlines().index(HEADER) + 2 :][:4]
    rows = {line.split(" | ")[1].split("]")[0].lstrip("["): line for line in table}
    assert rows[LEADS].endswith("| 2 | ✓ verified | 1 | ✅ bob |")
    assert rows[MENTORS].endswith("| 1 | ⚠ unverified | 0 | — |")
    assert "| gap: " in rows["ic-2.delivery.plans-quarters"]
    assert rows["ic-2.delivery.plans-quarters"].endswith("| not checked | 0 | — |")
    assert [c["body"] for c in gh.comments_on(7)] == [out]  # the sticky comment has it too

    code, out, err = rung(capsys, *common, "--evidence", str(saved), "--format", "json")
    assert code == 0, err
    card: dict[str, Any] = json.loads(out)
    assert {row["criterion"]: row["verification"] for row in card["rows"]} == {
        LEADS: "verified",
        "ic-2.delivery.plans-quarters": "not checked",
        "ic-2.delivery.runs-incidents": "not checked",
        MENTORS: "unverified",
    }


def test_without_evidence_there_is_no_column(
    gh: FakeGraphQL, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    code, out, _ = rung(capsys, "scorecard", "--pr", "7", "--packet-from-pr")
    assert code == 0
    assert "| # | criterion | evidence | comments | verdicts |" in out.splitlines()
    assert "verified" not in out and "not checked" not in out
    code, out, _ = rung(capsys, "scorecard", "--pr", "7", "--packet-from-pr", "--format", "json")
    assert [row["verification"] for row in json.loads(out)["rows"]] == [None] * 4


def test_the_offline_preview_takes_evidence_for_the_local_file(
    gh: FakeGraphQL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    saved = evidence_file(capsys, tmp_path, pull.head_sha)
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    comments = tmp_path / "comments.json"
    comments.write_text("[]", encoding="utf-8")
    code, out, err = rung(
        capsys, "scorecard", f"./{PACKET}", "--comments", str(comments), "--evidence", str(saved)
    )
    assert code == 0, err
    assert HEADER in out.splitlines() and "| ✓ verified |" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"packet": "packets/2026-H2/eve.md"},
            "is for 'packets/2026-H2/eve.md', not for packets/2026-H2/dana-levi.md: run "
            "'rung evidence packets/2026-H2/dana-levi.md --format json' for this packet",
        ),
        ({"criteria": {LEADS: "<b>trust me</b>"}}, "'<b>trust me</b>' is not one of verified"),
        ({"links": None}, "is not evidence (want the output of 'rung evidence PACKET"),
    ],
)
def test_a_file_for_another_packet_or_not_evidence_is_refused(
    gh: FakeGraphQL,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, Any],
    message: str,
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    saved = evidence_file(capsys, tmp_path, pull.head_sha)
    saved.write_text(json.dumps(json.loads(saved.read_text("utf-8")) | change), "utf-8")
    args = ("scorecard", "--pr", "7", "--packet-from-pr", "--evidence", str(saved), "--post")
    code, out, err = rung(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"rung: error: --evidence {saved}") and message in err
    assert gh.comments_on(7) == []  # nothing posted


def test_a_head_that_moved_on_is_left_before_the_evidence_file_is_read(
    gh: FakeGraphQL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The evidence step printed nothing for a stale head; the scorecard step must not fail."""
    gh.add_pull(7, "dana-levi", {PACKET: TEXT})
    stale = "c" * 40
    empty = tmp_path / "evidence.json"
    code, out, _ = rung(capsys, "evidence", "--packet-from-pr", "--pr", "7", "--head-sha", stale)
    empty.write_text(out, encoding="utf-8")
    assert (code, out) == (0, "")
    args = ("--pr", "7", "--packet-from-pr", "--head-sha", stale, "--evidence", str(empty))
    code, out, err = rung(capsys, "scorecard", *args, "--post")
    assert (code, out) == (0, "") and "nothing to do" in err
