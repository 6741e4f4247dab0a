"""The candidate's letter: a greeting, the outcome, the committee's feedback, where to
focus next, the next step and who to talk to, a sign-off.

What the letter may carry is deliberately narrow.  It is built from one packet,
its ladder and the committee's decision on it in ``decisions.yaml`` on the default
branch: the outcome, the rationale and the chairs' ``feedback`` per criterion.
Nothing a reviewer wrote on GitHub reaches it — not a ``/not-yet`` reason, not a
count, not a name — so the letter needs no GitHub at all.  The committee's words
still pass through :mod:`rung.cycle.redact` on the way (a chair may have pasted a
reviewer's sentence): committee logins and names, other candidates and
``@mentions`` become "[a committee member]" / "[another person]" — except the
candidate's own manager, whom the letter names as the person to talk to.  A
criterion id in the committee's words becomes the criterion's text: the letter
speaks in the ladder's words, never its ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rung.cycle.redact import redactor
from rung.ladder.model import Criterion, Ladder, MoveKind, required_criteria
from rung.model.coverage import Coverage
from rung.model.decisions import Decision
from rung.model.packet import Packet

OUTCOME_WORDS = {
    "promote": "Promoted",
    "not-yet": "Not yet",
    "defer": "Decision deferred",
}
FOCUS_LIMIT = 5
# What a criterion id looks like: three or more dotted parts (ic-l5.execution.hld-for-epics).
ID_SHAPE = re.compile(r"\b[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*){2,}\b")


@dataclass(frozen=True)
class Feedback:
    text: str  # the criterion's words, from the ladder
    area: str  # the area's name
    words: str  # the chairs' feedback on it


@dataclass(frozen=True)
class Focus:
    text: str  # the criterion's words
    area: str


@dataclass(frozen=True)
class LetterView:
    name: str
    cycle: str
    ladder_name: str
    from_title: str
    to_title: str
    outcome: str
    outcome_words: str
    headline: str  # the outcome as a sentence to the candidate
    rationale: str
    meeting: str
    feedback: tuple[Feedback, ...]
    focus_title: str
    focus: tuple[Focus, ...]  # at most FOCUS_LIMIT, only when there is no feedback
    next_step: str
    signed: str
    lang: str = "en"

    @property
    def greeting(self) -> str:
        first = self.name.split()[0] if self.name.split() else self.name
        return f"Dear {first},"

    @property
    def title(self) -> str:
        return f"Your promotion letter, cycle {self.cycle}"

    @property
    def subject(self) -> str:
        return (
            f"For {self.name}: the outcome of your packet for {self.to_title}, cycle {self.cycle}"
        )


def area_name(ladder: Ladder, criterion: Criterion) -> str:
    level = ladder.level(criterion.level)
    area = next((a for a in (level.areas if level else ()) if a.id == criterion.area), None)
    return area.name if area else criterion.area


def next_level_criteria(ladder: Ladder, level_id: str) -> tuple[str, list[Criterion]]:
    """The title and criteria of the level above ``level_id`` on its track."""
    level = ladder.level(level_id)
    if level is None:
        return "", []
    above = [lv for lv in ladder.track_levels(level.track) if lv.rank > level.rank]
    if not above:
        return "", []
    return above[0].title, required_criteria(ladder, level.id, above[0].id)


def biggest_asks(criteria: Sequence[Criterion], limit: int = FOCUS_LIMIT) -> list[Criterion]:
    """Up to ``limit`` criteria spread over the areas: the first of each area in the
    ladder's order, then the second of each, and so on — the level's asks in brief."""
    by_area: dict[str, list[Criterion]] = {}
    for c in criteria:
        by_area.setdefault(c.area, []).append(c)
    picked: list[Criterion] = []
    depth = 0
    while len(picked) < limit and any(depth < len(cs) for cs in by_area.values()):
        picked += [cs[depth] for cs in by_area.values() if depth < len(cs)]
        depth += 1
    chosen = {id(c) for c in picked[:limit]}
    return [c for c in criteria if id(c) in chosen]


def plain(text: str, criteria: Mapping[str, Criterion]) -> str:
    """``text`` with every criterion id replaced by the criterion's words."""

    def word(match: re.Match[str]) -> str:
        found = criteria.get(match.group(0))
        return f"“{found.text.rstrip('.')}”" if found else "this criterion"

    return ID_SHAPE.sub(word, text)


def _headline(outcome: str, from_title: str, to_title: str, lateral: bool) -> str:
    if outcome == "promote":
        if lateral:
            return f"Your move from {from_title} to {to_title} is approved."
        return f"Congratulations: you are promoted from {from_title} to {to_title}."
    if outcome == "not-yet":
        return f"Your packet for {to_title} was not approved this cycle: not yet."
    return f"The decision on your packet for {to_title} is deferred to a later meeting."


def _next_step(outcome: str, manager: str, next_title: str, feedback: bool) -> str:
    if outcome == "promote":
        if next_title:
            return (
                f"Talk to {manager}, your manager, about your goals in the new role and "
                f"about what {next_title} asks, starting with the points above."
            )
        return f"Talk to {manager}, your manager, about your goals in the new role."
    if outcome == "not-yet":
        what = "the feedback" if feedback else "the points above"
        return (
            f"Talk to {manager}, your manager, in the coming weeks: together, turn {what} "
            "into a plan for the next cycle, and open your next packet when the evidence "
            "is there."
        )
    return (
        f"{manager}, your manager, will tell you when your packet is taken up again; "
        "talk to them if anything changes in the meantime."
    )


def letter_view(
    packet: Packet,
    ladder: Ladder,
    coverage: Coverage,
    decision: Decision,
    *,
    people: Mapping[str, str],
    others: Iterable[str],
) -> LetterView:
    """The letter's content.  ``people`` maps every committee login to a name (or to
    the login); ``others`` are other candidates' logins and names.  All of them are
    taken out of the committee's words, except the candidate's manager."""
    manager = people.get(packet.manager, packet.manager)
    keep = {packet.manager.casefold(), manager.casefold()}
    redact = redactor(
        [login for login in people if login.casefold() not in keep],
        [name for name in people.values() if name.casefold() not in keep],
        others,
        every_url=False,
    )
    criteria = ladder.criteria_by_id

    def words(text: str) -> str:
        return plain(redact(text), criteria)

    # In the ladder's order; feedback on a criterion the move does not ask for is a
    # `rung validate` error, so none is dropped here in a valid repository.
    said = dict(decision.feedback)
    feedback = tuple(
        Feedback(
            row.criterion.text, area_name(ladder, row.criterion), words(said[row.criterion.id])
        )
        for row in coverage.rows
        if row.criterion.id in said
    )
    source, target = ladder.level(packet.from_level), ladder.level(packet.to_level)
    from_title = source.title if source else packet.from_level
    to_title = target.title if target else packet.to_level
    next_title = ""
    focus: list[Criterion] = []
    if decision.outcome == "promote":
        next_title, asks = next_level_criteria(ladder, packet.to_level)
        focus = biggest_asks(asks) if not feedback else []
        focus_title = f"What {next_title} asks most" if next_title else ""
    else:
        short = [row.criterion for row in coverage.rows if row.status != "met"]
        focus = short[:FOCUS_LIMIT] if not feedback else []
        focus_title = "Where your packet fell short"
    lateral = coverage.kind is MoveKind.LATERAL
    return LetterView(
        name=packet.name,
        cycle=packet.cycle,
        ladder_name=ladder.name,
        from_title=from_title,
        to_title=to_title,
        outcome=decision.outcome,
        outcome_words=OUTCOME_WORDS.get(decision.outcome, decision.outcome),
        headline=_headline(decision.outcome, from_title, to_title, lateral),
        rationale=words(decision.rationale),
        meeting=decision.meeting,
        feedback=feedback,
        focus_title=focus_title if focus else "",
        focus=tuple(Focus(c.text, area_name(ladder, c)) for c in focus),
        next_step=_next_step(decision.outcome, manager, next_title, bool(feedback)),
        signed=" and ".join(people.get(c, c) for c in decision.decided_by),
    )
