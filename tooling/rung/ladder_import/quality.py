"""The quality report printed after an import: what each level got, and what to check first."""

from __future__ import annotations

from typing import Any

from rung.ladder_import.model import Draft, snippet
from rung.ladder_import.plan import LevelPlan


def quality_lines(draft: Draft, plans: list[LevelPlan], data: dict[str, Any]) -> list[str]:
    """One line per level (areas, criteria, how track and rank were guessed), then the guesses
    a reviewer should check first, most consequential first."""
    lines: list[str] = []
    for plan, level in zip(plans, data["levels"], strict=True):
        areas = level["areas"]
        criteria = sum(len(a.get("criteria", [])) for a in areas)
        lines.append(
            f'level {plan.id} "{snippet(plan.level.title, 40)}": {len(areas)} areas, '
            f"{criteria} criteria; track {plan.track}, rank {plan.rank} ({plan.why})"
        )
    checks: list[str] = []
    guessed = [p for p in plans if "--track-hint" not in p.why]
    if len({p.track for p in plans}) > 1 or any("manager word" not in p.why for p in guessed):
        checks.append("tracks: " + ", ".join(f"{p.id} -> {p.track}" for p in plans))
    if any("document order" in p.why for p in plans):
        checks.append("ranks follow the document order, not numbers in the titles")
    checks.append(
        f"cumulative: {'true, from line ' + str(draft.cumulative_line) if draft.cumulative_line else 'false, no sentence says levels build on each other'}"
    )
    labelled = [f"{p.id} ({', '.join(p.level.labelled)})" for p in plans if p.level.labelled]
    if labelled:
        checks.append("areas taken from bullet labels: " + "; ".join(labelled))
    copied = [
        f"{p.id}.{a['id']}"
        for p, lv in zip(plans, data["levels"], strict=True)
        for a in lv["areas"]
        if a.get("note") and a.get("criteria")
    ]
    if copied:
        checks.append('"Same as" notes resolved by copying criteria: ' + ", ".join(copied))
    empty = [
        p.id
        for p, lv in zip(plans, data["levels"], strict=True)
        if not any(a.get("criteria") for a in lv["areas"])
    ]
    if empty:
        checks.append("levels without any criterion: " + ", ".join(empty))
    lines.extend(f"check {n}: {text}" for n, text in enumerate(checks, start=1))
    return lines
