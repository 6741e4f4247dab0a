"""``python -m rung_bench.on_top LARGE TINY RUNS BEFORE_TOOLING``: what checking one packet
of a large repository costs on top of a cold start, before and after.

LARGE is a repository of many packets (``synth.write_distinct_copies``) whose index
is cached, TINY one of a single packet (``synth.write_repository(root, 1)``); the
packet checked is the middle one of LARGE's first cycle and TINY's only one.  Each
round runs, alternately, both trees on both repositories and ``import yaml``; the
figure is the median of each round's difference (LARGE minus TINY, CPU seconds), so
drift on the shared machine hits both sides of every difference alike.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rung_bench.compare import HERE, _env
from rung_bench.measure import run_measured
from rung_bench.validate import PYTHON, RUNG


def _packet(root: Path, middle: bool) -> str:
    cycle = min((root / "packets").iterdir())
    names = sorted(p.name for p in cycle.glob("*.md"))
    return f"packets/{cycle.name}/{names[len(names) // 2 if middle else 0]}"


def main(argv: Sequence[str]) -> int:
    large, tiny, runs, before = Path(argv[0]), Path(argv[1]), int(argv[2]), Path(argv[3])
    prefix = tempfile.mkdtemp(prefix="rung-on-top-pyc-")
    trees = {"before": before, "after": HERE}
    commands = {
        f"{name} {size}": (
            [RUNG, "validate", "-q", _packet(root, size == "large")],
            root,
            _env(tooling, prefix),
        )
        for name, tooling in trees.items()
        for size, root in (("large", large), ("tiny", tiny))
    }
    commands["import yaml"] = ([PYTHON, "-c", "import yaml"], tiny, _env(None, prefix))
    found: dict[str, list[float]] = {name: [] for name in commands}
    for argv_, cwd, env in commands.values():
        run_measured(argv_, cwd, env)  # warm-up: writes the bytecode and the caches
    for _ in range(runs):
        for name, (argv_, cwd, env) in commands.items():
            found[name].append(run_measured(argv_, cwd, env).cpu)
    median = {name: statistics.median(cpu) for name, cpu in found.items()}
    for name, cpu in median.items():
        print(f"{name}: median {cpu * 1000:.1f} ms CPU")
    for name in trees:
        pairs = zip(found[f"{name} large"], found[f"{name} tiny"], strict=True)
        on_top = statistics.median(a - b for a, b in pairs)
        ratio = median[f"{name} large"] / median["import yaml"]
        print(f"{name}: {on_top * 1000:.1f} ms on top of a cold start; {ratio:.2f}x import yaml")
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
