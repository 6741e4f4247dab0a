"""From GitHub's answer to a verdict and its mark: pure, no I/O.

The mark is what a committee member reads beside a claim, e.g.
``✓ authored by @dana-levi, merged 2026-03-02`` or ``⚠ authored by @bo-chen``.
docs/evidence.md lists every mark.
"""

from __future__ import annotations

from datetime import date

from rung.evidence.model import (
    ERROR,
    NO_ACCESS,
    NOT_CHECKED,
    NOT_FOUND,
    VERIFIED,
    WARNING,
    Check,
    Missing,
    Period,
    Work,
)
from rung.model.cycles import cycle_date, year_month
from rung.model.githublink import GitHubLink, Malformed

OK = "✓"
LOOK = "⚠"


def period_of(in_level_since: str, cycle: str) -> Period | None:
    """The period a packet is judged on, or None when either end cannot be read."""
    since = year_month(in_level_since)
    end = cycle_date(cycle)
    if since is None or end is None:
        return None
    return Period(date(since[0], since[1], 1), end)


def not_checked(link: str, reason: str) -> Check:
    return Check(link, NOT_CHECKED, f"not checked: {reason}" if reason else "not checked")


def classify_other(link: str, found: GitHubLink | Malformed | None, host: str) -> Check:
    """The verdict on a link rung does not read: another host, or no single item."""
    if isinstance(found, Malformed):
        return not_checked(link, "not a link to one item")
    if isinstance(found, GitHubLink) and found.comment:
        # The work is the comment, whose author rung does not read: say so, never guess.
        return not_checked(link, "a link to one comment")
    if found is None and f"://{host}/" in link.lower():
        return not_checked(link, "not a pull request, issue, commit, discussion or release")
    return not_checked(link, "")


def classify(
    link: str, ref: GitHubLink, answer: Work | Missing, candidate: str, period: Period | None
) -> Check:
    """The verdict on ``link`` (which points at ``ref``) from GitHub's ``answer``."""
    kind, canonical = ref.kind, ref.canonical
    if isinstance(answer, Missing):
        if answer.status == NOT_FOUND:
            return Check(link, NOT_FOUND, f"{LOOK} not found: {answer.reason}", kind, canonical)
        if answer.status == NO_ACCESS:
            return Check(link, NO_ACCESS, f"not checked: {answer.reason}", kind, canonical)
        return Check(link, ERROR, f"not checked: {answer.reason}", kind, canonical)
    who = candidate.casefold()
    author = answer.author
    relation = _relation(answer, who)
    day, verb = _judged_date(answer, relation)
    judged = _day(day)
    place = period.place(judged) if period is not None and judged is not None else ""
    notes: list[str] = []
    if relation == "none":
        notes.append("not the candidate's work" if author else "author unknown")
    if answer.kind == "pull" and answer.state == "closed":
        notes.append("closed unmerged")
    if answer.state == "draft":
        notes.append("a draft release")
    if place in ("before", "after") and period is not None:
        notes.append(f"{place} the period ({period.start.isoformat()} to {period.end.isoformat()})")
    status = VERIFIED if not notes else WARNING
    text = _describe(answer, relation, candidate, verb, day)
    if answer.kind == "pull" and answer.state == "closed" and verb != "closed unmerged":
        # The candidate's part is dated otherwise (a review): say when it was closed.
        text += f", closed unmerged {answer.closed[:10]}".rstrip()
    suffix = "; ".join(n for n in notes if n.startswith(("before", "after")))
    mark = f"{OK if status == VERIFIED else LOOK} {text}" + (f", {suffix}" if suffix else "")
    return Check(
        link,
        status,
        mark,
        relation=relation,
        author=author,
        state=answer.state,
        date=day[:10],
        period=place,
        notes=tuple(notes),
        kind=kind,
        canonical=canonical,
    )


def _relation(work: Work, who: str) -> str:
    if work.author is not None and work.author.casefold() == who:
        return "authored"
    if any(login.casefold() == who for login in work.coauthors):
        return "co-authored"
    if work.reviewed and work.candidate.casefold() == who:
        return "reviewed"
    if work.merged_by is not None and work.merged_by.casefold() == who:
        return "merged"
    return "none"


def _judged_date(work: Work, relation: str) -> tuple[str, str]:
    """The date that places the candidate's part in time, and the word for it."""
    if relation == "reviewed":
        return work.reviewed, "reviewed"
    if work.kind == "pull":
        if work.state == "merged":
            return work.merged, "merged"
        if work.state == "closed":
            return work.closed, "closed unmerged"
        return work.created, "opened"
    if work.kind == "commit":
        return work.created, "committed"
    if work.kind == "release":
        return work.created, "drafted" if work.state == "draft" else "published"
    if work.state == "closed" and work.closed:
        return work.closed, "closed"
    return work.created, "opened"


def _describe(work: Work, relation: str, candidate: str, verb: str, day: str) -> str:
    author = f"@{work.author}" if work.author else "an unknown author"
    when = f"{verb} {day[:10]}" if day else verb
    # GitHub's spelling of the login where GitHub gave one (logins ignore case).
    if relation == "authored":
        return f"authored by {author}, {when}"
    if relation == "co-authored":
        me = next(x for x in work.coauthors if x.casefold() == candidate.casefold())
        return f"co-authored by @{me}, {when} (authored by {author})"
    if relation == "reviewed":
        return f"reviewed by @{candidate} {day[:10]} (authored by {author})"
    if relation == "merged":
        return f"merged by @{work.merged_by} {work.merged[:10]} (authored by {author})"
    return f"authored by {author}"


def _day(stamp: str) -> date | None:
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None  # no date (or a cache file edited by hand): not judged
