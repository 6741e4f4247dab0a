"""What this reviewer already gave on the pull request, read back from its review comments.

The same reading as the scorecard's: a comment belongs to the criterion its
thread's first comment is placed on (outdated ones on the packet as it was), and
per criterion the verdict written last stands (a comment with two commands counts for
nothing).  Only the authenticated user's
comments are read: a verdict is theirs to keep or change.  A comment of theirs that
someone else edited (GraphQL ``editor``, which the candidate cannot forge) is not
theirs any more: the scorecard does not count it, so it is not shown as given either
and the reviewer is asked again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rung.model.packet import Packet
from rung.scorecard.grammar import commands
from rung.scorecard.inputs import ReviewComment
from rung.scorecard.place import criterion_ranges, place, thread_root
from rung.scorecard.tally import edit_refusal
from rung.verdict.plan import Given


def already_given(
    comments: Iterable[ReviewComment],
    login: str,
    packet: Packet,
    path: str,
    earlier: Mapping[str, Packet | None] | None = None,
) -> dict[str, Given]:
    """criterion id -> the verdict ``login`` wrote last on it."""
    comments = list(comments)
    by_id = {c.id: c for c in comments}
    now = criterion_ranges(packet)
    then = {
        sha: (criterion_ranges(old) if old is not None else None)
        for sha, old in (earlier or {}).items()
    }
    me = login.casefold()
    found: dict[str, tuple[str, Given]] = {}
    for comment in comments:
        if (comment.login or "").casefold() != me or edit_refusal(comment) is not None:
            continue
        said = commands(comment.body)
        if len(said) != 1 or not said[0].verdict:
            continue  # the scorecard counts one command per comment, and no /recommend here
        placed = place(thread_root(comment, by_id), path, now, then)
        if placed.criterion is None:
            continue
        last = said[0]
        when = comment.written_at
        if placed.criterion not in found or found[placed.criterion][0] <= when:
            found[placed.criterion] = (when, Given(last.name, last.reason, comment.html_url))
    return {cid: given for cid, (_, given) in found.items()}


def edited_by_others(comments: Iterable[ReviewComment], login: str) -> list[ReviewComment]:
    """``login``'s comments with a command whose text someone else wrote last."""
    me = login.casefold()
    return [
        c
        for c in comments
        if (c.login or "").casefold() == me and commands(c.body) and edit_refusal(c) is not None
    ]
