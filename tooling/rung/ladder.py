"""Career ladders as data: the model, loading with positions, and the moves it allows."""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass, field
from typing import Any

from rung.problems import Level as Severity
from rung.problems import Problem
from rung.schema import schema_problems
from rung.yamlload import Document, Position, load_yaml


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

    @property
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

    @property
    def criteria_by_id(self) -> dict[str, Criterion]:
        return {c.id: c for lv in self.levels for c in lv.criteria}

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


# --- loading ---------------------------------------------------------------------------

RULE_SCHEMA = "schema"
RULE_SEMANTICS = "ladder"


def load_ladder(
    text: str, path: str, *, advise: bool = False
) -> tuple[Ladder | None, list[Problem]]:
    """Parse and check a ladder file; the ladder is None when it has errors.

    ``advise`` adds the warnings meant for the ladder's maintainer (``rung ladder
    check``), such as a missing policy, which packets' authors cannot act on.
    """
    doc, problems = load_yaml(text, path)
    if doc is None:
        return None, problems
    problems = schema_problems(doc, "ladder", path, RULE_SCHEMA)
    if problems:
        return None, problems
    ladder = _build(doc, path)
    problems = check_ladder(ladder, doc)
    if any(p.level is Severity.ERROR for p in problems):
        return None, problems
    if advise and not ladder.policy.written:
        line, column = doc.key_at(("id",))
        problems.append(
            Problem(
                path,
                line,
                column,
                Severity.WARNING,
                RULE_SEMANTICS,
                f"ladder '{ladder.id}' has no 'policy:', so rung applies the defaults (at most "
                "a third of a move's criteria as gaps, a Summary section); write a 'policy:' "
                "with max_gaps and required_sections to choose (docs/ladders.md)",
            )
        )
    return ladder, problems


def _build(doc: Document, path: str) -> Ladder:
    data: dict[str, Any] = doc.data
    levels = []
    for li, lv in enumerate(data["levels"]):
        areas = []
        for ai, area in enumerate(lv.get("areas", [])):
            criteria = tuple(
                Criterion(
                    id=c["id"],
                    level=lv["id"],
                    area=area["id"],
                    text=c["text"],
                    min_evidence=c.get("min_evidence", 1),
                    position=doc.value_at(("levels", li, "areas", ai, "criteria", ci, "id")),
                    renamed_from=tuple(c.get("renamed_from", ())),
                    label=c.get("label", ""),
                )
                for ci, c in enumerate(area.get("criteria", []))
            )
            areas.append(Area(area["id"], area["name"], criteria, area.get("note", "")))
        tenure = lv.get("tenure")
        levels.append(
            Level(
                id=lv["id"],
                track=lv["track"],
                rank=lv["rank"],
                title=lv["title"],
                areas=tuple(areas),
                aka=lv.get("aka", ""),
                summary=lv.get("summary", ""),
                typical_experience=lv.get("typical_experience", ""),
                tenure=Tenure(
                    tenure["minimum_months"], tenure["kind"], tuple(tenure.get("text", []))
                )
                if tenure
                else None,
                expected_ratings=dict(lv.get("expected_ratings", {})),
                guidance=tuple(
                    Guidance(g["title"], tuple(g["items"])) for g in lv.get("guidance", [])
                ),
            )
        )
    policy = data.get("policy")
    return Ladder(
        id=data["id"],
        name=data["name"],
        source=data["source"],
        cumulative=data["cumulative"],
        tracks=tuple(Track(t["id"], t["name"], t["entry"]) for t in data["tracks"]),
        levels=tuple(levels),
        policy=DEFAULT_POLICY
        if policy is None
        else Policy(
            max_gaps=policy.get("max_gaps"),
            required_sections=tuple(policy.get("required_sections", [])),
            allowed_link_hosts=tuple(policy.get("allowed_link_hosts", [])),
        ),
        competencies={c["id"]: c["name"] for c in data.get("competencies", [])},
        path=path,
    )


def check_ladder(ladder: Ladder, doc: Document) -> list[Problem]:
    """Semantic checks the schema cannot express, each pointing at the offending node."""
    problems: list[Problem] = []

    def report(where: tuple[str | int, ...], message: str) -> None:
        line, column = doc.value_at(where)
        problems.append(Problem(ladder.path, line, column, Severity.ERROR, RULE_SEMANTICS, message))

    stem = ladder.path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".yaml")
    if ladder.path.endswith(".yaml") and stem != ladder.id:
        report(("id",), f"ladder id '{ladder.id}' does not match its file name '{stem}.yaml'")

    track_ids = {t.id for t in ladder.tracks}
    seen_tracks: set[str] = set()
    for ti, track in enumerate(ladder.tracks):
        if track.id in seen_tracks:
            report(("tracks", ti, "id"), f"duplicate track id '{track.id}'")
        seen_tracks.add(track.id)

    seen_levels: set[str] = set()
    seen_criteria: dict[str, int] = {}
    last_rank: dict[str, int] = {}
    for li, level in enumerate(ladder.levels):
        if level.id in seen_levels:
            report(("levels", li, "id"), f"duplicate level id '{level.id}'")
        seen_levels.add(level.id)
        if level.track not in track_ids:
            report(
                ("levels", li, "track"),
                f"unknown track '{level.track}'; the ladder defines: {', '.join(sorted(track_ids))}",
            )
        elif level.track in last_rank and level.rank <= last_rank[level.track]:
            report(
                ("levels", li, "rank"),
                f"rank {level.rank} of '{level.id}' does not increase along track '{level.track}' "
                f"(the level before it has rank {last_rank[level.track]})",
            )
        last_rank[level.track] = max(level.rank, last_rank.get(level.track, level.rank))
        for competency in level.expected_ratings:
            if competency not in ladder.competencies:
                report(
                    ("levels", li, "expected_ratings", competency),
                    f"expected rating for unknown competency '{competency}'; "
                    "list it under 'competencies'",
                )
        for ai, area in enumerate(level.areas):
            for ci, criterion in enumerate(area.criteria):
                where = ("levels", li, "areas", ai, "criteria", ci)
                prefix = f"{level.id}.{area.id}."
                if not criterion.id.startswith(prefix):
                    report(
                        (*where, "id"),
                        f"criterion id '{criterion.id}' must start with '{prefix}' "
                        "(its level and area)",
                    )
                if criterion.id in seen_criteria:
                    report(
                        (*where, "id"),
                        f"duplicate criterion id '{criterion.id}' "
                        f"(first on line {seen_criteria[criterion.id]})",
                    )
                else:
                    seen_criteria[criterion.id] = doc.value_at((*where, "id"))[0]
                if criterion.min_evidence < 1:
                    report(
                        (*where, "min_evidence"),
                        f"min_evidence must be at least 1, not {criterion.min_evidence}",
                    )

    problems.extend(_rank_gaps(ladder, doc))
    # An earlier id must name nothing else: not a criterion of today, not a second one.
    earlier: dict[str, str] = {}
    for li, level in enumerate(ladder.levels):
        for ai, area in enumerate(level.areas):
            for ci, criterion in enumerate(area.criteria):
                for ri, old in enumerate(criterion.renamed_from):
                    at = ("levels", li, "areas", ai, "criteria", ci, "renamed_from", ri)
                    if old in seen_criteria:
                        report(
                            at,
                            f"'{old}' is renamed to '{criterion.id}' but is still the id "
                            f"of a criterion (line {seen_criteria[old]}); an old id cannot be reused",
                        )
                    elif old in earlier:
                        report(
                            at,
                            f"'{old}' is listed as an earlier id of both "
                            f"'{earlier[old]}' and '{criterion.id}'; keep it on one",
                        )
                    earlier.setdefault(old, criterion.id)

    for ti, track in enumerate(ladder.tracks):
        entry = ladder.level(track.entry)
        if entry is None:
            report(
                ("tracks", ti, "entry"),
                f"entry level '{track.entry}' of track '{track.id}' does not exist",
            )
        elif entry.track != track.id:
            report(
                ("tracks", ti, "entry"),
                f"entry level '{track.entry}' is on track '{entry.track}', not '{track.id}'",
            )
    return problems


def _rank_gaps(ladder: Ladder, doc: Document) -> list[Problem]:
    """A warning where a track skips a rank that only another track has.

    That is how a level put on the wrong track looks ("Lead Programmer (L4)" on a
    manager track leaves the IC track going 3 -> 5).  A gap no other track fills is
    a ladder that simply defines fewer levels, and passes.
    """
    problems: list[Problem] = []
    index = {lv.id: li for li, lv in enumerate(ladder.levels)}
    for track in ladder.tracks:
        levels = ladder.track_levels(track.id)
        for low, high in itertools.pairwise(levels):
            for rank in range(low.rank + 1, high.rank):
                elsewhere = [lv.id for lv in ladder.levels if lv.rank == rank]
                if not elsewhere:
                    continue
                line, column = doc.value_at(("levels", index[high.id], "rank"))
                problems.append(
                    Problem(
                        ladder.path,
                        line,
                        column,
                        Severity.WARNING,
                        RULE_SEMANTICS,
                        f"track '{track.id}' goes from rank {low.rank} ('{low.id}') to "
                        f"{high.rank} ('{high.id}'), but rank {rank} exists on another track "
                        f"({', '.join(elsewhere)}); move that level to '{track.id}' if it "
                        "belongs there, or renumber",
                    )
                )
    return problems
