""" "Same as L1" notes resolved: the referenced level's criteria in that area apply here too.

On a ladder that is not cumulative a level lists everything it expects, so an
area that says "Same as L1" would otherwise expect nothing.  The importer copies
L1's criteria of the same area into the later level (ids under the later level,
text verbatim, ``# line N`` pointing at the original) and keeps the note, so
validation and ``rung ladder diff`` need no new ladder key.  On a cumulative
ladder the criteria already apply through the levels below, so nothing is
copied.  Chains ("Same as L2" where L2 says "Same as L1") resolve in rank order.
"""

from __future__ import annotations

import re

from rung.ladder_import.model import Draft, DraftArea, DraftLevel, normalise
from rung.ladder_import.plan import LevelPlan

_SAME_AS = re.compile(r"^same as\s+(?:the\s+)?(?:level\s+)?(.+?)[.!]?$", re.IGNORECASE)


def _named(reference: str, plan: LevelPlan) -> bool:
    """Whether "Same as <reference>" names ``plan``'s level: by title, id or a code in it."""
    key = normalise(reference)
    title = normalise(plan.level.title)
    if key in (title, plan.id, f"level {plan.rank}"):
        return True
    return bool(re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", title)) and any(
        ch.isdigit() for ch in key
    )


def resolve_references(draft: Draft, plans: list[LevelPlan], cumulative: bool) -> None:
    """Fill areas whose note is "Same as <level>" (see the module docstring)."""
    done: set[int] = set()

    def resolve(plan: LevelPlan, area: DraftArea, seen: frozenset[int]) -> None:
        if id(area) in done:
            return
        done.add(id(area))
        match = _SAME_AS.match(" ".join(area.note.split()))
        if not match or area.criteria:
            return
        targets = [p for p in plans if p is not plan and _named(match.group(1), p)]
        if len(targets) != 1:
            why = "no level" if not targets else f"{len(targets)} levels"
            draft.warn(
                area.line,
                f'"{area.note}" in "{plan.level.title}" names {why}; add the criteria by hand',
            )
            return
        target = targets[0]
        source = target.level.areas.get(normalise(area.name))
        if source is None:
            draft.warn(
                area.line,
                f'"{area.note}" in "{plan.level.title}": '
                f'"{target.level.title}" has no area "{area.name}"; add the criteria by hand',
            )
            return
        if cumulative:
            return  # the note is true as written: the lower level's criteria already apply
        if id(target.level) not in seen:
            resolve(target, source, seen | {id(target.level)})
        area.criteria = list(source.criteria)
        area.copied_from = f"criteria copied from {target.id}, which this note names"

    for plan in plans:
        level: DraftLevel = plan.level
        for area in list(level.areas.values()):
            resolve(plan, area, frozenset({id(level)}))
