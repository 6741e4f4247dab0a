"""Record events for tests: one of each kind, with fields a test can override."""

from __future__ import annotations

from typing import Any

from rung.classes import replace
from rung.record.chain import chain_lines
from rung.record.events import (
    Assigned,
    Bound,
    Decision,
    Event,
    Manager,
    Requested,
    Verdict,
    VerdictChanged,
    body_sha256,
)

PACKET = "packets/2026-H2/dana-levi.md"
RECORD = "records/2026-H2/dana-levi.jsonl"
PACKET_SHA = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"
HEAD_SHA = "a" * 40
AT = "2026-07-01T09:00:00Z"
CRITERION = "acme-l5.execution.hld-for-epics"


def assigned(login: str = "noa-shapiro", **kw: Any) -> Assigned:
    return replace(Assigned(PACKET, 7, login, "rung"), **kw)


def by_command(login: str, chair: str = "amir-cohen", comment_id: int = 900) -> Assigned:
    return Assigned(PACKET, 7, login, "command", chair, comment_id, f"IC_{comment_id}")


def requested(login: str = "bob", by: str | None = "dana-levi") -> Requested:
    return Requested(PACKET, 7, login, by)


def verdict(
    author: str = "noa-shapiro",
    command: str = "/meets",
    *,
    comment_id: int = 1001,
    body: str | None = None,
    criterion: str | None = CRITERION,
    reason: str = "Clear HLD for the billing epic.",
    source: str = "review-comment",
    **kw: Any,
) -> Verdict:
    text = body if body is not None else f"{command} {reason}"
    node = {"review-comment": "PRRC", "review": "PRR", "issue-comment": "IC"}[source]
    return replace(
        Verdict(
            packet=PACKET,
            packet_sha=PACKET_SHA,
            pull=7,
            source=source,
            comment_id=comment_id,
            node_id=f"{node}_{comment_id}",
            author=author,
            author_id=4242,
            criterion=None if command.startswith("/recommend") else criterion,
            command=command,
            reason=reason,
            body_sha256=body_sha256(text),
            created_at="2026-07-01T09:05:00Z",
            updated_at="2026-07-01T09:05:00Z",
        ),
        **kw,
    )


def changed(
    of: Verdict, by: str | None, change: str = "edited", body: str | None = "edited text"
) -> VerdictChanged:
    deleted = change == "deleted"
    return VerdictChanged(
        packet=PACKET,
        pull=of.pull,
        source=of.source,
        comment_id=of.comment_id,
        node_id=of.node_id,
        author=of.author,
        change=change,
        by=by,
        was_sha256=of.body_sha256,
        body_sha256=None if deleted else body_sha256(body),
        command=None,
        reason=None,
        updated_at="2026-07-02T10:00:00Z",
    )


def manager(name: str | None = "mkatz", packet_sha: str = PACKET_SHA) -> Manager:
    return Manager(PACKET, packet_sha, "dana-levi", name)


def bound(pull: int = 7) -> Bound:
    return Bound(PACKET, PACKET_SHA, pull, HEAD_SHA)


def decision(outcome: str = "promote") -> Decision:
    return Decision(PACKET, "dana-levi", outcome, ("amir-cohen",), "2026-07-14", PACKET_SHA, 7)


def one_of_each() -> list[Event]:
    first = verdict()
    return [
        bound(),
        manager(),
        assigned(),
        by_command("carol"),
        requested(),
        first,
        changed(first, "dana-levi"),
        verdict(command="/recommend promote", comment_id=1002, reason="Ready."),
        decision(),
    ]


def record_text(events: list[Event], path: str = RECORD, at: str = AT) -> str:
    """A record holding ``events``, appended one by one as the privileged side would."""
    text = ""
    for event in events:
        text += "".join(f"{line}\n" for line in chain_lines(text, [event], at, path))
    return text
