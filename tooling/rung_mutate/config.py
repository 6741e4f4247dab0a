"""Which modules ``make mutate`` mutates, and which tests run against each.

The tests are pytest arguments, most targeted first: a run stops at the first
failure, so the quickest killers go first, and a survivor has run them all.  A
module's list must hold every test that exercises it; ``only`` narrows a
module to the functions and classes that are its trust-critical part.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    module: str  # relative to the repository root
    tests: tuple[str, ...]  # pytest arguments
    only: frozenset[str] = frozenset()  # top-level names to mutate; empty: the whole module


_SCORECARD = (
    "tests/scorecard",
    "tests/committee/test_scorecard.py",
    "tests/committee/test_trust.py",
    "tests/committee/test_real_shapes.py",
    "tests/committee/test_github_scenarios.py",
    "tests/committee/test_commands.py",
)
_COMMITTEE = (
    "tests/committee/test_assign.py",
    "tests/committee/test_eligibility.py",
    "tests/committee/test_roster.py",
    "tests/committee/test_reviewer_pool.py",
    "tests/committee/test_commands.py",
    "tests/committee/test_scorecard.py",
    "tests/committee/test_trust.py",
)

TARGETS: dict[str, Target] = {
    "grammar": Target("tooling/rung/scorecard/grammar.py", _SCORECARD),
    "place": Target("tooling/rung/scorecard/place.py", _SCORECARD),
    "tally": Target("tooling/rung/scorecard/tally.py", _SCORECARD),
    "collate": Target(
        "tooling/rung/scorecard/collate.py",
        _SCORECARD,
        # The counting part; the JSON and URL helpers are formatting.
        frozenset({"build_scorecard", "_refusal", "_decisions", "MARKER"}),
    ),
    "assign": Target("tooling/rung/committee/assign.py", _COMMITTEE),
    "roster": Target(
        "tooling/rung/committee/roster.py",
        _COMMITTEE,
        # Eligibility: who a member is, their level, the roster's defaults; not the
        # wording of the roster file's findings.
        frozenset({"Member", "Roster", "_build", "held_level", "DEFAULT_REVIEWERS_PER_PACKET"}),
    ),
    "coverage": Target(
        "tooling/rung/model/coverage.py",
        (
            "tests/model/test_coverage.py",
            "tests/ladder/test_ladder_evolution.py",
            "tests/validate/rules/test_coverage.py",
            "tests/validate/rules/test_step.py",
            "tests/validate/rules/test_gaps.py",
            "tests/validate/rules/test_fixtures.py",
            "tests/committee/test_scorecard.py",
        ),
    ),
    # The promotion record: what counts (replay) and what a run records and reads back.
    "replay": Target(
        "tooling/rung/record/replay.py",
        (
            "tests/record/test_replay.py",
            "tests/record/test_command.py",
            "tests/committee/test_record_attacks.py",
        ),
    ),
    "recorded": Target(
        "tooling/rung/scorecard/recorded.py",
        (
            "tests/committee/test_recorded_card.py",
            "tests/committee/test_recorded_observe.py",
            "tests/committee/test_record_attacks.py",
            "tests/committee/test_people.py",
        ),
    ),
    "chain": Target(
        "tooling/rung/record/chain.py",
        (
            "tests/record/test_chain.py",
            "tests/record/test_events.py",
            "tests/record/test_store.py",
            "tests/record/test_command.py",
        ),
    ),
    "compare": Target(
        "tooling/rung/record/compare.py",
        (
            "tests/record/test_compare.py",
            "tests/record/test_command.py",
            "tests/committee/test_record_attacks.py",
        ),
    ),
    # Who the packet's manager is: the people file on the default branch, never the packet.
    "people": Target(
        "tooling/rung/model/people.py",
        ("tests/model/test_people.py", "tests/committee/test_people.py", "tests/test_precommit.py"),
    ),
    "manager": Target(
        "tooling/rung/validate/rules/manager.py",
        ("tests/model/test_people.py", "tests/committee/test_people.py", "tests/test_precommit.py"),
    ),
    # Sealed verdicts: the seal's binding, when the reveal is due and what it opens.
    "sealed": Target(
        "tooling/rung/scorecard/sealed.py",
        ("tests/scorecard/test_sealed.py", "tests/committee/test_sealed.py"),
    ),
    "reveal": Target(
        "tooling/rung/scorecard/reveal.py",
        (
            "tests/scorecard/test_reveal_due.py",
            "tests/committee/test_sealed.py",
            "tests/record/test_sealed_events.py",
        ),
    ),
    # Rounds, independence and the decision rule: what the agenda and validate weigh.
    "rounds": Target(
        "tooling/rung/record/rounds.py",
        ("tests/record/test_rounds.py", "tests/committee/test_rounds.py"),
    ),
    "rule": Target(
        "tooling/rung/committee/rule.py",
        (
            "tests/record/test_rounds.py",
            "tests/committee/test_decision_rule.py",
            "tests/committee/test_roster.py",
        ),
    ),
    # The panel's sides as the record holds them, and a decision weighed against the rule:
    # what validate (from local git) and cycle publish (through the API) refuse.
    "panel": Target(
        "tooling/rung/committee/panel.py",
        (
            "tests/committee/test_panel.py",
            "tests/committee/test_decision_rule_local.py",
            "tests/committee/test_decision_rule.py",
        ),
    ),
    "decision_rule": Target(
        "tooling/rung/validate/rules/decision_rule.py",
        ("tests/committee/test_decision_rule_local.py", "tests/committee/test_decision_rule.py"),
    ),
    "decisions": Target(
        "tooling/rung/validate/rules/decisions.py",
        (
            "tests/validate/rules/test_decisions.py",
            "tests/cycle/test_decisions.py",
            "tests/validate/test_validate_cli.py",
        ),
    ),
    # The caches validate keeps between runs (issue 29): trusted only while every file
    # they were made from is exactly as stamped; a committed or hostile one changes nothing.
    "plan_cache": Target(
        "tooling/rung/validate/plan_cache.py", ("tests/validate/test_plan_cache.py",)
    ),
    "index_table": Target(
        "tooling/rung/validate/index_table.py",
        ("tests/validate/test_index_table.py", "tests/validate/test_index_cache.py"),
    ),
    "index_cache": Target(
        "tooling/rung/validate/index_cache.py",
        ("tests/validate/test_index_cache.py",),
        # When a row or the file is trusted: stamps, digests, code, the racy window, links.
        frozenset(
            {"_stamp", "_digest", "_code", "load", "save", "ContextReader", "RACY_SECONDS", "CODE"}
        ),
    ),
    # The bundle join's renumbering: a string literal reading "1 0 R" is never rewritten.
    "pdfcopy": Target(
        "tooling/rung/render/pdfcopy.py",
        ("tests/render/test_pdfcopy.py", "tests/render/test_pdfjoin.py"),
    ),
}
