"""Ids, tracks and ranks for the levels of a draft, each with the reason it was chosen."""

from __future__ import annotations

import itertools
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


def _title_track(title: str) -> tuple[str, str]:
    if re.search(r"\bEM\b", title):
        return "em", 'title says "EM"'
    if re.search(r"\bIC\b", title):
        return "ic", 'title says "IC"'
    found = [m.group(0) for m in _MANAGER.finditer(title)]
    if found:
        return "manager", "title says " + ", ".join(f'"{word}"' for word in found)
    return "ic", "no manager word in the title"


def hint_for(title: str, track: str) -> str:
    """The --track-hint option that puts the level titled ``title`` on ``track``."""
    pattern = re.escape(title).replace("'", "'\\''").replace("\\ ", " ")
    return f"--track-hint '^{pattern}$={track}'"


def _track(draft: Draft, level: DraftLevel, hints: tuple[TrackHint, ...]) -> tuple[str, str]:
    title = level.title
    for hint in hints:
        if hint.pattern.search(title):
            return hint.track, f"--track-hint {hint.text}"
    guess, why = _title_track(title)
    spelled, said = _title_track(level.abbr)
    if said != "no manager word in the title":
        return spelled, f'its <abbr> says "{level.abbr}"'
    if level.heading_track is None:
        return guess, why
    track, heading = level.heading_track
    if guess != track and why != "no manager word in the title":
        draft.warn(
            level.line,
            f'level "{title}" is under the heading "{heading}" (track {track}) but its {why}; '
            f"kept on track {track} — if it belongs elsewhere, rerun with "
            f"{hint_for(title, guess)}",
        )
    return track, f'under the heading "{heading}"'


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


def _order_ranks(tracks: list[str]) -> list[int]:
    """Ranks from document order, where tracks that alternate are paired side by side.

    A level on another track than the one before it shares that level's rank when the
    document alternates there (the other track resumes right after it, or its own track
    came right before): "Principal Engineer, Lead Engineer, Principal Architect,
    Engineering Manager" is two pairs.  Tracks written one after another keep counting up.
    """
    ranks: list[int] = []
    paired = [False] * len(tracks)
    for i, track in enumerate(tracks):
        before = tracks[i - 1] if i else track
        resumes = i + 1 < len(tracks) and tracks[i + 1] == before
        continues = i >= 2 and tracks[i - 2] == track
        if track != before and not paired[i - 1] and (resumes or continues):
            paired[i - 1] = paired[i] = True
            ranks.append(ranks[i - 1])
        else:
            ranks.append(ranks[-1] + 1 if ranks else 1)
    return ranks


def plan_levels(draft: Draft, hints: tuple[TrackHint, ...]) -> list[LevelPlan]:
    """The levels in output order (by rank when every title numbers its level)."""
    levels = list(draft.levels.values())
    tracks = [_track(draft, lv, hints) for lv in levels]
    numbers = [_number(lv.title) for lv in levels]
    pairs = [(t, n) for (t, _), n in zip(tracks, numbers, strict=True)]
    explicit = all(n is not None for n in numbers) and len(set(pairs)) == len(pairs)
    order = _order_ranks([t for t, _ in tracks])
    taken: set[str] = set()
    plans: list[LevelPlan] = []
    for i, (level, (track, why_track), number) in enumerate(
        zip(levels, tracks, numbers, strict=True)
    ):
        if explicit and number is not None:
            rank, why_rank = number, "rank from the title"
        elif order.count(order[i]) > 1:
            rank, why_rank = order[i], "rank beside the other track's level (the tracks alternate)"
        else:
            rank, why_rank = order[i], "rank from document order"
        base = _id_base(level.title, track)
        level_id = base if base and base not in taken else plain_slug(level.title)
        plans.append(
            LevelPlan(
                level, unique(level_id, taken, "level"), track, rank, f"{why_track}; {why_rank}"
            )
        )
    if explicit:
        plans.sort(key=lambda p: p.rank)  # stable: levels sharing a rank keep document order
    _check_tracks(draft, plans, explicit)
    return plans


def _check_tracks(draft: Draft, plans: list[LevelPlan], explicit: bool) -> None:
    """Warn where a track's ranks break: a gap whose rank sits on another track only."""
    if not explicit:
        numbered = [p for p in plans if _number(p.level.title) is not None]
        if len(numbered) == len(plans) and plans:
            draft.warn(
                plans[0].level.line,
                "two levels on one track carry the same number, so ranks follow the document "
                "order; check the tracks, or rerun with --track-hint to separate them",
            )
        return
    for track in dict.fromkeys(p.track for p in plans):
        ranks = sorted(p.rank for p in plans if p.track == track)
        for low, high in itertools.pairwise(ranks):
            for missing in range(low + 1, high):
                elsewhere = [p for p in plans if p.rank == missing and p.track != track]
                if len(elsewhere) == 1:
                    other = elsewhere[0]
                    draft.warn(
                        other.level.line,
                        f"track {track} jumps from rank {low} to {high}; rank {missing} is "
                        f'"{other.level.title}" on track {other.track} — if it belongs on '
                        f"{track}, rerun with {hint_for(other.level.title, track)}",
                    )
