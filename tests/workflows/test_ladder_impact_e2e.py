"""End to end: packet-check's "Ladder impact" step, as written, on a pull request that
changes a ladder (and on one that does not)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import fakegithub
from workflows.standins import make_origin
from workflows.world import DANA, World


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    origin = make_origin(
        tmp_path,
        {
            "ladder/coaching": {"ladders/northwind.yaml": "northwind-renamed.yaml"},
            "docs/typo": {"docs/notes.md": "notes.md"},
        },
        on_main={DANA: "dana-levi.md"},
    )
    with fakegithub.FakeGitHub(owner="acme", repo="promotions") as github:
        yield World(tmp_path, origin, github)


def test_a_ladder_change_lists_what_each_packet_gains_and_renames(world: World) -> None:
    run = world.packet_check(11, "ladder/coaching")

    # The renamed ladder leaves dana-levi's packet short of the new criterion:
    # validate fails, and the impact step still runs to say why.
    assert run.step("validate").outcome == "failure"
    impact = run.step("impact")
    assert (impact.outcome, impact.outputs) == ("success", {"changed": "true"})
    lines = impact.summary.splitlines()
    assert lines[0] == "### Ladder impact"
    # The base is validate's: origin/<base branch>, as packet-check passes it.
    assert lines[2] == "Ladders changed since `origin/main`: `northwind`"
    assert lines[4:7] == [
        "| packet | move | gains | loses | renames |",
        "|---|---|---|---|---|",
        "| `packets/2026-H2/dana-levi.md` | northwind ic-1 -> ic-2 | ic-2.team.writes-runbooks"
        " |  | ic-2.team.mentors → ic-2.team.coaches |",
    ]
    assert lines[-1] == "`rung packet sync` brings the packets up to date."


def test_a_pull_request_that_changes_no_ladder_gets_no_impact_section(world: World) -> None:
    run = world.packet_check(12, "docs/typo")

    assert run.result == "success"
    impact = run.step("impact")
    assert (impact.outcome, impact.outputs, impact.summary) == ("success", {"changed": "false"}, "")
    assert "Ladder impact" not in run.summary
