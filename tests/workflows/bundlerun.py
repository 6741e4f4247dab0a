"""Running one cycle-bundle job (or the composite action as a job) on a dispatch event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workflows.localrunner import JobRun, JobRunner, github_context, runner_env
from workflows.standins import PATH, Origin, Stand, skip_installs
from workflows.wfload import load_workflow

BUNDLE_RUN = 3001


def run_job(
    tmp: Path,
    origin: Origin,
    stand: Stand,
    job: str,
    *,
    context: dict[str, Any],
    label: str = "",
    workflow: dict[str, Any] | None = None,
    workspace: Path | None = None,
    ref: str = "refs/heads/main",
    run_id: int = BUNDLE_RUN,
) -> JobRun:
    here = tmp / f"{job}{label}"
    (here / "temp").mkdir(parents=True)
    github = github_context(
        event_name="workflow_dispatch",
        event={
            "inputs": context.get("inputs", {}),
            "repository": {"full_name": "acme/promotions", "default_branch": "main"},
        },
        event_path=here / "event.json",
        repository="acme/promotions",
        sha=origin.main,
        ref=ref,
        api_url="http://127.0.0.1:9",
        token="unused",
        workflow="cycle-bundle",
        run_id=run_id,
    )
    runner = JobRunner(
        workflow or load_workflow("cycle-bundle"),
        job,
        context={"github": github, "inputs": {}, "matrix": {}, "needs": {}, **context},
        workspace=workspace or here / "workspace",
        temp=here / "temp",
        base_env=runner_env(github, PATH, origin.home),
        actions=stand.handlers(),
        skip_run=skip_installs,
    )
    return runner.run()
