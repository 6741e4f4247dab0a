"""Loading a ladder file: strict YAML with positions, the schema, then the semantic checks."""

from __future__ import annotations

from rung.ladder.check import RULE_SEMANTICS, check_ladder
from rung.ladder.model import (
    DEFAULT_POLICY,
    Area,
    Criterion,
    Guidance,
    Ladder,
    Level,
    Policy,
    Tenure,
    Track,
)
from rung.loaders.schema import RULE as RULE_SCHEMA
from rung.loaders.schema import schema_problems
from rung.loaders.yamlload import Document, load_yaml
from rung.problems import Level as Severity
from rung.problems import Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any


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
