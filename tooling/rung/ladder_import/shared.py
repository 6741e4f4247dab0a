"""An "All levels" section offered as a shared area the reviewer can paste into each level.

The importer does not copy the section into the levels itself: whether it should be an
area, part of the description, or nothing is the reviewer's call, and copies would be
criteria no level heading asked for.  The offer is one ``skipped`` line at the section's
heading holding a YAML flow mapping; ``LEVEL`` stands for each level's id because
criterion ids start with their level (see docs/ladders.md).  JSON strings are YAML
double-quoted scalars, so any text stays on one line and parses back verbatim.
"""

from __future__ import annotations

import json

from rung.ladder_import.model import Draft
from rung.ladder_import.placing import one_line
from rung.ladder_import.plan import LevelPlan
from rung.ladder_import.slugs import area_slug, criterion_slug, unique

PLACEHOLDER = "LEVEL"


def shared_area(title: str, texts: list[str]) -> str:
    """The area as a YAML flow mapping, criterion ids under ``LEVEL``."""
    area = area_slug(title) or "shared"
    taken: set[str] = set()
    criteria = ", ".join(
        f"{{id: {PLACEHOLDER}.{area}.{unique(criterion_slug(t), taken, 'criterion')}, "
        f"text: {json.dumps(t, ensure_ascii=False)}}}"
        for t in texts
    )
    return f"{{id: {area}, name: {json.dumps(title, ensure_ascii=False)}, criteria: [{criteria}]}}"


def offer_shared(draft: Draft, plans: list[LevelPlan]) -> None:
    """One ``skipped`` line per "All levels" section with bullets (its bullets stay unplaced)."""
    ids = ", ".join(p.id for p in plans)
    for (line, title), items in draft.shared.items():
        block = shared_area(title, [one_line(i.text) for i in items])
        draft.skip(
            line,
            f'section "{title}" applies to every level and is not copied into any; to share '
            f"it, add this mapping as an item of `areas:` in each level ({ids}) with {PLACEHOLDER} replaced "
            f"by the level's id: {block}",
        )
