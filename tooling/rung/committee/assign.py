"""Which committee members review a packet, and why: a pure function of plain data.

Rules (docs/committee.md):

* **eligible**: holds a level on the packet's ladder whose rank is at least the
  target level's; is not the candidate, not the pull-request author, not the
  candidate's manager (when the roster says ``exclude_manager``), not
  unavailable, and has fewer than ``max_open_reviews`` pending requests on
  other open packet pull requests;
* eligible members already requested, or who already reviewed, are **kept**:
  they count toward ``reviewers_per_packet`` and are never requested again (the
  load limit does not apply to them: they are not a new assignment);
* the rest of the quota is filled one pick at a time: a member of an org not
  yet on the packet first, then the fewest open packet reviews, then a
  deterministic tie-break, the SHA-256 of the packet path, cycle and login, so
  the same inputs always give the same plan and different packets spread
  evenly over equally loaded members;
* too few eligible members give a ``shortfall``; every member of the roster is
  in exactly one of ``requested``, ``kept``, ``standby`` and ``excluded``, each
  with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from rung.classes import dataclass, field
from rung.committee.roster import Member, Roster, held_level
from rung.ladder.model import Ladder
from rung.model.digest import sha256
from rung.model.packet import Packet

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Target:
    """What assignment needs to know about a packet."""

    path: str  # as in the repository, e.g. packets/2026-H2/dana-levi.md
    cycle: str
    ladder: str
    level: str  # the level the packet asks for ("to")
    candidate: str
    manager: str

    @classmethod
    def from_packet(cls, packet: Packet, path: str | None = None) -> Target:
        return cls(
            path=path if path is not None else packet.path,
            cycle=packet.cycle,
            ladder=packet.ladder,
            level=packet.to_level,
            candidate=packet.candidate,
            manager=packet.manager,
        )


@dataclass(frozen=True)
class PullState:
    """The pull request as GitHub reports it; empty for a dry run."""

    author: str | None = None
    requested: frozenset[str] = frozenset()  # users with a pending review request
    reviewed: Mapping[str, str] = field(default_factory=dict)  # login -> latest review state
    open_reviews: Mapping[str, int] = field(default_factory=dict)  # on other open packet PRs
    refused: Mapping[str, str] = field(default_factory=dict)  # login -> why GitHub refused it


@dataclass(frozen=True)
class Choice:
    login: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"login": self.login, "reason": self.reason}


@dataclass(frozen=True)
class Plan:
    quota: int
    requested: tuple[Choice, ...]  # new review requests, in pick order
    kept: tuple[Choice, ...]  # already requested or reviewed; never requested again
    standby: tuple[Choice, ...]  # eligible but not needed, next in line first
    excluded: tuple[Choice, ...]  # not eligible, in roster order

    @property
    def shortfall(self) -> int:
        return max(0, self.quota - len(self.kept) - len(self.requested))

    def to_json(self) -> dict[str, Any]:
        """The stable machine interface of ``rung reviewers --format json``."""
        return {
            "requested": [c.login for c in self.requested],
            "kept": [c.login for c in self.kept],
            "excluded": [c.to_json() for c in self.excluded],
            "shortfall": self.shortfall,
            "quota": self.quota,
            "reasons": {c.login: c.reason for c in (*self.kept, *self.requested)},
            "standby": [c.to_json() for c in self.standby],
        }


def tie_break(target: Target, login: str) -> str:
    """The deterministic tie-break key of ``login`` for ``target``."""
    text = f"{target.path}\n{target.cycle}\n{login.casefold()}"
    return sha256(text.encode("utf-8")).hexdigest()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _load(state: PullState) -> dict[str, int]:
    return {login.casefold(): count for login, count in state.open_reviews.items()}


def standing_reasons(
    member: Member, roster: Roster, ladder: Ladder, target: Target, author: str | None
) -> list[str]:
    """Why ``member`` may not judge ``target`` at all: who they are, what level they hold.

    The scorecard counts a verdict only from a member with no such reason; the
    review plan adds availability and load on top (:func:`exclusion_reasons`).
    """
    wanted = ladder.level(target.level)
    if wanted is None:
        raise ValueError(f"ladder '{ladder.id}' has no level '{target.level}'")
    reasons: list[str] = []
    if member.key == target.candidate.casefold():
        reasons.append("is the candidate")
    if author is not None and member.key == author.casefold():
        reasons.append("is the pull-request author")
    if roster.exclude_manager and member.key == target.manager.casefold():
        reasons.append("is the candidate's manager")
    held = held_level(member, ladder)
    if ladder.id not in member.levels:
        reasons.append(f"not on ladder {ladder.id}")
    elif held is None:
        reasons.append(
            f"holds {ladder.id} {member.levels[ladder.id]}, which the ladder does not define"
        )
    elif held.rank < wanted.rank:
        reasons.append(f"holds {ladder.id} {held.id}, below {wanted.id} (rank {wanted.rank})")
    return reasons


def exclusion_reasons(
    member: Member, roster: Roster, ladder: Ladder, target: Target, state: PullState
) -> list[str]:
    """Why ``member`` may not review ``target`` (empty when eligible for a new request)."""
    reasons = standing_reasons(member, roster, ladder, target, state.author)
    if member.unavailable:
        reasons.append("unavailable")
    refused = {login.casefold(): why for login, why in state.refused.items()}
    if member.key in refused:
        reasons.append(f"GitHub refused the review request ({refused[member.key]})")
    return reasons


def _over_load(member: Member, roster: Roster, load: Mapping[str, int]) -> str | None:
    count = load.get(member.key, 0)
    if roster.max_open_reviews is not None and count >= roster.max_open_reviews:
        return f"has {_plural(count, 'open packet review')} (max {roster.max_open_reviews})"
    return None


def _qualification(member: Member, ladder: Ladder) -> str:
    held = held_level(member, ladder)
    assert held is not None  # eligible members hold a level on the ladder
    return f"holds {ladder.id} {held.id} (rank {held.rank})"


def plan_reviewers(
    roster: Roster, ladder: Ladder, target: Target, state: PullState | None = None
) -> Plan:
    """The review plan for ``target`` given the pull request's current ``state``.

    Raises ValueError when the target level is not on ``ladder``; callers check
    the packet's move first.
    """
    state = state if state is not None else PullState()
    load = _load(state)
    requested = {login.casefold() for login in state.requested}
    reviewed = {login.casefold(): s for login, s in state.reviewed.items()}
    excluded: list[Choice] = []
    kept: list[Choice] = []
    pool: list[Member] = []
    for member in roster.members:
        reasons = exclusion_reasons(member, roster, ladder, target, state)
        already = member.key in reviewed or member.key in requested
        busy = None if already else _over_load(member, roster, load)
        if busy is not None:
            reasons.append(busy)
        if reasons:
            excluded.append(Choice(member.login, "; ".join(reasons)))
        elif member.key in reviewed:
            why = f"already reviewed ({reviewed[member.key]}); {_qualification(member, ladder)}"
            kept.append(Choice(member.login, why))
        elif already:
            why = f"already requested; {_qualification(member, ladder)}"
            kept.append(Choice(member.login, why))
        else:
            pool.append(member)

    orgs: dict[str, int] = {}
    by_login = {m.key: m for m in roster.members}
    for choice in kept:
        _count_org(orgs, by_login[choice.login.casefold()])
    picks: list[Choice] = []
    standby: list[Choice] = []
    open_slots = roster.reviewers_per_packet - len(kept)
    while pool:
        member, tied = _next_pick(pool, orgs, load, target)
        pool.remove(member)
        why = _pick_reason(member, ladder, orgs, load, tied)
        if len(picks) < open_slots:
            picks.append(Choice(member.login, why))
            _count_org(orgs, member)
        else:
            chosen = len(kept) + len(picks)
            standby.append(
                Choice(member.login, f"eligible ({why}); not needed: {chosen} reviewers chosen")
            )
    return Plan(
        quota=roster.reviewers_per_packet,
        requested=tuple(picks),
        kept=tuple(kept),
        standby=tuple(standby),
        excluded=tuple(excluded),
    )


def _count_org(orgs: dict[str, int], member: Member) -> None:
    if member.org:
        orgs[member.org] = orgs.get(member.org, 0) + 1


def _next_pick(
    pool: list[Member], orgs: Mapping[str, int], load: Mapping[str, int], target: Target
) -> tuple[Member, list[str]]:
    """The best member of ``pool`` and the logins it tied with on org and load."""

    def rank(m: Member) -> tuple[int, int]:
        return (orgs.get(m.org, 0) if m.org else 0, load.get(m.key, 0))

    best = min(pool, key=lambda m: (*rank(m), tie_break(target, m.login)))
    tied = [m.login for m in pool if m is not best and rank(m) == rank(best)]
    return best, tied


def _pick_reason(
    member: Member,
    ladder: Ladder,
    orgs: Mapping[str, int],
    load: Mapping[str, int],
    tied: list[str],
) -> str:
    parts = [_qualification(member, ladder), _plural(load.get(member.key, 0), "open packet review")]
    if member.org:
        same = orgs.get(member.org, 0)
        if same == 0:
            parts.append(f"first reviewer from org {member.org}")
        else:
            parts.append(f"org {member.org} again: no eligible member of another org is left")
    if tied:
        parts.append(f"tie with {', '.join(sorted(tied))} broken by the packet's hash")
    return "; ".join(parts)
