"""Collation (rung.scorecard.collate.build_scorecard): what counts, where, and what is listed.

Each test states a rule of docs/committee.md ("The grammar"; "Not counted, and why";
"The scorecard").  The roster spells one login with a capital, as GitHub may.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from committee.conftest import PACKET_PATH
from rung.committee.roster import Member, Roster
from rung.ladder.model import Ladder
from rung.model.coverage import move_coverage
from rung.model.packet import Packet
from rung.scorecard.collate import MARKER, Scorecard, build_scorecard
from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from scorecard.conftest import PACKET_TEXT, packet_from

LEADS = "ic-2.delivery.leads-features"
PLANS = "ic-2.delivery.plans-quarters"
RUNS = "ic-2.delivery.runs-incidents"
MENTORS = "ic-2.team.mentors"
SHA = "3" * 40
ROSTER = Roster(
    (
        Member("Noa", {"acme": "ic-3"}, org="payments"),
        Member("bob", {"acme": "ic-2"}, org="platform"),
        Member("mkatz", {"acme": "ic-3"}),  # the candidate's manager
        Member("erin", {"acme": "ic-1"}),  # below the level asked for
    )
)
# Mentors gone, evidence for a criterion of another level in its place (lines 22-23).
OTHER = "ic-3.delivery.sets-direction"
NO_MENTORS = PACKET_TEXT.replace(
    "  # Mentors <two> engineers.\n  ic-2.team.mentors:\n"
    "    - claim: Mentored two new engineers through onboarding.\n",
    f"  {OTHER}:\n    - claim: Set the platform's direction.\n",
)


def rc(cid: int, login: str | None, body: str, line: int | None, **kw: Any) -> ReviewComment:
    kw.setdefault("path", PACKET_PATH)
    return ReviewComment(
        id=cid,
        login=login,
        body=body,
        line=line,
        created_at=f"2026-07-01T10:{cid:02d}:00Z",
        html_url=f"https://example.test/c{cid}",
        **kw,
    )


def card(
    acme: Ladder,
    comments: Iterable[ReviewComment] = (),
    *,
    packet: Packet | None = None,
    **kw: Any,
) -> Scorecard:
    packet = packet if packet is not None else packet_from(PACKET_TEXT)
    kw.setdefault("author", "dana-levi")
    return build_scorecard(packet, move_coverage(packet, acme), ROSTER, comments, ladder=acme, **kw)


def refused(card: Scorecard) -> list[tuple[str, str, str, str]]:
    return [(n.login, n.criterion, n.command, n.reason) for n in card.not_counted]


def test_the_packet_path_defaults_to_the_packets_own(acme: Ladder) -> None:
    assert card(acme, [rc(1, "bob", "/meets", 13)]).rows[0].verdicts["bob"].value == "meets"


def test_comments_are_matched_on_the_repository_path_not_the_local_one(acme: Ladder) -> None:
    local = packet_from(PACKET_TEXT, "checkout/dana-levi.md")
    got = card(acme, [rc(1, "bob", "/meets", 13)], packet=local, path=PACKET_PATH)
    assert (got.path, got.rows[0].comments, list(got.rows[0].verdicts)) == (
        PACKET_PATH,
        1,
        ["bob"],
    )
    elsewhere = card(acme, [rc(1, "bob", "/meets", 13)], packet=local)
    assert elsewhere.rows[0].verdicts == {}
    assert refused(elsewhere) == [("bob", "", "/meets", "on another file, not the packet")]


def test_an_outdated_verdict_whose_packet_cannot_be_read_is_listed(acme: Ladder) -> None:
    old = rc(1, "bob", "/meets", None, original_line=13, original_commit_id=SHA)
    got = card(acme, [old], earlier={SHA: None})
    assert refused(got) == [
        ("bob", "", "/meets", "outdated, and the packet at 333333333333 cannot be read")
    ]
    assert got.unplaced == 0  # listed once, with why; not counted again as "outside"


def test_logins_in_any_letter_case_are_shown_as_the_roster_spells_them(acme: Ladder) -> None:
    comments = [
        rc(1, "NOA", "/meets", 13),
        rc(2, "noa", "/recommend promote", None, subject_type="file"),
    ]
    got = card(acme, comments, requested=["NOA"])
    assert list(got.rows[0].verdicts) == ["Noa"]
    assert list(got.recommendations) == ["Noa"]
    assert "Noa" in got.pending


def test_what_counts_as_a_comment_outside_every_criterion(acme: Ladder) -> None:
    def unplaced(*comments: ReviewComment) -> int:
        return card(acme, comments).unplaced

    assert unplaced(rc(1, "bob", "a remark on the candidate line", 2)) == 1
    assert unplaced(rc(1, "bob", "/meets", 13, side="LEFT")) == 0
    assert unplaced(rc(1, "bob", "nice", None, subject_type="file")) == 0
    assert unplaced(rc(1, "bob", "nice", 2, path="packets/2026-H2/other.md")) == 0
    assert unplaced(rc(1, "bob", "nice", 13)) == 0


def test_a_recommendation_counts_on_the_whole_file_and_nowhere_else_in_the_diff(
    acme: Ladder,
) -> None:
    whole = rc(1, "bob", "/recommend promote", None, subject_type="file")
    line = rc(2, "Noa", "/recommend defer", 13)
    got = card(acme, [whole, line])
    assert {login: (v.value, v.outdated) for login, v in got.recommendations.items()} == {
        "bob": ("promote", False)
    }
    assert refused(got) == [
        (
            "Noa",
            "",
            "/recommend defer",
            "a /recommend belongs in a review's body, the conversation or a comment on the "
            "whole file",
        )
    ]
    assert got.rows[0].comments == 1  # the line comment still sits on its criterion


def test_a_verdict_on_the_whole_file_is_listed(acme: Ladder) -> None:
    got = card(acme, [rc(1, "bob", "/meets", None, subject_type="file")])
    assert refused(got) == [
        (
            "bob",
            "",
            "/meets",
            "on the whole file, not on a criterion's line: only /recommend counts there",
        )
    ]


def test_a_verdict_on_a_criterion_the_move_does_not_require_is_listed(acme: Ladder) -> None:
    got = card(acme, [rc(1, "bob", "/meets", 22)], packet=packet_from(NO_MENTORS))
    assert refused(got) == [
        ("bob", OTHER, "/meets", f"on {OTHER}, which this move does not require")
    ]
    assert all(row.verdicts == {} for row in got.rows)


def test_a_criterion_without_evidence_has_no_line_and_no_comments(acme: Ladder) -> None:
    got = card(acme, packet=packet_from(NO_MENTORS))
    mentors = next(row for row in got.rows if row.criterion.id == MENTORS)
    assert (mentors.status, mentors.line, mentors.comments, mentors.evidence) == (
        "missing",
        0,
        0,
        0,
    )


def test_the_scorecard_comment_itself_is_never_read_for_commands(acme: Ladder) -> None:
    own = ConversationComment(1, "github-actions[bot]", f"{MARKER}\n/recommend promote\n/meets")
    got = card(acme, conversation=[own])
    assert (got.recommendations, got.not_counted) == ({}, ())


def test_reviews_and_the_conversation_carry_recommendations_only(acme: Ladder) -> None:
    review = Review(1, "bob", "APPROVED", "2026-07-02T09:00:00Z", "/recommend promote strong")
    talk = ConversationComment(2, "Noa", "/not-yet not from here", "2026-07-02T10:00:00Z")
    verdict_in_review = Review(3, "Noa", "COMMENTED", "2026-07-02T11:00:00Z", "/meets all of it")
    got = card(acme, reviews=[review, verdict_in_review], conversation=[talk])
    assert {login: (v.value, v.outdated) for login, v in got.recommendations.items()} == {
        "bob": ("promote", False)
    }
    assert refused(got) == [
        ("Noa", "", "/meets", "a /meets belongs on a criterion's line, not in a review's body"),
        (
            "Noa",
            "",
            "/not-yet",
            "a /not-yet belongs on a criterion's line, not in the conversation",
        ),
    ]


def test_pending_lists_eligible_reviewers_with_criteria_left(acme: Ladder) -> None:
    everything = [rc(i, "bob", "/meets", line) for i, line in enumerate((13, 17, 21, 24), 1)]
    three = [rc(10 + i, "Noa", "/meets", line) for i, line in enumerate((13, 17, 21), 1)]
    got = card(acme, [*everything, *three], requested=["bob", "Noa", "mkatz", "erin", "eve"])
    assert list(got.pending.items()) == [("Noa", 1)]


def test_recommendations_and_reviews_are_listed_by_login_in_any_case(acme: Ladder) -> None:
    reviews = [
        Review(1, "noa", "APPROVED", "2026-07-02T09:00:00Z", "/recommend promote"),
        Review(2, "bob", "CHANGES_REQUESTED", "2026-07-02T09:30:00Z", "/recommend defer"),
    ]
    got = card(acme, reviews=reviews)
    assert list(got.recommendations) == ["bob", "Noa"]
    assert list(got.reviews.items()) == [("bob", "CHANGES_REQUESTED"), ("Noa", "APPROVED")]


def test_a_command_github_does_not_show_as_prose_is_not_read(acme: Ladder) -> None:
    # A candidate slips hidden commands into a reviewer's comment: an HTML comment,
    # a fence indented inside a list item, raw <blockquote> and <details>.  GitHub shows
    # none of them as prose, so the reviewer's one visible verdict still counts.
    hidden = (
        "Thin evidence.\n<!--\n/meets\n-->\n\n- see\n\n      ```\n      /meets\n      ```\n\n"
        "<blockquote>/meets</blockquote>\n\n<details><summary>x</summary>\n\n/meets\n</details>"
    )
    got = card(
        acme,
        [
            rc(1, "bob", f"{hidden}\n\n/not-yet no rollout", 13),
            rc(2, "Noa", hidden, 17),
            rc(3, "Noa", "/recommend promote", None, subject_type="file"),
            rc(4, "Noa", "<!--\n/recommend defer\n-->", None, subject_type="file"),
        ],
    )
    assert {login: (v.value, v.reason) for login, v in got.rows[0].verdicts.items()} == {
        "bob": ("not-yet", "no rollout")
    }
    assert got.rows[1].verdicts == {}
    assert {login: v.value for login, v in got.recommendations.items()} == {"Noa": "promote"}
    assert (got.not_counted, [row.comments for row in got.rows[:2]]) == ((), [1, 1])
