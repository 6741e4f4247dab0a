"""The per-criterion scorecard: packet + comments + reviews + roster -> rows (JSON here,
Markdown in :mod:`rung.scorecard.markdown`).

Pure: the GitHub layer (or ``rung scorecard --comments FILE``) hands in plain
values.  The grammar is :mod:`rung.scorecard.grammar`, placement on criteria
:mod:`rung.scorecard.place`.  Every comment that holds a command is either
counted or listed under ``not_counted`` with the reason; nothing disappears.

A verdict counts when it is on one criterion's lines, by a committee member
eligible for the packet (not the candidate, the pull-request author, the
manager, or a member below the target level), whose comment its author wrote
as it stands (GraphQL ``editor``).  Per reviewer and criterion (or, for
``/recommend``, per reviewer) the one written last (``updated_at``) counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from rung.classes import replace
from rung.committee.assign import Target, standing_reasons
from rung.committee.roster import Roster
from rung.ladder.model import Criterion, Ladder
from rung.model.coverage import Coverage
from rung.model.packet import Packet
from rung.problems import Problem
from rung.scorecard.grammar import commands
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.place import FILE_LEVEL, OLD_SIDE, criterion_ranges, place, thread_root
from rung.scorecard.sealed import is_sealed
from rung.scorecard.tally import SUPERSEDED, Item, NotCounted, Tally, Verdict
from rung.scorecard.view import RecordView, SealSeen, given_by, sealed_counts

__all__ = [
    "MARKER",
    "SUPERSEDED",
    "ConversationComment",
    "NotCounted",
    "Review",
    "ReviewComment",
    "Verdict",
    "criterion_ranges",
]

MARKER = "<!-- rung:scorecard -->"
MAX_BODY_CHARS = 60_000  # GitHub refuses comment bodies over 65,536 characters
MAX_CELL_CHARS = 300
MAX_IGNORED_SHOWN = 20
# Coverage says whether evidence is there; only reviewers say "meets".
STATUS_WORDS = {"met": "evidenced", "partial": "partial", "gap": "gap", "missing": "missing"}
_DECISIVE = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    status: str  # met, partial, gap, missing (rung.model.coverage); shown as STATUS_WORDS
    evidence: int
    gap: str | None
    line: int  # of the criterion's evidence key; 0 when the packet has none
    comments: int
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)


@dataclass(frozen=True)
class Scorecard:
    packet: Packet
    path: str  # the packet's path in the repository
    rows: tuple[Row, ...]
    pending: Mapping[str, int]  # reviewer -> criteria still without their verdict
    reviews: Mapping[str, str]  # committee member -> APPROVED / CHANGES_REQUESTED
    not_counted: tuple[NotCounted, ...]
    unplaced: int  # comments without a command on the packet outside every criterion's lines
    file_url: str | None = None  # https://HOST/OWNER/REPO/blob/SHA/PATH
    problems: tuple[Problem, ...] = ()  # rung validate's errors: the packet is not routed
    recommendations: Mapping[str, Verdict] = field(default_factory=dict)  # login -> overall
    record: RecordView | None = None  # None: collated from live GitHub state, not the record
    seals: tuple[SealSeen, ...] = ()  # sealed verdicts given and not yet revealed

    def to_json(self, verification: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The stable machine interface of ``rung scorecard --format json`` (docs/committee.md).

        ``verification`` is criterion id -> ``verified`` / ``unverified`` / ``not
        checked`` (``rung scorecard --evidence``); without it every row's
        ``verification`` is null: not read, rather than read and found wanting.
        """
        p = self.packet
        return {
            "packet": self.path,
            "candidate": p.candidate,
            "name": p.name,
            "ladder": p.ladder,
            "from": p.from_level,
            "to": p.to_level,
            "rows": [self._row_json(row, verification) for row in self.rows],
            "recommendations": {login: v.value for login, v in self.recommendations.items()},
            "pending": list(self.pending),
            "reviews": dict(self.reviews),
            "not_counted": [
                {
                    "login": n.login,
                    "criterion": n.criterion or None,
                    "command": n.command,
                    "reason": n.reason,
                    "comment": n.comment_id,
                    "url": n.url or None,
                }
                for n in self.not_counted
            ],
            "unplaced": self.unplaced,
            "problems": [problem_json(problem) for problem in self.problems],
            "record": self.record.to_json() if self.record is not None else None,
            "sealed": sealed_counts(self.seals),
        }

    def _row_json(self, row: Row, verification: Mapping[str, str] | None) -> dict[str, Any]:
        return {
            "criterion": row.criterion.id,
            "text": row.criterion.text,
            "status": STATUS_WORDS[row.status],
            "evidence": row.evidence,
            "needed": row.criterion.min_evidence,
            "gap": row.gap,
            "line": row.line,
            "link": link_to_line(self.file_url, row.line),
            "comments": row.comments,
            "verdicts": {login: v.value for login, v in row.verdicts.items()},
            "reasons": {login: v.reason for login, v in row.verdicts.items() if v.reason},
            "outdated": sorted(
                (login for login, v in row.verdicts.items() if v.outdated), key=str.casefold
            ),
            "verification": None
            if verification is None
            else verification.get(row.criterion.id, "not checked"),  # no link at all
        }


def problem_json(problem: Problem) -> dict[str, Any]:
    """A finding as ``rung validate --format json`` writes it."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "level": str(problem.level),
        "rule": problem.rule,
        "message": problem.message,
    }


def blob_url(html_url: str, sha: str, path: str) -> str:
    """The URL of ``path`` at commit ``sha`` from the repository's ``html_url`` (any host)."""
    return f"{html_url.rstrip('/')}/blob/{quote(sha)}/{quote(path.lstrip('/'))}"


def link_to_line(file_url: str | None, line: int) -> str | None:
    if file_url is None or line <= 0:
        return None
    return f"{file_url}#L{line}"


def build_scorecard(
    packet: Packet,
    coverage: Coverage,
    roster: Roster,
    comments: Iterable[ReviewComment],
    *,
    ladder: Ladder,
    author: str | None = None,
    reviews: Iterable[Review] = (),
    conversation: Iterable[ConversationComment] = (),
    requested: Iterable[str] = (),
    path: str | None = None,
    file_url: str | None = None,
    problems: tuple[Problem, ...] = (),
    earlier: Mapping[str, Packet | None] | None = None,
    manager: str | None = None,
) -> Scorecard:
    """Collate everything said on ``packet``'s pull request into one row per required criterion.

    ``author`` is the pull request's author; ``requested`` the logins with a
    pending review request; ``path`` the packet's path in the repository
    (default ``packet.path``); ``earlier`` the packet at the ``original_commit_id``
    of outdated comments (None where it could not be read); ``manager`` the one the
    promotion record holds, which stands over what the packet says now.
    """
    path = path if path is not None else packet.path
    target = Target.from_packet(packet, path)
    if manager is not None:
        target = replace(target, manager=manager)
    required = {row.criterion.id for row in coverage.rows}
    comments, reviews = list(comments), list(reviews)
    by_id = {c.id: c for c in comments}
    ranges_now = criterion_ranges(packet)
    ranges_then = {
        sha: (criterion_ranges(old) if old is not None else None)
        for sha, old in (earlier or {}).items()
    }
    tally = Tally(
        lambda login: _refusal(roster, ladder, target, author, login),
        spelling_of(roster),
    )
    counts: dict[str, int] = {}
    unplaced = 0
    seals: list[SealSeen] = []
    for comment in comments:
        placed = place(thread_root(comment, by_id), path, ranges_now, ranges_then)
        if placed.criterion is not None:
            counts[placed.criterion] = counts.get(placed.criterion, 0) + 1
        elif comment.path == path and not placed.file_level and placed.reason != OLD_SIDE:
            # A command there is listed under "Not counted" with its reason: once is enough.
            unplaced += not commands(comment.body) and not is_sealed(comment.body)
        if is_sealed(comment.body):  # its placement and author count; what it says is shut
            seal = tally.sealed(comment, placed.criterion, required, placed.reason)
            seals += [seal] if seal is not None else []
            continue
        command = tally.command(comment)
        if command is None:
            continue
        if command.name == "recommend":
            if placed.file_level:
                tally.offer("", command, comment, outdated=False)
            else:
                tally.refuse(
                    comment,
                    "",
                    command,
                    "a /recommend belongs in a review's body, "
                    "the conversation or a comment on the whole file",
                )
        elif placed.criterion is None:
            why = placed.reason
            if why == FILE_LEVEL:
                why += ": only /recommend counts there"
            tally.refuse(comment, "", command, why)
        elif placed.criterion not in required:
            tally.refuse(
                comment,
                placed.criterion,
                command,
                f"on {placed.criterion}, which this move does not require",
            )
        else:
            tally.offer(placed.criterion, command, comment, outdated=placed.outdated)
    said: list[tuple[Item, str]] = [(r, "a review's body") for r in reviews]
    said += [(c, "the conversation") for c in conversation]
    for item, where in said:
        if item.body.startswith(MARKER):
            continue  # the scorecard itself
        command = tally.command(item)
        if command is None:
            continue
        if command.name == "recommend":
            tally.offer("", command, item, outdated=False)
        else:
            tally.refuse(
                item,
                "",
                command,
                f"a /{command.name} belongs on a criterion's line, not in {where}",
            )
    verdicts, recommendations, not_counted = tally.result()
    rows = tuple(
        Row(
            criterion=row.criterion,
            status=row.status,
            evidence=row.count,
            gap=row.gap,
            line=row.evidence.position[0] if row.evidence is not None else 0,
            comments=counts.get(row.criterion.id, 0),
            verdicts=dict(sorted(verdicts.get(row.criterion.id, {}).items())),
        )
        for row in coverage.rows
    )
    refusal = tally.refusal
    decided = _decisions(roster, reviews, refusal)
    reviewers = {m.login for m in roster.members if any(m.key == r.casefold() for r in requested)}
    reviewers |= {m.login for r in reviews if (m := roster.member(r.login or "")) is not None}
    reviewers = {login for login in reviewers if refusal(login) is None}
    given = given_by(seals)
    pending = {
        login: missing
        for login in sorted(reviewers, key=str.casefold)
        if (missing := sum(1 for row in rows if not given(login, row)))
    }
    return Scorecard(
        packet, path, rows, pending, decided, not_counted, unplaced, file_url, problems,
        dict(sorted(recommendations.items(), key=lambda i: i[0].casefold())), None, tuple(seals),
    )  # fmt: skip


def refusal_of(
    roster: Roster, ladder: Ladder, packet: Packet, *, path: str, author: str | None, manager: str
) -> Callable[[str | None], str | None]:
    """Why a verdict by a login does not count on ``packet`` (None: it counts), with the
    manager the promotion record holds."""
    target = replace(Target.from_packet(packet, path), manager=manager)
    return lambda login: _refusal(roster, ladder, target, author, login)


def spelling_of(roster: Roster) -> Callable[[str], str]:
    """A login as the roster writes it (as given when not on the roster)."""
    return lambda login: m.login if (m := roster.member(login)) is not None else login


def _refusal(
    roster: Roster, ladder: Ladder, target: Target, author: str | None, login: str | None
) -> str | None:
    """Why a verdict by ``login`` does not count, or None when it does.

    Only a member eligible for the packet counts: the reasons are the review
    plan's (candidate, pull-request author, manager, level below the target),
    without availability or load, which only matter for a new request.
    """
    if login is None:
        return "the account was deleted"
    member = roster.member(login)
    if member is None:
        return "not on the committee"
    reasons = standing_reasons(member, roster, ladder, target, author)
    return "; ".join(reasons) if reasons else None


def _decisions(
    roster: Roster, reviews: Iterable[Review], refusal: Callable[[str | None], str | None]
) -> dict[str, str]:
    """Each eligible member's standing approval or change request, as GitHub counts them."""
    state: dict[str, str] = {}
    for review in sorted(reviews, key=lambda r: (r.submitted_at, r.id)):
        member = roster.member(review.login or "")
        if member is None or refusal(member.login) is not None:
            continue
        if review.state in _DECISIVE:  # a later COMMENTED review leaves a decision standing
            state[member.login] = review.state
    return {
        login: s
        for login, s in sorted(state.items(), key=lambda i: i[0].casefold())
        if s != "DISMISSED"
    }
