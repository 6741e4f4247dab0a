"""One packet's promotion record, read and appended by the privileged side.

The commands that act on a packet's pull request (``rung reviewers``, ``rung
scorecard``) read the record here, append what they did or saw, and read it
again, so what they print is what the record holds, including what another run
appended meanwhile.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass

from rung.classes import replace
from rung.cycle.publish import LabelChange
from rung.github.client import GitHubClient
from rung.github.record import RecordStore, record_ref
from rung.problems import FatalError
from rung.record.chain import RecordBroken
from rung.record.events import Decision, Entry, Event
from rung.record.files import RECORDS_DIR, record_of_packet
from rung.record.replay import PacketRecord, replay

TOKEN_ENV = "RUNG_RECORD_TOKEN"  # noqa: S105 - the name of a variable, not a token


def record_client(client: GitHubClient) -> GitHubClient:
    """A client with ``$RUNG_RECORD_TOKEN`` (the App's token, the only one the record's
    branch accepts) when set, so the command's own token still writes its comments
    under its own name; ``client`` otherwise."""
    token = os.environ.get(TOKEN_ENV)
    if not token:
        return client
    writer = GitHubClient(replace(client.context, token=token), client.settings, client.sleep)
    if writer.repository != client.repository:  # renamed: the client learned the new name
        writer.repository = client.repository
        writer.repo = writer.github.get_repo(client.repository)
    return writer


@dataclass(frozen=True)
class Loaded:
    path: str  # records/C/L.jsonl
    entries: tuple[Entry, ...]
    state: PacketRecord
    appended: int = 0


class PacketRecordIO:
    """The record of one packet on the record ref of the client's repository."""

    def __init__(self, client: GitHubClient, packet_path: str) -> None:
        try:
            self.path = record_of_packet(packet_path)
        except ValueError as err:
            raise FatalError(f"the promotion record: {err}") from None
        self.store = RecordStore(record_client(client), record_ref(os.environ))

    def load(self, appended: int = 0) -> Loaded:
        entries, problems = self.store.read(self.path).chain()
        if problems:
            raise RecordBroken(self.path, problems)
        found = tuple(entry for _, entry in entries)
        return Loaded(self.path, found, replay(found), appended)

    def append(self, events: Sequence[Event], what: str) -> Loaded:
        """Append ``events`` (those not yet recorded) and read the record again."""
        if not events:
            return self.load()
        outcome = self.store.append(self.path, events, f"rung record: {what}")
        return self.load(len(outcome.appended))


def recorded_load(client: GitHubClient, store: RecordStore, exclude: str) -> dict[str, int]:
    """Reviews each login owes on other packets, as the record says: assignments (never
    hand requests) on packets with no decision yet whose bound pull request is open."""
    with client.errors("reading the open pull requests"):
        open_pulls = {pr.number for pr in client.repo.get_pulls(state="open")}
    load: dict[str, int] = {}
    for file in store.files_under(RECORDS_DIR):
        entries, problems = file.chain()
        if file.path == exclude or problems:
            continue  # a broken record assigns nobody; 'rung record verify' reports it
        state = replay(entry for _, entry in entries)
        if state.decisions or state.pull not in open_pulls:
            continue
        for login in state.assigned:
            load[login] = load.get(login, 0) + 1
    return load


def record_decision(client: GitHubClient, change: LabelChange, decisions_sha: str) -> None:
    """Append the decision ``rung cycle publish`` just published to the packet's record."""
    decision, pull = change.decision, change.pull
    event = Decision(
        packet=change.path,
        candidate=decision.candidate,
        outcome=decision.outcome,
        decided_by=decision.decided_by,
        meeting=decision.meeting or None,
        decisions_sha=decisions_sha,
        pull=pull.number if pull is not None else None,
    )
    PacketRecordIO(client, change.path).append([event], f"decision on {change.candidate}")


def blob_sha(data: bytes) -> str:
    """The git blob id of ``data``: what GitHub's trees call the file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
