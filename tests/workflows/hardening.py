"""Hardening checks for GitHub Actions workflows: each returns its findings as strings.

Checks are functions of ``(parsed YAML, text)`` so the same code passes rung's
own workflows and finds every fault in ``fixtures/insecure-workflow.yml``.  Why
each rule matters is in tests/workflows/test_hardening.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

PINNED = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+(?:/[A-Za-z0-9._/-]+)?@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"#\s*v\d+(?:\.\d+){0,2}\s*$")
EXPRESSION = re.compile(r"\$\{\{")
PRIVILEGED_TRIGGERS = frozenset({"workflow_run", "pull_request_target"})
PULL_REQUEST_TRIGGERS = frozenset(
    {"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}
)
GRANTS = frozenset({"read", "write", "none"})
DEFAULT_BRANCH = "${{ github.event.repository.default_branch }}"
RETENTION = "${{ env.RUNG_RETENTION_DAYS }}"
SAFE_WITH_A_WRITE_TOKEN = frozenset(
    {"actions/setup-python", "actions/create-github-app-token", "actions/download-artifact"}
)

Check = Callable[[dict[str, Any], str], list[str]]


def triggers(data: dict[str, Any]) -> dict[str, Any]:
    on = data.get("on", {})
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def steps_of(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, step)`` for every step of a workflow, or of a composite action."""
    if "jobs" in data:
        for job_id, job in data["jobs"].items():
            for index, step in enumerate(job.get("steps", []), 1):
                yield f"job {job_id} step {step.get('id') or step.get('name') or index}", step
    else:
        for index, step in enumerate(data.get("runs", {}).get("steps", []), 1):
            yield f"action step {step.get('id') or step.get('name') or index}", step


def check_top_permissions(data: dict[str, Any], text: str) -> list[str]:
    if "jobs" not in data:
        return []
    if data.get("permissions") != {}:
        return [f"top-level permissions must be {{}}, not {data.get('permissions', 'unset')!r}"]
    return []


def check_job_permissions(data: dict[str, Any], text: str) -> list[str]:
    found = []
    for job_id, job in data.get("jobs", {}).items():
        grants = job.get("permissions")
        if grants is None:
            found.append(f"job {job_id}: no permissions of its own")
        elif not isinstance(grants, dict):
            found.append(f"job {job_id}: permissions {grants!r}; grant scope by scope")
        else:
            found += [
                f"job {job_id}: {scope}: {level!r} is not read, write or none"
                for scope, level in grants.items()
                if level not in GRANTS
            ]
    return found


def check_concurrency(data: dict[str, Any], text: str) -> list[str]:
    if "jobs" not in data:
        return []
    group = str((data.get("concurrency") or {}).get("group", ""))
    if not group:
        return ["no concurrency group"]
    if PULL_REQUEST_TRIGGERS & set(triggers(data)) and "pull_request" not in group:
        return [f"concurrency group {group!r} is not per pull request"]
    return []


def check_pinned(data: dict[str, Any], text: str) -> list[str]:
    found = []
    lines = text.splitlines()
    for where, step in steps_of(data):
        ref = step.get("uses")
        if ref is None or str(ref).startswith("./"):
            continue
        if not PINNED.fullmatch(str(ref)):
            found.append(f"{where}: {ref} is not pinned to a full commit SHA")
            continue
        line = next((x for x in lines if re.search(rf"uses:\s*{re.escape(ref)}(\s|$)", x)), "")
        if not VERSION_COMMENT.search(line):
            found.append(f"{where}: {ref} has no `# vX.Y.Z` comment naming its version")
    return found


def check_run_expressions(data: dict[str, Any], text: str) -> list[str]:
    return [
        f"{where}: ${{{{ }}}} inside run:; pass the value through env:"
        for where, step in steps_of(data)
        if "run" in step and EXPRESSION.search(str(step["run"]))
    ]


def check_timeouts(data: dict[str, Any], text: str) -> list[str]:
    found = []
    for job_id, job in data.get("jobs", {}).items():
        minutes = job.get("timeout-minutes")
        if not isinstance(minutes, int) or not 1 <= minutes <= 30:
            found.append(f"job {job_id}: timeout-minutes must be 1 to 30, not {minutes!r}")
    return found


def check_shell(data: dict[str, Any], text: str) -> list[str]:
    if "jobs" not in data:
        bad = [
            where for where, step in steps_of(data) if "run" in step and step.get("shell") != "bash"
        ]
        return [f"{where}: shell must be bash" for where in bad]
    if data.get("defaults") != {"run": {"shell": "bash"}}:
        return ["defaults.run.shell must be bash (-eo pipefail)"]
    return []


def check_no_paths_filter(data: dict[str, Any], text: str) -> list[str]:
    return [
        f"on.{event} has a {key} filter: a required check that never starts blocks the merge"
        for event, options in triggers(data).items()
        if event.startswith("pull_request")
        for key in ("paths", "paths-ignore")
        if key in (options or {})
    ]


def check_privileged(data: dict[str, Any], text: str) -> list[str]:
    """A workflow with a write token never checks out, installs or runs pull-request code."""
    if not PRIVILEGED_TRIGGERS & set(triggers(data)):
        return []
    found = []
    for job_id, job in data.get("jobs", {}).items():
        checked_out = False
        for index, step in enumerate(job.get("steps", []), 1):
            where = f"job {job_id} step {step.get('id') or step.get('name') or index}"
            uses = str(step.get("uses", ""))
            action = uses.split("@", maxsplit=1)[0]
            options = step.get("with") or {}
            if action == "actions/checkout" and options == RUNG_CHECKOUT:
                pass  # rung itself, at the commit the default branch's caller pins
            elif action == "actions/checkout":
                if options.get("ref") != DEFAULT_BRANCH:
                    found.append(f"{where}: checks out {options.get('ref', 'the event ref')!r}")
                if "repository" in options:
                    found.append(f"{where}: checks out another repository")
                if options.get("persist-credentials") is not False:
                    found.append(f"{where}: leaves the token in .git/config")
                checked_out = True
            elif (
                action == "actions/download-artifact" and options.get("name") != "rung-pull-request"
            ):
                found.append(f"{where}: downloads {options.get('name', 'every')!r} artifact")
            elif uses and action not in SAFE_WITH_A_WRITE_TOKEN:
                found.append(f"{where}: runs {action} with a write token")
            script = str(step.get("run", ""))
            for command in (
                "git fetch",
                "git checkout",
                "git switch",
                "gh pr checkout",
                "refs/pull",
            ):
                if command in script:
                    found.append(f"{where}: runs {command!r}")
            if "pip install" in script and not (checked_out and script.strip() == LOCKED_INSTALL):
                found.append(f"{where}: installs something other than the default branch")
            if (
                re.search(r"\brung (reviewers|scorecard)\b", script)
                and "--packet-from-pr" not in script
            ):
                found.append(f"{where}: reads the packet from disk, not from the pull request")
    return found


# The one install a workflow may run: the lock with hashes, then rung without deps,
# from the default branch's checkout (rung's own repository) or from rung's
# checkout at the pinned commit (RUNG_CHECKOUT, an organisation's repository).
LOCKED_INSTALL = (
    'python -m pip install --quiet --require-hashes --no-deps -r "$RUNG_SOURCE/requirements/runtime.txt"\n'
    'python -m pip install --quiet --no-deps --no-build-isolation "$RUNG_SOURCE"'
)
RUNG_CHECKOUT = {
    "repository": "${{ inputs.rung-repository }}",
    "ref": "${{ inputs.rung-ref }}",
    "path": ".rung",
    "persist-credentials": False,
}


def check_call(data: dict[str, Any], text: str) -> list[str]:
    """A caller's one job: its own grants (the most the called jobs get), the called
    workflow pinned (this repository's, or a commit), secrets named, never inherited."""
    call = data.get("_call")
    if call is None:
        return []
    found = []
    uses = str(call["uses"])
    if not uses.startswith("./") and not PINNED.fullmatch(uses):
        found.append(f"calls {uses}, not pinned to a full commit SHA")
    if call["secrets"] == "inherit":
        found.append("secrets: inherit hands every secret over; name each one")
    elif set(call["secrets"]) - set(call["declared_secrets"]):
        found.append("passes secrets the called workflow does not declare")
    grants = call["permissions"]
    if not isinstance(grants, dict):
        return [*found, f"the calling job's permissions are {grants!r}; grant scope by scope"]
    order = {"none": 0, "read": 1, "write": 2}
    for job_id, job in data.get("jobs", {}).items():
        for scope, level in (job.get("permissions") or {}).items():
            if order.get(level, 3) > order.get(grants.get(scope, "none"), 0):
                found.append(f"job {job_id}: {scope}: {level} is more than the caller grants")
    return found


def check_retention(data: dict[str, Any], text: str) -> list[str]:
    uploads = [
        (where, step)
        for where, step in steps_of(data)
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    ]
    if not uploads:
        return []
    found = []
    if not str((data.get("env") or {}).get("RUNG_RETENTION_DAYS", "")).isdigit():
        found.append("env.RUNG_RETENTION_DAYS (days) is not set at the top")
    if text.count("RUNG_RETENTION_DAYS:") > 1:
        found.append("RUNG_RETENTION_DAYS is set in more than one place")
    found += [
        f"{where}: retention-days must be {RETENTION}"
        for where, step in uploads
        if (step.get("with") or {}).get("retention-days") != RETENTION
    ]
    return found


CHECKS: dict[str, Check] = {
    "top-permissions": check_top_permissions,
    "job-permissions": check_job_permissions,
    "concurrency": check_concurrency,
    "pinned": check_pinned,
    "run-expressions": check_run_expressions,
    "timeouts": check_timeouts,
    "shell": check_shell,
    "no-paths-filter": check_no_paths_filter,
    "privileged": check_privileged,
    "retention": check_retention,
    "call": check_call,
}


def findings(data: dict[str, Any], text: str) -> list[str]:
    """Every check's findings, each prefixed with the check's name."""
    return [f"{name}: {message}" for name, check in CHECKS.items() for message in check(data, text)]
