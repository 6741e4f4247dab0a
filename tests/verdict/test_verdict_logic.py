"""The pure parts of ``rung verdict``: answers, the ``--from`` file, resume, the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.model.packet import parse_packet
from rung.scorecard.grammar import commands
from rung.scorecard.inputs import ReviewComment
from rung.verdict.answers import KEEP, SKIP, parse_choice, parse_reason
from rung.verdict.fromfile import read_verdicts
from rung.verdict.plan import Draft, Given, Step, comment_body, drafts_to_post
from rung.verdict.resume import already_given

FIXTURES = Path(__file__).resolve().parent.parent / "committee" / "fixtures"
PATH = "packets/2026-H2/dana-levi.md"
REQUIRED = ("ic-2.delivery.leads-features", "ic-2.team.mentors")


@pytest.mark.parametrize(
    ("typed", "given", "chosen"),
    [
        ("m", False, "meets"),
        (" MEETS ", False, "meets"),
        ("n", False, "not-yet"),
        ("not  yet", False, "not-yet"),
        ("a", False, "abstain"),
        ("s", False, SKIP),
        ("", False, None),  # a stray Enter never decides anything
        ("k", False, None),  # nothing to keep
        ("", True, KEEP),
        ("k", True, KEEP),
        ("yes", True, None),
        ("/meets", False, None),
    ],
)
def test_choices(typed: str, given: bool, chosen: str | None) -> None:
    assert parse_choice(typed, given) == chosen


def test_reasons_are_one_line_and_required_where_the_candidate_needs_one() -> None:
    assert parse_reason("  Clear\tand   complete ", "meets") == "Clear and complete"
    assert parse_reason("", "meets") == ""
    assert parse_reason("  ", "not-yet") is None
    assert parse_reason("", "abstain") is None


@pytest.mark.parametrize("verdict", ["meets", "not-yet", "abstain"])
def test_the_body_is_exactly_one_command_the_scorecard_reads(verdict: str) -> None:
    body = comment_body(Draft("c", 12, verdict, "Because: *this* & that"))
    [command] = commands(body)
    assert (command.name, command.reason) == (verdict, "Because: *this* & that")
    assert comment_body(Draft("c", 12, verdict, "")) == f"/{verdict}"


def test_a_good_file() -> None:
    text = (
        "ic-2.team.mentors:\n  verdict: abstain\n  reason: '  Not   seen. '\n"
        "ic-2.delivery.leads-features: {verdict: meets}\n"
    )
    assert read_verdicts(text, "f.yml", REQUIRED) == (
        {
            "ic-2.team.mentors": ("abstain", "Not seen."),
            "ic-2.delivery.leads-features": ("meets", ""),
        },
        [],
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("- a\n", (1, 1), "want a mapping from criterion id to verdict and reason"),
        ("ic-2.team.mentors: meets\n", (1, 20), "want 'verdict:' and 'reason:' under it"),
        ("ic-2.team.mentors:\n  verdict: meets\n  reason: [a]\n", (3, 11), "one line of text"),
        ("ic-2.team.mentors:\n  verdict: no\n", (2, 12), "verdict 'no' is not one of"),
        ("ic-2.team.mentors:\n  verdict: abstain\n  reason: ''\n", (3, 11), "needs a reason"),
        ("a: &x 1\n", (1, 4), "anchors"),
        ("ic-2.team.mentors: {}\nic-2.team.mentors: {}\n", (2, 1), "duplicate"),
    ],
)
def test_a_bad_file_points_at_the_mistake(text: str, where: tuple[int, int], message: str) -> None:
    _, problems = read_verdicts(text, "f.yml", REQUIRED)
    assert problems, text
    assert (problems[0].line, problems[0].column) == where
    assert message in problems[0].message


def _comment(
    cid: int, login: str | None, body: str, line: int, at: str, **kw: object
) -> ReviewComment:
    return ReviewComment(cid, login, body, PATH, line, created_at=at, **kw)  # type: ignore[arg-type]


def test_resume_reads_the_users_last_verdict_per_criterion_as_the_scorecard_places_it() -> None:
    text = (FIXTURES / "packets" / "dana-levi-valid.md").read_text(encoding="utf-8")
    packet, _ = parse_packet(text, PATH)
    assert packet is not None
    comments = [
        _comment(1, "Bob", "/meets first", 12, "2026-07-01T09:00:00Z"),
        _comment(2, "bob", "/not-yet second", 13, "2026-07-01T10:00:00Z"),  # same criterion
        _comment(3, "carol", "/meets not mine", 17, "2026-07-01T10:00:00Z"),
        _comment(
            4, "bob", "/meets one\n\n/abstain two", 17, "2026-07-01T10:00:00Z"
        ),  # counts for nothing
        _comment(5, "bob", "just a note", 20, "2026-07-01T10:00:00Z"),
        _comment(6, "bob", "/abstain in a reply", 20, "2026-07-01T11:00:00Z", in_reply_to_id=3),
        _comment(7, "bob", "/meets outside", 3, "2026-07-01T11:00:00Z"),
    ]
    assert already_given(comments, "BOB", packet, PATH) == {
        "ic-2.delivery.leads-features": Given("not-yet", "second"),
        "ic-2.delivery.plans-quarters": Given("abstain", "in a reply"),  # carol's thread, on 17
    }


def test_only_new_or_changed_verdicts_are_posted() -> None:
    def step(cid: str, given: Given | None) -> Step:
        return Step(cid, "", 10, "gap", (), None, given)

    steps = [step("a", Given("meets", "ok")), step("b", Given("meets", "ok")), step("c", None)]
    chosen = {"a": ("meets", "ok"), "b": ("not-yet", "no"), "c": ("abstain", "?")}
    assert [d.criterion for d in drafts_to_post(steps, chosen)] == ["b", "c"]


def test_the_candidates_text_cannot_drive_the_terminal() -> None:
    from rung.commands.verdict_walk import one_line

    assert one_line("a\x1b[2Jb\x9b31mc\nd\x7f") == "a [2Jb 31mc d "
