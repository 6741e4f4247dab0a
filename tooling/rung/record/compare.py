"""The record against GitHub now: is every recorded verdict's comment still as recorded?

A difference is not a broken record (the verdict counts as recorded) but something
the chairs should see: a comment edited or deleted on GitHub after the privileged
side wrote it down, which the record does not mention yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rung.problems import Level, Problem
from rung.record.chain import RULE
from rung.record.events import Entry, Verdict, VerdictChanged

_SOURCE_WORDS = {
    "review-comment": "review comment",
    "issue-comment": "comment",
}  # a review: "review"


@dataclass(frozen=True)
class SeenComment:
    """A comment as GitHub shows it now."""

    body_sha256: str
    updated_at: str | None = None
    editor: str | None = None  # who last edited it, when GitHub says


CommentKey = tuple[str, int]  # (source, comment id)


@dataclass
class _Recorded:
    verdict: Verdict  # the first verdict recorded from the comment
    body_sha256: str | None  # the body last recorded; None: recorded as deleted
    line: int  # the line of the last event about the comment


def recorded_comments(entries: Sequence[tuple[int, Entry]]) -> dict[CommentKey, _Recorded]:
    """Each comment the record holds a verdict from, with the body it last recorded."""
    found: dict[CommentKey, _Recorded] = {}
    for line, entry in entries:
        event = entry.event
        if not isinstance(event, Verdict | VerdictChanged):
            continue
        key = (event.source, event.comment_id)
        if isinstance(event, Verdict):
            known = found.get(key)
            first = known.verdict if known is not None else event
            found[key] = _Recorded(first, event.body_sha256, line)
        elif key in found:
            found[key] = _Recorded(found[key].verdict, event.body_sha256, line)
    return found


def pulls_to_read(entries: Sequence[tuple[int, Entry]]) -> list[int]:
    """The pull requests whose comments the comparison needs, in order."""
    return sorted({e.event.pull for _, e in entries if isinstance(e.event, Verdict)})


def _describe(verdict: Verdict) -> str:
    on = f" on {verdict.criterion}" if verdict.criterion else ""
    where = _SOURCE_WORDS.get(verdict.source, verdict.source)
    return (
        f"@{verdict.author}'s {verdict.command}{on} ({where} {verdict.comment_id} "
        f"on #{verdict.pull})"
    )


def compare(
    entries: Sequence[tuple[int, Entry]],
    now: Mapping[CommentKey, SeenComment],
    path: str,
) -> list[Problem]:
    """A finding for every recorded verdict whose comment GitHub now shows otherwise.

    ``now`` holds every comment of the pull requests :func:`pulls_to_read` names;
    a comment missing from it was deleted.
    """
    problems = []
    for key, recorded in recorded_comments(entries).items():
        seen = now.get(key)
        what = _describe(recorded.verdict)
        if recorded.body_sha256 is None:
            if seen is not None:
                message = f"{what} was recorded as deleted, but GitHub still shows it"
                problems.append(_finding(path, recorded.line, message))
            continue
        if seen is None:
            message = (
                f"{what} was deleted on GitHub after it was recorded, and the record does not "
                "say so; the verdict stands as recorded"
            )
            problems.append(_finding(path, recorded.line, message))
        elif seen.body_sha256 != recorded.body_sha256:
            by = f" by @{seen.editor}" if seen.editor else ""
            when = f" at {seen.updated_at}" if seen.updated_at else ""
            message = (
                f"{what} was edited on GitHub{by}{when} after it was recorded, and the record "
                f"does not say so: its body's SHA-256 is now {seen.body_sha256[:12]}…, the "
                f"record holds {recorded.body_sha256[:12]}…; the verdict stands as recorded"
            )
            problems.append(_finding(path, recorded.line, message))
    return sorted(problems)


def _finding(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, 1, Level.WARNING, RULE, message)
