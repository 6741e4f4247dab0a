"""A pull request as rung reads it: plain data, shared by the client and its writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PullInfo:
    number: int
    author: str | None
    head_sha: str
    state: str
    requested: tuple[str, ...]  # users with a pending review request
    html_url: str
    repo_html_url: str  # of the base repository: https://HOST/OWNER/REPO


def login_of(user: Any) -> str | None:
    """A PyGithub user's login; None for a deleted account."""
    return None if user is None else str(user.login)
