"""What GitHub says about one piece of work, and what rung concludes about one link.

``Work`` is GitHub's answer, reduced to the facts rung judges by and kept as
JSON in the cache; ``Missing`` is an answer without the work.  ``Check`` is
the verdict on one link of a packet, with its mark (docs/evidence.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# Statuses of a Check, from best to worst news; docs/evidence.md explains each.
VERIFIED = "verified"  # the candidate's work, in the period, not abandoned
WARNING = "warning"  # GitHub answered, but something the committee should look at
NOT_FOUND = "not-found"  # the repository is readable and has no such item
NO_ACCESS = "no-access"  # GitHub would not show it to rung's token
NOT_CHECKED = "not-checked"  # another host, or a GitHub page that is no single item
ERROR = "error"  # GitHub did not answer (after bounded retries)
STATUSES = (VERIFIED, WARNING, NOT_FOUND, NO_ACCESS, NOT_CHECKED, ERROR)


@dataclass(frozen=True)
class Work:
    """A pull request, issue, commit, discussion or release as GitHub returned it.

    Dates are GitHub's ISO 8601 timestamps (``2026-03-02T10:00:00Z``) or "".
    ``reviewed`` is when the candidate the work was read for first reviewed it.
    """

    kind: str  # pull, issue, commit, discussion, release
    url: str
    author: str | None  # login; None for a deleted account ("ghost") or an unlinked email
    state: str  # merged, closed, open (pull, issue, discussion); committed; published, draft
    created: str = ""
    updated: str = ""  # GitHub's updatedAt; "" for a commit, which never changes
    merged: str = ""  # mergedAt
    closed: str = ""
    merged_by: str | None = None
    coauthors: tuple[str, ...] = ()  # commit authors after the first (Co-authored-by)
    reviewed: str = ""  # the candidate's first review, submittedAt
    candidate: str = ""  # whose review ``reviewed`` is about

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["coauthors"] = list(self.coauthors)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Work:
        values = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        values["coauthors"] = tuple(values.get("coauthors", ()))
        return cls(**values)

    @property
    def settled(self) -> bool:
        """Whether the facts rung judges can no longer change, so a cached copy stays true.

        A commit never changes; a merged pull request stays merged; a published
        release keeps its author and date.  Open, closed (reopenable) items are
        read again on every run.
        """
        return self.kind == "commit" or self.state in {"merged", "published"}


@dataclass(frozen=True)
class Missing:
    """GitHub answered without the work: NOT_FOUND, NO_ACCESS or ERROR, and why."""

    status: str
    reason: str


@dataclass(frozen=True)
class Period:
    """The period under review: from the first day of ``in_level_since`` to the cycle's date."""

    start: date
    end: date  # exclusive: the committee judges what was done before the cycle starts

    def place(self, day: date) -> str:
        """``before``, ``in`` or ``after``."""
        if day < self.start:
            return "before"
        return "in" if day < self.end else "after"


@dataclass(frozen=True)
class Check:
    """The verdict on one link of a packet."""

    link: str  # as written
    status: str  # one of STATUSES
    mark: str  # the text a reader sees beside the claim
    kind: str = ""  # what the link points at, when it is GitHub work
    canonical: str = ""
    relation: str = ""  # authored, co-authored, reviewed, merged, none
    author: str | None = None
    state: str = ""
    date: str = ""  # YYYY-MM-DD of the date judged against the period
    period: str = ""  # before, in, after; "" when not judged
    source: str = ""  # github, cache or "" (not read)
    notes: tuple[str, ...] = field(default=())
