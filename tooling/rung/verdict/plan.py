"""The walk: one step per criterion the packet's move requires, as the scorecard counts them.

A step carries what the reviewer needs to judge: the ladder's words, the
candidate's claims with their links and evidence marks (from the evidence cache,
never the network), an acknowledged gap, the line the verdict goes on (the
criterion's evidence key, as the scorecard's placement reads it) and what this
reviewer already gave there.  ``comment_body`` is the only place a verdict
becomes text on GitHub: the scorecard reads exactly that grammar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rung.model.coverage import Coverage
from rung.scorecard.collate import STATUS_WORDS
from rung.scorecard.grammar import VERDICTS

NEEDS_REASON = frozenset({"not-yet", "abstain"})  # "meets" may stand alone


@dataclass(frozen=True)
class Given:
    """A verdict this reviewer already posted on the criterion (the one written last)."""

    verdict: str  # meets, not-yet, abstain
    reason: str
    url: str = ""


@dataclass(frozen=True)
class Claim:
    text: str
    links: tuple[tuple[str, str], ...]  # (link, its evidence mark)


@dataclass(frozen=True)
class Step:
    criterion: str
    words: str  # the ladder's
    line: int  # the evidence key's line in the packet; 0: the packet has none
    status: str  # evidenced, partial, gap, missing (the scorecard's words)
    claims: tuple[Claim, ...]
    gap: str | None
    given: Given | None


@dataclass(frozen=True)
class Draft:
    """One verdict to post: on ``criterion``'s ``line``."""

    criterion: str
    line: int
    verdict: str  # meets, not-yet, abstain
    reason: str


def comment_body(draft: Draft) -> str:
    """The review comment's body: an ordinary ``/meets REASON`` command, one line."""
    assert draft.verdict in VERDICTS
    return f"/{draft.verdict} {draft.reason}".rstrip()


def walk_plan(
    coverage: Coverage,
    marks: Mapping[tuple[str, int], list[str]],
    given: Mapping[str, Given],
) -> list[Step]:
    """The steps in the ladder's order; ``marks`` by (criterion id, item index), link order."""
    steps = []
    for row in coverage.rows:
        evidence = row.evidence
        claims: list[Claim] = []
        for item in evidence.items if evidence is not None else ():
            found = marks.get((item.criterion, item.index), [])
            shown = [*found, *["not checked"] * (len(item.links) - len(found))]
            claims.append(Claim(item.claim, tuple(zip(item.links, shown, strict=False))))
        steps.append(
            Step(
                criterion=row.criterion.id,
                words=row.criterion.text,
                line=evidence.position[0] if evidence is not None else 0,
                status=STATUS_WORDS[row.status],
                claims=tuple(claims),
                gap=row.gap,
                given=given.get(row.criterion.id),
            )
        )
    return steps


def drafts_to_post(steps: list[Step], chosen: Mapping[str, tuple[str, str]]) -> list[Draft]:
    """The verdicts that change something: ``chosen`` is criterion -> (verdict, reason);
    one the reviewer already gave, word for word, is not posted again."""
    drafts = []
    for step in steps:
        if step.criterion not in chosen or step.line <= 0:
            continue  # not chosen, or no line in the packet to put it on
        verdict, reason = chosen[step.criterion]
        if step.given is not None and (step.given.verdict, step.given.reason) == (verdict, reason):
            continue
        drafts.append(Draft(step.criterion, step.line, verdict, reason))
    return drafts
