"""Sealed verdicts in the promotion record: what a run saw, and what the record holds.

The record keeps of a seal only where it is and its body's hash (``sealed``), until
the reveal opens it (``revealed``, a verdict from then on) or refuses it.  Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from rung.record.events import Event, Sealed, body_sha256
from rung.record.replay import PacketRecord
from rung.scorecard.inputs import Review
from rung.scorecard.tally import Item, NotCounted
from rung.scorecard.view import SealSeen

NOT_ASSIGNED = "not assigned to this packet (only reviewers rung or a chair assigned count)"


def observed_seals(
    packet: str, seen: Iterable[SealSeen], items: Mapping[str, Item], *, pull: int, packet_sha: str
) -> list[Event]:
    """A ``sealed`` event for each seal the live collation counts as given: its place and
    its body's hash, never what it says."""
    found: list[Event] = []
    for seal in seen:
        item = items.get(seal.node_id)
        if item is None or item.login is None:
            continue
        found.append(
            Sealed(
                packet=packet,
                packet_sha=packet_sha,
                pull=pull,
                comment_id=item.id,
                node_id=item.node_id,
                author=item.login,
                author_id=max(item.author_id, 1),
                criterion=seal.criterion,
                body_sha256=body_sha256(item.body),
                created_at=_created(item) or None,
                updated_at=item.written_at or None,
            )
        )
    return found


def recorded_seals(
    record: PacketRecord,
    urls: Mapping[int, str],
    *,
    assigned: set[str],
    refusal: Callable[[str | None], str | None],
    spell: Callable[[str], str],
    required: set[str],
) -> tuple[tuple[SealSeen, ...], list[NotCounted]]:
    """The record's seals not opened yet that count as given, and those that do not
    (with the reveal's refusals): who and where, never what."""
    seals: list[SealSeen] = []
    refused = [
        NotCounted(spell(r.author), r.criterion, "/sealed", f"not revealed: {r.why}",
                   r.comment_id, urls.get(r.comment_id, ""))
        for r in record.reveal_refused
    ]  # fmt: skip
    for seal in record.unrevealed:
        login, url = spell(seal.author), urls.get(seal.comment_id, "")
        why = NOT_ASSIGNED if seal.author.casefold() not in assigned else refusal(seal.author)
        if why is None and seal.criterion not in required:
            why = f"on {seal.criterion}, which this move does not require"
        if why is not None:
            refused.append(NotCounted(login, seal.criterion, "/sealed", why, seal.comment_id, url))
        else:
            seals.append(SealSeen(login, seal.criterion, seal.comment_id, seal.node_id, url))
    return tuple(seals), refused


def _created(item: Item) -> str:
    return item.submitted_at if isinstance(item, Review) else item.created_at
