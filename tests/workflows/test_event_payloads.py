"""The steps that read ``github.event.*`` run unchanged on GitHub's own example payloads.

Every ``pull_request``, ``pull_request_review``, ``pull_request_review_comment``,
``workflow_run`` and ``push`` example of the npm package ``@octokit/webhooks-examples``
(what ``GITHUB_EVENT_PATH`` holds on a real runner) goes through the steps of
rung's workflows that read the event, as written in the YAML, with the job's
``if:``: packet-check's and packet-review-trigger's records, packet-review's
job condition and "Find the pull request" step, against the fake GitHub, and
cycle-decisions' "Find the changed cycles".
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import fakegithub
from paths import REPO
from workflows.localrunner import JobRun, JobRunner, github_context, runner_env
from workflows.standins import PATH, Stand, make_origin
from workflows.wfload import load_workflow

INDEX = (
    REPO / "tooling" / "node" / "node_modules" / "@octokit" / "webhooks-examples"
    / "api.github.com" / "index.json"
)  # fmt: skip
pytestmark = pytest.mark.skipif(not INDEX.is_file(), reason="make test runs npm ci in tooling/node")


def examples(event: str) -> list[dict[str, Any]]:
    if not INDEX.is_file():
        return []
    data = json.loads(INDEX.read_text(encoding="utf-8"))
    return [e for entry in data if entry["name"] == event for e in entry["examples"]]


def ids(event: str) -> list[str]:
    return [f"{event}-{i}-{e.get('action', '')}" for i, e in enumerate(examples(event))]


def run_steps(
    tmp: Path, workflow: str, job: str, step_ids: list[str] | None, event_name: str,
    event: dict[str, Any], github: fakegithub.FakeGitHub | None = None,
) -> tuple[JobRun, Stand]:  # fmt: skip
    data = copy.deepcopy(load_workflow(workflow))
    steps = data["jobs"][job]["steps"]
    if step_ids is not None:
        data["jobs"][job]["steps"] = [s for s in steps if s.get("id") in step_ids]
    origin = make_origin(tmp, {})
    stand = Stand(origin, tmp)
    here = tmp / "run"
    (here / "temp").mkdir(parents=True)
    repository = event.get("repository", {}).get("full_name", "acme/promotions")
    context = github_context(
        event_name=event_name,
        event=event,
        event_path=here / "event.json",
        repository=repository,
        sha=origin.main,
        ref="refs/heads/main",
        api_url=github.api_url if github is not None else "http://127.0.0.1:9",
        token=github.token if github is not None else "unused",
        workflow=workflow,
        run_id=777,
    )
    env = runner_env(context, PATH, origin.home)
    runner = JobRunner(
        data, job, context={"github": context, "inputs": {}, "matrix": {}, "needs": {}},
        workspace=here / "workspace", temp=here / "temp", base_env=env, actions=stand.handlers(),
    )  # fmt: skip
    return runner.run(), stand


@pytest.mark.parametrize("event", examples("pull_request"), ids=ids("pull_request"))
def test_packet_check_records_every_pull_request_event(
    tmp_path: Path, event: dict[str, Any]
) -> None:
    run, _ = run_steps(tmp_path, "packet-check", "packet-check", ["record"], "pull_request", event)
    assert run.result == "success", run.steps[0].stderr
    record = tmp_path / "run" / "temp" / "rung-pull-request" / "pull-request.json"
    pull = event["pull_request"]
    assert json.loads(record.read_text()) == {
        "number": pull["number"],
        "head_sha": pull["head"]["sha"],
    }


REVIEW_EVENTS = [
    (name, e)
    for name in ("pull_request_review", "pull_request_review_comment")
    for e in examples(name)
]


@pytest.mark.parametrize(
    ("name", "event"),
    REVIEW_EVENTS,
    ids=[*ids("pull_request_review"), *ids("pull_request_review_comment")],
)
def test_packet_review_trigger_records_every_review_event(
    tmp_path: Path, name: str, event: dict[str, Any]
) -> None:
    run, stand = run_steps(tmp_path, "packet-review-trigger", "record", None, name, event)
    assert run.result == "success", [s.stderr for s in run.steps]
    assert stand.files(777) == {"rung-pull-request": ["pull-request.json"]}
    record = stand.runs["777"]["rung-pull-request"].path / "pull-request.json"
    pull = event["pull_request"]
    assert json.loads(record.read_text()) == {
        "number": pull["number"],
        "head_sha": pull["head"]["sha"],
    }


@pytest.mark.parametrize("event", examples("workflow_run"), ids=ids("workflow_run"))
def test_packet_review_on_every_workflow_run_event(tmp_path: Path, event: dict[str, Any]) -> None:
    """GitHub's examples are dispatch runs: packet-review does not start for them."""
    with fakegithub.FakeGitHub() as github:
        run, _ = run_steps(
            tmp_path, "packet-review", "review", ["pr"], "workflow_run", event, github
        )
        assert (run.result, github.requests) == ("skipped", [])


def test_a_pull_request_of_another_repository_is_never_used(tmp_path: Path) -> None:
    """The example whose ``pull_requests[0]`` belongs to another repository, as if packet-check's."""
    [event] = [e for e in examples("workflow_run") if e["workflow_run"]["pull_requests"]]
    event = copy.deepcopy(event)
    entry = event["workflow_run"]["pull_requests"][0]
    assert entry["base"]["repo"]["id"] != event["repository"]["id"]  # GitHub's own example
    event["workflow_run"].update(event="pull_request", conclusion="success")
    with fakegithub.FakeGitHub(*event["repository"]["full_name"].split("/")) as github:
        github.add_pull(entry["number"], "someone", {"packets/2026-H2/x.md": "---\n"})
        github.pulls[entry["number"]].head_sha = event["workflow_run"]["head_sha"]
        run, _ = run_steps(
            tmp_path, "packet-review", "review", ["pr"], "workflow_run", event, github
        )
        assert run.result == "success", run.steps[0].stderr
        assert run.step("pr").stdout == (
            "::notice title=packet-review::no pull request to review for this run\n"
        )
        assert run.step("pr").outputs == {"count": "0"}
        assert github.requests == []  # its number was never used


@pytest.mark.parametrize("event", examples("push"), ids=ids("push"))
def test_cycle_decisions_reads_every_push_event(tmp_path: Path, event: dict[str, Any]) -> None:
    """GitHub's push examples (tags, README changes) name no decisions file: nothing to publish.
    The same payloads with a cycle's decisions file added to their commits publish that cycle."""
    run, _ = run_steps(tmp_path, "cycle-decisions", "publish", ["cycles"], "push", event)
    assert run.result == "success", run.steps[0].stderr
    assert run.step("cycles").outputs == {"cycles": ""}

    event = copy.deepcopy(event)
    for commit in event["commits"]:
        commit["added"] = [*commit.get("added", []), "packets/2026-H2/decisions.yaml"]
    decisions = tmp_path / "again" / "run" / "workspace" / "packets" / "2026-H2" / "decisions.yaml"
    decisions.parent.mkdir(parents=True)
    decisions.write_text("cycle: 2026-H2\n", encoding="utf-8")
    run, _ = run_steps(tmp_path / "again", "cycle-decisions", "publish", ["cycles"], "push", event)
    assert run.step("cycles").outputs == {"cycles": "2026-H2" if event["commits"] else ""}
