"""Rounds and independence: what the panel said before its reveal, what changed after it,
and which verdicts were given without another reviewer's in view.  Pure, over the
replayed record.

* **The reveal.**  In sealed mode the record says when (``revealed``); in open mode it is
  the moment the panel first became complete: the time the last of its reviewers gave a
  first verdict (or abstention) on the last required criterion they owed.
* **Round one** is, per reviewer and criterion, the last verdict given at or before the
  reveal; **round two** the last one given after it, kept beside round one (never
  replacing it) with its reason.  A round two that says what round one said is no change.
* **Independent**: a round-one verdict given when no other reviewer's verdict on the
  packet was visible yet.  A verdict is given when its comment was created (an
  author's edit of a recorded comment: when it was edited); in sealed mode a verdict
  is visible only from the reveal.

Times are GitHub's (``YYYY-MM-DDTHH:MM:SSZ``), compared as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rung.classes import replace
from rung.record.events import Verdict
from rung.record.replay import PacketRecord, RecordedVerdict

NO_REASON = "changed without a reason"


@dataclass(frozen=True)
class Given:
    """One verdict as given: by whom, on what, when."""

    author: str  # case-folded
    criterion: str
    value: str  # meets, not-yet, abstain
    reason: str
    at: str  # when it was given ("" when the record does not say)
    comment_id: int


@dataclass(frozen=True)
class Change:
    """A reviewer's round-two verdict beside their round one (None: they gave none before)."""

    before: Given | None
    after: Given

    @property
    def reason(self) -> str:
        """The round-two comment's reason, or NO_REASON for a bare command."""
        return self.after.reason or NO_REASON


@dataclass(frozen=True)
class Rounds:
    revealed_at: str | None  # None: the panel is not complete (not revealed) yet
    sealed: bool  # the reveal is the record's (sealed mode), not the panel's completion
    round_one: tuple[Given, ...]  # in the order given
    changes: tuple[Change, ...]  # round two, in the order given
    independent: tuple[Given, ...]  # the round-one verdicts given with no other in view

    @property
    def independence_words(self) -> str:
        """``independent: 7 of 9 verdicts``."""
        total = len(self.round_one)
        return f"independent: {len(self.independent)} of {total} verdict{'s' * (total != 1)}"

    def round_one_of(self, author: str, criterion: str) -> Given | None:
        key = (author.casefold(), criterion)
        return next((g for g in self.round_one if (g.author.casefold(), g.criterion) == key), None)


def _history(recorded: RecordedVerdict) -> list[Given]:
    """The reviewer's verdicts on one criterion, each with the time it was given."""
    given: list[Given] = []
    seen: set[str] = set()
    for event in (*recorded.superseded, recorded.current):
        edited = event.node_id in seen  # the author rewrote a recorded comment
        seen.add(event.node_id)
        at = (event.updated_at if edited else event.created_at) or event.created_at or ""
        given.append(_given(recorded.author, event, at))
    return given


def _given(author: str, event: Verdict, at: str) -> Given:
    value = event.command.removeprefix("/")
    return Given(author, event.criterion or "", value, event.reason, at, event.comment_id)


def _reveal(
    histories: dict[tuple[str, str], list[Given]], panel: Iterable[str], required: Iterable[str]
) -> str | None:
    """When every reviewer of ``panel`` had given something on every ``required`` criterion."""
    firsts: list[str] = []
    for author in panel:
        for criterion in required:
            history = histories.get((author, criterion))
            if not history or not all(g.at for g in history):
                return None
            firsts.append(min(g.at for g in history))
    return max(firsts) if firsts else None


def rounds(
    record: PacketRecord,
    panel: frozenset[str],
    required: frozenset[str],
    *,
    revealed_at: str | None,
    sealed: bool,
) -> Rounds:
    """The rounds of the verdicts of ``panel`` (case-folded logins whose verdicts count) on
    ``required`` criteria.  ``sealed``: the cycle is in sealed mode and ``revealed_at`` is
    the record's reveal (None: not revealed yet, so everything given is round one)."""
    histories = {
        (r.author, r.criterion): _history(r)
        for r in record.verdicts
        if r.criterion is not None
        and r.criterion in required
        and r.author in panel
        and not r.withdrawn
    }
    reveal = revealed_at if sealed else _reveal(histories, panel, required)
    first: list[Given] = []
    changes: list[Change] = []
    for history in histories.values():
        before = [g for g in history if reveal is None or (g.at and g.at <= reveal)]
        after = history[len(before) :]
        one = before[-1] if before else None
        if one is not None:
            first.append(one)
        if after and (one is None or after[-1].value != one.value):
            changes.append(Change(one, after[-1]))
    first.sort(key=lambda g: (g.at, g.comment_id))
    changes.sort(key=lambda c: (c.after.at, c.after.comment_id))
    # Whatever anyone posted was in view, counted or not (a /recommend too).
    everything = [g for r in record.verdicts for g in _history(r)]
    independent = tuple(
        g for g in first if g.at and not _seen_before(g, everything, sealed, reveal)
    )
    return Rounds(reveal, sealed, tuple(first), tuple(changes), independent)


def _seen_before(given: Given, everything: list[Given], sealed: bool, reveal: str | None) -> bool:
    """Whether another reviewer's verdict was visible when ``given`` was given: posted
    before it (in sealed mode: and revealed before it)."""
    for other in everything:
        if other.author == given.author or not other.at:
            continue
        if sealed and reveal is None:
            continue  # still sealed: nobody has read it
        visible = max(other.at, reveal) if sealed and reveal is not None else other.at
        if visible < given.at:
            return True
    return False


def respelled(found: Rounds, spell: Callable[[str], str]) -> Rounds:
    """``found`` with every login as ``spell`` writes it (the roster's spelling)."""

    def one(g: Given) -> Given:
        return replace(g, author=spell(g.author))

    return Rounds(
        found.revealed_at,
        found.sealed,
        tuple(one(g) for g in found.round_one),
        tuple(Change(one(c.before) if c.before else None, one(c.after)) for c in found.changes),
        tuple(one(g) for g in found.independent),
    )
