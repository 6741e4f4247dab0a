"""The events of the promotion record and their one canonical line each.

A line is one JSON object: the envelope (``seq``, ``prev``, ``at``, ``kind``) and
the event itself under the key its kind names::

    {"at":"2026-07-01T09:00:00Z","kind":"assigned","assigned":{...},"prev":"000…","seq":1}

Keys sorted, no white space, UTF-8 (``ensure_ascii=False``), every field present
(``null`` when unknown), so a line's bytes follow from its content alone: the same
event always encodes to the same bytes, and a line that does not re-encode to
itself was not written by rung.  ``schemas/record-event.schema.json`` describes a
line for other tools; :func:`decode` applies it and the rules a schema cannot say.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any, ClassVar

from rung.loaders.schema import iter_errors
from rung.loaders.schema_fast import compiled, load_schema

SCHEMA = "record-event"


@dataclass(frozen=True)
class Assigned:
    """A reviewer assigned: by rung (``via="rung"``) or by a chair's ``/assign @login``
    comment (``via="command"``, ``by`` the chair, the comment's ids)."""

    KIND: ClassVar[str] = "assigned"
    packet: str
    pull: int
    login: str
    via: str
    by: str | None = None
    comment_id: int | None = None
    node_id: str | None = None


@dataclass(frozen=True)
class Requested:
    """A review requested by someone else (``by``; None when GitHub did not say): recorded,
    never an assignment."""

    KIND: ClassVar[str] = "requested"
    packet: str
    pull: int
    login: str
    by: str | None = None


@dataclass(frozen=True)
class Verdict:
    """A command seen in a comment its author last wrote, with the packet as it was then.

    ``source`` says where the comment lives (``review-comment``, ``review`` or
    ``issue-comment``); ``criterion`` is None for ``/recommend``.
    """

    KIND: ClassVar[str] = "verdict"
    packet: str
    packet_sha: str
    pull: int
    source: str
    comment_id: int
    node_id: str
    author: str
    author_id: int
    criterion: str | None
    command: str
    reason: str
    body_sha256: str
    created_at: str | None
    updated_at: str | None


@dataclass(frozen=True)
class VerdictChanged:
    """A recorded verdict's comment edited or deleted: by whom (None: unknown) and what it
    says now (``body_sha256``, ``command`` and ``reason``; None once deleted)."""

    KIND: ClassVar[str] = "verdict-changed"
    packet: str
    pull: int
    source: str
    comment_id: int
    node_id: str
    author: str
    change: str
    by: str | None
    was_sha256: str
    body_sha256: str | None
    command: str | None
    reason: str | None
    updated_at: str | None


@dataclass(frozen=True)
class Manager:
    """The manager the packet named when its reviewers were assigned (None: none named)."""

    KIND: ClassVar[str] = "manager"
    packet: str
    packet_sha: str
    candidate: str
    manager: str | None


@dataclass(frozen=True)
class Bound:
    """The pull request bound to the packet: the one whose discussion is its review."""

    KIND: ClassVar[str] = "bound"
    packet: str
    packet_sha: str
    pull: int
    head_sha: str


@dataclass(frozen=True)
class Decision:
    """A decision published from ``decisions.yaml`` on the default branch (its blob)."""

    KIND: ClassVar[str] = "decision"
    packet: str
    candidate: str
    outcome: str
    decided_by: tuple[str, ...]
    meeting: str | None
    decisions_sha: str
    pull: int | None


@dataclass(frozen=True)
class Sealed:
    """A sealed verdict seen on a criterion's line (docs/committee.md, "Sealed verdicts"):
    where it is and the hash of its body, never what it says.  Only a seal its author
    wrote as it stands is recorded; the author's later seal on the criterion replaces it."""

    KIND: ClassVar[str] = "sealed"
    packet: str
    packet_sha: str
    pull: int
    comment_id: int
    node_id: str
    author: str
    author_id: int
    criterion: str
    body_sha256: str
    created_at: str | None
    updated_at: str | None


@dataclass(frozen=True)
class Revealed(Verdict):
    """A sealed verdict opened at the reveal, its binding matching where it was sealed
    (``body_sha256`` is the sealed comment's): from here on it counts like a verdict."""

    KIND: ClassVar[str] = "revealed"


@dataclass(frozen=True)
class RevealRefused:
    """A sealed verdict not revealed at the reveal, and why (never what it says)."""

    KIND: ClassVar[str] = "reveal-refused"
    packet: str
    pull: int
    comment_id: int
    node_id: str
    author: str
    criterion: str
    body_sha256: str
    why: str


Event = (
    Assigned
    | Requested
    | Verdict
    | VerdictChanged
    | Manager
    | Bound
    | Decision
    | Sealed
    | RevealRefused
)
KINDS: dict[str, type[Event]] = {
    cls.KIND: cls
    for cls in (
        Assigned,
        Requested,
        Verdict,
        VerdictChanged,
        Manager,
        Bound,
        Decision,
        Sealed,
        Revealed,
        RevealRefused,
    )
}


@dataclass(frozen=True)
class Entry:
    """One line of the record: the event and where it sits in the chain."""

    seq: int
    prev: str
    at: str  # when the privileged side recorded it (UTC, YYYY-MM-DDTHH:MM:SSZ)
    event: Event


class LineError(ValueError):
    """A line that is not a record event; ``column`` is 1-based."""

    def __init__(self, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def body_sha256(body: str | None) -> str:
    """The SHA-256 of a comment body exactly as GitHub's REST API returns it (null as empty)."""
    return hashlib.sha256((body or "").encode("utf-8")).hexdigest()


def payload(event: Event) -> dict[str, Any]:
    return {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event)}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def envelope(entry: Entry) -> dict[str, Any]:
    kind = entry.event.KIND
    return {
        "seq": entry.seq,
        "prev": entry.prev,
        "at": entry.at,
        "kind": kind,
        kind: payload(entry.event),
    }


def encode(entry: Entry) -> str:
    """The canonical line (without its line break); ValueError for an entry that
    :func:`decode` would refuse, so rung never writes a line it cannot read back."""
    line = _dumps(envelope(entry))
    decode(line)
    return line


def identity(event: Event) -> str:
    """What makes two events the same, apart from where and when they were recorded.

    A verdict is the same when its comment and body are (a rerun that sees the
    same comment again, even after an edit that kept the text, records nothing new).
    """
    if isinstance(event, Verdict | Sealed | RevealRefused):
        return _dumps([event.KIND, event.node_id, event.body_sha256])
    return _dumps([event.KIND, payload(event)])


def decode(line: str) -> Entry:
    """The entry a line holds; LineError saying what is wrong, and where, otherwise."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise LineError(f"not JSON: {err.msg}", err.colno) from None
    except RecursionError:
        raise LineError("not JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise LineError("not a JSON object")
    if not compiled(SCHEMA)(data):
        schema = load_schema(SCHEMA)
        error = next(iter_errors(data, schema, schema))
        where = ".".join(str(p) for p in error.path)
        key = next((p for p in reversed(error.path) if isinstance(p, str)), None)
        column = line.find(f'"{key}":') + 1 if key is not None else 1
        raise LineError(f"{where + ': ' if where else ''}{error.message}", max(column, 1))
    kind = data["kind"]
    extra = sorted(set(data) - {"seq", "prev", "at", "kind", kind})
    if kind not in data or extra:
        found = ", ".join(extra) or "none"
        raise LineError(f"a '{kind}' line holds the event under '{kind}' only (found: {found})")
    fields = dict(data[kind])
    if isinstance(fields.get("decided_by"), list):
        fields["decided_by"] = tuple(fields["decided_by"])
    event = KINDS[kind](**fields)
    problem = _inconsistent(event)
    if problem is not None:
        raise LineError(f"{kind}: {problem}", line.find(f'"{kind}":{{') + 1)
    return Entry(seq=data["seq"], prev=data["prev"], at=data["at"], event=event)


def _inconsistent(event: Event) -> str | None:
    """What the schema cannot say: fields that go together."""
    if isinstance(event, Assigned):
        by_command = event.by is not None and event.comment_id is not None
        if event.via == "command" and not (by_command and event.node_id is not None):
            return "an assignment by command names the chair (by) and the comment"
        if event.via == "rung" and (event.by, event.comment_id, event.node_id) != (None,) * 3:
            return "an assignment by rung names no chair and no comment"
    if isinstance(event, Verdict) and (event.criterion is None) != event.command.startswith(
        "/recommend"
    ):
        return "a /recommend has no criterion; /meets, /not-yet and /abstain have one"
    if isinstance(event, Revealed) and (event.source != "review-comment" or not event.criterion):
        return "a revealed verdict is a review comment on a criterion"
    if isinstance(event, VerdictChanged):
        gone = (event.body_sha256, event.command, event.reason)
        if event.change == "deleted" and gone != (None, None, None):
            return "a deleted comment says nothing any more (body_sha256, command, reason null)"
        if event.change == "edited" and event.body_sha256 is None:
            return "an edited comment has a body (body_sha256)"
    return None
