"""``rung validate``'s decision-rule check (rung.validate.rules.decision_rule) on its own:
the promotion record read with real git from a local branch, the finding's words and
place, and each case where there is nothing trustworthy to weigh.  The commands, over the
fake GitHub, are in test_decision_rule.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from committee.conftest import FIXTURES, LEADS, MENTORS, acme_ladder, fixture_roster
from gitrun import git
from recordmaker import RECORD, assigned, record_text, verdict
from rung.classes import replace
from rung.committee.roster import DecisionRule, Roster
from rung.model.decisions import Decisions, parse_decisions
from rung.problems import Level, Problem
from rung.record.events import Event
from rung.validate.rules.decision_rule import REF_ENV, check

REQUIRED = (LEADS, "ic-2.delivery.plans-quarters", "ic-2.delivery.runs-incidents", MENTORS)
WHERE = "packets/2026-H2/decisions.yaml"
AGAINST = (
    "the rule backs not yet: 3 of 4 criteria met, with at least 1/2 of a criterion's "
    "verdicts saying meets; 1 falls short, more than the 0 allowed"
)


def decisions(*entries: str) -> Decisions:
    text = "cycle: 2026-H2\ndecided_by: [ann]\ndecisions:\n" + "".join(entries)
    found, problems = parse_decisions(text, WHERE)
    assert found is not None and problems == [], problems
    return found


def entry(login: str = "dana-levi", outcome: str = "promote", override: str = "") -> str:
    extra = f"    override: {override}\n" if override else ""
    return f"  - candidate: {login}\n    outcome: {outcome}\n    rationale: Read.\n{extra}"


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone whose ``rung-record`` branch holds Dana's record: bob assigned, /meets on
    every criterion but leading features; Dana's packet in the working tree."""
    monkeypatch.delenv(REF_ENV, raising=False)
    events: list[Event] = [assigned("bob")]
    events += [
        verdict("bob", "/not-yet" if c == LEADS else "/meets", criterion=c, comment_id=n)
        for n, c in enumerate(REQUIRED, 100)
    ]
    git(tmp_path, "init", "--quiet", "--initial-branch=rung-record")
    (tmp_path / RECORD).parent.mkdir(parents=True)
    (tmp_path / RECORD).write_text(record_text(events), encoding="utf-8")
    git(tmp_path, "add", RECORD)
    git(tmp_path, "commit", "--quiet", "-m", "record")
    git(tmp_path, "checkout", "--quiet", "--detach")
    cycle = tmp_path / "packets" / "2026-H2"
    cycle.mkdir(parents=True)
    text = (FIXTURES / "packets" / "dana-levi.md").read_text(encoding="utf-8")
    (cycle / "dana-levi.md").write_text(text, encoding="utf-8")
    return cycle


RULED = replace(fixture_roster(), decision_rule=DecisionRule())


def run(cycle: Path, found: Decisions, roster: Roster | None = RULED) -> list[Problem]:
    candidates = {"dana-levi": "packets/2026-H2/dana-levi.md", "erin": "packets/2026-H2/erin.md"}
    ladders = {"acme": acme_ladder()}
    return list(check(found, candidates, cycle, ladders, roster))


def against(ref: str, line: int = 5) -> Problem:
    return Problem(
        WHERE, line, 14, Level.ERROR, "decisions",
        f"the decision on 'dana-levi' is promote, but the panel's verdicts in the promotion "
        f"record ({ref}) do not back it: {AGAINST}; add 'override: WHY' to the decision "
        "(docs/committee.md, \"The decision rule\")",
    )  # fmt: skip


def test_a_decision_against_the_rule_is_an_error_on_its_outcome(clone: Path) -> None:
    assert run(clone, decisions(entry())) == [against("refs/heads/rung-record")]
    # after another decision, on the line where its outcome is
    found = decisions(entry("erin", "defer"), entry())
    assert run(clone, found) == [against("refs/heads/rung-record", line=8)]


def test_what_is_never_weighed(clone: Path) -> None:
    assert run(clone, decisions(entry(override="The chairs read the HLD."))) == []
    assert run(clone, decisions(entry(outcome="defer"))) == []
    assert run(clone, decisions(entry(outcome="not-yet"))) == []  # what the rule backs
    assert run(clone, decisions(entry("zoe"))) == []  # no packet in the cycle
    assert run(clone, decisions(entry("erin"))) == []  # a packet file that is not there
    assert run(clone, decisions(entry()), fixture_roster()) == []  # no rule
    assert run(clone, decisions(entry()), None) == []  # no roster
    assert list(check(decisions(entry()), {"dana-levi": "dana-levi.md"}, clone, {}, None)) == []
    # a packet on a ladder the repository does not have
    assert list(check(decisions(entry()), {"dana-levi": "dana-levi.md"}, clone, {}, RULED)) == []
    # the packet file gone from the working tree, its record still there
    (clone / "dana-levi.md").unlink()
    assert run(clone, decisions(entry())) == []


def test_a_packet_without_a_record_is_not_weighed(clone: Path) -> None:
    text = (clone / "dana-levi.md").read_text(encoding="utf-8")
    (clone / "erin.md").write_text(text.replace("dana-levi", "erin"), encoding="utf-8")
    assert run(clone, decisions(entry("erin"))) == []


def test_the_branch_only_fetched_and_a_branch_of_another_name(
    clone: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = clone.parent.parent
    head = git(root, "rev-parse", "rung-record")
    git(root, "update-ref", "refs/remotes/origin/rung-record", head)
    git(root, "branch", "--quiet", "-D", "rung-record")
    assert run(clone, decisions(entry())) == [against("refs/remotes/origin/rung-record")]
    monkeypatch.setenv(REF_ENV, "kept/record")
    assert run(clone, decisions(entry())) == []  # no such branch
    git(root, "update-ref", "refs/heads/kept/record", head)
    assert run(clone, decisions(entry())) == [against("refs/heads/kept/record")]
    monkeypatch.setenv(REF_ENV, "../bad")  # not a ref name: nothing to read
    assert run(clone, decisions(entry())) == []


def test_a_broken_record_is_a_warning_and_not_weighed(clone: Path) -> None:
    root = clone.parent.parent
    git(root, "checkout", "--quiet", "rung-record")
    text = (root / RECORD).read_text(encoding="utf-8")
    (root / RECORD).write_text(text.replace('"/not-yet"', '"/meets"', 1), encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "tamper")
    git(root, "checkout", "--quiet", "--detach")
    found = decisions(entry("erin", "defer"), entry(), entry("erin"))
    assert run(clone, found) == [
        Problem(
            WHERE, 8, 14, Level.WARNING, "decisions",
            f"the promotion record {RECORD} on refs/heads/rung-record is broken (rung record "
            "verify --file): the decision on 'dana-levi' was not weighed against the decision "
            "rule",
        ),
    ]  # fmt: skip
    # Only what would be weighed is read: nothing without a rule, nor a deferral.
    assert run(clone, found, fixture_roster()) == []
    assert run(clone, decisions(entry(outcome="defer"))) == []
