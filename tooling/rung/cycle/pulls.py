"""What rung reads from GitHub about a cycle's pull requests, as plain data.

:mod:`rung.github.cycle` fills these; everything else in :mod:`rung.cycle` is a
pure function of them, so tests and offline runs need no PyGithub.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawReview:
    id: int
    login: str | None  # None: the account was deleted
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    submitted_at: str = ""


@dataclass(frozen=True)
class RawComment:
    """A pull-request review comment, as much of it as the verdicts need."""

    id: int
    login: str | None
    body: str
    path: str
    line: int | None
    original_line: int | None = None
    side: str | None = "RIGHT"
    created_at: str = ""


@dataclass(frozen=True)
class PullData:
    """One pull request that adds or changes packets of the cycle."""

    number: int
    html_url: str
    author: str | None
    state: str  # open or closed
    draft: bool
    merged: bool
    created_at: str  # ISO 8601, as GitHub sends it
    labels: tuple[str, ...]
    requested: tuple[str, ...]  # logins with a pending review request
    paths: tuple[str, ...]  # the packet files it adds or changes
    reviews: tuple[RawReview, ...] = ()
    comments: tuple[RawComment, ...] = ()
    head_sha: str = ""
