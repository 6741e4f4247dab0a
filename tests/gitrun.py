"""Real git for the tests: one author, no system configuration, a fixed date when asked."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str, date: str | None = None) -> str:
    """``git -C root ARGS``'s standard output, stripped; CalledProcessError on failure.

    ``date`` fixes the author and committer dates (so commits hash the same each run);
    without it git takes the clock, as a user's commit would.
    """
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "rung tests",
        "GIT_AUTHOR_EMAIL": "tests@example.com",
        "GIT_COMMITTER_NAME": "rung tests",
        "GIT_COMMITTER_EMAIL": "tests@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root),
    }
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()
