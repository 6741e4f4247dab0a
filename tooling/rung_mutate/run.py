"""Run mutants against the tests: each in a copy of the repository, in a fresh interpreter.

A worker owns one copy (a *tree*); for each mutant it writes the mutated module
into its tree, runs pytest there with ``-x`` and writes the original back.  The
copy's ``tooling/`` and ``tests/`` come first on ``PYTHONPATH`` (for the
``python -m rung`` subprocesses too), and no bytecode is written, so a stale
``.pyc`` can never stand in for a mutant.  Before any mutant, each module gets a
baseline run (its tests must pass; their time sets the time limit) and a canary
(the module raising on import must fail them: proof the tests import the copy).
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rung_mutate.config import Target
from rung_mutate.mutants import Mutant

# Never copied: environments, caches, build output.
_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    ".rung-cache",
    ".mutate",
    "out",
    "*.egg-info",
)
# pytest's exit codes that mean "the suite could not run as asked": a broken configuration.
_USAGE_ERROR, _NO_TESTS = 4, 5


class MutateError(Exception):
    """The run cannot be trusted: the tests fail unmutated, or never import the module."""


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # killed, timeout, survived
    seconds: float


@dataclass(frozen=True)
class Project:
    """Where the code is and how its tests run."""

    root: Path
    pythonpath: tuple[str, ...] = ("tooling", "tests")  # relative to the root
    links: tuple[str, ...] = ("tooling/node/node_modules",)  # linked, not copied
    python: str = sys.executable
    min_timeout: float = 120.0  # seconds; a loaded machine is slow
    timeout_factor: float = 10.0  # times the baseline run


def copy_tree(project: Project, parent: Path) -> Path:
    """A copy of the project to mutate in; big tool folders are linked."""
    tree = Path(tempfile.mkdtemp(prefix="tree-", dir=parent))
    shutil.copytree(project.root, tree, ignore=_IGNORE, dirs_exist_ok=True, symlinks=True)
    for link in project.links:
        if (project.root / link).exists() and not (tree / link).exists():
            (tree / link).parent.mkdir(parents=True, exist_ok=True)
            (tree / link).symlink_to(project.root / link)
    return tree


def run_tests(
    project: Project, tree: Path, tests: Sequence[str], timeout: float
) -> tuple[int | None, float, str]:
    """pytest's exit code (None after ``timeout``), the seconds taken and its output's tail."""
    env = dict(os.environ)
    paths = [str(tree / p) for p in project.pythonpath]
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [project.python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    # A session of its own: on a timeout the whole group (render workers too) is killed.
    with subprocess.Popen(
        command,
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return None, time.monotonic() - started, ""
    tail = out.decode(errors="replace")[-2000:]
    return process.returncode, time.monotonic() - started, tail


@contextmanager
def written(tree: Path, module: str, text: str) -> Iterator[None]:
    """``text`` in place of ``module`` in ``tree`` for the block's duration."""
    path = tree / module
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


def _canary(source: str) -> str:
    """``source`` raising on import, after its ``__future__`` imports."""
    lines = source.splitlines(keepends=True)
    at = max(
        (i + 1 for i, line in enumerate(lines) if line.startswith("from __future__")), default=0
    )
    return "".join([*lines[:at], 'raise RuntimeError("rung_mutate canary")\n', *lines[at:]])


def check_tests(project: Project, tree: Path, target: Target) -> float:
    """The time limit for the module's mutants, after proving its tests can judge them."""
    module, tests = target.module, target.tests
    code, seconds, tail = run_tests(project, tree, tests, timeout=3600)
    if code != 0:
        raise MutateError(f"the tests for {module} fail without a mutant:\n{tail}")
    source = (tree / module).read_text(encoding="utf-8")
    with written(tree, module, _canary(source)):
        code, _, tail = run_tests(project, tree, tests, timeout=3600)
    if code == 0:
        raise MutateError(
            f"the tests for {module} pass with the module raising on import: "
            f"they do not import the copy being mutated\n{tail}"
        )
    return max(project.min_timeout, project.timeout_factor * seconds)


def judge(project: Project, tree: Path, target: Target, mutant: Mutant, limit: float) -> Outcome:
    """Killed (a test failed), survived (all passed) or timeout (still running at ``limit``)."""
    with written(tree, target.module, mutant.source):
        code, seconds, tail = run_tests(project, tree, target.tests, limit)
    if code in (_USAGE_ERROR, _NO_TESTS):
        raise MutateError(f"pytest could not run {list(target.tests)} (exit {code}):\n{tail}")
    if code is None:
        return Outcome(mutant, "timeout", seconds)
    return Outcome(mutant, "survived" if code == 0 else "killed", seconds)


def run_mutants(
    project: Project,
    trees: Sequence[Path],
    target: Target,
    chosen: Iterable[Mutant],
    limit: float,
    *,
    progress: Callable[[Outcome], None] = lambda _: None,
) -> list[Outcome]:
    """Every mutant judged, one tree per worker; outcomes in the mutants' order."""
    free: queue.Queue[Path] = queue.Queue()
    for tree in trees:
        free.put(tree)

    def one(mutant: Mutant) -> Outcome:
        tree = free.get()
        try:
            outcome = judge(project, tree, target, mutant, limit)
        finally:
            free.put(tree)
        progress(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=len(trees)) as pool:
        return list(pool.map(one, chosen))
