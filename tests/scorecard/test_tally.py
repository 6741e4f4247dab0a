"""The tally (rung.scorecard.tally): one offer per reviewer and criterion, the last one wins.

Each test states a rule of docs/committee.md ("The grammar"; "Not counted, and why").
"""

from __future__ import annotations

from rung.scorecard.inputs import ConversationComment, Review, ReviewComment
from rung.scorecard.tally import SUPERSEDED, NotCounted, Tally, Verdict

CRITERION = "ic-2.delivery.leads-features"


def tally() -> Tally:
    # Everyone counts; logins are spelled as the roster writes them (lower case here).
    return Tally(lambda login: None, str.lower)


def review_comment(cid: int, login: str | None, body: str, at: str, **kw: object) -> ReviewComment:
    return ReviewComment(
        id=cid,
        login=login,
        body=body,
        path="p.md",
        line=12,
        created_at=at,
        html_url=f"u{cid}",
        **kw,  # type: ignore[arg-type]
    )


def offer(t: Tally, item: ReviewComment | Review | ConversationComment, criterion: str) -> None:
    command = t.command(item)
    assert command is not None
    t.offer(criterion, command, item, outdated=False)


def test_two_commands_in_one_comment_are_listed_not_counted() -> None:
    t = tally()
    item = review_comment(7, "bob", "/meets the HLD\n/not-yet the rollout", "2026-07-01T10:00:00Z")
    assert t.command(item) is None
    assert t.refused == [
        NotCounted("bob", "", "/meets", "more than one command in one comment: one each", 7, "u7")
    ]
    assert t.result() == ({}, {}, tuple(t.refused))


def test_one_command_is_returned_and_a_comment_without_one_is_nothing() -> None:
    t = tally()
    [command] = [t.command(review_comment(1, "bob", "/not-yet the rollout", "t"))]
    assert command is not None and (command.name, command.reason) == ("not-yet", "the rollout")
    assert t.command(review_comment(2, "bob", "Could you link the doc?", "t")) is None
    assert t.refused == []


def test_the_same_reviewer_in_another_letter_case_replaces_their_verdict() -> None:
    t = tally()
    offer(t, review_comment(1, "Bob", "/meets first", "2026-07-01T10:00:00Z"), CRITERION)
    offer(t, review_comment(2, "bob", "/not-yet second", "2026-07-01T11:00:00Z"), CRITERION)
    verdicts, overall, not_counted = t.result()
    assert verdicts == {
        CRITERION: {"bob": Verdict("not-yet", 2, False, "u2", "second")},
    }
    assert overall == {}
    assert not_counted == (NotCounted("bob", CRITERION, "/meets", SUPERSEDED, 1, "u1"),)


def test_written_last_wins_and_the_higher_id_breaks_a_tie_in_time() -> None:
    t = tally()
    at = "2026-07-01T10:00:00Z"
    offer(t, review_comment(9, "bob", "/not-yet", at), CRITERION)
    offer(t, review_comment(3, "bob", "/meets", at), CRITERION)
    offer(t, review_comment(5, "bob", "/meets earlier", "2026-06-30T10:00:00Z"), CRITERION)
    verdicts, _, not_counted = t.result()
    assert verdicts[CRITERION]["bob"].comment_id == 9
    assert [(n.command, n.comment_id) for n in not_counted] == [("/meets", 5), ("/meets", 3)]


def test_an_edit_counts_by_its_time() -> None:
    t = tally()
    edited = review_comment(
        1, "bob", "/meets", "2026-07-01T10:00:00Z", updated_at="2026-07-03T00:00:00Z"
    )
    offer(t, edited, CRITERION)
    offer(t, review_comment(2, "bob", "/not-yet", "2026-07-02T10:00:00Z"), CRITERION)
    verdicts, _, _ = t.result()
    assert verdicts[CRITERION]["bob"].comment_id == 1


def test_a_replaced_recommendation_is_listed_as_a_recommendation() -> None:
    t = tally()
    first = ConversationComment(1, "Ann", "/recommend defer", "2026-07-01T10:00:00Z", html_url="c1")
    second = Review(2, "ann", "APPROVED", "2026-07-02T10:00:00Z", "/recommend promote", "r2")
    offer(t, first, "")
    offer(t, second, "")
    verdicts, overall, not_counted = t.result()
    assert verdicts == {}
    assert overall == {"ann": Verdict("promote", 2, False, "r2", "")}
    assert not_counted == (NotCounted("ann", "", "/recommend defer", SUPERSEDED, 1, "c1"),)


def test_an_unknown_recommendation_is_refused_with_the_words_that_count() -> None:
    t = tally()
    item = ConversationComment(4, "ann", "/recommend hire", "t", html_url="c4")
    offer(t, item, "")
    assert t.result() == (
        {},
        {},
        (
            NotCounted(
                "ann",
                "",
                "/recommend hire",
                "'/recommend hire' is not one of: promote, not-yet, defer",
                4,
                "c4",
            ),
        ),
    )


def test_an_edit_by_someone_else_is_not_counted_in_any_letter_case() -> None:
    t = tally()
    own = review_comment(1, "Bob", "/meets", "t1", edited=True, editor="bOB")
    other = review_comment(2, "carol", "/meets", "t2", edited=True, editor="Mallory")
    deleted = review_comment(3, "dave", "/meets", "t3", edited=True, editor=None)
    ghost = review_comment(4, None, "/meets", "t4", edited=True, editor="bob")
    for item in (own, other, deleted, ghost):
        offer(t, item, CRITERION)
    verdicts, _, not_counted = t.result()
    assert list(verdicts[CRITERION]) == ["bob"]
    assert [(n.login, n.reason) for n in not_counted] == [
        ("carol", "edited by @Mallory — not counted"),
        ("dave", "edited by a deleted account — not counted"),
        ("ghost", "edited by @bob — not counted"),
    ]


def test_a_refusal_names_the_reviewer_and_is_never_counted() -> None:
    t = Tally(lambda login: None if login == "bob" else "not on the committee", str.lower)
    offer(t, review_comment(1, "eve", "/meets", "t"), CRITERION)
    offer(t, review_comment(2, None, "/meets", "t"), CRITERION)
    assert t.offers == {}
    assert [(n.login, n.criterion, n.reason) for n in t.refused] == [
        ("eve", CRITERION, "not on the committee"),
        ("ghost", CRITERION, "not on the committee"),
    ]
