"""End to end: cycle-decisions, as written, after a push of merged decisions to the default
branch (and from the Actions tab), against the fake GitHub on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cycle.fake import CycleFake
from workflows.hardening import triggers
from workflows.localrunner import JobRun
from workflows.standins import make_origin
from workflows.wfload import load_workflow
from workflows.world import DANA, World

DECISIONS = "packets/2026-H2/decisions.yaml"
PUSH_RUN = 5001


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    origin = make_origin(
        tmp_path,
        {},
        on_main={
            DANA: "dana-levi.md",
            ".github/committee.yml": "committee-with-chair.yml",
            DECISIONS: "decisions.yaml",
        },
    )
    with CycleFake(owner="acme", repo="promotions") as github:
        text = (origin.path / DANA).read_text(encoding="utf-8")
        github.add_cycle_pull(7, "dana-levi", {DANA: text}, created_at="2026-06-01T09:00:00Z")
        yield World(tmp_path, origin, github)


def publish(world: World, *, event_name: str, event: dict[str, Any], ref: str) -> JobRun:
    return world.run(
        "cycle-decisions",
        "publish",
        event_name=event_name,
        event=event,
        run_id=PUSH_RUN + world.count,
        sha=world.origin.main,
        ref=ref,
        extra={"inputs": event.get("inputs", {})},
    )


def push_of(*changed: str) -> dict[str, Any]:
    return {"ref": "refs/heads/main", "commits": [{"added": [], "modified": list(changed)}]}


def test_a_push_of_decisions_labels_and_comments_once(world: World) -> None:
    run = publish(world, event_name="push", event=push_of(DECISIONS), ref="refs/heads/main")

    assert run.result == "success", [s.stderr for s in run.steps]
    assert run.step("cycles").outputs == {"cycles": "2026-H2"}
    github = world.github
    assert isinstance(github, CycleFake)
    assert github.labels[7] == ["rung: promote"]
    [comment] = github.comments_on(7)
    assert comment["body"].startswith("<!-- rung:decision -->\n### Committee decision: promote")
    assert "Leads features end to end; the incident review is planned." in comment["body"]
    [publish_step] = [s for s in run.steps if s.name == "Publish each cycle's decisions"]
    assert publish_step.stdout == (
        "dana-levi: labelled #7 'rung: promote'; decision comment created\n"
    )
    assert publish_step.summary == (
        "## Decisions of 2026-H2\n"
        "- dana-levi: labelled #7 'rung: promote'; decision comment created\n"
    )

    # Pushed again (a re-run): rung reads labels and comments and writes nothing.
    writes = len(github.writes())
    again = publish(world, event_name="push", event=push_of(DECISIONS), ref="refs/heads/main")
    assert again.result == "success"
    assert len(github.writes()) == writes


@pytest.mark.parametrize(
    "changed",
    [
        "packets/2026-H3/decisions.yaml",  # not a cycle
        "packets/2026-H2$(touch pwned)/decisions.yaml",
        "packets/2026-H2\nnumber=7/decisions.yaml",
        "packets/../decisions.yaml",
        "packets/2026-Q3/decisions.yaml",  # a cycle, but no such file on the branch
        "packets/2026-H2/decisions.yaml.bak",
    ],
)
def test_only_a_changed_decisions_file_of_a_cycle_is_published(world: World, changed: str) -> None:
    run = publish(world, event_name="push", event=push_of(changed), ref="refs/heads/main")

    assert run.result == "success"
    assert run.step("cycles").outputs == {"cycles": ""}
    assert run.step("cycles").stdout == (
        "::notice title=cycle-decisions::no decisions file of a cycle changed; nothing to publish\n"
    )
    assert [s.outcome for s in run.steps][-1] == "skipped"
    assert world.github.writes() == []
    assert not any(world.tmp.rglob("pwned"))


def test_the_actions_tab_publishes_the_cycle_it_is_given(world: World) -> None:
    run = publish(
        world,
        event_name="workflow_dispatch",
        event={"inputs": {"cycle": "2026-H2"}},
        ref="refs/heads/main",
    )
    assert run.result == "success", [s.stderr for s in run.steps]
    assert isinstance(world.github, CycleFake)
    assert world.github.labels[7] == ["rung: promote"]


@pytest.mark.parametrize("cycle", ["2026-H3", "2026-H2; touch pwned", "$(touch pwned)", ""])
def test_the_actions_tab_refuses_anything_but_a_cycle_name(world: World, cycle: str) -> None:
    run = publish(
        world,
        event_name="workflow_dispatch",
        event={"inputs": {"cycle": cycle}},
        ref="refs/heads/main",
    )
    assert run.result == "failure"
    assert run.step("cycles").stdout.startswith("::error title=cycle-decisions::not a cycle name")
    assert world.github.writes() == []
    assert not any(world.tmp.rglob("pwned"))


@pytest.mark.parametrize(
    "ref", ["refs/heads/promotion/dana-levi", "refs/tags/v1", "refs/heads/mainx"]
)
def test_any_ref_but_the_default_branch_is_refused(world: World, ref: str) -> None:
    """Decisions on an unmerged branch were never approved by the chairs' review."""
    run = publish(
        world, event_name="workflow_dispatch", event={"inputs": {"cycle": "2026-H2"}}, ref=ref
    )
    assert run.result == "failure"
    assert run.steps[0].stdout == (
        "::error title=cycle-decisions::run it on the default branch (main): only merged "
        "decisions are published\n"
    )
    assert [s.outcome for s in run.steps[1:]] == ["skipped"] * (len(run.steps) - 1)
    assert world.github.requests == []


def test_cycle_decisions_runs_on_merged_decisions_only() -> None:
    data = load_workflow("cycle-decisions")
    assert triggers(data) == {
        "push": {"branches": ["main"], "paths": ["packets/*/decisions.yaml"]},
        "workflow_dispatch": {
            "inputs": {
                "cycle": {
                    "description": "Promotion cycle whose decisions to publish, e.g. 2026-H2",
                    "required": True,
                    "type": "string",
                }
            }
        },
    }
    steps = data["jobs"]["publish"]["steps"]
    assert steps[0]["name"] == "Refuse any branch but the default one"
    [checkout, rung] = [s for s in steps if "actions/checkout@" in s.get("uses", "")]
    assert checkout["with"] == {"persist-credentials": False}  # the pushed commit itself
    assert rung["if"] == "inputs.rung-ref != ''"  # rung at the pinned commit, when called
    # The free-text input reaches only the step that checks it.
    readers = [s["name"] for s in steps if "inputs.cycle" in str(s)]
    assert readers == ["Find the changed cycles"]
    # The App's key (to record each published decision) reaches only its token step, in
    # the environment only the default branch may use.
    job = data["jobs"]["publish"]
    assert job["environment"] == "rung"
    holders = [s["name"] for s in steps if "secrets." in str(s)]
    assert holders == ["Create a GitHub App token (to keep the promotion record)"]
