"""Reviewer assignment: exact plans for the rules, and properties over random rosters."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import REPO
from rung.classes import replace
from rung.committee.assign import Choice, Plan, PullState, Target, plan_reviewers
from rung.committee.roster import Member, Roster
from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder

TARGET = Target(
    path="packets/2026-H2/dana-levi.md",
    cycle="2026-H2",
    ladder="acme",
    level="ic-2",
    candidate="dana-levi",
    manager="mkatz",
)
BELOW = "holds acme ic-1, below ic-2 (rank 2)"


def _logins(choices: tuple[Choice, ...]) -> list[str]:
    return [c.login for c in choices]


def test_first_plan_spreads_orgs_and_breaks_ties_by_hash(roster: Roster, acme: Ladder) -> None:
    # sha256 order of the eligible logins for this packet: bob < dave < ann < carol.
    plan = plan_reviewers(roster, acme, TARGET)
    assert plan.requested == (
        Choice(
            "bob",
            "holds acme ic-2 (rank 2); 0 open packet reviews; first reviewer from org platform; "
            "tie with ann, carol, dave broken by the packet's hash",
        ),
        Choice(
            "dave",
            "holds acme ic-2 (rank 2); 0 open packet reviews; first reviewer from org payments; "
            "tie with ann, carol broken by the packet's hash",
        ),
        Choice(
            "carol",
            "holds acme em-2 (rank 2); 0 open packet reviews; first reviewer from org gaming",
        ),
    )
    assert plan.standby == (
        Choice(
            "ann",
            "eligible (holds acme ic-3 (rank 3); 0 open packet reviews; org payments again: no "
            "eligible member of another org is left); not needed: 3 reviewers chosen",
        ),
    )
    assert plan.excluded == (
        Choice("mkatz", "is the candidate's manager"),
        Choice("erin", BELOW),
        Choice("frank", "unavailable"),
        Choice("dana-levi", f"is the candidate; {BELOW}"),
    )
    assert plan.kept == ()
    assert plan.shortfall == 0


def test_plan_json_is_the_documented_interface(roster: Roster, acme: Ladder) -> None:
    data = plan_reviewers(roster, acme, TARGET).to_json()
    assert list(data) == [
        "requested",
        "kept",
        "excluded",
        "shortfall",
        "quota",
        "reasons",
        "standby",
    ]
    assert data["requested"] == ["bob", "dave", "carol"]
    assert data["kept"] == []
    assert data["excluded"][0] == {"login": "mkatz", "reason": "is the candidate's manager"}
    assert data["shortfall"] == 0
    assert list(data["reasons"]) == ["bob", "dave", "carol"]
    assert data["standby"][0]["login"] == "ann"


@pytest.mark.parametrize(
    ("state", "login", "reason"),
    [
        (PullState(author="Bob"), "bob", "is the pull-request author"),
        (PullState(open_reviews={"bob": 2}), "bob", "has 2 open packet reviews (max 2)"),
        (PullState(open_reviews={"BOB": 3}), "bob", "has 3 open packet reviews (max 2)"),
        (
            PullState(refused={"bob": "422 not a collaborator"}),
            "bob",
            "GitHub refused the review request (422 not a collaborator)",
        ),
        (
            PullState(author="mkatz"),
            "mkatz",
            "is the pull-request author; is the candidate's manager",
        ),
    ],
)
def test_each_exclusion_carries_its_reason(
    roster: Roster, acme: Ladder, state: PullState, login: str, reason: str
) -> None:
    plan = plan_reviewers(roster, acme, TARGET, state)
    assert Choice(login, reason) in plan.excluded
    assert login not in _logins(plan.requested)


def test_not_on_the_ladder_and_undefined_levels(acme: Ladder) -> None:
    roster = Roster(
        members=(
            Member("ann", {"thelotter": "ic-l6"}),
            Member("bob", {"acme": "ic-9"}),
            Member("carol", {}),
        ),
        reviewers_per_packet=1,
    )
    plan = plan_reviewers(roster, acme, TARGET)
    assert plan.excluded == (
        Choice("ann", "not on ladder acme"),
        Choice("bob", "holds acme ic-9, which the ladder does not define"),
        Choice("carol", "not on ladder acme"),
    )
    assert plan.shortfall == 1


def test_already_requested_and_reviewed_members_are_kept_and_count(
    roster: Roster, acme: Ladder
) -> None:
    state = PullState(requested=frozenset({"Ann"}), reviewed={"carol": "COMMENTED"})
    plan = plan_reviewers(roster, acme, TARGET, state)
    assert plan.kept == (
        Choice("ann", "already requested; holds acme ic-3 (rank 3)"),
        Choice("carol", "already reviewed (COMMENTED); holds acme em-2 (rank 2)"),
    )
    # One slot left; payments (ann) and gaming (carol) are taken, so platform's bob.
    assert _logins(plan.requested) == ["bob"]
    assert plan.requested[0].reason == (
        "holds acme ic-2 (rank 2); 0 open packet reviews; first reviewer from org platform"
    )
    assert _logins(plan.standby) == ["dave"]


def test_a_full_quota_requests_nobody(roster: Roster, acme: Ladder) -> None:
    state = PullState(requested=frozenset({"ann", "bob", "carol", "dave"}))
    plan = plan_reviewers(roster, acme, TARGET, state)
    assert plan.requested == ()
    assert _logins(plan.kept) == ["ann", "bob", "carol", "dave"]  # all kept, even over quota
    assert plan.shortfall == 0


def test_load_limit_spares_members_already_on_the_packet(roster: Roster, acme: Ladder) -> None:
    state = PullState(requested=frozenset({"bob"}), open_reviews={"bob": 5})
    plan = plan_reviewers(roster, acme, TARGET, state)
    assert _logins(plan.kept) == ["bob"]


def test_an_ineligible_member_already_requested_is_not_counted(
    roster: Roster, acme: Ladder
) -> None:
    state = PullState(requested=frozenset({"frank", "erin"}))
    plan = plan_reviewers(roster, acme, TARGET, state)
    assert plan.kept == ()
    assert _logins(plan.requested) == ["bob", "dave", "carol"]


def test_org_spread_comes_before_load(roster: Roster, acme: Ladder) -> None:
    plan = plan_reviewers(roster, acme, TARGET, PullState(open_reviews={"bob": 1}))
    # dave (payments, idle) first; carol (gaming, idle); then bob (platform, one
    # open review) rather than ann (idle, but payments again).
    assert _logins(plan.requested) == ["dave", "carol", "bob"]
    assert plan.requested[2].reason == (
        "holds acme ic-2 (rank 2); 1 open packet review; first reviewer from org platform"
    )


def test_fewest_open_reviews_first_within_an_org_choice(acme: Ladder) -> None:
    members = tuple(Member(login, {"acme": "ic-3"}, org="one") for login in ("p", "q", "r"))
    roster = Roster(members=members, reviewers_per_packet=2)
    plan = plan_reviewers(roster, acme, TARGET, PullState(open_reviews={"p": 3, "q": 1, "r": 2}))
    assert _logins(plan.requested) == ["q", "r"]
    assert _logins(plan.standby) == ["p"]


def test_too_few_eligible_members_give_a_shortfall(acme: Ladder) -> None:
    roster = Roster(
        members=(Member("ann", {"acme": "ic-3"}, org="a"), Member("mkatz", {"acme": "ic-3"})),
        reviewers_per_packet=3,
    )
    plan = plan_reviewers(roster, acme, TARGET)
    assert _logins(plan.requested) == ["ann"]
    assert plan.shortfall == 2
    assert plan.to_json()["shortfall"] == 2


def test_the_manager_may_review_when_the_roster_allows_it(roster: Roster, acme: Ladder) -> None:
    plan = plan_reviewers(replace(roster, exclude_manager=False), acme, TARGET)
    assert "mkatz" not in _logins(plan.excluded)


def test_an_unknown_target_level_is_the_callers_error(roster: Roster, acme: Ladder) -> None:
    with pytest.raises(ValueError, match="ladder 'acme' has no level 'ic-7'"):
        plan_reviewers(roster, acme, replace(TARGET, level="ic-7"))


def test_another_packet_or_cycle_can_break_ties_differently(roster: Roster, acme: Ladder) -> None:
    firsts = {
        plan_reviewers(roster, acme, replace(TARGET, path=f"packets/2026-H2/p{i}.md"))
        .requested[0]
        .login
        for i in range(12)
    }
    assert len(firsts) > 1  # ties do not always go to the same member


# --- properties ----------------------------------------------------------------------

LOGINS = [f"m{i}" for i in range(9)]
LEVELS = [None, "ic-1", "ic-2", "em-2", "ic-3", "ic-9"]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Roster, PullState, Target]:
    logins = draw(st.lists(st.sampled_from(LOGINS), unique=True, min_size=0, max_size=9))
    members = []
    for login in logins:
        level = draw(st.sampled_from(LEVELS))
        members.append(
            Member(
                login=login,
                levels={} if level is None else {"acme": level},
                org=draw(st.sampled_from(["", "x", "y", "z"])),
                unavailable=draw(st.booleans()),
            )
        )
    roster = Roster(
        members=tuple(members),
        reviewers_per_packet=draw(st.integers(1, 5)),
        exclude_manager=draw(st.booleans()),
        max_open_reviews=draw(st.none() | st.integers(1, 3)),
    )
    people = st.sampled_from([*LOGINS, "outsider"])
    state = PullState(
        author=draw(st.none() | people),
        requested=frozenset(draw(st.lists(people, max_size=4))),
        reviewed=dict.fromkeys(draw(st.lists(people, max_size=3)), "APPROVED"),
        open_reviews={
            login: draw(st.integers(0, 4)) for login in draw(st.lists(people, max_size=5))
        },
    )
    target = Target(
        path=draw(st.sampled_from(["packets/2026-H2/a.md", "packets/2026-H2/b.md"])),
        cycle=draw(st.sampled_from(["2026-H1", "2026-H2"])),
        ladder="acme",
        level=draw(st.sampled_from(["ic-1", "ic-2", "em-2", "ic-3"])),
        candidate=draw(people),
        manager=draw(people),
    )
    return roster, state, target


def _ladder() -> Ladder:
    path = REPO / "tests" / "committee" / "fixtures" / "ladders" / "acme.yaml"
    ladder, _ = load_ladder(path.read_text(encoding="utf-8"), str(path))
    assert ladder is not None
    return ladder


LADDER = _ladder()


def _may_be_asked(member: Member, roster: Roster, state: PullState, target: Target) -> bool:
    """An independent statement of the eligibility rule for a new request."""
    held = LADDER.level(member.levels.get("acme", ""))
    wanted = LADDER.level(target.level)
    assert wanted is not None
    return (
        held is not None
        and held.rank >= wanted.rank
        and member.login != target.candidate
        and member.login != state.author
        and not (roster.exclude_manager and member.login == target.manager)
        and not member.unavailable
        and (
            roster.max_open_reviews is None
            or state.open_reviews.get(member.login, 0) < roster.max_open_reviews
        )
    )


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_plan_properties(scenario: tuple[Roster, PullState, Target]) -> None:
    roster, state, target = scenario
    plan = plan_reviewers(roster, LADDER, target, state)
    by_login = {m.login: m for m in roster.members}
    requested = _logins(plan.requested)
    kept = _logins(plan.kept)
    already = state.requested | set(state.reviewed)

    # every member is in exactly one list, each with a reason
    everyone = requested + kept + _logins(plan.standby) + _logins(plan.excluded)
    assert sorted(everyone) == sorted(by_login)
    assert all(c.reason for c in (*plan.requested, *plan.kept, *plan.standby, *plan.excluded))
    # never picks an excluded member; never re-requests a kept one
    assert all(_may_be_asked(by_login[login], roster, state, target) for login in requested)
    assert not set(requested) & already
    assert set(kept) <= already
    # never more than the quota; a shortfall only when nobody eligible is left
    assert len(requested) == min(
        max(0, roster.reviewers_per_packet - len(kept)), len(requested) + len(plan.standby)
    )
    assert plan.shortfall == max(0, roster.reviewers_per_packet - len(kept) - len(requested))
    assert plan.shortfall == 0 or plan.standby == ()
    # org spread: a second pick from an org only when no other org was left
    orgs = [by_login[login].org for login in requested]
    if any(org and orgs.count(org) > 1 for org in orgs):
        chosen = {by_login[login].org for login in requested + kept}
        assert all(by_login[c.login].org in chosen for c in plan.standby)
    # deterministic, whatever the roster's order
    assert plan_reviewers(roster, LADDER, target, state) == plan
    shuffled = list(roster.members)
    random.Random(0).shuffle(shuffled)
    again = plan_reviewers(replace(roster, members=tuple(shuffled)), LADDER, target, state)
    assert _logins(again.requested) == requested


def test_plan_is_a_value() -> None:
    plan = Plan(quota=2, requested=(Choice("a", "r"),), kept=(), standby=(), excluded=())
    assert plan.shortfall == 1
    assert plan.to_json()["reasons"] == {"a": "r"}
