"""Run a workflow job's steps on this machine, the way the Actions runner does.

Only what rung's workflows need: each ``run:`` script is written to a file and
run with the step's shell in the job's workspace, with the environment built
from the workflow, job and step ``env:`` (their ``${{ }}`` expressions resolved
against a context the test builds) plus the runner's own ``GITHUB_*`` files:
``GITHUB_EVENT_PATH``, ``GITHUB_OUTPUT``, ``GITHUB_ENV``, ``GITHUB_STEP_SUMMARY``.
``uses:`` steps are handed to functions the test supplies (a checkout, an
artifact store).  Step ``if:`` conditions, outcomes and ``steps.<id>.outputs``
behave as on GitHub, so the workflow's own control flow is what is tested.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coverage_support import coverage_env
from workflows.ghexpr import condition_holds, interpolate, to_string

SHELLS = {
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"],
    None: ["bash", "-e"],
}


@dataclass
class StepRun:
    id: str
    name: str
    outcome: str  # success, failure, skipped
    conclusion: str = ""  # the outcome, except success for a failure with continue-on-error
    outputs: dict[str, str] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    summary: str = ""
    returncode: int | None = None
    ran: bool = True  # False for a step the test stands in for without running it


@dataclass
class JobRun:
    result: str
    steps: list[StepRun]
    outputs: dict[str, str]

    def step(self, step_id: str) -> StepRun:
        return next(s for s in self.steps if s.id == step_id)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self.steps)


# A ``uses:`` step: (resolved ``with:`` inputs, the runner) -> outputs.  Raise to fail.
ActionHandler = Callable[[dict[str, str], "JobRunner"], Mapping[str, str]]


def parse_command_file(text: str) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks, as in GITHUB_OUTPUT and GITHUB_ENV."""
    values: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: list[str] = []
            while i < len(lines) and lines[i] != delimiter:
                block.append(lines[i])
                i += 1
            i += 1
            values[name] = "\n".join(block)
        else:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def action_name(uses: str) -> str:
    """``actions/checkout`` for ``actions/checkout@<sha>``."""
    return uses.split("@", 1)[0]


class JobRunner:
    """One job of one workflow, run with a given context in a given workspace."""

    def __init__(
        self,
        workflow: Mapping[str, Any],
        job_id: str,
        *,
        context: dict[str, Any],
        workspace: Path,
        temp: Path,
        base_env: Mapping[str, str],
        actions: Mapping[str, ActionHandler],
        skip_run: Callable[[Mapping[str, Any]], bool] = lambda step: False,
    ) -> None:
        self.workflow = workflow
        self.job_id = job_id
        self.job = workflow["jobs"][job_id]
        self.workspace = workspace
        self.temp = temp
        self.base_env = dict(base_env)
        self.actions = actions
        self.skip_run = skip_run
        self.context = context
        self.context.setdefault("runner", {"temp": str(temp), "os": "Linux", "arch": "X64"})
        self.context.setdefault("secrets", {})
        self.context["github"].setdefault("workspace", str(workspace))
        self.context["steps"] = {}
        self.context["status"] = "success"
        self.context["env"] = {}
        self.extra_env: dict[str, str] = {}  # from GITHUB_ENV
        # An action's post step (actions/cache saves there): called with the job's
        # result after the last step, the last registered first, as on GitHub.
        self.post: list[Callable[[str], None]] = []

    def _env_block(self, block: Mapping[str, Any] | None) -> dict[str, str]:
        resolved: dict[str, str] = {}
        for key, value in (block or {}).items():
            self.context["env"] = {**self.context["env"], **resolved}
            resolved[key] = interpolate(to_string(value), self.context)
        return resolved

    def _call_inputs(self) -> None:
        """A called workflow's ``inputs``: the caller's ``with:``, resolved in the caller's
        context (its own ``inputs`` are a dispatch's), else each input's default."""
        call = self.workflow.get("_call")
        if call is None:
            return
        given = call["with"]
        self.context["inputs"] = {
            name: interpolate(to_string(given[name]), self.context)
            if name in given
            else to_string(spec.get("default", ""))
            for name, spec in call["inputs"].items()
        }
        unknown = set(given) - set(call["inputs"])
        assert not unknown, f"the caller passes inputs the called workflow lacks: {unknown}"

    def run(self) -> JobRun:
        self._call_inputs()
        workflow_env = self._env_block(self.workflow.get("env"))
        self.context["env"] = dict(workflow_env)
        if "if" in self.job and not condition_holds(self.job["if"], self.context):
            return JobRun("skipped", [], {})
        self.workspace.mkdir(parents=True, exist_ok=True)  # as the runner does, checkout or not
        job_env = {**workflow_env, **self._env_block(self.job.get("env"))}
        runs: list[StepRun] = []
        for index, step in enumerate(self.job["steps"]):
            self.context["env"] = {**job_env, **self.extra_env}
            runs.append(self._step(index, step, job_env))
        failed = any(r.conclusion == "failure" for r in runs)
        self.context["status"] = "failure" if failed else "success"
        for post in reversed(self.post):
            post("failure" if failed else "success")
        outputs = {
            key: interpolate(to_string(value), self.context)
            for key, value in (self.job.get("outputs") or {}).items()
        }
        return JobRun("failure" if failed else "success", runs, outputs)

    def _step(self, index: int, step: Mapping[str, Any], job_env: dict[str, str]) -> StepRun:
        step_id = str(step.get("id", f"__{index}"))
        name = str(step.get("name", step.get("uses", step.get("run", ""))))
        record = StepRun(step_id, name, "skipped")
        if not condition_holds(step.get("if"), self.context):
            pass
        elif self.skip_run(step):
            # An install step: done already on this machine, so it succeeds unrun.
            record.outcome, record.ran = "success", False
        else:
            env = {**job_env, **self.extra_env}
            self.context["env"] = env
            env.update(self._env_block(step.get("env")))
            self.context["env"] = env
            if "run" in step:
                self._run_script(step, env, record)
            else:
                self._run_action(step, record)
        record.conclusion = record.outcome
        if record.outcome == "failure" and truthy_flag(step.get("continue-on-error")):
            record.conclusion = "success"
        self.context["steps"][step_id] = {
            "outputs": record.outputs,
            "outcome": record.outcome,
            "conclusion": record.conclusion,
        }
        if record.conclusion == "failure":
            self.context["status"] = "failure"
        return record

    def _defaults(self, key: str) -> Any:
        for source in (self.job, self.workflow):
            value = ((source.get("defaults") or {}).get("run") or {}).get(key)
            if value is not None:
                return value
        return None

    def _run_script(self, step: Mapping[str, Any], env: dict[str, str], record: StepRun) -> None:
        files = {name: self.temp / f"{name.lower()}-{record.id}" for name in ("OUTPUT", "ENV")}
        files["STEP_SUMMARY"] = self.temp / f"summary-{record.id}"
        for path in files.values():
            path.write_text("", encoding="utf-8")
        script = self.temp / f"script-{record.id}.sh"
        # The script is taken as written: the runner would interpolate ${{ }} here,
        # and the hardening test makes sure there is none to interpolate.
        script.write_text(str(step["run"]), encoding="utf-8")
        shell = step.get("shell", self._defaults("shell"))
        directory = step.get("working-directory", self._defaults("working-directory") or ".")
        cwd = self.workspace / interpolate(to_string(directory), self.context)
        process_env = {
            **self.base_env,
            **env,
            "GITHUB_OUTPUT": str(files["OUTPUT"]),
            "GITHUB_ENV": str(files["ENV"]),
            "GITHUB_STEP_SUMMARY": str(files["STEP_SUMMARY"]),
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(self.temp),
        }
        done = subprocess.run(
            [*SHELLS[shell], str(script)],
            cwd=cwd,
            env=process_env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        record.returncode = done.returncode
        record.stdout, record.stderr = done.stdout, done.stderr
        record.outcome = "success" if done.returncode == 0 else "failure"
        record.outputs = parse_command_file(files["OUTPUT"].read_text(encoding="utf-8"))
        record.summary = files["STEP_SUMMARY"].read_text(encoding="utf-8")
        self.extra_env.update(parse_command_file(files["ENV"].read_text(encoding="utf-8")))

    def _run_action(self, step: Mapping[str, Any], record: StepRun) -> None:
        name = action_name(str(step["uses"]))
        handler = self.actions.get(name)
        if handler is None:
            raise AssertionError(f"the test has no stand-in for {name}")
        inputs = {
            key: interpolate(to_string(value), self.context)
            for key, value in (step.get("with") or {}).items()
        }
        try:
            record.outputs = dict(handler(inputs, self))
        except ActionFailed as err:
            record.outcome = "failure"
            record.stderr = str(err)
            return
        record.outcome = "success"


class ActionFailed(Exception):
    """A stand-in action failed, as the real one would."""


def truthy_flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def github_context(
    *,
    event_name: str,
    event: Mapping[str, Any],
    event_path: Path,
    repository: str,
    sha: str,
    ref: str,
    api_url: str,
    token: str,
    workflow: str,
    run_id: int = 4242,
    base_ref: str = "",
    head_ref: str = "",
) -> dict[str, Any]:
    """The ``github`` context, and the event payload written where ``GITHUB_EVENT_PATH`` says."""
    event_path.write_text(json.dumps(event), encoding="utf-8")
    return {
        "event_name": event_name,
        "event": event,
        "event_path": str(event_path),
        "repository": repository,
        "repository_owner": repository.split("/", maxsplit=1)[0],
        "sha": sha,
        "ref": ref,
        "base_ref": base_ref,
        "head_ref": head_ref,
        "run_id": run_id,
        "run_attempt": 1,
        "token": token,
        "workflow": workflow,
        "api_url": api_url,
        "server_url": "http://127.0.0.1",
        "action_path": "",
    }


def runner_env(github: Mapping[str, Any], path: str, home: Path) -> dict[str, str]:
    """The variables every step sees, whatever its ``env:`` says."""
    return {
        "PATH": path,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": str(github["event_name"]),
        "GITHUB_EVENT_PATH": str(github["event_path"]),
        "GITHUB_REPOSITORY": str(github["repository"]),
        "GITHUB_REPOSITORY_OWNER": str(github["repository_owner"]),
        "GITHUB_SHA": str(github["sha"]),
        "GITHUB_REF": str(github["ref"]),
        "GITHUB_BASE_REF": str(github["base_ref"]),
        "GITHUB_HEAD_REF": str(github["head_ref"]),
        "GITHUB_RUN_ID": str(github["run_id"]),
        "GITHUB_API_URL": str(github["api_url"]),
        "GITHUB_SERVER_URL": str(github["server_url"]),
        "GITHUB_WORKFLOW": str(github["workflow"]),
        # The real runner sets no GITHUB_TOKEN: a step that needs it must pass it in env.
        **coverage_env(),  # not the runner's: so `make test` measures the rung a step runs
    }
