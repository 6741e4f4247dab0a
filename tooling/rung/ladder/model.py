"""Career ladders as data: the model and the moves it allows.

Loading a ladder file (with positions and checks) is :mod:`rung.ladder.load`.
"""

from __future__ import annotations

import enum
import functools

from rung.classes import dataclass, field
from rung.loaders.yamldoc import Position

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Criterion:
    id: str
    level: str
    area: str
    text: str
    min_evidence: int = 1
    position: Position = (0, 0)
    renamed_from: tuple[str, ...] = ()  # earlier ids, still accepted with a notice
    label: str = ""  # a short name for the PDF's coverage grid; "" derives one from text


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    criteria: tuple[Criterion, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Tenure:
    minimum_months: int
    kind: str  # "guideline" (a warning) or "requirement" (an error)
    text: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guidance:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    id: str
    track: str
    rank: int
    title: str
    areas: tuple[Area, ...] = ()
    aka: str = ""
    summary: str = ""
    typical_experience: str = ""
    tenure: Tenure | None = None
    expected_ratings: dict[str, int] = field(default_factory=dict)
    guidance: tuple[Guidance, ...] = ()

    # Cached: a level never changes once loaded, and `rung validate` asks for
    # its criteria several times per packet.
    @functools.cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for area in self.areas for c in area.criteria)


@dataclass(frozen=True)
class Track:
    id: str
    name: str
    entry: str


@dataclass(frozen=True)
class Policy:
    max_gaps: int | None = None
    required_sections: tuple[str, ...] = ()
    allowed_link_hosts: tuple[str, ...] = ()
    written: bool = True  # False: the ladder has no `policy:` and these are the defaults

    def gap_limit(self, required: int) -> int | None:
        """The most gaps a move with ``required`` criteria may have (None: no limit)."""
        if not self.written and self.max_gaps is None:
            return required // DEFAULT_GAP_SHARE
        return self.max_gaps


# A ladder without a policy still gets one: at most a third of a move's criteria as
# gaps, and a Summary, so a packet of nothing but "gap: not yet" is never clean.
DEFAULT_GAP_SHARE = 3
DEFAULT_POLICY = Policy(required_sections=("Summary",), written=False)


@dataclass(frozen=True)
class Ladder:
    id: str
    name: str
    source: str
    cumulative: bool
    tracks: tuple[Track, ...]
    levels: tuple[Level, ...]
    policy: Policy = Policy()
    competencies: dict[str, str] = field(default_factory=dict)
    path: str = ""

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def track(self, track_id: str) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    def track_levels(self, track_id: str) -> list[Level]:
        """The levels of a track, lowest rank first."""
        return sorted((lv for lv in self.levels if lv.track == track_id), key=lambda lv: lv.rank)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self.criteria_by_id.get(criterion_id)

    @functools.cached_property
    def criteria_by_id(self) -> dict[str, Criterion]:
        """Built once per ladder (callers only read it)."""
        return {c.id: c for lv in self.levels for c in lv.criteria}

    @functools.cached_property
    def memo(self) -> dict[Any, Any]:
        """Answers other modules compute once per ladder (a loaded ladder never changes)."""
        return {}

    @property
    def renamed(self) -> dict[str, str]:
        """Each earlier criterion id (``renamed_from``) and the id it is now."""
        return {old: c.id for lv in self.levels for c in lv.criteria for old in c.renamed_from}


class MoveKind(enum.Enum):
    PROMOTION = "promotion"
    LATERAL = "lateral"


class MoveError(ValueError):
    """A FROM -> TO move the ladder does not allow; the message says what is allowed."""


def classify_move(ladder: Ladder, from_id: str, to_id: str) -> MoveKind:
    """Promotion (next level up on the same track) or lateral (same rank, other track)."""
    source, target = ladder.level(from_id), ladder.level(to_id)
    if source is None or target is None:
        missing = from_id if source is None else to_id
        raise MoveError(f"ladder '{ladder.id}' has no level '{missing}'")
    if source.track == target.track:
        above = [lv for lv in ladder.track_levels(source.track) if lv.rank > source.rank]
        if above and above[0].id == target.id:
            return MoveKind.PROMOTION
    elif source.rank == target.rank:
        return MoveKind.LATERAL
    raise MoveError(f"'{from_id}' -> '{to_id}' is not allowed; {allowed_moves(ladder, source)}")


def allowed_moves(ladder: Ladder, source: Level) -> str:
    """Plain-language list of the moves out of ``source``."""
    options: list[str] = []
    above = [lv for lv in ladder.track_levels(source.track) if lv.rank > source.rank]
    if above:
        options.append(f"promotion to '{above[0].id}'")
    options.extend(
        f"lateral move to '{lv.id}'"
        for lv in ladder.levels
        if lv.track != source.track and lv.rank == source.rank
    )
    if not options:
        return f"'{source.id}' is the top of its track and has no lateral counterpart"
    return "from '" + source.id + "' the ladder allows: " + ", ".join(options)


def required_criteria(ladder: Ladder, from_id: str, to_id: str) -> list[Criterion]:
    """What a person must newly show to move FROM -> TO (raises MoveError for other moves).

    A promotion needs the target level's criteria.  A lateral move on a cumulative
    ladder needs the target track's criteria from its entry level up to TO, since
    the person never showed the lower levels of that track; on a non-cumulative
    ladder it needs TO's own criteria.
    """
    kind = classify_move(ladder, from_id, to_id)
    target = ladder.level(to_id)
    assert target is not None  # classify_move checked it
    if kind is MoveKind.LATERAL and ladder.cumulative:
        levels = [lv for lv in ladder.track_levels(target.track) if lv.rank <= target.rank]
        return [c for lv in levels for c in lv.criteria]
    return list(target.criteria)
