"""What rung reads from GitHub about a cycle's pull requests, as plain data.

:mod:`rung.github.cycle` fills these; everything else in :mod:`rung.cycle` is a
pure function of them, so tests and offline runs need no PyGithub.  What was
said on a pull request is held in the scorecard's own input values
(:mod:`rung.scorecard.inputs`), so the cycle counts verdicts exactly as
``rung scorecard`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rung.model.packet import Packet
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment


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
    reviews: tuple[Review, ...] = ()
    comments: tuple[ReviewComment, ...] = ()
    conversation: tuple[ConversationComment, ...] = ()
    head_sha: str = ""
    # (packet path, commit) -> the packet at a commit an outdated comment was written against
    earlier: Mapping[tuple[str, str], Packet | None] = field(default_factory=dict)

    def earlier_of(self, path: str) -> dict[str, Packet | None]:
        """commit -> the packet at ``path`` then, as the scorecard's ``earlier``."""
        return {sha: packet for (where, sha), packet in self.earlier.items() if where == path}
