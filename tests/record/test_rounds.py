"""Rounds and independence, unit by unit (the commands' tests: tests/committee/test_rounds.py)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from recordmaker import AT, verdict
from rung.committee.roster import DecisionRule
from rung.committee.rule import Sides, judge
from rung.record.chain import GENESIS
from rung.record.events import Entry, Event
from rung.record.replay import replay
from rung.record.rounds import NO_REASON, Rounds, respelled, rounds

A, B = "acme.a.one", "acme.a.two"
PANEL = frozenset({"ann", "bob"})


def at(minute: int) -> str:
    return f"2026-07-01T10:{minute:02d}:00Z"


def said(who: str, command: str, criterion: str, minute: int, cid: int, **kw: Any) -> Event:
    return verdict(
        who, command, criterion=criterion, comment_id=cid,
        **{"created_at": at(minute), "updated_at": at(minute), **kw},
    )  # fmt: skip


def of(*events: Event, sealed: bool = False, revealed_at: str | None = None) -> Rounds:
    record = replay(Entry(n, GENESIS, AT, e) for n, e in enumerate(events, 1))
    return rounds(record, PANEL, frozenset({A, B}), sealed=sealed, revealed_at=revealed_at)


def test_the_reveal_is_when_the_last_owed_first_verdict_was_given() -> None:
    found = of(
        said("ann", "/meets", A, 1, 1),
        said("ann", "/meets", B, 2, 2),
        said("bob", "/meets", A, 3, 3),
        said("bob", "/not-yet", A, 4, 4),  # changed before the reveal: the last is round one
        said("bob", "/abstain", B, 5, 5),  # completes the panel
        said("bob", "/meets", A, 6, 6, reason=""),
    )
    assert found.revealed_at == at(5)
    assert [(g.author, g.criterion, g.value, g.comment_id) for g in found.round_one] == [
        ("ann", A, "meets", 1), ("ann", B, "meets", 2), ("bob", A, "not-yet", 4),
        ("bob", B, "abstain", 5),
    ]  # fmt: skip
    [change] = found.changes
    assert (change.before and change.before.value, change.after.value) == ("not-yet", "meets")
    assert change.reason == NO_REASON
    # ann's two came before anyone else's; bob's were all given with ann's in view
    assert found.independence_words == "independent: 2 of 4 verdicts"


def test_an_incomplete_panel_has_no_reveal_and_no_round_two() -> None:
    found = of(said("ann", "/meets", A, 1, 1), said("ann", "/not-yet", A, 2, 2, reason="no"))
    assert found.revealed_at is None
    assert [g.value for g in found.round_one] == ["not-yet"]
    assert found.changes == ()


def test_an_authors_edit_is_given_when_edited() -> None:
    """The same comment edited by its author after the reveal: round two, at the edit."""
    first = said("ann", "/meets", A, 1, 1)
    edited = said("ann", "/not-yet", A, 1, 1, reason="on reflection", updated_at=at(9))
    found = of(
        first, said("ann", "/meets", B, 2, 2), said("bob", "/meets", A, 3, 3),
        said("bob", "/meets", B, 4, 4), edited,
    )  # fmt: skip
    assert found.revealed_at == at(4)
    [change] = found.changes
    assert (change.after.at, change.reason) == (at(9), "on reflection")


def test_in_sealed_mode_nothing_is_visible_before_the_reveal() -> None:
    events = (
        said("ann", "/meets", A, 1, 1),
        said("bob", "/meets", A, 2, 2),
        said("ann", "/meets", B, 3, 3),
        said("bob", "/not-yet", B, 8, 4),  # after the reveal at minute 5
    )
    sealed = of(*events, sealed=True, revealed_at=at(5))
    assert sealed.revealed_at == at(5)
    assert sealed.independence_words == "independent: 3 of 3 verdicts"
    assert [c.after.value for c in sealed.changes] == ["not-yet"]  # given only after it
    assert sealed.changes[0].before is None
    not_yet = of(*events[:3], sealed=True)  # not revealed: everything round one, unseen
    assert (not_yet.revealed_at, not_yet.changes) == (None, ())
    assert not_yet.independence_words == "independent: 3 of 3 verdicts"
    assert of(*events[:3]).independence_words == "independent: 1 of 3 verdicts"  # open


def test_the_rule_weighs_exact_shares() -> None:
    two_of_three = [Sides(A, 2, 1), Sides(B, 3, 0)]
    assert judge(DecisionRule(3, Fraction(2, 3), 0, "2/3"), two_of_three).backs == "promote"
    # 0.67 is more than 2/3: a 2–1 criterion falls short
    strict = judge(DecisionRule(3, Fraction("0.67"), 0, "0.67"), two_of_three)
    assert (strict.backs, strict.not_met) == ("not-yet", (A,))
    assert judge(DecisionRule(3, Fraction("0.67"), 1, "0.67"), two_of_three).backs == "promote"
    # abstentions take no side: below the quorum, the rule backs nothing
    short = judge(DecisionRule(3, Fraction(1, 2), 0, "1/2"), [Sides(A, 2, 0), Sides(B, 3, 0)])
    assert (short.backs, short.short_of_quorum) == (None, (A,))
    assert short.against("promote") and short.against("not-yet") and not short.against("defer")


def test_round_one_is_found_whatever_the_spelling() -> None:
    found = respelled(of(said("ann", "/meets", A, 1, 1)), str.upper)
    assert [g.author for g in found.round_one] == ["ANN"]
    assert found.round_one_of("Ann", A) == found.round_one[0]
    assert found.round_one_of("ann", B) is None


def test_a_verdict_is_given_when_its_comment_was_created_unless_its_author_rewrote_it() -> None:
    """An updated_at GitHub moved (a later edit the record saw only as it stands) is not
    when the verdict was given."""
    found = of(said("ann", "/meets", A, 1, 1, updated_at=at(8)))
    assert [g.at for g in found.round_one] == [at(1)]


def test_nobody_on_the_panel_or_nothing_required_reveals_nothing() -> None:
    record = replay(Entry(1, GENESIS, AT, e) for e in [said("ann", "/meets", A, 1, 1)])
    assert (
        rounds(record, frozenset(), frozenset(), revealed_at=None, sealed=False).revealed_at is None
    )


def test_round_two_is_the_last_change_and_changes_are_in_the_order_given() -> None:
    """bob changes twice after the reveal (the last counts); ann's change, given before
    bob's last, was recorded after it: the list follows the times, not the record."""
    found = of(
        said("ann", "/meets", A, 1, 1), said("ann", "/meets", B, 2, 2),
        said("bob", "/meets", A, 3, 3), said("bob", "/meets", B, 4, 4),  # the reveal
        said("bob", "/not-yet", A, 6, 5, reason="late"),
        said("bob", "/abstain", A, 9, 7, reason="not mine after all"),
        said("ann", "/not-yet", B, 8, 6, reason="thin"),
    )  # fmt: skip
    assert [(c.after.author, c.after.value, c.after.at) for c in found.changes] == [
        ("ann", "not-yet", at(8)), ("bob", "abstain", at(9)),
    ]  # fmt: skip


def test_a_verdict_given_at_the_same_second_as_another_was_given_without_it_in_view() -> None:
    found = of(said("ann", "/meets", A, 1, 1), said("bob", "/meets", A, 1, 2))
    assert found.independence_words == "independent: 2 of 2 verdicts"


def test_respelling_keeps_a_round_two_with_no_round_one() -> None:
    events = (said("ann", "/meets", A, 1, 1), said("bob", "/meets", A, 2, 2),
              said("ann", "/meets", B, 3, 3), said("bob", "/not-yet", B, 8, 4))  # fmt: skip
    found = respelled(of(*events, sealed=True, revealed_at=at(5)), str.upper)
    [change] = found.changes
    assert (change.before, change.after.author, change.after.value) == (None, "BOB", "not-yet")


def test_the_rules_words_and_what_goes_against_it() -> None:
    rule = DecisionRule(2, Fraction(1, 2), 0, "1/2")
    backed = judge(rule, [Sides(A, 2, 0), Sides(B, 1, 1)])
    assert backed.backs == "promote" and not backed.against("promote")
    assert backed.against("not-yet") and not backed.against("defer")
    assert backed.words == (
        "meets the rule for promote: 2 of 2 criteria met, with at least 1/2 of a "
        "criterion's verdicts saying meets; at most 0 may fall short"
    )
    one_short = judge(rule, [Sides(A, 1, 0), Sides(B, 2, 0)])
    assert one_short.words == (
        "no quorum: 1 criterion of 2 without 2 verdicts taking a side; the rule backs no "
        "outcome yet"
    )
    assert judge(rule, [Sides(A, 1, 0), Sides(B, 0, 1)]).words.startswith("no quorum: 2 criteria")
    # a criterion nobody took a side on is short of the quorum and not met either
    nobody = judge(rule, [Sides(A, 0, 0), Sides(B, 1, 0)])
    assert (nobody.short_of_quorum, nobody.not_met) == ((A, B), (A,))


def test_changing_back_to_round_one_is_no_change() -> None:
    found = of(
        said("ann", "/meets", A, 1, 1), said("ann", "/meets", B, 2, 2),
        said("bob", "/meets", A, 3, 3), said("bob", "/meets", B, 4, 4),  # the reveal
        said("bob", "/not-yet", A, 6, 5, reason="late"),
        said("bob", "/meets", A, 7, 6, reason="on reflection, as before"),
    )  # fmt: skip
    assert found.changes == ()
