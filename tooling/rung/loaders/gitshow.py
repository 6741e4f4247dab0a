"""A file as a local git branch holds it, without checking it out: what ``rung validate``
reads of the promotion record's branch when the clone has it.  Quiet: no git, no
repository, no such branch or no such file are all "not here" (None)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired, NotADirectoryError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def branch_commit(cwd: Path, names: Sequence[str]) -> str | None:
    """The first of ``names`` (full ref names) the repository at ``cwd`` has, as
    ``ref`` (None when it has none of them)."""
    for name in names:
        if _git(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], cwd) is not None:
            return name
    return None


def show(cwd: Path, ref: str, path: str) -> str | None:
    """The text of ``path`` at ``ref`` (None when it has no such file)."""
    return _git(["show", f"{ref}:{path}"], cwd)
