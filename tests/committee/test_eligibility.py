"""Eligibility (rung.committee.roster, rung.committee.assign): who may judge a packet.

docs/committee.md: logins compare case-insensitively, as GitHub's do — on the
roster, on the packet (candidate, manager) and in what GitHub reports (author,
requests, reviews, refusals, load).  Each test writes one side in another case.
"""

from __future__ import annotations

from committee.conftest import fixture_packet
from rung.classes import replace
from rung.committee.assign import Choice, PullState, Target, plan_reviewers, standing_reasons
from rung.committee.roster import (
    DEFAULT_REVIEWERS_PER_PACKET,
    Member,
    Roster,
    held_level,
    load_roster,
)
from rung.ladder.model import Ladder

TARGET = Target(
    path="packets/2026-H2/dana-levi.md",
    cycle="2026-H2",
    ladder="acme",
    level="ic-2",
    candidate="Dana-Levi",
    manager="MKatz",
)


def roster(*members: Member, **kw: object) -> Roster:
    return Roster(members, **kw)  # type: ignore[arg-type]


def test_a_member_is_found_by_login_in_any_letter_case() -> None:
    r = roster(Member("Ann-Lee", {"acme": "ic-3"}))
    assert r.member("ann-lee") is r.members[0]
    assert r.member("ANN-LEE") is r.members[0]
    assert r.member("ann") is None
    assert r.members[0].key == "ann-lee"


def test_the_target_is_the_packets_move_at_its_repository_path() -> None:
    packet = fixture_packet()
    assert Target.from_packet(packet) == Target(
        packet.path, "2026-H2", "acme", "ic-2", "dana-levi", "mkatz"
    )
    assert Target.from_packet(packet, "elsewhere/dana-levi.md").path == "elsewhere/dana-levi.md"


def test_candidate_manager_and_author_are_recognised_in_any_case(acme: Ladder) -> None:
    r = roster(
        Member("dana-levi", {"acme": "ic-3"}),
        Member("mkatz", {"acme": "ic-3"}),
        Member("Bob", {"acme": "ic-2"}),
    )
    assert [standing_reasons(m, r, acme, TARGET, "BOB") for m in r.members] == [
        ["is the candidate"],
        ["is the candidate's manager"],
        ["is the pull-request author"],
    ]


def test_requests_reviews_refusals_and_load_are_matched_in_any_case(acme: Ladder) -> None:
    r = roster(
        Member("Ann", {"acme": "ic-3"}, org="payments"),
        Member("bob", {"acme": "ic-2"}, org="platform"),
        Member("carol", {"acme": "em-2"}, org="gaming"),
        Member("dave", {"acme": "ic-2"}, org="payments"),
        Member("erin", {"acme": "ic-3"}, org="gaming"),
        reviewers_per_packet=3,
        max_open_reviews=1,
    )
    state = PullState(
        requested=frozenset({"ANN"}),
        reviewed={"BOB": "APPROVED"},
        refused={"CAROL": "422 not a collaborator"},
        open_reviews={"DAVE": 1},
    )
    plan = plan_reviewers(r, acme, TARGET, state)
    assert plan.kept == (
        Choice("Ann", "already requested; holds acme ic-3 (rank 3)"),
        Choice("bob", "already reviewed (APPROVED); holds acme ic-2 (rank 2)"),
    )
    assert plan.excluded == (
        Choice("carol", "GitHub refused the review request (422 not a collaborator)"),
        Choice("dave", "has 1 open packet review (max 1)"),
    )
    # payments (Ann) and platform (bob) are on the packet: erin's gaming is new.
    assert plan.requested == (
        Choice(
            "erin",
            "holds acme ic-3 (rank 3); 0 open packet reviews; first reviewer from org gaming",
        ),
    )


def test_a_kept_member_spelled_with_capitals_counts_for_their_org(acme: Ladder) -> None:
    r = roster(
        Member("Ann", {"acme": "ic-3"}, org="payments"),
        Member("dave", {"acme": "ic-2"}, org="payments"),
        Member("bob", {"acme": "ic-2"}, org="platform"),
        reviewers_per_packet=2,
    )
    plan = plan_reviewers(r, acme, TARGET, PullState(requested=frozenset({"ann"})))
    assert [c.login for c in plan.requested] == ["bob"]  # not dave: payments is taken


def test_the_level_held_on_the_packets_ladder(acme: Ladder) -> None:
    member = Member("ann", {"other": "x-9", "acme": "em-2"})
    held = held_level(member, acme)
    assert held is not None and (held.id, held.rank) == ("em-2", 2)
    assert held_level(Member("bob", {"other": "ic-2"}), acme) is None
    assert held_level(Member("eve", {"acme": "ic-9"}), acme) is None


def test_a_roster_file_with_only_members_takes_the_documented_defaults(acme: Ladder) -> None:
    text = "members:\n  - login: Ann\n    levels: {acme: ic-3}\n"
    r, problems = load_roster(text, ".github/committee.yml", {"acme": acme})
    assert r is not None, problems
    assert (r.reviewers_per_packet, r.exclude_manager, r.max_open_reviews, r.path) == (
        DEFAULT_REVIEWERS_PER_PACKET,
        True,
        None,
        ".github/committee.yml",
    )
    assert DEFAULT_REVIEWERS_PER_PACKET == 3
    [ann] = r.members
    assert (ann.login, dict(ann.levels), ann.org, ann.unavailable, ann.name, ann.chair) == (
        "Ann",
        {"acme": "ic-3"},
        "",
        False,
        "",
        False,
    )
    assert ann.position == (2, 12)


def test_a_roster_file_says_who_is_away_and_who_chairs(acme: Ladder) -> None:
    text = (
        "reviewers_per_packet: 1\nexclude_manager: false\nmax_open_reviews: 2\nmembers:\n"
        "  - login: ann\n    levels: {acme: ic-3}\n    org: payments\n    name: Ann Lee\n"
        "    unavailable: true\n    chair: true\n"
        "  - login: bob\n    levels: {acme: ic-2}\n"
    )
    r, problems = load_roster(text, "committee.yml", {"acme": acme})
    assert r is not None, problems
    assert (r.reviewers_per_packet, r.exclude_manager, r.max_open_reviews) == (1, False, 2)
    ann, bob = r.members
    assert (ann.org, ann.name, ann.unavailable, ann.chair) == ("payments", "Ann Lee", True, True)
    assert (bob.unavailable, bob.chair) == (False, False)
    plan = plan_reviewers(r, acme, replace(TARGET, manager="bob"))
    assert plan.excluded == (Choice("ann", "unavailable"),)
    assert [c.login for c in plan.requested] == ["bob"]


def test_a_member_without_an_org_ties_with_a_member_of_a_new_org(acme: Ladder) -> None:
    # "org: empty, the member belongs to no org, so spreading ignores them": neither
    # ranks first for their org, and equal load (listed as 0 or not listed) is a tie.
    r = roster(Member("p", {"acme": "ic-3"}), Member("q", {"acme": "ic-3"}, org="x"))
    state = PullState(open_reviews={"q": 0})
    plan = plan_reviewers(replace(r, reviewers_per_packet=1), acme, TARGET, state)
    assert plan.requested == (
        Choice(
            "p",
            "holds acme ic-3 (rank 3); 0 open packet reviews; tie with q broken by the packet's hash",
        ),
    )
    assert plan.standby == (
        Choice(
            "q",
            "eligible (holds acme ic-3 (rank 3); 0 open packet reviews; first reviewer from "
            "org x); not needed: 1 reviewers chosen",
        ),
    )
