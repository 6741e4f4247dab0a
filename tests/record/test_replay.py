"""Replaying a record: what counts is what was recorded, not what GitHub shows now."""

from __future__ import annotations

from recordmaker import (
    AT,
    assigned,
    bound,
    by_command,
    changed,
    decision,
    manager,
    requested,
    verdict,
)
from rung.record.chain import GENESIS
from rung.record.events import Entry, Event
from rung.record.replay import Assignment, HandRequest, PacketRecord, replay


def _replay(*events: Event) -> PacketRecord:
    return replay(Entry(n, GENESIS, AT, e) for n, e in enumerate(events, 1))


def test_an_edit_by_someone_else_changes_no_verdict() -> None:
    """Attack 4: the candidate edits a reviewer's later /not-yet (even keeping its
    text); the earlier /meets does not come back."""
    meets = verdict(command="/meets", comment_id=1001)
    not_yet = verdict(command="/not-yet", comment_id=1002, reason="No HLD yet.")
    edit = changed(not_yet, "dana-levi", body="/not-yet No HLD yet.")
    state = _replay(meets, not_yet, edit)
    [current] = state.verdicts
    assert current.current == not_yet
    assert current.superseded == (meets,)
    assert current.changed_by_others == (edit,)
    assert not current.withdrawn


def test_the_authors_later_verdict_supersedes_and_both_are_kept() -> None:
    first = verdict(command="/not-yet", comment_id=1001, reason="Not yet.")
    later = verdict(command="/meets", comment_id=1005, reason="Now yes.")
    other = verdict("carol", command="/not-yet", comment_id=1003)
    state = _replay(first, other, later)
    # in the order they were last written
    assert [(v.author, v.current.command, v.superseded, v.seq) for v in state.verdicts] == [
        ("carol", "/not-yet", (), 2),
        ("noa-shapiro", "/meets", (first,), 3),
    ]


def test_a_verdict_per_criterion_and_the_recommendation_apart() -> None:
    state = _replay(
        verdict(criterion="acme-l5.a"),
        verdict(criterion="acme-l5.b", comment_id=1002),
        verdict(command="/recommend promote", comment_id=1003, reason="Ready."),
    )
    assert [v.criterion for v in state.verdicts] == ["acme-l5.a", "acme-l5.b", None]


def test_the_author_withdraws_someone_else_cannot() -> None:
    mine = verdict()
    assert (
        _replay(mine, changed(mine, "dana-levi", change="deleted")).verdicts[0].withdrawn is False
    )
    assert _replay(mine, changed(mine, None, change="deleted")).verdicts[0].withdrawn is False
    gone = _replay(mine, changed(mine, "Noa-Shapiro", change="deleted")).verdicts[0]
    assert gone.withdrawn and gone.changed_by_others == ()
    again = _replay(mine, changed(mine, "noa-shapiro", change="deleted"), verdict(comment_id=1009))
    assert again.verdicts[0].withdrawn is False


def test_a_hand_request_is_not_an_assignment() -> None:
    """Attack 1: reviewers the candidate requested by hand are not reviewers."""
    state = _replay(requested("bob", by="dana-levi"), assigned("noa-shapiro"))
    assert list(state.assigned) == ["noa-shapiro"]
    assert state.hand_requests == (HandRequest("bob", "dana-levi", 1),)
    later = _replay(requested("Bob"), assigned("bob"))
    assert later.hand_requests == ()  # rung assigned them after all


def test_logins_are_case_folded() -> None:
    state = _replay(
        assigned("Noa-Shapiro"),
        assigned("noa-shapiro"),
        by_command("Carol", chair="Amir-Cohen"),
        verdict("NOA-SHAPIRO", command="/not-yet", comment_id=1001),
        verdict("noa-shapiro", command="/meets", comment_id=1002),
    )
    assert state.assigned == {
        "noa-shapiro": Assignment("noa-shapiro", "rung", None, 1),
        "carol": Assignment("carol", "command", "amir-cohen", 3),
    }
    [only] = state.verdicts
    assert (only.author, only.current.command, len(only.superseded)) == ("noa-shapiro", "/meets", 1)


def test_the_manager_is_the_one_recorded_at_assignment() -> None:
    """Attack 3: naming a reviewer as manager afterwards discounts nobody."""
    later = manager("noa-shapiro", packet_sha="b" * 40)
    state = _replay(manager("MKatz"), assigned(), later, manager("mkatz", packet_sha="c" * 40))
    assert (state.manager, state.manager_recorded) == ("mkatz", True)
    assert state.manager_changes == (later,)
    assert _replay(manager(None)).manager_recorded is True


def test_the_first_bound_pull_request_stays_bound() -> None:
    """Attack 7: another pull request touching the packet is listed, not substituted."""
    state = _replay(bound(7), bound(12), bound(7), bound(12))
    assert (state.pull, state.other_pulls) == (7, (12,))


def test_decisions_in_order_and_changes_to_unknown_comments_kept() -> None:
    stray = changed(verdict(comment_id=4444), "dana-levi")
    state = _replay(decision("defer"), stray, decision("promote"))
    assert [d.outcome for d in state.decisions] == ["defer", "promote"]
    assert state.unmatched_changes == (stray,)
    assert state.verdicts == ()


def test_a_change_belongs_to_the_verdict_whose_comment_it_changed() -> None:
    """Two reviewers' verdicts: an edit of the second one's comment is the second one's,
    and withdraws nothing of the first's (nor withdraws the second's: not by its author)."""
    first = verdict("noa-shapiro", comment_id=1001)
    second = verdict("gal-friedman", "/not-yet", comment_id=1002)
    edit = changed(second, "dana-levi")
    state = _replay(first, second, edit)
    by_author = {v.author: v for v in state.verdicts}
    assert by_author["gal-friedman"].changed_by_others == (edit,)
    assert by_author["noa-shapiro"].changes == ()
    own = changed(second, "gal-friedman")
    state = _replay(first, second, own)
    assert {v.author: v.withdrawn for v in state.verdicts} == {
        "noa-shapiro": False,
        "gal-friedman": True,
    }
