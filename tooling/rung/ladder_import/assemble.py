"""Draft + level plans -> ladder data in the shape of ladder.schema.json, with review comments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rung.ladder_import.classify import tenure_months
from rung.ladder_import.emit import Path
from rung.ladder_import.model import Draft, DraftLevel, snippet
from rung.ladder_import.plan import LevelPlan, track_name
from rung.ladder_import.slugs import area_slug, criterion_slug, plain_slug, unique


@dataclass
class Assembled:
    data: dict[str, Any]
    above: dict[Path, list[str]] = field(default_factory=dict)
    after: dict[Path, str] = field(default_factory=dict)
    areas: int = 0
    criteria: int = 0


def join_prose(parts: list[str]) -> str:
    """Paragraphs separated by a blank line; consecutive bullets stay a list."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out:
            out += (
                "\n"
                if out.rsplit("\n", 1)[-1].startswith("- ") and part.startswith("- ")
                else "\n\n"
            )
        out += part
    return out


def _line(line: int) -> str:
    return f"line {line}"


def assemble(
    draft: Draft,
    plans: list[LevelPlan],
    ladder_id: str,
    source: str,
    where: Callable[[int], str] = _line,
) -> Assembled:
    """The ladder data; ``where`` names a source line in the comments ("line 12")."""
    result = Assembled(data={})
    data = result.data
    data["id"] = ladder_id
    data["name"] = draft.name or ladder_id
    data["source"] = source
    data["cumulative"] = bool(draft.cumulative_line)
    result.after[("cumulative",)] = (
        f"guessed from line {draft.cumulative_line}; true when each level includes the ones below"
        if draft.cumulative_line
        else "no sentence says levels build on each other; set true if they do"
    )
    if draft.description:
        data["description"] = join_prose(draft.description)

    competencies: dict[str, str] = {}  # name -> id
    for plan in plans:
        for name in plan.level.ratings:
            if name not in competencies:
                competencies[name] = unique(
                    plain_slug(name), set(competencies.values()), "competency"
                )
    if competencies:
        data["competencies"] = [{"id": cid, "name": name} for name, cid in competencies.items()]

    tracks: dict[str, str] = {}  # track -> entry level (its lowest rank)
    for plan in plans:
        tracks.setdefault(plan.track, plan.id)
    data["tracks"] = [{"id": t, "name": track_name(t), "entry": e} for t, e in tracks.items()]
    result.above[("tracks",)] = [
        "Guessed from level titles (EM / Manager / Lead ... -> a manager track); check the",
        "entry level of each track, and rerun with --track-hint PATTERN=TRACK to change a guess.",
    ]

    area_ids: dict[str, str] = {}  # area slug base -> id, shared by every level using the name
    levels: list[dict[str, Any]] = []
    for index, plan in enumerate(plans):
        path: Path = ("levels", index)
        result.above[path] = [
            f'{where(plan.level.line)}: "{snippet(plan.level.title)}" — {plan.why}'
        ]
        levels.append(_level(result, plan, competencies, area_ids, line_of=where, where=path))
    data["levels"] = levels
    return result


def _level(
    result: Assembled,
    plan: LevelPlan,
    competencies: dict[str, str],
    area_ids: dict[str, str],
    *,
    line_of: Callable[[int], str],
    where: Path,
) -> dict[str, Any]:
    level: DraftLevel = plan.level
    out: dict[str, Any] = {
        "id": plan.id,
        "track": plan.track,
        "rank": plan.rank,
        "title": level.title,
    }
    if level.aka:
        out["aka"] = level.aka
    if level.summary:
        out["summary"] = join_prose(level.summary)
    experience = list(level.typical_experience)
    months = tenure_months(level.tenure)
    if level.tenure and months is None:
        experience.extend(level.tenure)  # no length of time to enforce: it is only context
    if experience:
        out["typical_experience"] = join_prose(experience)
    if level.tenure and months is not None:
        out["tenure"] = {"minimum_months": months, "kind": "guideline", "text": list(level.tenure)}
        result.after[(*where, "tenure", "minimum_months")] = (
            "read from the text; 'guideline' warns, 'requirement' fails a packet"
        )
    if level.ratings:
        out["expected_ratings"] = {competencies[n]: v for n, v in level.ratings.items()}
    if level.guidance:
        out["guidance"] = [{"title": t, "items": items} for t, items in level.guidance.items()]
    areas: list[dict[str, Any]] = []
    taken: set[str] = set()
    for area in level.areas.values():
        if not area.criteria and not area.note:
            continue
        base = area_ids.setdefault(area_slug(area.name), area_slug(area.name) or "area")
        area_id = unique(base, taken, "area")
        entry: dict[str, Any] = {"id": area_id, "name": area.name}
        if area.note:
            entry["note"] = area.note
            if area.copied_from:
                result.after[(*where, "areas", len(areas), "note")] = area.copied_from
        criteria: list[dict[str, Any]] = []
        used: set[str] = set()
        for item in area.criteria:
            slug = unique(criterion_slug(item.text), used, "criterion")
            result.after[(*where, "areas", len(areas), "criteria", len(criteria), "id")] = line_of(
                item.line
            )
            criteria.append({"id": f"{plan.id}.{area_id}.{slug}", "text": item.text})
        if criteria:
            entry["criteria"] = criteria
        result.criteria += len(criteria)
        areas.append(entry)
    result.areas += len(areas)
    out["areas"] = areas
    return out
