"""Ids, tracks and ranks for the levels of a draft, each with the reason it was chosen."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rung.ladder_import.model import Draft, DraftLevel
from rung.ladder_import.slugs import plain_slug, unique, words

TRACK_NAMES = {"ic": "Individual contributor", "em": "Engineering manager", "manager": "Manager"}
_MANAGER = re.compile(
    r"\b(managers?|management|leads?|leaders?|head|directors?|vp|cto|supervisors?)\b",
    re.IGNORECASE,
)
_LEVEL_NUMBER = re.compile(r"(?i:\blevel\s*(\d+))|\bL(\d+)\b")
_CODE = re.compile(r"\b([A-Z]{1,4})(\d+)\b")
_PAREN_CODE = re.compile(r"\(([A-Za-z]{1,4}\d+)\)")


@dataclass(frozen=True)
class TrackHint:
    """``--track-hint PATTERN=TRACK``: levels whose title matches PATTERN go on TRACK."""

    pattern: re.Pattern[str]
    track: str

    @property
    def text(self) -> str:
        return f"{self.pattern.pattern}={self.track}"


@dataclass(frozen=True)
class LevelPlan:
    level: DraftLevel
    id: str
    track: str
    rank: int
    why: str  # how track and rank were guessed, for the draft's comments


def track_name(track: str) -> str:
    return TRACK_NAMES.get(track, track.replace("-", " ").capitalize())


def _track(title: str, hints: tuple[TrackHint, ...]) -> tuple[str, str]:
    for hint in hints:
        if hint.pattern.search(title):
            return hint.track, f"--track-hint {hint.text}"
    if re.search(r"\bEM\b", title):
        return "em", 'title says "EM"'
    if re.search(r"\bIC\b", title):
        return "ic", 'title says "IC"'
    found = [m.group(0) for m in _MANAGER.finditer(title)]
    if found:
        return "manager", "title says " + ", ".join(f'"{word}"' for word in found)
    return "ic", "no manager word in the title"


def _number(title: str) -> int | None:
    match = _LEVEL_NUMBER.search(title)
    if match:
        return int(match.group(1) or match.group(2))
    code = _CODE.search(title)
    return int(code.group(2)) if code else None


def _id_base(title: str, track: str) -> str:
    """Level id from a title: "Tech Lead (TL2)" -> tl2, "L5 IC" -> ic-l5, "Sr Engineer 1" -> se1."""
    paren = _PAREN_CODE.search(title)
    if paren:
        return paren.group(1).lower()
    number = _LEVEL_NUMBER.search(title)
    if number:
        return f"{track}-l{int(number.group(1) or number.group(2))}"
    code = _CODE.search(title)
    if code:
        return f"{code.group(1).lower()}{int(code.group(2))}"
    parts = words(title)
    if len(parts) >= 2:
        return "".join(w if w.isdigit() else w[0] for w in parts)
    return plain_slug(title)


def plan_levels(draft: Draft, hints: tuple[TrackHint, ...]) -> list[LevelPlan]:
    """The levels in output order (by rank when every title numbers its level)."""
    levels = list(draft.levels.values())
    tracks = [_track(lv.title, hints) for lv in levels]
    numbers = [_number(lv.title) for lv in levels]
    pairs = [(t, n) for (t, _), n in zip(tracks, numbers, strict=True)]
    explicit = all(n is not None for n in numbers) and len(set(pairs)) == len(pairs)
    taken: set[str] = set()
    plans: list[LevelPlan] = []
    for position, (level, (track, why_track), number) in enumerate(
        zip(levels, tracks, numbers, strict=True), start=1
    ):
        if explicit and number is not None:
            rank, why_rank = number, "rank from the title"
        else:
            rank, why_rank = position, "rank from document order"
        base = _id_base(level.title, track)
        level_id = base if base and base not in taken else plain_slug(level.title)
        plans.append(
            LevelPlan(
                level, unique(level_id, taken, "level"), track, rank, f"{why_track}; {why_rank}"
            )
        )
    if explicit:
        plans.sort(key=lambda p: p.rank)  # stable: levels sharing a rank keep document order
    return plans
