"""Which files changed since a git revision: what ``rung validate --changed-since`` checks.

"Changed" is the union of

* ``git diff --name-only REF...HEAD``: what the branch changed since it left REF
  (the merge base, as a pull request shows it), and
* the working tree: files modified or staged but not committed
  (``git diff --name-only HEAD``) and untracked files not ignored
  (``git ls-files --others --exclude-standard``),

so the same command answers both "what does this pull request change" in CI and
"what am I about to push" on a laptop.  Deleted files are left out.  Paths are
relative to the working directory.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from rung.problems import FatalError


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            # File names are bytes to git: decode them as the file system does.
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except FileNotFoundError:
        raise FatalError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise FatalError(f"git {args[0]} failed: {detail[-1] if detail else 'no message'}")
    return done.stdout


def changed_files(ref: str, cwd: Path) -> list[Path]:
    """Existing files changed since ``ref`` (see the module docstring), sorted, relative to ``cwd``."""
    if not ref or ref.startswith("-"):
        raise FatalError(f"--changed-since needs a git revision, not {ref!r}")
    try:
        _git(["rev-parse", "--git-dir"], cwd)
    except FatalError:
        raise FatalError("--changed-since needs a git repository, and this is not one") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    except FatalError:
        raise FatalError(
            f"unknown git revision {ref!r}; in CI, fetch it first "
            "(actions/checkout with fetch-depth: 0)"
        ) from None
    names: set[str] = set()
    for args in (
        ["diff", "--name-only", "-z", "--relative", f"{ref}...HEAD"],
        ["diff", "--name-only", "-z", "--relative", "HEAD"],
        ["ls-files", "-z", "--others", "--exclude-standard"],
    ):
        names.update(name for name in _git(args, cwd).split("\0") if name)
    return sorted(Path(name) for name in names if (cwd / name).is_file())


def changed_by(ref: str, path: Path, cwd: Path) -> list[str]:
    """The authors (``Name <email>``) of the commits since ``ref`` that touched ``path``,
    oldest first, each once; "uncommitted changes" when the working tree differs too."""
    log = _git(["log", "--reverse", "--format=%an <%ae>", f"{ref}..HEAD", "--", str(path)], cwd)
    authors = list(dict.fromkeys(line for line in log.splitlines() if line))
    if _git(["status", "--porcelain", "--", str(path)], cwd).strip():
        authors.append("uncommitted changes")
    return authors


def default_base(cwd: Path) -> str:
    """The merge base of HEAD with the default branch (``origin/HEAD``, else main/master)."""
    _git(["rev-parse", "--git-dir"], cwd)
    for candidate in ("origin/HEAD", "origin/main", "origin/master", "main", "master"):
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"], cwd)
        except FatalError:
            continue
        return _git(["merge-base", "HEAD", candidate], cwd).strip()
    raise FatalError("no default branch found (origin/HEAD, main or master); give --since REF")


def file_at(ref: str, path: str, cwd: Path) -> str | None:
    """The text of ``path`` (relative to ``cwd``) at ``ref``, or None when it did not exist."""
    try:
        return _git(["show", f"{ref}:./{path}"], cwd)
    except FatalError:
        return None
