"""The per-criterion scorecard: packet + review comments + reviews -> rows (JSON here,
Markdown in :mod:`rung.scorecard_markdown`).

Pure: the GitHub layer hands in plain data.  Reviewers give a verdict by
commenting on a criterion's lines in the pull request's diff with a body that
starts ``/meets`` or ``/not-yet`` and the reasoning.  A criterion's lines run
from its evidence key (and the comment block written right above it, where
``rung new`` puts the ladder's words) to the line before the next criterion's.
The latest verdict per reviewer and criterion counts; only committee members
eligible for the packet count (not the candidate, the pull-request author, the
manager, or a member below the target level), and only comments whose current
text their author wrote.  A comment GitHub no longer places on the current diff (``line`` null) is
placed by ``original_line`` and marked outdated.

Everything a packet author or a commenter wrote is untrusted: in Markdown it is
escaped so it cannot break the table, inject HTML, close the hidden marker
comment, or mention (notify) anybody.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from rung.assign import Target, standing_reasons
from rung.committee import Roster
from rung.coverage import Coverage
from rung.ladder import Criterion, Ladder
from rung.packet import Packet
from rung.problems import Problem

MARKER = "<!-- rung:scorecard -->"
MAX_BODY_CHARS = 60_000  # GitHub refuses comment bodies over 65,536 characters
MAX_CELL_CHARS = 300
MAX_IGNORED_SHOWN = 20
_VERDICT = re.compile(r"\A\s*/(meets|not-yet)(?=\s|\Z)")
_DECISIVE = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}


@dataclass(frozen=True)
class ReviewComment:
    """A pull-request review comment (GitHub's ``pull-request-review-comment``)."""

    id: int
    login: str | None  # None: the account was deleted
    body: str
    path: str
    line: int | None
    original_line: int | None = None
    side: str | None = "RIGHT"
    created_at: str = ""  # ISO 8601, as GitHub sends it
    html_url: str = ""
    # Who last edited the body (GraphQL ``editor``, ``lastEditedAt``): GitHub lets
    # anyone with write access edit anyone's comment, so a verdict counts only if
    # its author wrote its current words.  ``edited`` with no editor: a deleted account.
    edited: bool = False
    editor: str | None = None


@dataclass(frozen=True)
class Review:
    """A submitted pull-request review (GitHub's ``pull-request-review``)."""

    id: int
    login: str | None
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    submitted_at: str = ""


@dataclass(frozen=True)
class Verdict:
    value: str  # "meets" or "not-yet"
    comment_id: int
    outdated: bool


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    status: str  # met, partial, gap, missing (rung.coverage)
    evidence: int
    gap: str | None
    line: int  # of the criterion's evidence key; 0 when the packet has none
    comments: int
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)


@dataclass(frozen=True)
class Ignored:
    login: str
    criterion: str
    reason: str
    comment_id: int
    url: str = ""


@dataclass(frozen=True)
class Scorecard:
    packet: Packet
    path: str  # the packet's path in the repository
    rows: tuple[Row, ...]
    pending: Mapping[str, int]  # reviewer -> criteria still without their verdict
    reviews: Mapping[str, str]  # committee member -> APPROVED / CHANGES_REQUESTED
    ignored: tuple[Ignored, ...]
    unplaced: int  # review comments on the packet outside every criterion's lines
    file_url: str | None = None  # https://HOST/OWNER/REPO/blob/SHA/PATH
    problems: tuple[Problem, ...] = ()  # rung validate's errors: the packet is not routed

    def to_json(self) -> dict[str, Any]:
        """The stable machine interface of ``rung scorecard --format json``."""
        return {
            "rows": [
                {
                    "criterion": row.criterion.id,
                    "text": row.criterion.text,
                    "status": row.status,
                    "evidence": row.evidence,
                    "needed": row.criterion.min_evidence,
                    "gap": row.gap,
                    "line": row.line,
                    "link": link_to_line(self.file_url, row.line),
                    "comments": row.comments,
                    "verdicts": {login: v.value for login, v in row.verdicts.items()},
                    "outdated": sorted(
                        (login for login, v in row.verdicts.items() if v.outdated), key=str.casefold
                    ),
                }
                for row in self.rows
            ],
            "pending": list(self.pending),
            "reviews": dict(self.reviews),
            "ignored": [
                {
                    "login": i.login,
                    "criterion": i.criterion,
                    "reason": i.reason,
                    "comment": i.comment_id,
                    "url": i.url or None,
                }
                for i in self.ignored
            ],
            "unplaced": self.unplaced,
            "problems": [problem_json(p) for p in self.problems],
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


def is_verdict(body: str) -> bool:
    """Whether a comment body is a verdict command (so its edits must be checked)."""
    return _VERDICT.match(body) is not None


def blob_url(html_url: str, sha: str, path: str) -> str:
    """The URL of ``path`` at commit ``sha`` from the repository's ``html_url`` (any host)."""
    return f"{html_url.rstrip('/')}/blob/{quote(sha)}/{quote(path.lstrip('/'))}"


def link_to_line(file_url: str | None, line: int) -> str | None:
    if file_url is None or line <= 0:
        return None
    return f"{file_url}#L{line}"


def criterion_ranges(packet: Packet) -> dict[str, tuple[int, int]]:
    """The first and last line of each evidence entry's part of the front matter."""
    lines = packet.text.split("\n")
    keys = sorted((e.position[0], cid) for cid, e in packet.evidence.items() if e.position[0] > 0)
    if not keys:
        return {}
    evidence_line = packet.key_position("evidence")[0]
    top_level = sorted(pos[0] for path, pos in packet.doc.keys.items() if len(path) == 1)
    after = [line for line in top_level if line > keys[-1][0]]
    last = (after[0] if after else packet.body_first_line - 1) - 1
    starts: list[int] = []
    floor = evidence_line
    for key_line, _ in keys:
        start = key_line
        # The comment block right above a key (the ladder's words) belongs to it.
        while start - 1 > floor and lines[start - 2].lstrip().startswith("#"):
            start -= 1
        starts.append(start)
        floor = key_line
    ends = [start - 1 for start in starts[1:]] + [max(last, keys[-1][0])]
    return {cid: (start, end) for (_, cid), start, end in zip(keys, starts, ends, strict=True)}


def build_scorecard(
    packet: Packet,
    coverage: Coverage,
    roster: Roster,
    comments: Iterable[ReviewComment],
    *,
    ladder: Ladder,
    author: str | None = None,
    reviews: Iterable[Review] = (),
    requested: Iterable[str] = (),
    path: str | None = None,
    file_url: str | None = None,
    problems: tuple[Problem, ...] = (),
) -> Scorecard:
    """Collate ``comments`` and ``reviews`` on ``packet`` into one row per required criterion.

    ``author`` is the pull request's author (their verdicts never count);
    ``requested`` are the logins with a pending review request; ``path`` is the
    packet's path in the repository (default ``packet.path``).
    """
    path = path if path is not None else packet.path
    target = Target.from_packet(packet, path)

    def refusal(login: str | None) -> str | None:
        return _refusal(roster, ladder, target, author, login)

    ranges = criterion_ranges(packet)
    counts: dict[str, int] = {}
    verdicts: dict[str, dict[str, Verdict]] = {}
    ignored: list[Ignored] = []
    unplaced = 0
    for comment in sorted(comments, key=lambda c: (c.created_at, c.id)):
        if comment.path != path or comment.side == "LEFT":
            continue
        line = comment.line if comment.line is not None else comment.original_line
        criterion = _criterion_at(ranges, line)
        if criterion is None:
            unplaced += 1
            continue
        counts[criterion] = counts.get(criterion, 0) + 1
        match = _VERDICT.match(comment.body)
        if match is None:
            continue
        refused = refusal(comment.login) or _edit_refusal(comment)
        if refused is not None:
            who = comment.login or "ghost"
            ignored.append(Ignored(who, criterion, refused, comment.id, comment.html_url))
            continue
        member = roster.member(comment.login or "")
        assert member is not None  # _refusal accepts members only
        verdict = Verdict(match.group(1), comment.id, outdated=comment.line is None)
        verdicts.setdefault(criterion, {})[member.login] = verdict
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
    decided = _decisions(roster, reviews, refusal)
    reviewers = {m.login for m in roster.members if any(m.key == r.casefold() for r in requested)}
    reviewers |= {m.login for r in reviews if (m := roster.member(r.login or "")) is not None}
    reviewers = {login for login in reviewers if refusal(login) is None}
    pending = {
        login: missing
        for login in sorted(reviewers, key=str.casefold)
        if (missing := sum(1 for row in rows if login not in row.verdicts)) > 0
    }
    return Scorecard(
        packet, path, rows, pending, decided, tuple(ignored), unplaced, file_url, problems
    )


def _criterion_at(ranges: Mapping[str, tuple[int, int]], line: int | None) -> str | None:
    if line is None:
        return None
    return next((cid for cid, (lo, hi) in ranges.items() if lo <= line <= hi), None)


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


def _edit_refusal(comment: ReviewComment) -> str | None:
    """Not counted when somebody other than the author wrote the comment's current text."""
    if not comment.edited:
        return None
    if comment.editor is None:
        return "edited by a deleted account — not counted"
    if comment.login is not None and comment.editor.casefold() == comment.login.casefold():
        return None
    return f"edited by @{comment.editor} — not counted"


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
