"""The reveal of a packet's sealed verdicts: when it is due, and what it records.

Run by the privileged side only, with the cycle's age identity.  A seal is opened
only when the comment GitHub shows now is the one the record saw sealed (same
body), and its binding names where it was seen: the packet, the criterion it is
placed on, its author and the pull request.  Anything else is refused, and the
refusal says why without saying what the verdict was: a seal copied from another
criterion or pull request, or a comment someone edited after it was sealed.

Pure: the identity and the comments are handed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from rung.record.events import Event, Revealed, RevealRefused, Sealed, body_sha256
from rung.record.replay import PacketRecord
from rung.scorecard.sealed import Binding, Opened, open_sealed

CHANGED = "deleted or edited since it was sealed (only its author's own new seal replaces one)"


def reveal_due(
    state: PacketRecord,
    reviewers: Iterable[str],
    required: Iterable[str],
    *,
    reveal: date,
    today: date,
) -> str | None:
    """Why the reveal is due (None: not yet): the cycle's reveal date has come, or every
    one of ``reviewers`` (the assigned, eligible ones) has given every ``required``
    criterion a verdict, sealed or open."""
    if today >= reveal:
        return f"the cycle's reveal date, {reveal.isoformat()}, has come"
    folded = [login.casefold() for login in reviewers]
    given: set[tuple[str, str | None]] = {(s.author.casefold(), s.criterion) for s in state.seals}
    given |= {(v.author, v.criterion) for v in state.verdicts if not v.withdrawn}
    criteria = list(required)
    if folded and criteria and all((r, c) in given for r in folded for c in criteria):
        return "every assigned reviewer has given every required criterion a verdict"
    return None


def reveal(state: PacketRecord, identity: str, bodies: Mapping[str, str]) -> list[Event]:
    """A ``revealed`` or ``reveal-refused`` event for each seal not opened yet;
    ``bodies`` is each review comment's body as GitHub shows it now, by GraphQL id."""
    events: list[Event] = []
    for seal in state.unrevealed:
        body = bodies.get(seal.node_id)
        if body is None or body_sha256(body) != seal.body_sha256:
            events.append(_refused(seal, CHANGED))
            continue
        binding = Binding(seal.packet, seal.criterion, seal.author, seal.pull)
        opened = open_sealed(identity, body, binding)
        if not isinstance(opened, Opened):
            events.append(_refused(seal, opened.why))
            continue
        events.append(
            Revealed(
                packet=seal.packet,
                packet_sha=seal.packet_sha,
                pull=seal.pull,
                source="review-comment",
                comment_id=seal.comment_id,
                node_id=seal.node_id,
                author=seal.author,
                author_id=seal.author_id,
                criterion=seal.criterion,
                command=opened.command,
                reason=opened.reason,
                body_sha256=seal.body_sha256,
                created_at=seal.created_at,
                updated_at=seal.updated_at,
            )
        )
    return events


def _refused(seal: Sealed, why: str) -> RevealRefused:
    return RevealRefused(
        packet=seal.packet,
        pull=seal.pull,
        comment_id=seal.comment_id,
        node_id=seal.node_id,
        author=seal.author,
        criterion=seal.criterion,
        body_sha256=seal.body_sha256,
        why=why,
    )
