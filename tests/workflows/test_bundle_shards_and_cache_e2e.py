"""End to end: cycle-bundle's `shards` input (checked, then the matrix) and each shard's
render cache kept with actions/cache between runs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from paths import REPO
from workflows.bundlerun import BUNDLE_RUN, run_job
from workflows.standins import Stand, git, make_origin
from workflows.wfload import load_workflow

DANA, YAEL = (f"packets/2026-H2/{name}.md" for name in ("dana-levi", "yael-mor"))


@pytest.mark.parametrize(("shards", "matrix"), [(16, list(range(1, 17))), (1, [1]), (64, None)])
def test_the_shard_count_becomes_the_matrix(tmp_path: Path, shards: int, matrix: object) -> None:
    origin = make_origin(tmp_path, {})
    check = run_job(
        tmp_path,
        origin,
        Stand(origin, tmp_path),
        "cycle",
        context={"inputs": {"cycle": "2026-H2", "shards": shards}},
    )
    assert check.result == "success"
    assert json.loads(check.outputs["shards"]) == (matrix or list(range(1, 65)))


def test_the_default_shard_count_is_16() -> None:
    """docs/benchmarks.md: 16 keeps a 5,000-packet cycle's render phase under 5 minutes."""
    spec = load_workflow("cycle-bundle")["on"]["workflow_dispatch"]["inputs"]["shards"]
    assert spec == {
        "description": "Runners rendering the cycle in parallel, 1 to 64 (16: docs/benchmarks.md)",
        "required": False,
        "type": "string",
        "default": "16",
    }
    assert "the default of **16**" in (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("shards", [0, 65, 100, "016", "1.5", "-1", "", "2; touch pwned", "$(id)"])
def test_a_shard_count_out_of_range_is_refused(tmp_path: Path, shards: object) -> None:
    origin = make_origin(tmp_path, {})
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    check = run_job(
        tmp_path,
        origin,
        Stand(origin, tmp_path),
        "cycle",
        context={"inputs": {"cycle": "2026-H2", "shards": shards}},
        workspace=workspace,
    )
    assert (check.result, check.outputs) == ("failure", {"cycle": "2026-H2", "shards": ""})
    assert check.step("shards").stdout == (
        "::error title=cycle-bundle::shards must be a whole number from 1 to 64 (16 by default)\n"
    )
    assert list(workspace.iterdir()) == []  # nothing ran: no file named pwned


def test_each_shard_keeps_its_render_cache_between_runs(tmp_path: Path) -> None:
    origin = make_origin(tmp_path, {}, on_main={DANA: "dana-levi.md", YAEL: "yael-mor.md"})
    stand = Stand(origin, tmp_path)
    inputs = {"cycle": "2026-H2", "shards": 2}
    # hashFiles('requirements/runtime.txt'): the SHA-256 of the file's SHA-256.
    lock_file = (origin.path / "requirements" / "runtime.txt").read_bytes()
    lock = hashlib.sha256(hashlib.sha256(lock_file).digest()).hexdigest()

    def shard(run_id: int) -> tuple[dict[str, str], list[str]]:
        check = run_job(
            tmp_path, origin, stand, "cycle", context={"inputs": inputs}, label=f"-{run_id}"
        )
        run = run_job(
            tmp_path,
            origin,
            stand,
            "shard",
            label=f"-2-{run_id}",
            run_id=run_id,
            context={
                "inputs": inputs,
                "needs": {"cycle": {"result": "success", "outputs": check.outputs}},
                "matrix": {"shard": 2},
                "strategy": {"job-total": 2, "job-index": 1},
            },
        )
        assert run.result == "success", [s.stderr for s in run.steps]
        [restore] = [s for s in run.steps if s.name == "Restore this shard's render cache"]
        folder = tmp_path / f"shard-2-{run_id}" / "temp" / "rung-render-cache"
        return restore.outputs, sorted(p.name for p in folder.rglob("*.entry"))

    first, entries = shard(BUNDLE_RUN)
    assert first == {"cache-hit": "false", "cache-matched-key": ""}
    assert len(entries) == 1  # shard 2 of 2: yael-mor's PDF, in $RUNG_RENDER_CACHE
    prefix = f"rung-render-Linux-{lock}"
    assert list(stand.caches) == [f"{prefix}-2026-H2-2-2-{BUNDLE_RUN}"]

    # Another packet (dana-levi, shard 1's) changes on main: a new head, yet shard 2's
    # packet is stamped with the commit that last changed it, so its PDF is reused.
    dana = origin.path / DANA
    dana.write_text(dana.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    git(origin.path, "commit", "--quiet", "-am", "dana's packet", home=origin.home)
    origin.main = git(origin.path, "rev-parse", "HEAD", home=origin.home)
    again, entries_again = shard(BUNDLE_RUN + 1)
    # A new run's key is new (so the newest cache is saved); the last one is restored.
    assert again == {
        "cache-hit": "false",
        "cache-matched-key": f"{prefix}-2026-H2-2-2-{BUNDLE_RUN}",
    }
    assert entries_again == entries  # nothing shard 2 draws from changed: no new entry
    assert list(stand.caches) == [
        f"{prefix}-2026-H2-2-2-{BUNDLE_RUN}",
        f"{prefix}-2026-H2-2-2-{BUNDLE_RUN + 1}",
    ]
