"""The record against GitHub now (record/compare.py): which pull requests to read, and
the finding for each recorded comment GitHub shows otherwise."""

from __future__ import annotations

from recordmaker import AT, RECORD, assigned, bound, changed, manager, record_text, verdict
from rung.problems import Level
from rung.record.chain import read_chain
from rung.record.compare import SeenComment, compare, pulls_to_read, recorded_comments
from rung.record.events import Entry, Event, body_sha256


def test_only_pull_requests_that_hold_a_recorded_verdict_are_read() -> None:
    """A pull request that was only bound or assigned on holds no verdict to compare;
    verdicts on two pull requests need both, each once, in order."""
    events: list[Event] = [
        bound(9), manager(), assigned(pull=8),
        verdict(comment_id=1, pull=7), verdict(comment_id=2, pull=5), verdict(comment_id=3, pull=7),
    ]  # fmt: skip
    entries, problems = read_chain(record_text(events, at=AT), RECORD)
    assert problems == []
    assert pulls_to_read(entries) == [5, 7]


def _entries(*events: Event) -> list[tuple[int, Entry]]:
    entries, problems = read_chain(record_text(list(events), at=AT), RECORD)
    assert problems == []
    return entries


def _seen(body: str, updated_at: str | None = None, editor: str | None = None) -> SeenComment:
    return SeenComment(body_sha256(body), updated_at, editor)


FIRST = verdict(comment_id=1)
KEY = ("review-comment", 1)


def test_a_comment_as_recorded_has_no_finding_and_a_changed_one_says_who_and_when() -> None:
    entries = _entries(FIRST)
    assert compare(entries, {KEY: _seen("/meets Clear HLD for the billing epic.")}, RECORD) == []
    [named] = compare(entries, {KEY: _seen("/not-yet No.", "2026-07-09T10:00:00Z", "dana-levi")},
                      RECORD)  # fmt: skip
    assert (named.line, named.column, named.level) == (1, 1, Level.WARNING)
    assert named.message.startswith(
        "@noa-shapiro's /meets on acme-l5.execution.hld-for-epics (review comment 1 on #7) was "
        "edited on GitHub by @dana-levi at 2026-07-09T10:00:00Z after it was recorded"
    )
    [unnamed] = compare(entries, {KEY: _seen("/not-yet No.")}, RECORD)
    assert unnamed.message.startswith(
        "@noa-shapiro's /meets on acme-l5.execution.hld-for-epics (review comment 1 on #7) was "
        "edited on GitHub after it was recorded"
    )
    [gone] = compare(entries, {}, RECORD)
    assert "was deleted on GitHub after it was recorded" in gone.message


def test_a_comment_recorded_as_deleted_is_a_finding_only_if_github_still_shows_it() -> None:
    entries = _entries(FIRST, changed(FIRST, None, "deleted"))
    assert compare(entries, {}, RECORD) == []
    [back] = compare(entries, {KEY: _seen("/meets Back again.")}, RECORD)
    assert back.line == 2  # the line of the last event about the comment
    assert back.message == (
        "@noa-shapiro's /meets on acme-l5.execution.hld-for-epics (review comment 1 on #7) was "
        "recorded as deleted, but GitHub still shows it"
    )


def test_the_first_verdict_names_the_comment_and_the_last_event_its_text() -> None:
    """The author edited the comment (a new verdict recorded from it): the finding names
    the first verdict and compares with the newest recorded text; a change about a
    comment with no recorded verdict is not compared."""
    again = verdict(comment_id=1, command="/not-yet", reason="Thin.")
    stray = changed(verdict(comment_id=5), "dana-levi")
    entries = _entries(FIRST, again, stray)
    assert recorded_comments(entries)[KEY].verdict == entries[0][1].event
    assert compare(entries, {KEY: _seen("/not-yet Thin.")}, RECORD) == []
    [found] = compare(entries, {KEY: _seen("/meets Clear HLD for the billing epic.")}, RECORD)
    assert found.line == 2 and "@noa-shapiro's /meets on" in found.message
    assert ("review-comment", 5) not in recorded_comments(entries)
