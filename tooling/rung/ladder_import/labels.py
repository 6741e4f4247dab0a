"""Areas named inside bullets: ``- Impact: Delivers …``, ``- **Adopts**: …``, ``- Scope:``
with sub-bullets, and ``- Impact ➡ Component: …``.

Only bullets directly under a level are read this way; without it they would all
land in one catch-all "Expectations" area.  The label is kept verbatim as the
area name; after an arrow, the step word stays in the criterion ("Component: …").
"""

from __future__ import annotations

import re

from rung.ladder_import.classify import Kind
from rung.ladder_import.model import Draft, DraftLevel, Item, Label, clean_title, snippet
from rung.ladder_import.placing import place

# A label: a short capitalised phrase, no sentence punctuation ("Scope", "Impact & reach").
_LABEL = r"[A-Z][\w&/'’ -]{0,38}?"
_COLON = re.compile(rf"^({_LABEL})\s*:\s+(\S.*)$", re.DOTALL)
_ARROW = re.compile(rf"^({_LABEL})\s*(?:➡️?|→|⇒|->|=>)\s*(\S.*)$", re.DOTALL)
_LABEL_ONLY = re.compile(rf"^({_LABEL})\s*:$")
_MAX_WORDS = 3  # "Rates findings by impact: high" is a sentence, not a label


def _short(label: str) -> bool:
    return len(label.split()) <= _MAX_WORDS


def place_labelled(draft: Draft, level: DraftLevel, item: Item) -> bool:
    """Place a bullet under a level by its label; False when it has none."""
    text = " ".join(item.text.split())
    if level.label is not None:
        if item.depth > level.label.depth:
            level.label.filled = True
            _add(level, level.label.area, Item(text, item.line, True, item.depth))
            return True
        close_label(draft, level)
    only = _LABEL_ONLY.match(text)
    if only and _short(only.group(1)):
        # The area is made by its first sub-bullet; close_label reports a label without one.
        level.label = Label(clean_title(only.group(1)), item.depth, item)
        return True
    for pattern in (_ARROW, _COLON):
        match = pattern.match(text)
        if match and _short(match.group(1)):
            _add(level, clean_title(match.group(1)), Item(match.group(2), item.line, True))
            return True
    return False


def _add(level: DraftLevel, area: str, item: Item) -> None:
    if area not in level.labelled:
        level.labelled.append(area)
    place(level, area, Kind.AREA, [item], in_cell=False)


def close_label(draft: Draft, level: DraftLevel) -> None:
    """End the open label bullet of ``level``; one with no sub-bullet is reported, not lost."""
    label, level.label = level.label, None
    if label is not None and not label.filled:
        draft.unplace(
            label.item.line,
            f'label bullet "{snippet(label.item.text)}" in level "{snippet(level.title)}" '
            "has no sub-bullets, so no area was made from it",
        )
