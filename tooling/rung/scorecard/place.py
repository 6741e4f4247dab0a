"""Where a review comment belongs: the criterion whose lines hold its whole range.

A criterion's lines run from its evidence key (and the comment block written
right above it, where ``rung new`` puts the ladder's words) to the line before
the next criterion's.  A comment belongs to the criterion whose lines contain
its whole range (``start_line``..``line``); a range over two criteria belongs
to neither.  An outdated comment (``line`` null) is placed in the packet *as it
was* at its ``original_commit_id``, by criterion id, so edits that move
criteria around cannot move a verdict onto another one.  A reply belongs to its
thread.  Pure: the packets at earlier commits are handed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rung.model.packet import Packet
from rung.scorecard.inputs import ReviewComment

Ranges = Mapping[str, tuple[int, int]]
OUTSIDE = "not on a criterion's line"
FILE_LEVEL = "on the whole file, not on a criterion's line"
OLD_SIDE = "on the old side of the diff"
NO_LINE = "GitHub sent no line for it (an older comment): comment again on the criterion's lines"


@dataclass(frozen=True)
class Placed:
    criterion: str | None  # None: on no criterion, for ``reason``
    reason: str = ""
    outdated: bool = False
    file_level: bool = False


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


def _at(ranges: Ranges, line: int) -> str | None:
    return next((cid for cid, (lo, hi) in ranges.items() if lo <= line <= hi), None)


def _within(ranges: Ranges, first: int, last: int, outdated: bool) -> Placed:
    low, high = _at(ranges, min(first, last)), _at(ranges, max(first, last))
    if low is not None and low == high:
        return Placed(low, outdated=outdated)
    if low is None and high is None:
        return Placed(None, OUTSIDE, outdated)
    named = " and ".join(c for c in (low, high) if c is not None)
    if low is None or high is None:
        return Placed(None, f"spans {named} and lines outside it", outdated)
    return Placed(None, f"spans two criteria ({named})", outdated)


def thread_root(comment: ReviewComment, by_id: Mapping[int, ReviewComment]) -> ReviewComment:
    """The first comment of ``comment``'s thread (itself when it is not a reply)."""
    seen = {comment.id}
    while comment.in_reply_to_id is not None and comment.in_reply_to_id in by_id:
        comment = by_id[comment.in_reply_to_id]
        if comment.id in seen:
            break  # a loop in the data: stop where it closes
        seen.add(comment.id)
    return comment


def place(
    comment: ReviewComment,
    path: str,
    ranges_now: Ranges,
    ranges_then: Mapping[str, Ranges | None],
) -> Placed:
    """Where ``comment`` (a thread's first comment) belongs on the packet at ``path``."""
    if comment.path != path:
        return Placed(None, "on another file, not the packet")
    if comment.subject_type == "file":
        return Placed(None, FILE_LEVEL, file_level=True)
    if comment.line is None and comment.original_line is None:
        return Placed(None, NO_LINE)
    if "LEFT" in (comment.side, comment.start_side):
        return Placed(None, OLD_SIDE)
    if comment.line is not None:
        return _within(ranges_now, comment.start_line or comment.line, comment.line, False)
    then = ranges_then.get(comment.original_commit_id)
    if then is None:
        commit = comment.original_commit_id[:12] or "its commit"
        return Placed(None, f"outdated, and the packet at {commit} cannot be read", True)
    last = comment.original_line or 0
    return _within(then, comment.original_start_line or last, last, True)
