"""rung's workflows and composite action follow GitHub's hardening guidance.

The rules (checked by tests/workflows/hardening.py), and why:

* ``permissions: {}`` at the top and an explicit grant per job: a job gets only
  what it needs, and a new job starts with nothing.
* a concurrency group per pull request (per cycle for the bundle).
* every ``uses:`` pinned to a full commit SHA with a ``# vX`` comment naming the
  version: a tag can be moved, a commit cannot.
* no ``${{ }}`` inside a ``run:`` script: the runner pastes the value into the
  script before bash reads it, so a branch name or a title could run commands.
  Values reach scripts through ``env:``.
* ``timeout-minutes`` on every job: a stuck renderer must not hold a runner for 6 hours.
* ``bash`` (``-eo pipefail``) for every script.
* no ``paths:`` filter on pull-request triggers: a required check that never
  starts blocks the merge; packet-check filters inside the job.
* the privileged workflow (``workflow_run`` / ``pull_request_target``) never
  checks out, installs or runs pull-request code.
* artifact retention set in one place per workflow.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from workflows.hardening import LOCKED_INSTALL, findings, steps_of, triggers
from workflows.wfload import (
    ACTION_FILE,
    WORKFLOW_NAMES,
    called_path,
    load,
    load_caller,
    load_workflow,
    workflow_path,
)

FIXTURES = Path(__file__).parent / "fixtures"
# Every workflow on disk, not only rung's: a new one must follow the rules too.  A
# reusable one (rung-*.yml, on: workflow_call) is checked as its caller runs it.
ON_DISK = sorted(workflow_path("x").parent.glob("*.y*ml"))
CALLED = [p for p in ON_DISK if set(triggers(load(p))) == {"workflow_call"}]
FILES = [*(p for p in ON_DISK if p not in CALLED), ACTION_FILE]


def test_rungs_workflows_are_there() -> None:
    assert {p.stem for p in FILES} >= set(WORKFLOW_NAMES)
    assert {p.stem for p in CALLED} == {f"rung-{name}" for name in WORKFLOW_NAMES}


def test_every_reusable_workflow_is_called_by_one_caller() -> None:
    called = [called_path(str(load_caller(p)["_call"]["uses"])) for p in FILES[:-1]]
    assert sorted(called) == CALLED


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_hardening_rule_holds(path: Path) -> None:
    data = load_caller(path) if path != ACTION_FILE else load(path)
    text = path.read_text(encoding="utf-8")
    if "_call" in data:
        text += called_path(str(data["_call"]["uses"])).read_text(encoding="utf-8")
    assert findings(data, text) == []


def test_the_checks_find_every_fault_of_an_insecure_workflow() -> None:
    path = FIXTURES / "insecure-workflow.yml"
    assert findings(load(path), path.read_text(encoding="utf-8")) == [
        "top-permissions: top-level permissions must be {}, not 'write-all'",
        "job-permissions: job build: no permissions of its own",
        "job-permissions: job post: permissions 'write-all'; grant scope by scope",
        "concurrency: concurrency group 'insecure' is not per pull request",
        "pinned: job build step 1: actions/checkout@v4 is not pinned to a full commit SHA",
        "pinned: job build step 2: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065"
        " has no `# vX.Y.Z` comment naming its version",
        "run-expressions: job build step 4: ${{ }} inside run:; pass the value through env:",
        "timeouts: job build: timeout-minutes must be 1 to 30, not None",
        "timeouts: job post: timeout-minutes must be 1 to 30, not 600",
        "shell: defaults.run.shell must be bash (-eo pipefail)",
        "no-paths-filter: on.pull_request_target has a paths filter: a required check that"
        " never starts blocks the merge",
        "privileged: job build step 1: checks out '${{ github.event.pull_request.head.sha }}'",
        "privileged: job build step 1: leaves the token in .git/config",
        "privileged: job build step 3: installs something other than the default branch",
        "privileged: job build step 5: reads the packet from disk, not from the pull request",
        "privileged: job build step 6: runs actions/upload-artifact with a write token",
        "privileged: job post step 1: runs some-org/comment-action with a write token",
        "retention: RUNG_RETENTION_DAYS is set in more than one place",
        "retention: job build step 6: retention-days must be ${{ env.RUNG_RETENTION_DAYS }}",
    ]


def test_the_permissions_are_exactly_these() -> None:
    """Two jobs write: packet-review to pull requests, and cycle-decisions (on the default
    branch's merged decisions only) to pull requests and their labels."""
    granted = {
        (name, job_id): job["permissions"]
        for name in WORKFLOW_NAMES
        for job_id, job in load_workflow(name)["jobs"].items()
    }
    assert granted == {
        ("packet-check", "packet-check"): {"contents": "read"},
        ("packet-review", "review"): {
            "actions": "read",
            "contents": "read",
            "pull-requests": "write",
        },
        ("packet-review-trigger", "record"): {},
        ("cycle-bundle", "cycle"): {},
        ("cycle-bundle", "shard"): {"contents": "read"},
        ("cycle-bundle", "volumes"): {"contents": "read"},
        ("cycle-bundle", "merge"): {"contents": "read"},
        ("cycle-decisions", "publish"): {
            "contents": "read",
            "issues": "write",
            "pull-requests": "write",
        },
        ("cycle-reveal", "reveal"): {"contents": "read", "pull-requests": "write"},
        ("cycle-status", "status"): {"contents": "read", "pull-requests": "read"},
    }


def test_the_concurrency_groups() -> None:
    assert load_workflow("packet-check")["concurrency"] == {
        "group": "packet-check-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,  # a new push supersedes the old check
    }
    # The checked commit stands for the pull request: pull_requests[] of a
    # workflow_run can name another repository's pull request.
    assert load_workflow("packet-review")["concurrency"] == {
        "group": "packet-review-${{ github.event.workflow_run.head_sha }}",
        "cancel-in-progress": False,  # every run reads current state and posts
    }
    assert load_workflow("packet-review-trigger")["concurrency"] == {
        "group": "packet-review-trigger-${{ github.event.pull_request.number }}",
        "cancel-in-progress": False,  # every event's record is uploaded
    }
    assert load_workflow("cycle-bundle")["concurrency"] == {
        "group": "cycle-bundle-${{ github.ref }}-${{ inputs.cycle }}",
        "cancel-in-progress": True,
    }


def test_one_action_one_commit_everywhere() -> None:
    """The same action at the same commit and version in every file: one upgrade, one diff."""
    pins: dict[str, set[str]] = {}
    for path in [*ON_DISK, ACTION_FILE]:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"uses: (\S+)@([0-9a-f]{40}.*)$", line)
            if match:
                pins.setdefault(match[1], set()).add(match[2])
    assert {action: len(refs) for action, refs in pins.items()} == {
        "actions/checkout": 1,
        "actions/setup-python": 1,
        "actions/upload-artifact": 1,
        "actions/download-artifact": 1,
        "actions/create-github-app-token": 1,
        "actions/cache": 1,
    }


def test_every_upload_survives_a_re_run() -> None:
    """upload-artifact v4 refuses a name already used in the run, and a re-run is the same run."""
    uploads = [
        (name, where, step["with"])
        for name in WORKFLOW_NAMES
        for where, step in steps_of(load_workflow(name))
        if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert len(uploads) == 6
    assert [u for u in uploads if u[2].get("overwrite") is not True] == []


def test_the_required_check_runs_on_every_pull_request() -> None:
    data = load_workflow("packet-check")
    assert triggers(data) == {
        "pull_request": {"types": ["opened", "synchronize", "reopened", "ready_for_review"]}
    }
    job = data["jobs"]["packet-check"]
    assert job["name"] == "packet-check"  # the check name branch protection requires
    assert "if" not in job
    checkout = next(s for _, s in steps_of(data) if "actions/checkout@" in s.get("uses", ""))
    # --changed-since origin/<base> needs the base branch's history.
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


def test_packet_review_is_the_only_privileged_workflow() -> None:
    privileged = [
        name
        for name in WORKFLOW_NAMES
        if {"workflow_run", "pull_request_target"} & set(triggers(load_workflow(name)))
    ]
    assert privileged == ["packet-review"]
    assert triggers(load_workflow("packet-review")) == {
        "workflow_run": {
            "workflows": ["packet-check", "packet-review-trigger"],
            "types": ["completed"],
        },
    }


def test_review_events_run_nothing_privileged() -> None:
    """GitHub runs a same-repository pull request's own copy of a review-event workflow,
    with secrets: the one that takes those events has no permissions, no secret, no rung."""
    data = load_workflow("packet-review-trigger")
    assert triggers(data) == {
        "pull_request_review": {"types": ["submitted", "edited", "dismissed"]},
        "pull_request_review_comment": {"types": ["created", "edited", "deleted"]},
    }
    steps = str(data["jobs"])
    assert "secrets." not in steps and "github.token" not in steps and "rung " not in steps
    assert data["permissions"] == {} and data["jobs"]["record"]["permissions"] == {}
    review_events = {"pull_request_review", "pull_request_review_comment", "pull_request_target"}
    for name in WORKFLOW_NAMES:
        if name != "packet-review-trigger":
            assert not review_events & set(triggers(load_workflow(name))), name


def test_the_app_secrets_are_used_only_in_the_default_branch_environment() -> None:
    """Environment secrets reach only jobs of that environment, whose branch policy is main:
    packet-review's, the publishing of decisions and the reveal of sealed verdicts (all keep
    the promotion record; packet-review and the reveal hold the seal identity)."""
    with_secrets = []
    for name in WORKFLOW_NAMES:
        data = load_workflow(name)
        for job_id, job in data["jobs"].items():
            if "secrets." in str(job):
                with_secrets.append((name, job_id, job.get("environment")))
    assert sorted(with_secrets) == [
        ("cycle-decisions", "publish", "rung"),
        ("cycle-reveal", "reveal", "rung"),
        ("packet-review", "review", "rung"),
    ]


def test_the_privileged_job_trusts_no_conclusion_of_pull_request_code() -> None:
    """packet-check's result comes from the pull request's workflow file: rung re-checks."""
    job = load_workflow("packet-review")["jobs"]["review"]
    condition = " ".join(job["if"].split())
    assert condition == (
        'contains(fromJSON(\'["pull_request", "pull_request_review",'
        ' "pull_request_review_comment"]\'), github.event.workflow_run.event)'
        " && (github.event.workflow_run.conclusion == 'success'"
        " || github.event.workflow_run.conclusion == 'failure')"
    )
    steps = {step.get("id"): step for step in job["steps"]}
    for step_id in ("reviewers", "scorecard"):
        assert "conclusion" not in str(steps[step_id].get("if", ""))
        assert '--packet-from-pr --head-sha "$HEAD_SHA"' in steps[step_id]["run"]
        assert steps[step_id]["env"]["HEAD_SHA"] == "${{ steps.pr.outputs.head_sha }}"


def test_the_cycle_input_is_checked_before_use() -> None:
    data = load_workflow("cycle-bundle")
    assert data["on"]["workflow_dispatch"]["inputs"]["cycle"]["type"] == "string"
    readers = [(where, s.get("name")) for where, s in steps_of(data) if "inputs.cycle" in str(s)]
    assert readers == [("job cycle step cycle", "Check the cycle name")]
    assert data["jobs"]["cycle"]["steps"][0]["env"] == {
        "CYCLE": "${{ inputs.cycle }}",
        "REF": "${{ github.ref }}",  # refused unless the default branch
        "DEFAULT_BRANCH": "${{ github.event.repository.default_branch }}",
    }
    for job_id in ("shard", "merge"):
        assert "cycle" in data["jobs"][job_id]["needs"]
        cycle_env = [
            s["env"]["CYCLE"] for s in data["jobs"][job_id]["steps"] if "CYCLE" in s.get("env", {})
        ]
        assert cycle_env == ["${{ needs.cycle.outputs.cycle }}"]


def test_the_composite_action_passes_inputs_through_env() -> None:
    action: dict[str, Any] = load(ACTION_FILE)
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "command",
        "args",
        "python-version",
        "working-directory",
        "github-token",
    }
    install, run = [s for s in action["runs"]["steps"] if "run" in s]
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"}
    assert install["run"] == (
        "python -m pip install --quiet --require-hashes --no-deps"
        ' -r "$ACTION_PATH/requirements/runtime.txt"\n'
        'python -m pip install --quiet --no-deps --no-build-isolation "$ACTION_PATH"\n'
    )
    assert run["env"] == {
        "RUNG_COMMAND": "${{ inputs.command }}",
        "RUNG_ARGS": "${{ inputs.args }}",
        "GITHUB_TOKEN": "${{ inputs.github-token }}",
    }


@pytest.mark.parametrize("name", [n for n in WORKFLOW_NAMES if n != "packet-review-trigger"])
def test_every_install_is_the_hash_locked_one(name: str) -> None:
    installs = [
        step["run"].strip()
        for _, step in steps_of(load_workflow(name))
        if "pip install" in str(step.get("run", ""))
    ]
    assert installs, f"{name} installs rung somewhere"
    assert installs == [LOCKED_INSTALL] * len(installs)


def test_the_call_check_finds_every_fault_of_an_insecure_caller() -> None:
    data = load_workflow("packet-review")
    call = data["_call"]
    insecure = {
        **data,
        "_call": {
            **call,
            "uses": "acme/rung/.github/workflows/rung-packet-review.yml@main",
            "secrets": "inherit",
            "permissions": {"contents": "read"},
        },
    }
    assert [f for f in findings(insecure, "") if f.startswith("call:")] == [
        "call: calls acme/rung/.github/workflows/rung-packet-review.yml@main, not pinned to a"
        " full commit SHA",
        "call: secrets: inherit hands every secret over; name each one",
        "call: job review: actions: read is more than the caller grants",
        "call: job review: pull-requests: write is more than the caller grants",
    ]
