"""``rung scorecard --record``: the scorecard as the promotion record holds it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rung.commands.scorecard_saved import Discussion
from rung.committee.roster import Roster
from rung.record.events import Bound
from rung.record.replay import PacketRecord
from rung.scorecard.collate import Scorecard, refusal_of, spelling_of
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.recorded import chair_commands, from_record, observe, recorded_nodes
from rung.validate.runner import PacketCheck

if TYPE_CHECKING:
    from rung.github.client import GitHubClient
    from rung.github.pull import PullInfo


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
    return from_record(card, loaded.state, refusal, spelling_of(roster), appended=loaded.appended)
