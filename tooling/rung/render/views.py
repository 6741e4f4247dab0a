"""The parts of a packet's view: a commit, links, claims, criteria, areas, ratings (pure).

:mod:`rung.render.context` builds them; templates print them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rung.render.labels import STATUS_GLYPH


@dataclass(frozen=True)
class CommitInfo:
    """The commit a PDF was rendered from; ``date`` is git's ``%cI`` (ISO 8601)."""

    sha: str
    date: str | None = None
    dirty: bool = False  # the packet file differs from the commit (uncommitted changes)

    @property
    def stamp(self) -> str:
        """What the PDF says about where the packet came from."""
        return f"uncommitted changes on top of {self.sha}" if self.dirty else self.sha


@dataclass(frozen=True)
class LinkView:
    url: str
    href: str | None  # None: not an https URL, shown as text and never made clickable


@dataclass(frozen=True)
class ClaimView:
    text: str
    links: tuple[LinkView, ...]
    # rung evidence's marks, one per checked link; none where no check ran on the claim,
    # which the PDF says once per packet rather than under every claim
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriterionView:
    number: str  # "2.3": area 2, criterion 3, as printed in the grid and the sections
    anchor: str
    id: str
    text: str
    status: str  # met / partial / gap / missing, from rung.model.coverage
    count: int
    min_evidence: int
    claims: tuple[ClaimView, ...]
    gap: str | None
    label: str = ""  # the short name the "(continued)" header and the panel's table print
    grid_label: str = ""  # the coverage grid's name: longer, wrapped, unique in the packet

    @property
    def glyph(self) -> str:
        return STATUS_GLYPH[self.status]

    @property
    def continued(self) -> str:
        """The running header on a page that carries on this criterion's evidence."""
        return f"{self.number} {self.label} (continued)"

    @property
    def is_checkpoint(self) -> bool:
        return self.min_evidence > 1

    @property
    def cell(self) -> str:
        """What the coverage grid shows: evidence items counted in words (a bare "✓ 1"
        read as a score), ``x of N`` for checkpoints, or gap."""
        if self.status == "gap":
            return "gap"
        if self.is_checkpoint:
            return f"{self.count} of {self.min_evidence} items"
        if not self.count:
            return "none"
        return f"{self.count} item{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class AreaView:
    number: int
    anchor: str
    name: str
    level_title: str
    note: str
    criteria: tuple[CriterionView, ...]

    @property
    def evidenced(self) -> int:
        return _evidenced(self.criteria)

    def count(self, status: str) -> int:
        return sum(1 for c in self.criteria if c.status == status)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


def _evidenced(criteria: tuple[CriterionView, ...]) -> int:
    return sum(1 for c in criteria if c.status == "met")


@dataclass(frozen=True)
class RatingView:
    competency: str
    rating: int | None
    expected: int
    scale: int = 5


@dataclass(frozen=True)
class ExtraView:
    """Evidence for a criterion the move does not require (kept, not counted)."""

    id: str
    text: str
    claims: tuple[ClaimView, ...]
    gap: str | None
