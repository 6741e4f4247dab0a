"""Which commit and date a PDF is stamped with: --commit, GITHUB_SHA, git HEAD, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.problems import FatalError
from rung.render.commit import resolve_commit

DATE = "2026-06-30T14:03:11+02:00"


def test_git_head_and_its_committer_date(render_repo: Path, head: str) -> None:
    commit = resolve_commit(None, render_repo / "packets", {})
    assert commit is not None
    assert (commit.sha, commit.date) == (head, DATE)


def test_explicit_commit_wins_and_is_expanded(render_repo: Path, head: str) -> None:
    commit = resolve_commit(head[:10].upper(), render_repo, {"GITHUB_SHA": "f" * 40})
    assert commit is not None
    assert (commit.sha, commit.date) == (head, DATE)


def test_github_sha_beats_git_head(render_repo: Path) -> None:
    commit = resolve_commit(
        None, render_repo, {"GITHUB_SHA": "ab" * 20, "SOURCE_DATE_EPOCH": "1782820991"}
    )
    assert commit is not None
    # git does not know the commit: the date falls back to SOURCE_DATE_EPOCH
    assert (commit.sha, commit.date) == ("ab" * 20, "2026-06-30T12:03:11Z")


def test_outside_git_there_is_no_commit_unless_given(tmp_path: Path) -> None:
    assert resolve_commit(None, tmp_path, {}) is None
    commit = resolve_commit("1234567", tmp_path, {})
    assert commit is not None
    assert (commit.sha, commit.date) == ("1234567", None)


@pytest.mark.parametrize("sha", ["HEAD", "--output=/tmp/x", "12345", "g" * 40, "a" * 65])
def test_anything_but_a_sha_is_refused(sha: str, render_repo: Path) -> None:
    with pytest.raises(FatalError, match="is not a commit SHA"):
        resolve_commit(sha, render_repo, {})
