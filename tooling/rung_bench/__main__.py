"""``python -m rung_bench [validate|render] [--quick] [--out docs/benchmarks.md]``: run the
benchmarks and rewrite their marked sections of the document.

The full run is the validate part then the render part, each writing its own
section as soon as it is measured; ``validate`` or ``render`` runs only that part.
Everything outside the two sections (the analysis written by hand) is kept, so
the three modes leave the same kind of document.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from rung_bench import render, validate

TEMPLATES = Path.cwd() / "templates"  # `make bench` runs from the repository root


def _validate(work: Path, runs: int, quick: bool) -> str:
    return validate.run(work, runs, quick)


def _render(work: Path, runs: int, quick: bool) -> str:
    return render.run_all(work, runs, quick, TEMPLATES, render.RUNG)


# part -> (measure, replace its section in a document)
PARTS: dict[str, tuple[Callable[[Path, int, bool], str], Callable[[str, str], str]]] = {
    "validate": (_validate, validate.replace_section),
    "render": (_render, render.replace_section),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rung_bench")
    parser.add_argument(
        "part",
        nargs="?",
        choices=("all", *PARTS),
        default="all",
        help="what to measure (all: validate, then render)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--quick", action="store_true", help="small inputs, for a smoke run")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    for part in PARTS if args.part == "all" else (args.part,):
        measure, replace = PARTS[part]
        work = Path(tempfile.mkdtemp(prefix=f"rung-bench-{part}-"))
        try:
            section = measure(work, args.runs, args.quick)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        # Re-read before writing: the document may have been edited during a long run.
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks\n"
        args.out.write_text(replace(old, section), encoding="utf-8")
        print(f"wrote the {part} section of {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
