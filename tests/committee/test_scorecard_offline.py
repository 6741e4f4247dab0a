"""`rung scorecard --comments FILE.json`, the offline preview, on what a user might save:
a file that is not GitHub's JSON is refused, a plain list of review comments still says
who owes verdicts, and a comment spanning two criteria is reported once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from committee.test_real_shapes import LEADS, PACKET, PLANS, TEXT
from fakegithub import FakeGitHub
from rung.cli import main


@pytest.fixture
def offline(github_repo: FakeGitHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeGitHub:
    github_repo.add_pull(7, "dana-levi", {PACKET: TEXT})
    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    return github_repo


@pytest.mark.parametrize(
    ("saved", "why"),
    [
        ('{"foo": 1}', "found 'foo'"),
        ("{}", "found {}"),
        ('{"review_comments": [1, 2]}', "'review_comments' must be a list of objects"),
        ('"comments"', ""),
    ],
)
def test_a_file_that_is_not_githubs_json_is_refused(
    offline: FakeGitHub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    saved: str,
    why: str,
) -> None:
    path = tmp_path / "comments.json"
    path.write_text(saved, encoding="utf-8")
    assert main(["scorecard", PACKET, "--comments", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"rung: error: {path}: ")
    shape = "a list of review comments, or an object with review_comments, reviews and "
    assert why in err and (shape in err or "as GitHub's API sends" in err)


def test_a_plain_comment_list_says_who_still_owes_verdicts_and_a_span_is_reported_once(
    offline: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offline.add_review_comment(7, "bob", "/Meets agree", path=PACKET, line=13)
    offline.add_review_comment(7, "carol", "/Meets", path=PACKET, line=17)
    offline.add_review_comment(7, "bob", "/not-yet both", path=PACKET, line=17, start_line=13)
    offline.add_review_comment(7, "carol", "a plain remark", path=PACKET, line=17, start_line=13)
    saved = tmp_path / "comments.json"
    saved.write_text(json.dumps(offline.pulls[7].review_comments), encoding="utf-8")
    assert main(["scorecard", PACKET, "--comments", str(saved)]) == 0
    out, err = capsys.readouterr()
    # 4 criteria; bob and carol each gave one verdict.
    assert "**Verdicts still to give:** bob (3 of 4), carol (3 of 4)\n" in out
    assert out.count("spans two criteria") == 1
    assert f"spans two criteria \\({LEADS} and {PLANS}\\)" in out
    # Only the remark without a command is counted as outside the criteria; the
    # /not-yet is listed once, under "Not counted", with why.
    assert "1 review comment(s) on the packet are outside every criterion's lines." in out
    assert "verdicts still to give count only the reviewers who gave one" in err
    assert main(["scorecard", PACKET, "--comments", str(saved), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert (card["pending"], card["unplaced"]) == (["bob", "carol"], 1)
