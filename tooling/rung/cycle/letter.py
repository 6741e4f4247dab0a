"""The candidate's letter: outcome, a summary per area, the committee's reasons, the plan.

What the letter may carry is deliberately narrow.  It is built from one packet,
its ladder, the decision on it, and the counted ``/not-yet`` comments on its
criteria.  It never names a reviewer: the reasons are the reviewers' words with
every committee login and name, every other candidate of the cycle, and every
``@mention`` replaced, and nothing else about a review (who, when, how many
said what) is passed to the template.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rung.cycle.verdicts import PacketVerdicts
from rung.ladder.model import Criterion, Ladder, MoveKind, required_criteria
from rung.model.coverage import Coverage
from rung.model.decisions import Decision
from rung.model.packet import Packet

REDACTED = "[a committee member]"
OTHER = "[another person]"
MAX_REASON = 1200
_MENTION = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?")
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
class Reason:
    criterion: str
    text: str  # the criterion's words
    reasons: tuple[str, ...]  # redacted


@dataclass(frozen=True)
class PlanItem:
    criterion: str
    text: str
    focus: bool  # a /not-yet or a criterion the packet did not meet


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
    reasons: tuple[Reason, ...]
    plan_title: str
    plan: tuple[PlanItem, ...]
    reviews_read: bool  # False: GitHub was not read, so the reasons are not included
    lang: str = "en"

    @property
    def title(self) -> str:
        return f"Promotion cycle {self.cycle}: {self.name}"


def redactor(people: Iterable[str], others: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of ``people`` (reviewers) or ``others`` (other candidates)."""
    words = sorted({w for w in (*people, *others) if w.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def redact(text: str, people: set[str], pattern: re.Pattern[str] | None) -> str:
    """``text`` without mentions, committee members or other candidates, on a few lines."""
    text = _MENTION.sub(REDACTED, text)
    if pattern is not None:
        folded = {p.casefold() for p in people}
        text = pattern.sub(lambda m: REDACTED if m.group(0).casefold() in folded else OTHER, text)
    text = " ".join(text.split())
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1].rstrip() + "…"


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
    verdicts: PacketVerdicts | None,
    *,
    reviewers: Iterable[str],
    others: Iterable[str],
) -> LetterView:
    """The letter's content; ``reviewers`` (logins and names) and ``others`` (other
    candidates' logins and names) are redacted from the reasons."""
    people = {p for p in reviewers if p.strip()}
    pattern = redactor(people, others)
    by_id = {c.criterion: c for c in verdicts.criteria} if verdicts is not None else {}
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
    reasons = tuple(
        Reason(
            row.criterion.id,
            row.criterion.text,
            tuple(redact(text, people, pattern) for text in by_id[row.criterion.id].reasons),
        )
        for row in coverage.rows
        if row.criterion.id in by_id and by_id[row.criterion.id].reasons
    )
    focus = {r.criterion for r in reasons} | {
        row.criterion.id for row in coverage.rows if row.status != "met"
    }
    source, target = ladder.level(packet.from_level), ladder.level(packet.to_level)
    to_title = target.title if target else packet.to_level
    if decision.outcome == "promote":
        plan_title, criteria = next_level_criteria(ladder, packet.to_level)
        plan = tuple(PlanItem(c.id, c.text, False) for c in criteria)
        plan_title = f"What {plan_title} asks next" if plan_title else ""
    else:
        plan = tuple(
            PlanItem(row.criterion.id, row.criterion.text, row.criterion.id in focus)
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
        rationale=redact(decision.rationale, people, pattern),
        meeting=decision.meeting,
        areas=tuple(areas),
        reasons=reasons,
        plan_title=plan_title,
        plan=plan,
        reviews_read=verdicts is not None,
    )
