"""``rung reviewers --record``: reviewers as the promotion record has them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rung.classes import replace
from rung.commands.reviewers_plan import finish, print_plan, request
from rung.committee.assign import PullState, Target, plan_reviewers
from rung.committee.roster import Roster
from rung.record.events import Assigned, Bound, Event, Manager, Requested
from rung.validate.runner import PacketCheck

if TYPE_CHECKING:
    from rung.github.client import GitHubClient
    from rung.github.pull import PullInfo


def recorded_reviewers(
    args: argparse.Namespace,
    client: GitHubClient,
    roster: Roster,
    check: PacketCheck,
    *,
    pr: PullInfo,
    reviewed: Mapping[str, str],
) -> int:
    """Reviewers as the promotion record has them: only its assignments are kept (a hand
    request is recorded as such and keeps nobody), load counts come from the records, the
    manager is the one recorded first, and the packet is routed on one pull request only."""
    from rung.github.packet_record import PacketRecordIO, recorded_load

    assert check.packet is not None and check.ladder is not None
    packet, ladder, path = check.packet, check.ladder, check.path
    io = PacketRecordIO(client, path)
    record = io.load().state
    packet_sha = client.blob_shas[(path, pr.head_sha)]
    bound = Bound(packet=path, packet_sha=packet_sha, pull=pr.number, head_sha=pr.head_sha)
    if record.pull is not None and record.pull != pr.number:
        io.append([bound], f"#{pr.number} also touches {path}")
        sys.stderr.write(
            f"rung: {path} is reviewed in #{record.pull}; #{pr.number} is another pull request "
            "touching it: nothing requested\n"
        )
        return 0
    assigned = frozenset(record.assigned)
    target = Target.from_packet(packet, path)
    if record.manager_recorded:
        target = replace(target, manager=record.manager or "")
    state = PullState(
        author=pr.author,
        requested=assigned,
        reviewed={k: v for k, v in reviewed.items() if k.casefold() in assigned},
        open_reviews=recorded_load(client, io.store, io.path),
    )
    if pr.state != "open":
        plan = plan_reviewers(roster, ladder, target, state)
        print_plan(args, packet, path, plan, refused={}, pr=pr)
        sys.stderr.write(f"rung: pull request #{pr.number} is {pr.state}; nothing requested\n")
        return 0
    plan, refused = request(client, roster, ladder, target, state, number=pr.number)
    events: list[Event] = [bound]
    if not record.manager_recorded or (packet.manager or "").casefold() != record.manager:
        named = Manager(path, packet_sha, packet.candidate, packet.manager or None)
        events.append(named)
    events += [Assigned(path, pr.number, choice.login, "rung") for choice in plan.requested]
    now = assigned | {c.login.casefold() for c in plan.requested}
    hand = tuple(login for login in pr.requested if login.casefold() not in now)
    events += [Requested(path, pr.number, login) for login in hand]
    io.append(events, f"reviewers of #{pr.number}")
    return finish(args, packet, path, plan, refused=refused, pr=pr, hand=hand)
