"""``python -m rung_bench.compare ROOT RUNS BEFORE_TOOLING [RUNG ARGS...]``: one rung
command run by an earlier tree and by this one, and a baseline, alternately.

BEFORE_TOOLING is the ``tooling/`` folder of the earlier tree (``git archive REV
tooling | tar -x -C DIR``); both trees run through this environment's ``rung``
script with ``PYTHONPATH`` at their own ``tooling/`` and bytecode cached in a
private prefix.  The baseline is the parse-only floor for ``validate`` with no
other argument, else ``python -c "import yaml"``.  Prints the median and least
CPU seconds of each, and the ratios of the medians (how docs/benchmarks.md
records issue 29's figures).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rung_bench.measure import Run, run_measured
from rung_bench.validate import PARSE_ONLY, PYTHON, RUNG

HERE = Path(__file__).resolve().parent.parent  # this tree's tooling/


def _env(tooling: Path | None, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = prefix
    if tooling is not None:
        env["PYTHONPATH"] = str(tooling)
    return env


def main(argv: Sequence[str]) -> int:
    root, runs, before, args = Path(argv[0]), int(argv[1]), Path(argv[2]), list(argv[3:])
    prefix = tempfile.mkdtemp(prefix="rung-compare-pyc-")
    floor = [PYTHON, "-c", PARSE_ONLY if args == ["validate"] else "import yaml"]
    commands = {
        "before": ([RUNG, *args], _env(before, prefix)),
        "after": ([RUNG, *args], _env(HERE, prefix)),
        "baseline": (floor, _env(None, prefix)),
    }
    found: dict[str, list[Run]] = {name: [] for name in commands}
    for argv_, env in commands.values():
        run_measured(argv_, root, env)  # warm-up: writes the bytecode
    for _ in range(runs):
        for name, (argv_, env) in commands.items():
            found[name].append(run_measured(argv_, root, env))
    median = {name: statistics.median(r.cpu for r in rs) for name, rs in found.items()}
    for name, rs in found.items():
        print(
            f"{name}: median {median[name]:.3f} s CPU, least {min(r.cpu for r in rs):.3f}, "
            f"peak {max(r.peak_kib for r in rs) / 1024:.0f} MiB"
        )
    base = median["baseline"]
    print(f"ratio before {median['before'] / base:.2f}, after {median['after'] / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
