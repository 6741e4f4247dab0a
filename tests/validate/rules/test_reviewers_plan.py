"""The `reviewers` rule computes one plan per (ladder, level), not one per packet
(issue 29): its warnings are the same as a plan per packet would give, whoever
the packet's candidate and manager are and whatever the roster holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from committee.conftest import acme_ladder
from rung.committee.assign import Target, plan_reviewers
from rung.committee.roster import Member, Roster
from rung.problems import Problem
from rung.validate.rules.reviewers import ID, LEVEL, Asking, shortfalls

LADDER = acme_ladder()
LEVELS = [level.id for level in LADDER.levels]
LOGINS = ["ann", "Bob", "cy", "dana-levi", "MKatz", "eve"]


def per_packet(roster: Roster, packets: list[Asking]) -> list[Problem]:
    """The rule as it was: a full plan for every packet."""
    found = []
    for a in packets:
        plan = plan_reviewers(
            roster, LADDER, Target(a.path, a.cycle, a.ladder, a.to_level, a.candidate, a.manager)
        )
        if plan.shortfall:
            eligible = plan.quota - plan.shortfall
            members = f"{eligible} committee member{'s' if eligible != 1 else ''}"
            found.append(
                Problem(
                    a.path,
                    *a.where,
                    LEVEL,
                    ID,
                    f"only {members} can review a packet for {LADDER.id} {a.to_level}, and the "
                    f"roster asks for {plan.quota}; add members who hold {a.to_level} or above "
                    f"to r.yml ('rung reviewers {a.path} --dry-run' gives each reason)",
                )
            )
    return found


members = st.builds(
    Member,
    login=st.sampled_from(LOGINS),
    levels=st.dictionaries(st.sampled_from(["acme", "other"]), st.sampled_from([*LEVELS, "x"])),
    org=st.sampled_from(["", "a", "b"]),
    unavailable=st.booleans(),
)
rosters = st.builds(
    Roster,
    members=st.lists(members, max_size=6).map(tuple),
    reviewers_per_packet=st.integers(-1, 5),
    exclude_manager=st.booleans(),
    max_open_reviews=st.sampled_from([None, 0, 3]),
)
askings = st.builds(
    Asking,
    path=st.sampled_from(["packets/2026-H2/a.md", "packets/2026-H2/b.md"]),
    cycle=st.just("2026-H2"),
    ladder=st.just("acme"),
    to_level=st.sampled_from(LEVELS),
    candidate=st.sampled_from([*LOGINS, "DANA-LEVI", "zed"]),
    manager=st.sampled_from([*LOGINS, "mkatz", "zed"]),
    where=st.just((7, 5)),
)


@settings(max_examples=300, deadline=None)
@given(rosters, st.lists(askings, max_size=6))
def test_one_plan_per_level_warns_as_a_plan_per_packet(
    roster: Roster, packets: list[Asking]
) -> None:
    assert shortfalls(roster, {"acme": LADDER}, packets, "r.yml") == per_packet(roster, packets)


def test_a_shortfall_names_the_eligible_count_without_the_packets_own_people() -> None:
    roster = Roster(
        (Member("ann", {"acme": "ic-2"}), Member("mkatz", {"acme": "ic-2"})),
        reviewers_per_packet=2,
    )
    packet = Asking("p.md", "2026-H2", "acme", "ic-2", "dana", "MKatz", (7, 5))
    [problem] = shortfalls(roster, {"acme": LADDER}, [packet], "r.yml")
    assert problem.message.startswith("only 1 committee member can review a packet for acme ic-2")
    other = Asking("q.md", "2026-H2", "acme", "ic-2", "dana", "zed", (7, 5))
    assert shortfalls(roster, {"acme": LADDER}, [other], "r.yml") == []
