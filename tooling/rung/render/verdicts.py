"""The panel: the scorecard's JSON (``rung scorecard --format json``) read for the PDF.

The one place that knows that shape (docs/committee.md, "the stable shape"), so
a change to it is an edit here alone.  Pure: values in, values out.  The PDF
shows exactly what the scorecard counted: the verdicts of ``rows[].verdicts``,
``recommendations``, and, as "not given", every reviewer without a verdict on a
criterion.  Reviewers are those the scorecard names anywhere: ``requested``
when the JSON has it, else the union of ``pending`` (requested or reviewed, with
criteria left), the verdicts, the recommendations and the standing ``reviews``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from rung.problems import FatalError

VERDICT_WORDS = {"meets": "meets", "not-yet": "not yet", "abstain": "abstained"}
RECOMMENDATION_WORDS = {"promote": "promote", "not-yet": "not yet", "defer": "defer"}
NOT_GIVEN = "not given"
# Why a scorecard refuses a /recommend for who wrote it (rung.committee.assign's standing
# reasons, the record's "not assigned"), and nothing else: the manager's own word.
_STANDING = (
    "is the candidate's manager",
    "is the pull-request author",
    "not on the committee",
    "not on ladder ",
    "holds ",
    "not assigned to this packet",
)


class RoundTwo(NamedTuple):
    """One round-two change, as printed beside round one."""

    criterion: str | None  # None: the reviewer's recommendation, not a criterion's verdict
    reviewer: str
    round_one: str  # "meets", "not yet", "promote" ... or "not given"
    round_two: str
    reason: str


@dataclass(frozen=True)
class Panel:
    """What the reviewers said about one packet, as the scorecard counted it."""

    packet: str | None  # the packet path the scorecard names (older shapes name none)
    reviewers: tuple[str, ...]  # sorted case-insensitively
    verdicts: Mapping[str, Mapping[str, str]]  # criterion id -> reviewer -> meets / not-yet
    recommendations: Mapping[str, str]  # reviewer -> promote / not-yet / defer
    reviews: Mapping[str, str]  # reviewer -> APPROVED / CHANGES_REQUESTED
    reasons: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict
    )  # criterion -> reviewer -> why
    # From the promotion record (``record.rounds``): the rounds and independence in words,
    # and each round-two change.
    rounds_words: str | None = None
    round_two: tuple[RoundTwo, ...] = ()
    manager: str | None = None  # the manager the promotion record holds (None: no record)
    manager_said: tuple[str, ...] = ()  # the manager's own /recommend values, never counted
    # reviewer -> their round-two recommendation (from ``round_two``); page 1 prints it
    # beside the first.
    recommendation_round_two: Mapping[str, str] = field(default_factory=dict)

    def manager_recommendation(self) -> str:
        """The manager's /recommend as printed: one value, or every value they gave."""
        words = [RECOMMENDATION_WORDS.get(v, v) for v in self.manager_said]
        return " or ".join(words) if words else NOT_GIVEN

    def verdict(self, criterion: str, reviewer: str) -> str:
        """``meets``, ``not yet`` or ``not given``, as printed."""
        value = self.verdicts.get(criterion, {}).get(reviewer)
        return VERDICT_WORDS.get(value, value) if value else NOT_GIVEN

    def recommendation(self, reviewer: str) -> str:
        value = self.recommendations.get(reviewer)
        return RECOMMENDATION_WORDS.get(value, value) if value else NOT_GIVEN

    def missing(self, reviewer: str, criteria: tuple[str, ...]) -> int:
        """How many of ``criteria`` the reviewer has given no verdict on."""
        return sum(1 for c in criteria if reviewer not in self.verdicts.get(c, {}))

    @property
    def reported(self) -> bool:
        """Whether any verdict or recommendation counts yet."""
        return any(self.verdicts.values()) or bool(self.recommendations)

    def given(self, reviewer: str, criteria: Sequence[str]) -> int:
        return len(criteria) - self.missing(reviewer, tuple(criteria))

    def area_tally(self, criteria: Sequence[str]) -> tuple[int, int, int]:
        """``(meets, not yet, not given)`` over ``criteria`` and every reviewer."""
        words = [self.verdict(c, r) for c in criteria for r in self.reviewers]
        return words.count("meets"), words.count("not yet"), words.count(NOT_GIVEN)

    def contested(self, criterion: str) -> str | None:
        """``split`` (verdicts both ways), ``all not yet`` (every verdict given said
        not yet), else None: what page 1 shows the committee first."""
        values = set(self.verdicts.get(criterion, {}).values()) - {"abstain"}  # no side
        if {"meets", "not-yet"} <= values:
            return "split"
        return "all not yet" if values == {"not-yet"} else None

    def reasons_for(self, criterion: str) -> tuple[tuple[str, str, str], ...]:
        """``(reviewer, verdict as printed, reason)`` for each reviewer who gave one a reason."""
        given = self.reasons.get(criterion, {})
        return tuple(
            (r, self.verdict(criterion, r), given[r]) for r in self.reviewers if given.get(r)
        )

    def tally(self, criterion: str) -> str:
        """``2 meets, 1 not yet, 1 not given``."""
        words = [self.verdict(criterion, r) for r in self.reviewers]
        return ", ".join(
            f"{words.count(w)} {w}"
            for w in ("meets", "not yet", "abstained", NOT_GIVEN)
            if w in words
        )


def _strings(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def _said(given: Any) -> str:
    value = given.get("verdict") if isinstance(given, Mapping) else None
    return VERDICT_WORDS.get(value, str(value)) if isinstance(value, str) else NOT_GIVEN


def _rounds(doc: Mapping[str, Any]) -> tuple[str | None, tuple[RoundTwo, ...]]:
    """``record.rounds`` of the scorecard JSON in words (None, () when it has none)."""
    record = doc.get("record")
    rounds = record.get("rounds") if isinstance(record, Mapping) else None
    if not isinstance(rounds, Mapping):
        return None, ()
    revealed = rounds.get("revealed_at")
    independent = rounds.get("independent") or {}
    when = (
        f"Round one closed {'at the reveal' if rounds.get('reveal') == 'sealed' else 'when the panel became complete'}, {revealed}"
        if isinstance(revealed, str)
        else "The panel is not complete yet: every verdict so far is round one"
    )
    words = (
        f"{when}. Independent: {independent.get('count', 0)} of {independent.get('of', 0)} "
        "verdicts (given before any other reviewer's was visible)."
    )
    changes = tuple(
        RoundTwo(_criterion(c.get("criterion")), _text(c.get("login")), _said(c.get("round_one")),
                 _said(c.get("round_two")), _text(c.get("reason")))
        for c in rounds.get("round_two") or []
        if isinstance(c, Mapping)
    )  # fmt: skip
    return words, changes


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _criterion(value: Any) -> str | None:
    """A change's criterion id; None for one on no criterion (null, absent or empty in the
    JSON): a recommendation."""
    return value if isinstance(value, str) and value else None


def panel_from_json(doc: Mapping[str, Any]) -> Panel:
    """A scorecard JSON document as a ``Panel``; keys it lacks count as empty."""
    verdicts: dict[str, dict[str, str]] = {}
    reasons: dict[str, dict[str, str]] = {}
    for row in doc.get("rows") or []:
        if isinstance(row, Mapping) and isinstance(row.get("criterion"), str):
            verdicts[row["criterion"]] = _strings(row.get("verdicts"))
            reasons[row["criterion"]] = _strings(row.get("reasons"))  # older shapes: none
    recommendations = _strings(doc.get("recommendations"))
    reviews = _strings(doc.get("reviews"))
    named: set[str] = set()
    requested = doc.get("requested")
    if isinstance(requested, list):
        named |= {r for r in requested if isinstance(r, str)}
    else:
        pending = doc.get("pending") or []
        named |= {str(r) for r in pending} if isinstance(pending, list | Mapping) else set()
        named |= {login for row in verdicts.values() for login in row}
        named |= set(recommendations) | set(reviews)
    manager = _recorded_manager(doc)
    if manager is not None:  # the manager's word is theirs alone, never a reviewer's
        named = {r for r in named if r.casefold() != manager.casefold()}
        recommendations = {
            r: v for r, v in recommendations.items() if r.casefold() != manager.casefold()
        }
    packet = doc.get("packet")
    rounds_words, round_two = _rounds(doc)
    return Panel(
        packet=packet if isinstance(packet, str) else None,
        reviewers=tuple(sorted(named, key=str.casefold)),
        verdicts=verdicts,
        recommendations=recommendations,
        reviews=reviews,
        reasons=reasons,
        rounds_words=rounds_words,
        round_two=round_two,
        manager=manager,
        manager_said=_manager_said(doc, manager),
        recommendation_round_two={
            c.reviewer: c.round_two for c in round_two if c.criterion is None
        },
    )


def _recorded_manager(doc: Mapping[str, Any]) -> str | None:
    """The manager as the promotion record holds it; the packet's own ``manager:`` is the
    candidate's to edit, so without a record nobody is the manager here."""
    record = doc.get("record")
    manager = record.get("manager") if isinstance(record, Mapping) else None
    return manager if isinstance(manager, str) and manager else None


def _manager_said(doc: Mapping[str, Any], manager: str | None) -> tuple[str, ...]:
    """The recorded manager's /recommend values on the pull request, in the order the
    scorecard lists them.  The scorecard refuses them (the manager does not review) and
    lists each with why; only one refused for who wrote it is the manager's word.  One
    refused for anything else (someone else wrote its current text, it sits on a
    criterion's line) is left out, as a reviewer's would be."""
    if manager is None:
        return ()
    said: list[str] = []
    for entry in doc.get("not_counted") or []:
        if not isinstance(entry, Mapping):
            continue
        login, command, reason = entry.get("login"), entry.get("command"), entry.get("reason")
        if not (isinstance(login, str) and isinstance(command, str) and isinstance(reason, str)):
            continue
        value = command.removeprefix("/recommend ").strip()
        if (
            login.casefold() == manager.casefold()
            and not entry.get("criterion")
            and command.startswith("/recommend ")
            and value in RECOMMENDATION_WORDS
            and all(part.startswith(_STANDING) for part in reason.split("; "))
            and value not in said
        ):
            said.append(value)
    return tuple(said)


def read_panels(paths: list[Path]) -> list[tuple[Path, Panel]]:
    """Each ``--verdicts`` file as a panel; an unreadable or non-scorecard file is fatal."""
    panels = []
    for path in paths:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise FatalError(f"cannot read --verdicts {path}: {err}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("rows"), list):
            raise FatalError(
                f"--verdicts {path} is not a scorecard (want the output of "
                "'rung scorecard PACKET --format json')"
            )
        panels.append((path, panel_from_json(doc)))
    return panels
