"""A ladder's semantic checks: what the schema cannot say, each at the offending node.

Apart from the model (:mod:`rung.ladder.model`) so each stays small; the loader
(:mod:`rung.ladder.load`) calls :func:`check_ladder` after the schema has passed.
"""

from __future__ import annotations

import itertools

from rung.ladder.model import Ladder
from rung.loaders.yamldoc import Document
from rung.problems import Level as Severity
from rung.problems import Problem

RULE_SEMANTICS = "ladder"


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
