"""``rung scorecard --record``: the scorecard as the promotion record holds it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rung.classes import replace
from rung.commands.scorecard_saved import Discussion
from rung.committee.roster import Roster
from rung.record.events import Bound, RevealRefused
from rung.record.replay import PacketRecord
from rung.scorecard.collate import Scorecard, refusal_of, spelling_of
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.recorded import chair_commands, from_record, observe, recorded_nodes
from rung.scorecard.reveal import reveal, reveal_due
from rung.validate.runner import PacketCheck

if TYPE_CHECKING:
    from rung.github.client import GitHubClient
    from rung.github.packet_record import Loaded, PacketRecordIO
    from rung.github.pull import PullInfo

IDENTITY_ENV = "RUNG_SEAL_IDENTITY"  # the age identity: a secret of the `rung` environment


def _with_editors(client: GitHubClient, said: Discussion, nodes: set[str]) -> Discussion:
    """``said`` with who last edited each recorded verdict's comment: GitHub was asked only
    about comments that hold a command now, and an edit can remove the command."""
    comments, reviews, conversation = said
    everything: list[ReviewComment | Review | ConversationComment] = [
        *comments,
        *reviews,
        *conversation,
    ]
    unasked = [i.node_id for i in everything if i.node_id in nodes]
    edits = client.edits([n for n in unasked if n]) if unasked else {}

    def told(item: Any) -> Any:
        edit = edits.get(item.node_id)
        return replace(item, edited=edit.edited, editor=edit.editor) if edit else item

    return [told(c) for c in comments], [told(r) for r in reviews], [told(c) for c in conversation]


def _request_assigned(
    client: GitHubClient, pr: PullInfo, roster: Roster, before: PacketRecord, after: PacketRecord
) -> None:
    """Ask for the reviews of reviewers a chair just assigned (``/assign @login``)."""
    spell = spelling_of(roster)
    new = [spell(login) for login in after.assigned if login not in before.assigned]
    if new and pr.state == "open":
        outcome = client.request_reviewers(pr.number, new)
        for login, why in outcome.refused.items():
            sys.stderr.write(
                f"rung: warning: GitHub refused a review request for {login} ({why})\n"
            )


def recorded_card(
    client: GitHubClient,
    check: PacketCheck,
    roster: Roster,
    said: Discussion,
    *,
    pr: PullInfo,
    live: Callable[[str | None], Scorecard],
    today: date,
) -> Scorecard:
    """The scorecard as the promotion record holds it, after appending what this run saw.

    Only on the pull request the record bound the packet to; on another one the
    record just lists it, and the card shows the bound one's verdicts.  ``live`` is the
    card collated from what GitHub shows, with the manager the record holds (None: the
    packet's).
    """
    from rung.github.packet_record import PacketRecordIO  # PyGithub only when recording

    assert check.packet is not None and check.ladder is not None
    io = PacketRecordIO(client, check.path)
    loaded = io.load()
    state = loaded.state
    manager = (state.manager or "") if state.manager_recorded else None
    card = live(manager)
    packet_sha = client.blob_shas[(check.path, pr.head_sha)]
    if state.pull is not None and state.pull != pr.number:
        bound = Bound(
            packet=check.path, packet_sha=packet_sha, pull=pr.number, head_sha=pr.head_sha
        )
        loaded = io.append([bound], f"#{pr.number} also touches {check.path}")
        sys.stderr.write(
            f"rung: {check.path} is reviewed in #{state.pull}; #{pr.number} is another pull "
            "request touching it: its comments are not the packet's review\n"
        )
    elif state.pull == pr.number:
        chairs = frozenset(m.key for m in roster.members if m.chair)
        said = _with_editors(client, said, recorded_nodes(state) | chair_commands(said, chairs))
        events = observe(card, *said, state, pull=pr.number, packet_sha=packet_sha, chairs=chairs)
        loaded = io.append(events, f"what #{pr.number} shows")
        _request_assigned(client, pr, roster, state, loaded.state)
    refusal = refusal_of(
        roster,
        check.ladder,
        check.packet,
        path=check.path,
        author=pr.author,
        manager=manager if manager is not None else check.packet.manager,
    )
    if state.pull == pr.number:
        loaded = (
            _reveal(io, loaded, card, roster=roster, said=said, refusal=refusal, today=today)
            or loaded
        )
    return from_record(card, loaded.state, refusal, spelling_of(roster), appended=loaded.appended)


def _reveal(
    io: PacketRecordIO,
    loaded: Loaded,
    card: Scorecard,
    *,
    roster: Roster,
    said: Discussion,
    refusal: Callable[[str | None], str | None],
    today: date,
) -> Loaded | None:
    """Open the packet's sealed verdicts when the reveal is due (docs/security.md, "Sealed
    verdicts"); None when there is nothing to open.  Nothing opened is ever printed."""
    cycle = card.path.split("/")[1]
    sealing = roster.sealed.get(cycle)
    state = loaded.state
    if not state.unrevealed:
        return None
    reviewers = [login for login in state.assigned if refusal(login) is None]
    required = [row.criterion.id for row in card.rows]
    due = (
        reveal_due(state, reviewers, required, reveal=sealing.reveal, today=today)
        if sealing is not None
        else f"{cycle} is no longer in sealed mode"
    )
    if due is None:
        return None
    identity = os.environ.get(IDENTITY_ENV, "")
    if not identity.strip():
        sys.stderr.write(
            f"rung: {len(state.unrevealed)} sealed verdict(s) on {card.path} are due to be "
            f"revealed ({due}), but ${IDENTITY_ENV} is not set: they stay sealed and only "
            "who sealed how many is shown; run in the `rung` environment that holds the "
            "cycle's age identity (docs/security.md, 'Sealed verdicts')\n"
        )
        return None
    bodies = {item.node_id: item.body for item in said[0] if item.node_id}
    events = reveal(state, identity, bodies)
    after = io.append(events, f"reveal of the sealed verdicts on {card.path}")
    refused = sum(1 for e in events if isinstance(e, RevealRefused))
    sys.stderr.write(
        f"rung: revealed {len(events) - refused} sealed verdict(s) on {card.path} ({due})"
        + (f"; {refused} refused, listed under 'not counted'" if refused else "")
        + "\n"
    )
    return after
