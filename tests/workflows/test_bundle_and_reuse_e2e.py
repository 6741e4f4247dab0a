"""End to end: cycle-bundle's jobs as written (check, two shards, the volumes, a volume's
join), the composite action's script and the pre-commit hook, each run on this machine."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from coverage_support import coverage_env
from paths import REPO
from rung.loaders.yamlload import load_yaml
from workflows.bundlerun import BUNDLE_RUN, run_job
from workflows.localrunner import JobRun
from workflows.standins import PATH, Origin, Stand, make_origin
from workflows.wfload import ACTION_FILE, load

DANA, IDO, YAEL = (f"packets/2026-H2/{name}.md" for name in ("dana-levi", "ido-peretz", "yael-mor"))


def test_cycle_bundle_renders_shards_and_merges_them(tmp_path: Path) -> None:
    origin = make_origin(tmp_path, {}, on_main={DANA: "dana-levi.md", YAEL: "yael-mor.md"})
    stand = Stand(origin, tmp_path)
    inputs = {"cycle": "2026-H2", "shards": 2}

    check = run_job(tmp_path, origin, stand, "cycle", context={"inputs": inputs})
    assert (check.result, check.outputs) == ("success", {"cycle": "2026-H2", "shards": "[1, 2]"})
    needs: dict[str, Any] = {"cycle": {"result": "success", "outputs": check.outputs}}

    shards = [
        run_job(
            tmp_path,
            origin,
            stand,
            "shard",
            label=f"-{shard}",
            context={
                "inputs": inputs,
                "needs": needs,
                "matrix": {"shard": shard},
                "strategy": {"job-total": 2, "job-index": shard - 1},
            },
        )
        for shard in json.loads(check.outputs["shards"])
    ]
    assert [s.result for s in shards] == ["success", "success"], [
        step.stderr for s in shards for step in s.steps
    ]
    assert [s.steps[-2].stdout.split(" (")[1] for s in shards] == [
        "shard 1/2: 1 packets)\n",
        "shard 2/2: 1 packets)\n",
    ]

    volumes = run_job(tmp_path, origin, stand, "volumes", context={"inputs": inputs,
                                                                   "needs": needs})  # fmt: skip
    assert (volumes.result, volumes.outputs) == ("success", {"volumes": '["all"]'})
    needs["shard"] = {"result": "success", "outputs": {}}
    needs["volumes"] = {"result": "success", "outputs": volumes.outputs}
    merge = run_job(tmp_path, origin, stand, "merge",
                    context={"inputs": inputs, "needs": needs, "matrix": {"volume": "all"}})  # fmt: skip
    assert merge.result == "success", [step.stderr for step in merge.steps]

    name = f"committee-2026-H2-{origin.main[:7]}"
    assert stand.files(BUNDLE_RUN) == {
        "bundle-part-1": ["part-1.zip"],
        "bundle-part-2": ["part-2.zip"],
        name: ["committee-2026-H2.pdf"],
    }
    assert {a.retention_days for a in stand.runs[str(BUNDLE_RUN)].values()} == {"30"}
    assert merge.step("merge").summary == (
        f"The committee bundle for 2026-H2 is the `{name}` artifact of this run.\n"
    )
    reader = PdfReader(stand.runs[str(BUNDLE_RUN)][name].path / "committee-2026-H2.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Dana Levi" in text and "Yael Mor" in text
    bookmarks = [item.title or "" for item in reader.outline if not isinstance(item, list)]
    assert any("Dana Levi" in title for title in bookmarks), bookmarks
    assert any("Yael Mor" in title for title in bookmarks), bookmarks


@pytest.mark.parametrize(
    "cycle",
    ["2026-H3", "2026-H2; touch pwned", "$(touch pwned)", "2026-H2\n", "../2026-H2", ""],
)
def test_cycle_bundle_refuses_anything_but_a_cycle_name(tmp_path: Path, cycle: str) -> None:
    origin = make_origin(tmp_path, {})
    stand = Stand(origin, tmp_path)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    check = run_job(
        tmp_path, origin, stand, "cycle", context={"inputs": {"cycle": cycle}}, workspace=workspace
    )
    assert check.result == "failure"
    assert check.outputs == {"cycle": "", "shards": ""}
    assert check.steps[0].stdout == (
        "::error title=cycle-bundle::not a cycle name; use YYYY-H1, YYYY-H2, YYYY-Q1..Q4 "
        "or YYYY-MM (e.g. 2026-H2)\n"
    )
    assert list(workspace.iterdir()) == []  # nothing ran: no file named pwned


@pytest.mark.parametrize(
    "ref", ["refs/heads/promotion/dana-levi", "refs/tags/v1", "refs/heads/mainx"]
)
def test_cycle_bundle_refuses_any_ref_but_the_default_branch(tmp_path: Path, ref: str) -> None:
    """A bundle from an unmerged branch would look official and hold unreviewed packets."""
    origin = make_origin(tmp_path, {})
    check = run_job(
        tmp_path,
        origin,
        Stand(origin, tmp_path),
        "cycle",
        context={"inputs": {"cycle": "2026-H2"}},
        ref=ref,
    )
    assert (check.result, check.outputs) == ("failure", {"cycle": "", "shards": ""})
    assert check.steps[0].stdout == (
        "::error title=cycle-bundle::run it on the default branch (main): a bundle holds "
        "merged packets only\n"
    )


def action_as_workflow() -> dict[str, Any]:
    """The composite action's steps as one job, so the same runner runs them."""
    action = load(ACTION_FILE)
    return {"jobs": {"action": {"steps": action["runs"]["steps"]}}}


def run_action(tmp_path: Path, origin: Origin, workspace: Path, **inputs: str) -> JobRun:
    defaults = {
        key: str(spec.get("default", "")) for key, spec in load(ACTION_FILE)["inputs"].items()
    }
    return run_job(
        tmp_path,
        origin,
        Stand(origin, tmp_path),
        "action",
        context={"inputs": {**defaults, "github-token": "t0ken", **inputs}},
        workflow=action_as_workflow(),
        workspace=workspace,
    )


def test_the_composite_action_runs_a_rung_command(tmp_path: Path) -> None:
    origin = make_origin(tmp_path, {}, on_main={DANA: "dana-levi.md"})
    run = run_action(
        tmp_path,
        origin,
        origin.path,
        command="validate",
        args="--format github  packets/2026-H2/dana-levi.md",
    )
    assert run.result == "success"
    assert (
        run.steps[-1]
        .stdout.splitlines()[1]
        .startswith(
            "::warning file=packets/2026-H2/dana-levi.md,line=10,col=17,title=rung tenure::"
        )
    )


@pytest.mark.parametrize("command", ["validate; touch pwned", "$(touch pwned)", "--version"])
def test_the_composite_action_refuses_an_unknown_command(tmp_path: Path, command: str) -> None:
    origin = make_origin(tmp_path, {})
    run = run_action(tmp_path, origin, origin.path, command=command, args="x")
    assert run.result == "failure"
    assert run.steps[-1].returncode == 2
    assert run.steps[-1].stdout.startswith("::error title=rung::unknown command")
    assert not (origin.path / "pwned").exists()


def test_the_composite_action_does_not_expand_its_arguments(tmp_path: Path) -> None:
    origin = make_origin(tmp_path, {}, on_main={DANA: "dana-levi.md"})
    run = run_action(tmp_path, origin, origin.path, command="validate", args="$(touch pwned) *")
    assert run.result == "failure"
    assert not (origin.path / "pwned").exists()
    # Split on white space only, each word taken literally.
    assert run.steps[-1].stderr == "rung: error: no such file or folder: $(touch\n"


def test_the_pre_commit_hook_validates_the_staged_packets(tmp_path: Path) -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    document, problems = load_yaml(text, ".pre-commit-hooks.yaml")
    assert problems == [] and document is not None
    hook = next(h for h in document.data if h["id"] == "rung-validate")
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "rung-validate",
        "rung validate",
        "python",
    )
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def selected(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert [
        p
        for p in (
            "packets/2026-H2/dana-levi.md",
            "packets/README.md",
            "packets/2026-H2/README.md",
            "ladders/northwind.yaml",
            ".github/committee.yml",
            ".github/workflows/packet-check.yml",
            "tooling/rung/cli.py",
            "docs/packets.md",
        )
        if selected(p)
    ] == [
        "packets/2026-H2/dana-levi.md",
        "ladders/northwind.yaml",
        ".github/committee.yml",
    ]
    # pre-commit runs the entry from the repository root with the selected files.
    origin = make_origin(tmp_path, {}, on_main={DANA: "dana-levi.md", IDO: "ido-peretz.md"})
    staged = ["packets/2026-H2/ido-peretz.md", ".github/committee.yml"]
    done = subprocess.run(
        [*hook["entry"].split(), *staged],
        cwd=origin.path,
        env={"PATH": PATH, "HOME": str(origin.home), **coverage_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.startswith(
        "packets/2026-H2/ido-peretz.md:14:3: error: evidence missing for ic-2.delivery.runs-incidents"
    )
