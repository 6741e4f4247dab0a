"""A packet's record folded into plain state, in the order it was recorded.

The rules, each the answer to a way live GitHub state can be bent:

* only ``assigned`` events make reviewers; a review requested by hand is kept apart
  (shown as "requested by @x — not assigned") and assigns nobody;
* a verdict is what its author last wrote: an author's later verdict on the same
  criterion supersedes the earlier one (both kept); an edit or deletion by anyone
  else is kept beside the verdict and changes nothing; the author's own deletion
  (or edit that leaves no command) withdraws it;
* the manager is the one recorded first, at assignment; a later different one is
  a change for the chairs to see, never a reason to discount anybody;
* the pull request is the first one bound; another bound later is listed, never
  substituted;
* a sealed verdict is the author's last seal on a criterion, until the reveal opens it
  (``revealed``: from then on a verdict like any other) or refuses it
  (``reveal-refused``); a seal is never a verdict by itself.

Logins are compared case-folded, as GitHub compares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rung.classes import replace
from rung.record.events import (
    Assigned,
    Bound,
    Decision,
    Entry,
    Manager,
    Requested,
    RevealRefused,
    Sealed,
    Verdict,
    VerdictChanged,
)


@dataclass(frozen=True)
class Assignment:
    login: str  # case-folded
    via: str  # rung or command
    by: str | None  # the chair (case-folded) who wrote /assign; None when rung assigned
    seq: int


@dataclass(frozen=True)
class HandRequest:
    login: str  # case-folded
    by: str | None  # who asked (case-folded); None when GitHub did not say
    seq: int


@dataclass(frozen=True)
class RecordedVerdict:
    """One author's verdict on one criterion (None: their ``/recommend``)."""

    author: str  # case-folded
    criterion: str | None
    current: Verdict
    seq: int  # the line of ``current``
    superseded: tuple[Verdict, ...] = ()  # the author's earlier verdicts, oldest first
    changes: tuple[VerdictChanged, ...] = ()  # edits and deletions of its comments
    withdrawn: bool = False  # its comment deleted, or emptied of commands, by its author

    @property
    def changed_by_others(self) -> tuple[VerdictChanged, ...]:
        return tuple(c for c in self.changes if not _by_author(c, self.author))


@dataclass(frozen=True)
class PacketRecord:
    assigned: Mapping[str, Assignment] = field(default_factory=dict)  # login -> assignment
    requested: tuple[HandRequest, ...] = ()
    verdicts: tuple[RecordedVerdict, ...] = ()
    manager: str | None = None  # as recorded at assignment (case-folded)
    manager_recorded: bool = False
    manager_changes: tuple[Manager, ...] = ()  # later, different managers the packet named
    pull: int | None = None
    other_pulls: tuple[int, ...] = ()  # bound later: listed, never substituted
    decisions: tuple[Decision, ...] = ()
    unmatched_changes: tuple[VerdictChanged, ...] = ()  # about comments with no verdict
    seals: tuple[Sealed, ...] = ()  # per author and criterion, the last seal, in order
    opened: tuple[tuple[str, str], ...] = ()  # (node id, body sha) revealed or refused
    reveal_refused: tuple[RevealRefused, ...] = ()
    revealed_at: str | None = None  # when the first sealed verdict was opened (sealed mode)

    @property
    def unrevealed(self) -> tuple[Sealed, ...]:
        """The seals the reveal has yet to open."""
        return tuple(s for s in self.seals if (s.node_id, s.body_sha256) not in self.opened)

    @property
    def hand_requests(self) -> tuple[HandRequest, ...]:
        """Requests of people rung (or a chair) did not assign."""
        return tuple(r for r in self.requested if r.login not in self.assigned)


def _fold(login: str | None) -> str | None:
    return login.casefold() if login is not None else None


def _by_author(change: VerdictChanged, author: str) -> bool:
    return change.by is not None and change.by.casefold() == author


def replay(entries: Iterable[Entry]) -> PacketRecord:
    """The state the record's ``entries`` (in order) add up to."""
    state = PacketRecord()
    assigned: dict[str, Assignment] = {}
    verdicts: dict[tuple[str, str | None], RecordedVerdict] = {}
    seals: dict[tuple[str, str], Sealed] = {}
    opened: set[tuple[str, str]] = set()
    for entry in entries:
        event = entry.event
        if isinstance(event, Verdict | RevealRefused) and event.KIND != Verdict.KIND:
            opened.add((event.node_id, event.body_sha256))  # revealed or refused
            if state.revealed_at is None:
                state = replace(state, revealed_at=entry.at)
        if isinstance(event, Sealed):
            seals.pop((event.author.casefold(), event.criterion), None)  # keeps the order
            seals[(event.author.casefold(), event.criterion)] = event
        elif isinstance(event, RevealRefused):
            state = replace(state, reveal_refused=(*state.reveal_refused, event))
        elif isinstance(event, Assigned):
            login = event.login.casefold()
            if login not in assigned:
                assigned[login] = Assignment(login, event.via, _fold(event.by), entry.seq)
        elif isinstance(event, Requested):
            request = HandRequest(event.login.casefold(), _fold(event.by), entry.seq)
            state = replace(state, requested=(*state.requested, request))
        elif isinstance(event, Verdict):
            key = (event.author.casefold(), event.criterion)
            verdicts[key] = _supersede(verdicts.get(key), event, entry.seq)
        elif isinstance(event, VerdictChanged):
            key_found = next(
                (k for k, v in verdicts.items() if event.node_id in _node_ids(v)), None
            )
            if key_found is None:
                state = replace(state, unmatched_changes=(*state.unmatched_changes, event))
            else:
                verdicts[key_found] = _change(verdicts[key_found], event)
        elif isinstance(event, Manager):
            state = _manager(state, event)
        elif isinstance(event, Bound):
            if state.pull is None:
                state = replace(state, pull=event.pull)
            elif event.pull != state.pull and event.pull not in state.other_pulls:
                state = replace(state, other_pulls=(*state.other_pulls, event.pull))
        elif isinstance(event, Decision):
            state = replace(state, decisions=(*state.decisions, event))
    ordered = tuple(sorted(verdicts.values(), key=lambda v: v.seq))
    return replace(
        state,
        assigned=assigned,
        verdicts=ordered,
        seals=tuple(seals.values()),
        opened=tuple(sorted(opened)),
    )


def _node_ids(verdict: RecordedVerdict) -> set[str]:
    return {verdict.current.node_id, *(v.node_id for v in verdict.superseded)}


def _supersede(before: RecordedVerdict | None, event: Verdict, seq: int) -> RecordedVerdict:
    author = event.author.casefold()
    if before is None:
        return RecordedVerdict(author, event.criterion, event, seq)
    return replace(
        before,
        current=event,
        seq=seq,
        superseded=(*before.superseded, before.current),
        withdrawn=False,
    )


def _change(verdict: RecordedVerdict, event: VerdictChanged) -> RecordedVerdict:
    withdrawn = verdict.withdrawn or (
        _by_author(event, verdict.author)
        and event.node_id == verdict.current.node_id
        and event.command is None
    )
    return replace(verdict, changes=(*verdict.changes, event), withdrawn=withdrawn)


def _manager(state: PacketRecord, event: Manager) -> PacketRecord:
    named = _fold(event.manager)
    if not state.manager_recorded:
        return replace(state, manager=named, manager_recorded=True)
    if named != state.manager:
        return replace(state, manager_changes=(*state.manager_changes, event))
    return state
