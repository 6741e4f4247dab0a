"""Which pull request to trust, which of its files is the packet, and what the step outputs.

The run that started packet-review ran pull-request code, so nothing it says
is taken on its word.  GitHub's event names this repository's pull requests
for a run of a same-repository branch; a fork's run is named only by the
record it uploaded, which its author could have written.  Either number is
used only when GitHub says that pull request is open and its head is the
commit the run was for.  Every value that reaches ``$GITHUB_OUTPUT`` is made
of characters that cannot end a line or start another output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SHA = re.compile(r"[0-9a-f]{40}")
MAX_NUMBER = 2**31 - 1  # GitHub's issue numbers are 32-bit (GraphQL's Int)
RECORD_LIMIT = 4096  # the record is {"number": N, "head_sha": SHA}: under 100 bytes
NO_PULL = "no pull request to review for this run"
# Any file two folders down in packets/ ending in .md is a packet (as
# rung.github.client.PACKET_FILE counts them) ...
PACKET_FILE = re.compile(r"packets/[^/]+/[^/]+\.md")
# ... but only a name of the characters a cycle and a candidate's slug hold is
# passed on: it goes to $GITHUB_OUTPUT and into later steps' arguments, so no
# newline may forge an output, and no leading dot may make `..` of a folder.
PASSABLE_PACKET = re.compile(
    r"packets/[A-Za-z0-9_-][A-Za-z0-9._-]*/[A-Za-z0-9_-][A-Za-z0-9._-]*\.md"
)


@dataclass(frozen=True)
class Stop:
    """Nothing to route, and why: the step says so in a notice and outputs ``count=0``."""

    message: str
    number: int | None = None

    def outputs(self) -> dict[str, str]:
        values = {"count": "0"}
        if self.number is not None:
            values["number"] = str(self.number)
        return values


@dataclass(frozen=True)
class Run:
    """The finished run that started packet-review, as GitHub's event describes it."""

    head_sha: str  # the commit it ran on
    trigger: str  # its own event: pull_request, pull_request_review, ...
    numbers: tuple[int, ...]  # this repository's pull requests GitHub names for it


@dataclass(frozen=True)
class PullHead:
    """What GitHub says about a pull request, for the decision."""

    head_sha: str
    state: str
    draft: bool


@dataclass(frozen=True)
class Found:
    """The pull request and its one packet: ``count=1`` and the values later steps use."""

    number: int
    packet: str
    head_sha: str
    draft: bool
    push: bool

    def outputs(self) -> dict[str, str]:
        return {
            "count": "1",
            "number": str(self.number),
            "packet": self.packet,
            "head_sha": self.head_sha,
            "draft": str(self.draft).lower(),
            "push": str(self.push).lower(),
        }


def pull_number(value: object) -> int | None:
    """A JSON value that is a pull-request number (an integer, not a bool, string or float)."""
    if type(value) is not int or not 1 <= value <= MAX_NUMBER:
        return None
    return value


def _repository_id(holder: object, *keys: str) -> int | None:
    """The integer ``id`` at ``holder[keys...]["id"]``, or None when the shape is not that."""
    for key in (*keys, "id"):
        holder = holder.get(key) if isinstance(holder, dict) else None
    return holder if type(holder) is int else None


def read_run(event: object) -> Run | Stop:
    """The run from a ``workflow_run`` event (GitHub's, but read without assuming its shape)."""
    data: dict[str, Any] = event if isinstance(event, dict) else {}
    run = data.get("workflow_run")
    run = run if isinstance(run, dict) else {}
    head_sha = run.get("head_sha")
    if not isinstance(head_sha, str) or not SHA.fullmatch(head_sha):
        return Stop("the run names no commit")
    trigger = run.get("event")
    ours = _repository_id(data, "repository")
    entries = run.get("pull_requests")
    # pull_requests[] can list pull requests of other repositories (a fork's
    # own, whose head is this commit): only this repository's are ours.
    numbers = tuple(
        number
        for entry in (entries if isinstance(entries, list) else [])
        if ours is not None and _repository_id(entry, "base", "repo") == ours
        if (number := pull_number(entry.get("number"))) is not None
    )
    return Run(head_sha, trigger if isinstance(trigger, str) else "", numbers)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a key is repeated")  # JSON would silently keep the last one
    return dict(pairs)


def record_number(data: bytes) -> int | Stop:
    """The number in the triggering run's record (``pull-request.json``), or why not.

    The record was written by pull-request code: ``data`` may be anything, of any
    size (the caller reads at most ``RECORD_LIMIT + 1`` bytes).
    """
    if len(data) > RECORD_LIMIT:
        return Stop(f"the pull-request record is over {RECORD_LIMIT:,} bytes; {NO_PULL}")
    try:
        record = json.loads(data.decode("utf-8"), object_pairs_hook=_no_repeats)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Stop(f"the pull-request record is not a JSON object; {NO_PULL}")
    if not isinstance(record, dict):
        return Stop(f"the pull-request record is not a JSON object; {NO_PULL}")
    number = pull_number(record.get("number"))
    if number is None:
        return Stop(
            "the pull-request record's number is not a whole number from 1 to "
            f"{MAX_NUMBER:,}; {NO_PULL}"
        )
    # Its head_sha is not compared: whoever forged the number could forge that
    # too.  GitHub's own head of the pull request decides (trusted_pull).
    return number


def choose_number(run: Run, record: bytes | None) -> int | Stop:
    """The pull request to ask GitHub about: the event's, else the record's (``None``: no record)."""
    if run.numbers:
        return run.numbers[0]
    if record is None:
        return Stop(NO_PULL)
    return record_number(record)


def trusted_pull(number: int, run: Run, pull: PullHead | None) -> PullHead | Stop:
    """Pull request ``number`` if it is the one the run was for, else why not.

    The number may come from the record: it is trusted only if GitHub says that
    pull request is open here and its head is the commit the run checked.
    """
    if pull is None:
        return Stop(f"pull request #{number} does not exist in this repository; {NO_PULL}")
    if pull.head_sha != run.head_sha or pull.state != "open":
        return Stop(f"pull request #{number} has moved on or is closed; nothing to do")
    return pull


def packet_files(files: Iterable[tuple[str, str]]) -> list[str]:
    """The packets among a pull request's ``(filename, status)``: not a README, not removed."""
    return [
        name
        for name, status in files
        if PACKET_FILE.fullmatch(name)
        and name.rsplit("/", 1)[-1].lower() != "readme.md"
        and status != "removed"
    ]


def decide(number: int, run: Run, pull: PullHead, files: Iterable[tuple[str, str]]) -> Found | Stop:
    """The outcome for an open pull request whose head is the run's commit."""
    packets = packet_files(files)
    if len(packets) != 1:
        return Stop(
            f"pull request #{number} changes {len(packets)} packets; "
            "rung routes a pull request that changes exactly one",
            number=number,
        )
    if not PASSABLE_PACKET.fullmatch(packets[0]):
        return Stop(
            f"pull request #{number} changes a packet whose file name holds characters "
            "other than A-Z, a-z, 0-9, '.', '_' and '-' (or starts with '.'); "
            "rename it to route it",
            number=number,
        )
    return Found(number, packets[0], run.head_sha, pull.draft, run.trigger == "pull_request")
