"""The scorecard as the promotion record says, and what a run saw that the record lacks.

Two steps, both pure, run by the privileged side (``rung scorecard --record``):

* :func:`observe` turns what GitHub shows now into record events: each verdict a
  live collation counts (so only text its author wrote, placed on a criterion,
  by a member eligible with the *recorded* manager), and each change to a
  recorded verdict's comment (edited, by whom; deleted).  The record skips what
  it already holds, so observing the same discussion twice adds nothing.
* :func:`from_record` builds the scorecard from the replayed record: only
  assigned reviewers count, each verdict as its author last wrote it; anything
  changed by someone else is shown beside it and changes nothing.  The live
  collation still supplies what is not a verdict (coverage, comment counts,
  misplaced commands, approvals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from rung.classes import replace
from rung.record.events import Assigned, Event, VerdictChanged, body_sha256
from rung.record.events import Verdict as RecordedCommand
from rung.record.replay import PacketRecord, RecordedVerdict
from rung.record.rounds import Rounds, respelled, rounds
from rung.scorecard.collate import Scorecard
from rung.scorecard.grammar import assignments, commands
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.recorded_seals import NOT_ASSIGNED, observed_seals, recorded_seals
from rung.scorecard.tally import SUPERSEDED, Item, NotCounted, Verdict
from rung.scorecard.view import Note, RecordView, given_by

SOURCES = {ReviewComment: "review-comment", Review: "review", ConversationComment: "issue-comment"}
WITHDRAWN = "withdrawn by its author"
UNRECORDED = "not in the promotion record: the packet has no review pull request yet"


def _items(
    comments: Iterable[ReviewComment],
    reviews: Iterable[Review],
    conversation: Iterable[ConversationComment],
) -> dict[str, Item]:
    found: dict[str, Item] = {}
    everything: list[Item] = [*comments, *reviews, *conversation]
    for item in everything:
        if item.node_id:
            found[item.node_id] = item
    return found


def observe(
    live: Scorecard,
    comments: Iterable[ReviewComment],
    reviews: Iterable[Review],
    conversation: Iterable[ConversationComment],
    record: PacketRecord,
    *,
    pull: int,
    packet_sha: str,
    chairs: frozenset[str] = frozenset(),
) -> list[Event]:
    """The events that bring the record up to what GitHub shows on pull request ``pull``;
    ``chairs`` (case-folded) may assign reviewers with ``/assign @login``."""
    items = _items(comments, reviews, conversation)
    events: list[Event] = list(
        _chair_assignments(live.path, pull, [*reviews, *conversation], chairs)
    )
    counted: list[tuple[str | None, Verdict]] = [
        (row.criterion.id, v) for row in live.rows for v in row.verdicts.values()
    ]
    counted += [(None, v) for v in live.recommendations.values()]
    for criterion, verdict in sorted(counted, key=lambda c: c[1].comment_id):
        item = items.get(verdict.node_id)
        if item is None or item.login is None:
            continue
        command = f"/{verdict.value}" if criterion is not None else f"/recommend {verdict.value}"
        events.append(
            RecordedCommand(
                packet=live.path,
                packet_sha=packet_sha,
                pull=pull,
                source=SOURCES[type(item)],
                comment_id=item.id,
                node_id=item.node_id,
                author=item.login,
                author_id=max(item.author_id, 1),
                criterion=criterion,
                command=command,
                reason=verdict.reason,
                body_sha256=body_sha256(item.body),
                created_at=_created(item) or None,
                updated_at=item.written_at or None,
            )
        )
    events += _changes(record, items, pull)
    events += observed_seals(live.path, live.seals, items, pull=pull, packet_sha=packet_sha)
    return events


def recorded_nodes(record: PacketRecord) -> set[str]:
    """The GraphQL ids of every comment a recorded verdict came from."""
    return {v.node_id for r in record.verdicts for v in (*r.superseded, r.current)}


def chair_commands(said: tuple[Iterable[Item], ...], chairs: frozenset[str]) -> set[str]:
    """The GraphQL ids of chairs' comments that hold an ``/assign``: who last edited them
    must be asked, as for verdicts."""
    return {
        item.node_id
        for items in said
        for item in items
        if (item.login or "").casefold() in chairs and assignments(item.body)
    }


def _chair_assignments(
    packet: str, pull: int, said: Iterable[Item], chairs: frozenset[str]
) -> Iterator[Assigned]:
    """A chair's ``/assign @login`` in a review's body or the conversation, as the chair
    wrote it (an edit by anyone else voids it, as it voids a verdict)."""
    for item in said:
        author = item.login
        if author is None or author.casefold() not in chairs or not item.node_id:
            continue
        if item.edited and (item.editor or "").casefold() != author.casefold():
            continue
        for login in assignments(item.body):
            yield Assigned(packet, pull, login, "command", author, item.id, item.node_id)


def _created(item: Item) -> str:
    return item.submitted_at if isinstance(item, Review) else item.created_at


def _changes(record: PacketRecord, items: Mapping[str, Item], pull: int) -> list[Event]:
    """A change event for each recorded verdict comment whose text is not what was last
    recorded of it (edited: by whom GraphQL says; gone: deleted, by whom GitHub does not say)."""
    known: dict[str, tuple[str | None, RecordedCommand]] = {}
    for recorded in record.verdicts:
        for verdict in (*recorded.superseded, recorded.current):
            if verdict.pull == pull:
                known[verdict.node_id] = (verdict.body_sha256, verdict)
        for change in recorded.changes:
            if change.node_id in known:
                known[change.node_id] = (change.body_sha256, known[change.node_id][1])
    events: list[Event] = []
    for node_id, (last_sha, verdict) in known.items():
        item = items.get(node_id)
        now = body_sha256(item.body) if item is not None else None
        if now == last_sha:
            continue
        said = commands(item.body) if item is not None else []
        one = said[0] if len(said) == 1 else None
        events.append(
            VerdictChanged(
                packet=verdict.packet,
                pull=pull,
                source=verdict.source,
                comment_id=verdict.comment_id,
                node_id=node_id,
                author=verdict.author,
                change="edited" if item is not None else "deleted",
                by=(item.editor or None) if item is not None and item.edited else None,
                was_sha256=last_sha or verdict.body_sha256,
                body_sha256=now,
                command=one.written if one is not None else None,
                reason=one.reason if one is not None else None,
                updated_at=(item.written_at or None) if item is not None else None,
            )
        )
    return events


def from_record(
    live: Scorecard,
    record: PacketRecord,
    refusal: Callable[[str | None], str | None],
    spell: Callable[[str], str],
    *,
    appended: int = 0,
) -> Scorecard:
    """``live`` with its verdicts, pending reviewers and reviews taken from ``record``."""
    required = {row.criterion.id for row in live.rows}
    urls = {n.comment_id: n.url for n in live.not_counted}
    urls.update({seal.comment_id: seal.url for seal in live.seals})
    outdated: set[int] = set()
    for row in live.rows:
        for v in row.verdicts.values():
            urls[v.comment_id] = v.url
            if v.outdated:
                outdated.add(v.comment_id)
    for v in live.recommendations.values():
        urls[v.comment_id] = v.url
    assigned = set(record.assigned)  # case-folded by replay
    by_hand = {r.login for r in record.hand_requests}
    per_row: dict[str, dict[str, Verdict]] = {}
    overall: dict[str, Verdict] = {}
    refused: list[NotCounted] = []
    notes: list[Note] = []
    recorded_ids: set[int] = set()
    for recorded in record.verdicts:
        current = recorded.current
        login = spell(current.author)
        criterion = current.criterion or ""
        recorded_ids.update(v.comment_id for v in (*recorded.superseded, current))
        url = urls.get(current.comment_id, "")
        why = _why_not(recorded, assigned, by_hand, refusal, required)
        if why is not None:
            refused.append(
                NotCounted(login, criterion, current.command, why, current.comment_id, url)
            )
        else:
            value = current.command.removeprefix("/recommend ").removeprefix("/")
            verdict = Verdict(
                value,
                current.comment_id,
                current.comment_id in outdated,
                url,
                current.reason,
                current.node_id,
            )
            if current.criterion is None:
                overall[login] = verdict
            else:
                per_row.setdefault(current.criterion, {})[login] = verdict
        refused += [
            NotCounted(login, criterion, old.command, SUPERSEDED, old.comment_id,
                       urls.get(old.comment_id, ""))
            for old in recorded.superseded
        ]  # fmt: skip
        notes += [
            Note(login, criterion, current.command, _changed(change, login), change.comment_id, url)
            for change in recorded.changed_by_others
        ]
    live_refused = [
        n for n in live.not_counted if n.reason != SUPERSEDED and n.comment_id not in recorded_ids
    ]
    live_refused += [
        NotCounted(login, criterion, f"{word}{v.value}", UNRECORDED, v.comment_id, v.url)
        for criterion, word, login, v in _live_verdicts(live)
        if v.comment_id not in recorded_ids
    ]
    rows = tuple(
        replace(row, verdicts=dict(sorted(per_row.get(row.criterion.id, {}).items())))
        for row in live.rows
    )
    seals, seals_refused = recorded_seals(
        record, urls, assigned=assigned, refusal=refusal, spell=spell, required=required
    )
    refused += seals_refused
    given = given_by(seals)
    reviewers = sorted((spell(a) for a in assigned if refusal(a) is None), key=str.casefold)
    pending = {
        login: missing
        for login in reviewers
        if (missing := sum(1 for row in rows if not given(login, row)))
    }
    reviewers_folded = {a for a in assigned if refusal(a) is None}
    view = RecordView(
        assigned=tuple(sorted((spell(a) for a in assigned), key=str.casefold)),
        hand_requests=tuple(dict.fromkeys((spell(r.login), r.by) for r in record.hand_requests)),
        pull=record.pull,
        other_pulls=record.other_pulls,
        manager=record.manager,
        manager_changes=tuple(m.manager for m in record.manager_changes),
        notes=tuple(notes),
        appended=appended,
        rounds=respelled(_rounds(record, reviewers_folded, required), spell),
    )
    return replace(
        live,
        rows=rows,
        pending=pending,
        reviews={k: v for k, v in live.reviews.items() if k.casefold() in assigned},
        not_counted=(*live_refused, *refused),
        recommendations=dict(sorted(overall.items(), key=lambda i: i[0].casefold())),
        record=view,
        seals=seals,
    )


def _live_verdicts(live: Scorecard) -> list[tuple[str, str, str, Verdict]]:
    found = [
        (row.criterion.id, "/", login, v) for row in live.rows for login, v in row.verdicts.items()
    ]
    found += [("", "/recommend ", login, v) for login, v in live.recommendations.items()]
    return found


def _why_not(
    recorded: RecordedVerdict,
    assigned: set[str],
    by_hand: set[str],
    refusal: Callable[[str | None], str | None],
    required: set[str],
) -> str | None:
    if recorded.withdrawn:
        return WITHDRAWN
    if recorded.author not in assigned:
        return NOT_ASSIGNED + ("; requested by hand" if recorded.author in by_hand else "")
    why = refusal(recorded.author)
    if why is not None:
        return why
    criterion = recorded.criterion
    if criterion is not None and criterion not in required:
        return f"on {criterion}, which this move does not require"
    return None


def _changed(change: VerdictChanged, author: str) -> str:
    who = f"@{change.by}" if change.by else "someone GitHub does not name"
    return f"{change.change} by {who} after rung recorded it: counted as @{author} wrote it"


def _rounds(record: PacketRecord, panel: set[str], required: set[str]) -> Rounds:
    """Round one ends at the reveal: the record's, once sealed verdicts were opened (or
    while some wait sealed); else the moment the panel was first complete."""
    sealed = bool(record.seals) or record.revealed_at is not None
    return rounds(
        record, frozenset(panel), frozenset(required), revealed_at=record.revealed_at, sealed=sealed
    )
