"""The candidate's letter: outcome, a summary per area, the committee's feedback, the plan.

What the letter may carry is deliberately narrow.  It is built from one packet,
its ladder and the committee's decision on it in ``decisions.yaml`` on the default
branch: the outcome, the rationale and the chairs' ``feedback`` per criterion.
Nothing a reviewer wrote on GitHub reaches it — not a ``/not-yet`` reason, not a
count, not a name — so the letter needs no GitHub at all.  The committee's words
still pass through :mod:`rung.cycle.redact` on the way (a chair may have pasted a
reviewer's sentence): committee logins and names, other candidates and
``@mentions`` become "[a committee member]" / "[another person]".
"""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass(frozen=True)
class AreaSummary:
    name: str
    level_title: str
    evidenced: int  # criteria with enough evidence (coverage; reviewers say "meets")
    required: int
    gaps: int


@dataclass(frozen=True)
class Feedback:
    text: str  # the criterion's words, from the ladder
    area: str  # the area's name
    words: str  # the chairs' feedback on it


@dataclass(frozen=True)
class PlanItem:
    text: str
    area: str
    focus: bool  # the committee gave feedback on it, or the packet did not meet it


@dataclass(frozen=True)
class LetterView:
    name: str
    cycle: str
    ladder_name: str
    from_title: str
    to_title: str
    outcome: str
    outcome_words: str
    rationale: str
    meeting: str
    areas: tuple[AreaSummary, ...]
    feedback: tuple[Feedback, ...]
    plan_title: str
    plan: tuple[PlanItem, ...]
    lang: str = "en"

    @property
    def title(self) -> str:
        return f"Promotion cycle {self.cycle}: {self.name}"


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


def letter_view(
    packet: Packet,
    ladder: Ladder,
    coverage: Coverage,
    decision: Decision,
    *,
    logins: Iterable[str],
    names: Iterable[str],
    others: Iterable[str],
) -> LetterView:
    """The letter's content; committee ``logins`` and ``names`` and ``others`` (other
    candidates' logins and names) are taken out of the committee's words."""
    redact = redactor(logins, names, others, every_url=False)
    areas = []
    for area_id, rows in coverage.areas():
        level = ladder.level(rows[0].criterion.level)
        area = next((a for a in (level.areas if level else ()) if a.id == area_id), None)
        areas.append(
            AreaSummary(
                name=area.name if area else area_id,
                level_title=level.title if level else rows[0].criterion.level,
                evidenced=sum(1 for r in rows if r.status == "met"),
                required=len(rows),
                gaps=sum(1 for r in rows if r.status == "gap"),
            )
        )
    # In the ladder's order; feedback on a criterion the move does not ask for is a
    # `rung validate` error, so none is dropped here in a valid repository.
    said = dict(decision.feedback)
    feedback = tuple(
        Feedback(
            row.criterion.text, area_name(ladder, row.criterion), redact(said[row.criterion.id])
        )
        for row in coverage.rows
        if row.criterion.id in said
    )
    focus = {
        row.criterion.id for row in coverage.rows if row.status != "met" or row.criterion.id in said
    }
    source, target = ladder.level(packet.from_level), ladder.level(packet.to_level)
    to_title = target.title if target else packet.to_level
    if decision.outcome == "promote":
        plan_title, criteria = next_level_criteria(ladder, packet.to_level)
        plan = tuple(PlanItem(c.text, area_name(ladder, c), False) for c in criteria)
        plan_title = f"What {plan_title} asks next" if plan_title else ""
    else:
        plan = tuple(
            PlanItem(
                row.criterion.text, area_name(ladder, row.criterion), row.criterion.id in focus
            )
            for row in coverage.rows
        )
        plan = tuple(sorted(plan, key=lambda item: not item.focus))
        kind = "the move" if coverage.kind is MoveKind.LATERAL else to_title
        plan_title = f"What {kind} asks: the plan for the next cycle"
    return LetterView(
        name=packet.name,
        cycle=packet.cycle,
        ladder_name=ladder.name,
        from_title=source.title if source else packet.from_level,
        to_title=to_title,
        outcome=decision.outcome,
        outcome_words=OUTCOME_WORDS.get(decision.outcome, decision.outcome),
        rationale=redact(decision.rationale),
        meeting=decision.meeting,
        areas=tuple(areas),
        feedback=feedback,
        plan_title=plan_title,
        plan=plan,
    )
