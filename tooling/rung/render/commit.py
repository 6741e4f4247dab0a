"""Which commit a PDF is rendered from, and that commit's date (never the clock).

``--commit`` wins, then ``GITHUB_SHA`` (set in GitHub Actions), then ``git
rev-parse HEAD`` in the packet's directory, else no commit.  The date is git's
committer date of that commit; when git does not know the commit (a shallow
clone without it, no git at all), ``SOURCE_DATE_EPOCH`` is used if set, else
the PDF carries no date.  A packet file that differs from that commit (edited,
staged, or not in it at all) is stamped "uncommitted changes on top of <sha>":
the PDF must not claim a commit it was not rendered from.  git runs as a subprocess with an argument list, never
through a shell, and the SHA is checked to be hex before git sees it.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from rung.problems import FatalError
from rung.render.context import CommitInfo

_SHA = re.compile(r"[0-9a-fA-F]{7,64}\Z")
GIT_TIMEOUT = 20


def _git(directory: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


def _epoch_date(environ: Mapping[str, str]) -> str | None:
    value = environ.get("SOURCE_DATE_EPOCH", "")
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), UTC).isoformat().replace("+00:00", "Z")


def resolve_commit(
    explicit: str | None, directory: Path, environ: Mapping[str, str] = os.environ
) -> CommitInfo | None:
    """The commit to stamp on PDFs rendered from files in ``directory``."""
    sha = explicit or environ.get("GITHUB_SHA") or _git(directory, "rev-parse", "HEAD")
    if not sha:
        return None
    if not _SHA.match(sha):
        source = "--commit" if explicit else "GITHUB_SHA" if environ.get("GITHUB_SHA") else "git"
        raise FatalError(
            f"{source} gave '{sha[:80]}', which is not a commit SHA (7 to 64 hex digits)"
        )
    full = _git(directory, "rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}") or sha
    date = _git(directory, "show", "-s", "--format=%cI", full, "--") or _epoch_date(environ)
    return CommitInfo(full.lower(), date)


def with_worktree_state(commit: CommitInfo | None, packet: Path) -> CommitInfo | None:
    """``commit``, marked ``dirty`` when ``packet`` on disk is not the file at that commit.

    Compares blob ids (``git rev-parse SHA:./NAME`` against ``git hash-object``,
    which applies the repository's filters, so line-ending settings do not count
    as changes).  When git does not know the commit (a shallow clone without it,
    no git), nothing is claimed either way.
    """
    if commit is None:
        return None
    folder, name = packet.resolve().parent, packet.name
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{commit.sha}^{{commit}}") is None:
        return commit
    committed = _git(folder, "rev-parse", "--verify", "--quiet", f"{commit.sha}:./{name}")
    on_disk = _git(folder, "hash-object", "--", name)
    return replace(commit, dirty=committed is None or committed != on_disk)
