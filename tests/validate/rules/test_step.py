"""`step`: a promotion, a lateral move (a notice), or an error listing what is allowed."""

from __future__ import annotations

from rung.ladder.model import Area, Criterion, Ladder, Level, Track
from rung.model.coverage import move_coverage
from rung.model.packet import parse_packet
from rung.problems import Level as Severity
from rung.validate.rules import step
from rung.validate.rules.base import Context
from textedit import edit


def test_a_promotion_is_clean(lint, clean: str) -> None:
    assert lint(clean) == []


def test_skipping_a_level_is_an_error_that_lists_the_moves(lint, clean: str) -> None:
    text = edit(clean, "from: ic2", "from: ic1")
    text = edit(text, "in_level_since: 2025-01", "in_level_since: 2020-01")
    assert lint(text) == [
        (
            7,
            5,
            Severity.ERROR,
            "step",
            "'ic1' -> 'ic3' is not allowed; from 'ic1' the ladder allows: promotion to 'ic2'; "
            "fix 'to:' or 'from:'",
        )
    ]


def test_going_down_or_staying_is_an_error(lint, clean: str) -> None:
    text = edit(clean, "to: ic3", "to: ic2")
    assert lint(text) == [
        (
            7,
            5,
            Severity.ERROR,
            "step",
            "'ic2' -> 'ic2' is not allowed; from 'ic2' the ladder allows: promotion to 'ic3', "
            "lateral move to 'em2'; fix 'to:' or 'from:'",
        )
    ]


def test_another_track_at_another_rank_names_the_track_entry(lint, clean: str) -> None:
    text = edit(clean, "from: ic2", "from: ic1")
    text = edit(text, "to: ic3", "to: em2")
    text = edit(text, "in_level_since: 2025-01", "in_level_since: 2020-01")
    assert lint(text) == [
        (
            7,
            5,
            Severity.ERROR,
            "step",
            "'ic1' -> 'em2' is not allowed; from 'ic1' the ladder allows: promotion to 'ic2' "
            "(track 'em' starts at 'em2', rank 2); fix 'to:' or 'from:'",
        )
    ]


def test_a_lateral_move_is_a_notice(lint, clean: str) -> None:
    start = clean.index("evidence:")
    text = edit(clean[:start], "to: ic3", "to: em2") + (
        "evidence:\n"
        "  em2.people.one-on-ones:\n"
        "    - claim: Run 1:1s with three engineers.\n"
        "  em2.people.hires:\n"
        "    - claim: Hired two engineers.\n"
        "---\n## Summary\n\nText.\n\n## Impact\n\nText.\n"
    )
    assert lint(text) == [
        (
            7,
            5,
            Severity.NOTICE,
            "step",
            "'ic2' -> 'em2' is a lateral move from track 'ic' to track 'em' at the same rank: "
            "a change of role, not a promotion",
        )
    ]


def _level(level_id: str, track: str, rank: int) -> Level:
    criterion = Criterion(f"{level_id}.a.c", level_id, "a", "Does things")
    return Level(level_id, track, rank, level_id.upper(), (Area("a", "A", (criterion,)),))


def test_a_lateral_move_below_the_tracks_entry_level_is_an_error() -> None:
    ladder = Ladder(
        id="entry",
        name="Entry",
        source="test",
        cumulative=False,
        tracks=(Track("ic", "IC", "ic1"), Track("em", "EM", "em2")),
        levels=(
            _level("ic1", "ic", 1),
            _level("ic2", "ic", 2),
            _level("em1", "em", 1),
            _level("em2", "em", 2),
        ),
    )
    text = (
        "---\ncandidate: x\nname: X\nmanager: m\nladder: entry\nfrom: ic1\nto: em1\n"
        "cycle: 2026-H2\nin_level_since: 2025-01\nevidence: {}\n---\n"
    )
    packet, problems = parse_packet(text, "packets/2026-H2/x.md")
    assert packet is not None and problems == []
    ctx = Context(packet, ladder, move_coverage(packet, ladder))
    assert [(p.line, p.column, p.level, p.message) for p in step.check(ctx)] == [
        (
            7,
            5,
            Severity.ERROR,
            "'ic1' -> 'em1' is not allowed; from 'ic1' the ladder allows: promotion to 'ic2' "
            "(track 'em' starts at 'em2', rank 2); fix 'to:' or 'from:'",
        )
    ]
