"""What the promotion record adds to a scorecard: who reviews, which pull request, and
everything about the verdicts that is not a count.  Pure data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rung.record.rounds import Given, Rounds


@dataclass(frozen=True)
class Note:
    """A verdict that counts as its author wrote it although someone changed it since."""

    login: str  # the verdict's author
    criterion: str  # "" for a /recommend
    command: str
    note: str  # e.g. "edited by @x after rung recorded it: counted as @y wrote it"
    comment_id: int
    url: str = ""


@dataclass(frozen=True)
class SealSeen:
    """A sealed verdict that counts as given (what it says is unknown until the reveal)."""

    login: str
    criterion: str
    comment_id: int
    node_id: str
    url: str = ""


def sealed_counts(seals: tuple[SealSeen, ...]) -> dict[str, int]:
    """Who has sealed how many criteria: all the scorecard says of sealed verdicts."""
    criteria: dict[str, set[str]] = {}
    for seal in seals:
        criteria.setdefault(seal.login, set()).add(seal.criterion)
    return {login: len(c) for login, c in sorted(criteria.items(), key=lambda i: i[0].casefold())}


def given_by(seals: Iterable[SealSeen]) -> Callable[[str, Any], bool]:
    """Whether a reviewer has given a row (a scorecard row) a verdict, open or sealed."""
    sealed = {(seal.login, seal.criterion) for seal in seals}
    return lambda login, row: login in row.verdicts or (login, row.criterion.id) in sealed


@dataclass(frozen=True)
class RecordView:
    """The record's side of one packet's scorecard (docs/security.md, "The promotion record")."""

    assigned: tuple[str, ...]  # reviewers rung or a chair assigned (the only ones who count)
    hand_requests: tuple[tuple[str, str | None], ...]  # (login, who asked or None): not assigned
    pull: int | None  # the pull request the record bound the packet to
    other_pulls: tuple[int, ...]  # other pull requests touching the packet: listed, never used
    manager: str | None  # as recorded at assignment
    manager_changes: tuple[str | None, ...]  # managers the packet named later, for the chairs
    notes: tuple[Note, ...] = ()
    appended: int = 0  # events this run added to the record
    rounds: Rounds | None = None  # round one, round two and independence (rung.record.rounds)

    def to_json(self) -> dict[str, Any]:
        return {
            "assigned": list(self.assigned),
            "requested_by_hand": [{"login": login, "by": by} for login, by in self.hand_requests],
            "pull": self.pull,
            "other_pulls": list(self.other_pulls),
            "manager": self.manager,
            "manager_changes": list(self.manager_changes),
            "edited": [
                {
                    "login": n.login,
                    "criterion": n.criterion or None,
                    "command": n.command,
                    "note": n.note,
                    "comment": n.comment_id,
                    "url": n.url or None,
                }
                for n in self.notes
            ],
            "rounds": rounds_json(self.rounds) if self.rounds is not None else None,
        }


def _given(given: Given | None) -> dict[str, Any] | None:
    if given is None:
        return None
    return {"verdict": given.value, "reason": given.reason or None, "at": given.at or None}


def rounds_json(rounds: Rounds) -> dict[str, Any]:
    """Round one, round two and independence as ``rung scorecard --format json`` gives them."""
    independent = {(g.author, g.criterion) for g in rounds.independent}
    return {
        "revealed_at": rounds.revealed_at,
        "reveal": "sealed" if rounds.sealed else "panel complete",
        "round_one": [
            {
                "login": g.author,
                "criterion": g.criterion,
                **(_given(g) or {}),
                "independent": (g.author, g.criterion) in independent,
            }
            for g in rounds.round_one
        ],
        "round_two": [
            {
                "login": c.after.author,
                "criterion": c.after.criterion,
                "round_one": _given(c.before),
                "round_two": _given(c.after),
                "reason": c.reason,
            }
            for c in rounds.changes
        ],
        "independent": {"count": len(rounds.independent), "of": len(rounds.round_one)},
    }
