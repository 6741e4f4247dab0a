"""How ``rung reviewers`` requests its picks and prints its plan (text or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rung.commands.committee_input import one_line
from rung.committee.assign import Choice, Plan, PullState, Target, plan_reviewers
from rung.committee.roster import Roster
from rung.ladder.model import Ladder
from rung.model.packet import Packet

if TYPE_CHECKING:
    from rung.github.client import GitHubClient
    from rung.github.pull import PullInfo


def finish(
    args: argparse.Namespace,
    packet: Packet,
    path: str,
    plan: Plan,
    *,
    refused: Mapping[str, str],
    pr: PullInfo,
    hand: tuple[str, ...] = (),
) -> int:
    print_plan(args, packet, path, plan, refused=refused, pr=pr, hand=hand)
    for login, why in refused.items():
        sys.stderr.write(
            f"rung: warning: GitHub refused a review request for {login} ({why}); "
            "make them a collaborator or fix .github/committee.yml\n"
        )
    return 1 if plan.shortfall or refused else 0


def request(
    client: GitHubClient,
    roster: Roster,
    ladder: Ladder,
    target: Target,
    state: PullState,
    *,
    number: int,
) -> tuple[Plan, dict[str, str]]:
    """Request the plan's picks; when GitHub refuses a login, plan again without it."""
    refused: dict[str, str] = {}
    done: list[str] = []
    picks = []
    while True:
        current = PullState(
            author=state.author,
            requested=state.requested | frozenset(done),
            reviewed=state.reviewed,
            open_reviews=state.open_reviews,
            refused=refused,
        )
        plan = plan_reviewers(roster, ladder, target, current)
        if not plan.requested:
            break
        outcome = client.request_reviewers(number, [c.login for c in plan.requested])
        picks += [c for c in plan.requested if c.login in outcome.requested]
        done += outcome.requested
        refused.update(outcome.refused)
        if not outcome.requested and not outcome.refused:
            break  # pragma: no cover - request_reviewers always settles every login
    mine = {login.casefold() for login in done}
    return Plan(
        quota=plan.quota,
        requested=tuple(picks),
        kept=tuple(c for c in plan.kept if c.login.casefold() not in mine),
        standby=plan.standby,
        excluded=plan.excluded,
    ), refused


def print_plan(
    args: argparse.Namespace,
    packet: Packet,
    path: str,
    plan: Plan,
    *,
    refused: Mapping[str, str],
    pr: PullInfo | None,
    hand: tuple[str, ...] = (),
) -> None:
    if args.format == "json":
        payload: dict[str, Any] = {"packet": path, "pr": args.pr, "dry_run": pr is None}
        payload.update(plan.to_json())
        payload["refused"] = dict(refused)
        payload["requested_by_hand"] = list(hand)
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = sys.stdout
    out.write(
        one_line(
            f"{path}: {packet.name} ({packet.candidate}), {packet.ladder} "
            f"{packet.from_level} -> {packet.to_level}, manager {packet.manager}"
        )
        + "\n"
    )
    if pr is None:
        out.write("dry run: no pull-request state is read and nothing is requested\n")
    else:
        out.write(f"pull request #{pr.number} by {pr.author or 'a deleted account'}\n")
    lines = [("request", c) for c in plan.requested] + [("keep", c) for c in plan.kept]
    lines += [("standby", c) for c in plan.standby] + [("exclude", c) for c in plan.excluded]
    by_hand = "requested by someone else — not assigned: their verdicts do not count"
    lines += [("by hand", Choice(login, by_hand)) for login in hand]
    width = max((len(c.login) for _, c in lines), default=0)
    for action, choice in lines:
        out.write(one_line(f"  {action:<8} {choice.login:<{width}}  {choice.reason}") + "\n")
    verb = "to request" if pr is None else "requested"
    summary = f"{len(plan.requested)} {verb}, {len(plan.kept)} kept, quota {plan.quota}"
    if plan.shortfall:
        summary += f", SHORTFALL {plan.shortfall}: too few eligible committee members"
    out.write(summary + "\n")
