"""The panel's sides as the promotion record holds them, and a decision weighed against
the roster's rule (rung.committee.panel): what ``rung validate`` and ``rung cycle publish``
both refuse.  Pure, on replayed events; the commands are in test_decision_rule.py."""

from __future__ import annotations

import itertools

import pytest

from committee.conftest import LEADS, MENTORS, acme_ladder, fixture_packet, fixture_roster
from recordmaker import AT, assigned, changed, manager, verdict
from rung.classes import replace
from rung.committee.panel import against_problem, against_rule, recorded_sides
from rung.committee.roster import DecisionRule, Roster
from rung.committee.rule import Sides
from rung.model.decisions import parse_decisions
from rung.model.packet import Packet
from rung.problems import Level, Problem
from rung.record.chain import GENESIS
from rung.record.events import Entry, Event, Verdict
from rung.record.replay import PacketRecord, replay

PLANS = "ic-2.delivery.plans-quarters"
INCIDENTS = "ic-2.delivery.runs-incidents"
REQUIRED = (LEADS, PLANS, INCIDENTS, MENTORS)
DECISIONS = (
    "cycle: 2026-H2\ndecided_by: [ann]\ndecisions:\n"
    "  - candidate: erin\n    outcome: defer\n    rationale: Later.\n"
    "  - candidate: dana-levi\n    outcome:   promote\n    rationale: Ready.\n"
)


def record(*events: Event) -> PacketRecord:
    return replay(Entry(n, GENESIS, AT, e) for n, e in enumerate(events, 1))


_IDS = itertools.count(1000)


def said(login: str, command: str, criterion: str = LEADS, comment_id: int = 0) -> Verdict:
    """``login``'s verdict on ``criterion``, each on a comment of its own."""
    return verdict(login, command, criterion=criterion, comment_id=comment_id or next(_IDS))


def sides(found: PacketRecord, packet: Packet | None = None) -> list[Sides]:
    return recorded_sides(
        found, fixture_roster(), acme_ladder(), packet or fixture_packet(),
        required=REQUIRED,
    )  # fmt: skip


def on(criterion: str, found: list[Sides]) -> tuple[int, int]:
    [side] = [s for s in found if s.criterion == criterion]
    return side.meets, side.not_yet


def test_each_required_criterion_counts_the_assigned_eligible_reviewers_verdicts() -> None:
    found = sides(
        record(
            assigned("bob"), assigned("dave"), assigned("carol"),
            said("bob", "/meets"), said("dave", "/not-yet"), said("carol", "/meets"),
            said("bob", "/not-yet", MENTORS), said("dave", "/abstain", MENTORS),
        )
    )  # fmt: skip
    assert found == [Sides(LEADS, 2, 1), Sides(PLANS, 0, 0), Sides(INCIDENTS, 0, 0),
                     Sides(MENTORS, 0, 1)]  # fmt: skip


def test_what_does_not_count() -> None:
    """Someone nobody assigned, an assigned login off the roster, an assigned member the
    roster does not let judge the move, a withdrawn verdict and a criterion the move does
    not ask for: none of them takes a side."""
    withdrawn = said("dave", "/not-yet", PLANS, comment_id=77)
    found = sides(
        record(
            assigned("bob"), assigned("zed"), assigned("erin"), assigned("dave"),
            said("ann", "/not-yet"),  # requested by nobody: not assigned
            said("zed", "/not-yet"),  # not on the committee
            said("erin", "/not-yet"),  # holds ic-1: below the move
            said("bob", "/meets"),
            said("bob", "/not-yet", "ic-1.delivery.ships-small-changes"),
            withdrawn, changed(withdrawn, "dave", "deleted", None),
        )
    )  # fmt: skip
    assert (on(LEADS, found), on(PLANS, found)) == ((1, 0), (0, 0))
    assert [s.criterion for s in found] == list(REQUIRED)


def test_the_manager_is_the_one_recorded_at_assignment_never_the_packets() -> None:
    """The packet names mkatz; without a recorded manager that is whom the roster
    excludes.  Once the record holds another (bob), bob is excluded and mkatz counts."""
    events = (assigned("mkatz"), assigned("bob"), said("mkatz", "/not-yet"), said("bob", "/meets"))
    assert on(LEADS, sides(record(*events))) == (1, 0)
    assert on(LEADS, sides(record(manager("bob"), *events))) == (0, 1)
    # A recorded "no manager" excludes nobody: both count.
    assert on(LEADS, sides(record(manager(None), *events))) == (1, 1)


def _rule(roster: Roster, **kw: object) -> Roster:
    return replace(roster, decision_rule=DecisionRule(**kw))  # type: ignore[arg-type]


def test_against_the_rule_says_why_and_only_when_the_outcome_goes_against_it() -> None:
    decisions, problems = parse_decisions(DECISIONS, "packets/2026-H2/decisions.yaml")
    assert decisions is not None and problems == []
    promote = decisions.entries[1]
    not_yet = replace(promote, outcome="not-yet")
    defer = replace(promote, outcome="defer")
    roster, ladder, packet = _rule(fixture_roster()), acme_ladder(), fixture_packet()
    panel = record(assigned("bob"), *(said("bob", "/meets", c) for c in REQUIRED))
    weigh = (roster, ladder, packet)
    assert against_rule(promote, panel, *weigh) is None
    assert against_rule(not_yet, panel, *weigh) == (
        "meets the rule for promote: 4 of 4 criteria met, with at least 1/2 of a "
        "criterion's verdicts saying meets; at most 0 may fall short"
    )
    assert against_rule(defer, panel, *weigh) is None
    # Without a rule, nothing goes against it.
    assert against_rule(not_yet, panel, fixture_roster(), ladder, packet) is None
    # A move the ladder refuses (ic-1 to ic-1) is the packet's own finding, not weighed.
    same = replace(packet, to_level="ic-1")
    assert against_rule(not_yet, panel, roster, ladder, same) is None

    said_words = against_rule(not_yet, panel, *weigh)
    assert said_words is not None
    assert against_problem(decisions, not_yet, "refs/heads/rung-record", said_words) == Problem(
        "packets/2026-H2/decisions.yaml", 8, 16, Level.ERROR, "decisions",
        "the decision on 'dana-levi' is not-yet, but the panel's verdicts in the promotion "
        "record (refs/heads/rung-record) do not back it: meets the rule for promote: 4 of 4 "
        "criteria met, with at least 1/2 of a criterion's verdicts saying meets; at most 0 "
        "may fall short; add 'override: WHY' to the decision (docs/committee.md, \"The "
        "decision rule\")",
    )  # fmt: skip


@pytest.mark.parametrize("bob", ["/meets", "/not-yet"])
def test_the_rule_weighs_the_recorded_sides(bob: str) -> None:
    decisions, _ = parse_decisions(DECISIONS, "packets/2026-H2/decisions.yaml")
    assert decisions is not None
    promote = decisions.entries[1]
    panel = record(assigned("bob"), *(said("bob", bob, c) for c in REQUIRED))
    found = against_rule(promote, panel, _rule(fixture_roster()), acme_ladder(),
                         fixture_packet())  # fmt: skip
    assert (found is None) == (bob == "/meets")
