"""The ``decisions`` rule (rung.validate.rules.decisions), finding by finding.

tests/cycle/fixtures/decisions/bad.yaml gives every finding through ``rung
validate``; these tests pin each one's wording, position and edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.committee.roster import Member, Roster
from rung.model.decisions import Decisions, parse_decisions
from rung.problems import Level
from rung.validate.rules.decisions import check, check_decisions_file

PATH = "packets/2026-H2/decisions.yaml"
CANDIDATES = {
    "dana-levi": "packets/2026-H2/dana-levi.md",
    "yael-mor": "packets/2026-H2/yael-mor.md",
}
CHAIRS = Roster(
    (
        Member("Noa-Shapiro", {"acme": "ic-3"}, chair=True),
        Member("rgolan", {"acme": "ic-3"}, chair=True),
        Member("bob", {"acme": "ic-3"}),
    )
)
HEAD = "cycle: 2026-H2\nmeeting: 2026-07-14\ndecided_by: [noa-shapiro]\ndecisions:\n"


def entry(candidate: str, outcome: str = "promote", extra: str = "") -> str:
    return f"  - candidate: {candidate}\n    outcome: {outcome}\n    rationale: Agreed.\n{extra}"


def parsed(text: str, path: str = PATH) -> Decisions:
    decisions, problems = parse_decisions(text, path)
    assert decisions is not None and problems == [], problems
    return decisions


Finding = tuple[int, int, Level, str]


def findings(
    text: str,
    roster: Roster | None = CHAIRS,
    path: str = PATH,
    candidates: dict[str, str] = CANDIDATES,
) -> list[Finding]:
    return [
        (p.line, p.column, p.level, p.message)
        for p in check(parsed(text, path), candidates, roster)
        if p.rule == "decisions" and p.path == path
    ]


def test_a_clean_file_gives_no_finding() -> None:
    assert findings(HEAD + entry("dana-levi") + entry("Yael-Mor", "not-yet")) == []


def test_a_cycle_that_is_not_the_folders() -> None:
    text = HEAD.replace("cycle: 2026-H2", "cycle: 2026-H1") + entry("dana-levi")
    assert findings(text) == [
        (
            1,
            8,
            Level.ERROR,
            "cycle '2026-H1' is not this folder's (2026-H2); a cycle's decisions live in "
            "packets/2026-H1/decisions.yaml",
        )
    ]
    # A file checked outside any folder has no folder to disagree with.
    assert findings(text, path="decisions.yaml") == []


def test_a_second_decision_on_a_candidate_in_any_letter_case() -> None:
    text = HEAD + entry("dana-levi") + entry("yael-mor") + entry("Dana-Levi", "defer")
    assert findings(text) == [
        (
            11,
            16,
            Level.ERROR,
            "a second decision on 'Dana-Levi' (the first is on line 5); record one outcome per "
            "packet and change it there",
        )
    ]


def test_the_first_decision_is_named_by_its_candidates_line() -> None:
    first = "  - outcome: promote\n    rationale: Agreed.\n    candidate: dana-levi\n"
    [(line, _, _, message)] = findings(HEAD + first + entry("DANA-LEVI"))
    assert (line, message.split(";")[0]) == (
        8,
        "a second decision on 'DANA-LEVI' (the first is on line 7)",
    )


def test_a_candidate_without_a_packet_names_the_packets_and_a_close_one() -> None:
    assert findings(HEAD + entry("dana-levy")) == [
        (
            5,
            16,
            Level.ERROR,
            "no packet packets/2026-H2/dana-levy.md in this cycle (did you mean 'dana-levi'?) "
            "(packets: dana-levi, yael-mor)",
        )
    ]
    many = {f"cand-{i:02d}": f"packets/2026-H2/cand-{i:02d}.md" for i in range(11)}
    [(_, _, _, message)] = findings(HEAD + entry("zed"), candidates=many)
    listed = ", ".join(f"cand-{i:02d}" for i in range(10))
    assert message == f"no packet packets/2026-H2/zed.md in this cycle (packets: {listed} ...)"
    ten = dict(list(many.items())[:10])
    [(_, _, _, message)] = findings(HEAD + entry("zed"), candidates=ten)
    assert message == f"no packet packets/2026-H2/zed.md in this cycle (packets: {listed})"
    [(_, _, _, message)] = findings(HEAD + entry("zed"), candidates={})
    assert message == "no packet packets/2026-H2/zed.md in this cycle (packets: none)"


def test_an_unknown_outcome_lists_the_known_ones() -> None:
    assert findings(HEAD + entry("dana-levi", "Promote")) == [
        (
            6,
            14,
            Level.ERROR,
            "unknown outcome 'Promote' (did you mean 'promote'?); use one of: promote, not-yet, "
            "defer",
        )
    ]
    [(_, _, _, message)] = findings(HEAD + entry("dana-levi", "NOT-YET"))
    assert message == (
        "unknown outcome 'NOT-YET' (did you mean 'not-yet'?); use one of: promote, not-yet, defer"
    )
    [(_, _, _, message)] = findings(HEAD + entry("dana-levi", "hired"))
    assert message == "unknown outcome 'hired'; use one of: promote, not-yet, defer"


def test_a_decision_without_a_meeting_or_a_chair() -> None:
    text = "cycle: 2026-H2\ndecisions:\n" + entry("dana-levi")
    assert findings(text) == [
        (
            3,
            5,
            Level.WARNING,
            "the decision on 'dana-levi' has no meeting date; add 'meeting: YYYY-MM-DD' to it or "
            "at the top of the file",
        ),
        (
            3,
            5,
            Level.ERROR,
            "nobody decided on 'dana-levi'; add 'decided_by: [CHAIR]' to it or at the top of the "
            "file",
        ),
    ]
    # Either one named on the entry itself is enough.
    own = entry("dana-levi", extra="    meeting: 2026-07-14\n    decided_by: [rgolan]\n")
    assert findings("cycle: 2026-H2\ndecisions:\n" + own) == []


def test_every_decider_who_is_not_a_chair_where_it_is_written() -> None:
    text = (
        HEAD.replace("[noa-shapiro]", "[NOA-SHAPIRO, bob]")
        + entry("dana-levi", extra="    decided_by: [rgolan, eve]\n")
        + entry("yael-mor")
    )
    message = (
        "'{}' is not a chair; only members with 'chair: true' in .github/committee.yml record "
        "decisions"
    )
    assert findings(text) == [
        (3, 27, Level.ERROR, message.format("bob")),
        (8, 26, Level.ERROR, message.format("eve")),
    ]


def test_without_chairs_in_the_roster_anyone_may_decide() -> None:
    text = HEAD.replace("[noa-shapiro]", "[eve]") + entry("dana-levi")
    assert findings(text, roster=None) == []
    assert findings(text, roster=Roster((Member("eve", {"acme": "ic-3"}),))) == []


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    [problem] = check_decisions_file(tmp_path / "2026-H2" / "decisions.yaml", None)
    assert (problem.line, problem.column, problem.level, problem.rule, problem.message) == (
        0,
        0,
        Level.ERROR,
        "decisions",
        "no such file",
    )


def test_the_file_is_checked_against_the_packets_beside_it(tmp_path: Path) -> None:
    cycle = tmp_path / "2026-H2"
    cycle.mkdir()
    (cycle / "dana-levi.md").write_text("---\n---\n", encoding="utf-8")
    (cycle / "decisions.yaml").write_text(HEAD + entry("dana-levi") + entry("zed"), "utf-8")
    problems = check_decisions_file(cycle / "decisions.yaml", CHAIRS)
    assert [(p.line, p.message.split(" in this")[0]) for p in problems] == [
        (8, "no packet packets/2026-H2/zed.md")
    ]


@pytest.mark.parametrize("text", ["cycle: 2026-H2\n", "- a list\n", "cycle: [\n"])
def test_a_malformed_file_gives_its_findings_and_no_rule_findings(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "2026-H2" / "decisions.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    problems = check_decisions_file(path, CHAIRS)
    assert problems and all(p.level is Level.ERROR for p in problems)
    assert not any(p.message == "no such file" for p in problems)


MOVES = {
    "dana-levi": ("ic-l4 → ic-l5 on thelotter", ["ic-l5.planning.roadmap", "ic-l5.team.mentors"])
}


def test_feedback_on_a_criterion_the_move_does_not_ask_for() -> None:
    feedback = (
        "    feedback:\n"
        "      ic-l5.planning.roadmap: Good.\n"
        "      ic-l5.planning.roadmpa: A typo.\n"
        "      ic-l6.people.hires: Another level's.\n"
    )
    text = HEAD + entry("dana-levi", extra=feedback) + entry("yael-mor", extra=feedback)
    found = [
        (p.line, p.column, p.level, p.message)
        for p in check(parsed(text), CANDIDATES, CHAIRS, MOVES)
    ]
    # yael-mor's packet is not in MOVES (too broken to say): only its own findings apply.
    assert found == [
        (
            10,
            7,
            Level.ERROR,
            "feedback on 'ic-l5.planning.roadmpa', which is not a criterion of the move "
            "ic-l4 → ic-l5 on thelotter (did you mean 'ic-l5.planning.roadmap'?); feedback goes "
            "under the criteria the candidate's letter lists (rung rules decisions)",
        ),
        (
            11,
            7,
            Level.ERROR,
            "feedback on 'ic-l6.people.hires', which is not a criterion of the move "
            "ic-l4 → ic-l5 on thelotter; feedback goes under the criteria the candidate's "
            "letter lists (rung rules decisions)",
        ),
    ]
    # Without the moves (a caller that has no ladders), feedback is not checked.
    assert findings(text) == []


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("''", (8, 15, "decisions.0.feedback: expected a mapping, found ''")),
        ("[a list]", (8, 15, "decisions.0.feedback: expected a mapping, found a list")),
        (
            "{Not.An.Id: x}",
            (
                8,
                16,
                "decisions.0.feedback.Not.An.Id: 'Not.An.Id' is not a valid name "
                "(e.g. 'ic-l5.execution.hld-for-epics')",
            ),
        ),
        ("{a.b.c: ''}", (8, 23, "decisions.0.feedback.a.b.c: must not be empty")),
    ],
)
def test_feedback_that_is_not_a_mapping_of_ids_to_text_is_a_schema_finding(
    value: str, want: tuple[int, int, str]
) -> None:
    text = HEAD + entry("dana-levi", extra=f"    feedback: {value}\n")
    decisions, problems = parse_decisions(text, PATH)
    assert decisions is None
    assert [(p.line, p.column, p.message) for p in problems] == [want]
