"""The scorecard's tally: offers of verdicts and recommendations, refusals with reasons.

Per reviewer and criterion (or, for ``/recommend``, per reviewer) the offer
written last wins; the earlier ones are listed as superseded, so nothing
disappears.  Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rung.scorecard.grammar import RECOMMENDATIONS, Command, commands
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.view import SealSeen

SUPERSEDED = "superseded by their later one"
Item = ReviewComment | Review | ConversationComment


@dataclass(frozen=True)
class Verdict:
    value: str  # "meets" or "not-yet"
    comment_id: int
    outdated: bool
    url: str = ""
    reason: str = ""
    node_id: str = ""  # the comment's GraphQL id: unique across comments, reviews and replies


@dataclass(frozen=True)
class NotCounted:
    login: str
    criterion: str  # "" when on no criterion (or an overall recommendation)
    command: str  # as written: /meets, /not-yet, /recommend promote
    reason: str
    comment_id: int
    url: str = ""


class Tally:
    """Offers of verdicts and recommendations; refusals with their reasons; the last one wins."""

    def __init__(
        self, refusal: Callable[[str | None], str | None], spell: Callable[[str], str]
    ) -> None:
        self.refusal = refusal
        self.spell = spell  # a login as the roster writes it
        self.offers: dict[tuple[str, str], list[tuple[str, int, Verdict, Item]]] = {}
        self.refused: list[NotCounted] = []

    def command(self, item: Item) -> Command | None:
        found = commands(item.body)
        if len(found) > 1:
            self.refuse(item, "", found[0], "more than one command in one comment: one each")
            return None
        return found[0] if found else None

    def refuse(self, item: Item, criterion: str, command: Command, reason: str) -> None:
        who = item.login or "ghost"
        self.refused.append(
            NotCounted(who, criterion, command.written, reason, item.id, item.html_url)
        )

    def sealed(
        self, item: ReviewComment, criterion: str | None, required: set[str], placed: str
    ) -> SealSeen | None:
        """A sealed verdict placed on ``criterion`` (None: on none, for the reason ``placed``):
        counted as given when a verdict there by its author would count; listed otherwise."""
        why = self.refusal(item.login) or edit_refusal(item)
        if why is None and criterion not in required:
            why = (
                placed if criterion is None else f"on {criterion}, which this move does not require"
            )
        if why is not None or criterion is None:
            who = item.login or "ghost"
            self.refused.append(
                NotCounted(who, criterion or "", "/sealed", why or placed, item.id, item.html_url)
            )
            return None
        login = self.spell(item.login or "")
        return SealSeen(login, criterion, item.id, item.node_id, item.html_url)

    def offer(self, criterion: str, command: Command, item: Item, *, outdated: bool) -> None:
        # Both reasons when both hold: a refused /recommend can still be shown for what it
        # is (the manager's, on page 1), and only if nobody else wrote its current text.
        why = "; ".join(w for w in (self.refusal(item.login), edit_refusal(item)) if w) or None
        if why is None and command.name == "recommend" and command.value not in RECOMMENDATIONS:
            why = f"'/recommend {command.value}' is not one of: {', '.join(RECOMMENDATIONS)}"
        if why is not None:
            self.refuse(item, criterion, command, why)
            return
        member = item.login or ""
        verdict = Verdict(
            command.value, item.id, outdated, item.html_url, command.reason, item.node_id
        )
        key = (criterion, member.casefold())
        self.offers.setdefault(key, []).append((item.written_at, item.id, verdict, item))

    def result(
        self,
    ) -> tuple[dict[str, dict[str, Verdict]], dict[str, Verdict], tuple[NotCounted, ...]]:
        verdicts: dict[str, dict[str, Verdict]] = {}
        overall: dict[str, Verdict] = {}
        superseded: list[NotCounted] = []
        for (criterion, _), offers in self.offers.items():
            offers.sort(key=lambda o: (o[0], o[1]))
            *older, (_, _, last, item) = offers
            login = self.spell(item.login or "")
            if criterion:
                verdicts.setdefault(criterion, {})[login] = last
            else:
                overall[login] = last
            word = "/recommend " if not criterion else "/"
            superseded += [
                NotCounted(login, criterion, word + v.value, SUPERSEDED, v.comment_id, v.url)
                for _, _, v, _ in older
            ]
        return verdicts, overall, (*self.refused, *superseded)


def edit_refusal(item: Item) -> str | None:
    """Not counted when somebody other than the author wrote the comment's current text."""
    if not item.edited:
        return None
    if item.editor is None:
        return "edited by a deleted account — not counted"
    if item.login is not None and item.editor.casefold() == item.login.casefold():
        return None
    return f"edited by @{item.editor} — not counted"
