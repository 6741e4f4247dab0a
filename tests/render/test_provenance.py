"""A packet with uncommitted changes is stamped so, never with the bare commit (issue 14).

Real git in a temporary repository: the packet committed, then edited, staged,
or never added.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from gitrun import git
from rung.cli import main
from rung.render.commit import resolve_commit, with_worktree_state

CYCLE = "2026-H2"
PACKET = f"packets/{CYCLE}/ada-render.md"


@pytest.fixture
def repo(render_repo: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("ladders", "templates", "packets"):
        shutil.copytree(render_repo / name, root / name)
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "--no-gpg-sign", "-m", "packets")
    return root


def stamp(root: Path, name: str = PACKET) -> tuple[bool, str]:
    commit = with_worktree_state(resolve_commit(None, root, {}), root / name)
    assert commit is not None
    return commit.dirty, commit.stamp


def test_a_committed_packet_is_stamped_with_its_commit(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert stamp(repo) == (False, head)


def test_edited_staged_and_new_packets_are_stamped_as_uncommitted(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    path = repo / PACKET
    path.write_text(path.read_text() + "\nOne more line.\n")
    assert stamp(repo) == (True, f"uncommitted changes on top of {head}")
    git(repo, "add", PACKET)  # staged is still not committed
    assert stamp(repo)[0] is True
    git(repo, "checkout", "HEAD", "--", PACKET)
    assert stamp(repo)[0] is False
    new = f"packets/{CYCLE}/new-one.md"
    shutil.copy(path, repo / new)  # never added: not in the commit at all
    assert stamp(repo, new) == (True, f"uncommitted changes on top of {head}")


def test_an_explicit_commit_is_compared_too(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    path = repo / PACKET
    path.write_text(path.read_text() + "\nLater.\n")
    git(repo, "commit", "--quiet", "--no-gpg-sign", "-am", "later")
    commit = with_worktree_state(resolve_commit(first, repo, {}), path)
    assert commit is not None and commit.dirty  # the file on disk is not the one at `first`


def test_a_commit_git_does_not_know_claims_nothing(repo: Path) -> None:
    commit = with_worktree_state(resolve_commit("ab" * 20, repo, {}), repo / PACKET)
    assert commit is not None and not commit.dirty


def test_the_pdf_says_uncommitted_changes(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    path = repo / PACKET
    path.write_text(path.read_text().replace("## Summary", "## Summary\n\nEdited after commit.", 1))
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(io.StringIO()):
        mp.chdir(repo)
        mp.delenv("GITHUB_SHA", raising=False)
        assert main(["render", PACKET, "--out", "out"]) == 0
    reader = PdfReader(repo / "out" / CYCLE / "ada-render.pdf")
    about = "".join(reader.pages[-1].extract_text().split())
    assert "".join(f"uncommitted changes on top of {head}".split()) in about
    assert reader.attachments["ada-render.md"] == [path.read_bytes()]
