"""What coverage needs from the test session so every process the tests start is measured.

A plugin (named in conftest.py's ``pytest_plugins``).  Without coverage running it
changes nothing a test can see: it stops the bundle's forkserver at the end of the
session, as pytest's exit would, and sets no variable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from multiprocessing import forkserver, resource_tracker

import pytest
from coverage import Coverage


def coverage_env() -> dict[str, str]:
    """The variables that carry coverage into a subprocess, for a test that starts one
    with an environment of its own making (empty when coverage is not running)."""
    return {k: v for k, v in os.environ.items() if k.startswith("COVERAGE_")}


@pytest.fixture(autouse=True, scope="session")
def _coverage_across_processes(request: pytest.FixtureRequest) -> Iterator[None]:
    """Bring the render workers' data home, and the forkserver's in time.

    A render worker starts coverage from the config file (``concurrency =
    multiprocessing``), where the data file is ``.coverage`` relative to the
    worker's directory: the forkserver's, wherever the test that first bundled had
    chdir'd to (a tmp_path).  So the data file is pinned to the absolute path this
    session's coverage writes to, where pytest-cov combines (a subprocess started
    through ``patch = subprocess`` gets it absolute already).  A fixture, not import
    time: under pytest-xdist a worker's coverage starts after conftest is imported.

    At the end, the forkserver (and multiprocessing's resource tracker) would stop
    when pytest exits, after pytest-cov has combined: stopped here, the forkserver
    writes what it ran of ``rung.render.preload`` in time, and the tracker leaves no
    empty data file behind.  ``_stop`` is private, the hook CPython's own tests use;
    it does nothing when the process never started."""
    current = Coverage.current()
    if current is not None:  # pytest-cov resolves a relative name from where pytest started
        data_file = request.config.invocation_params.dir / current.config.data_file
        os.environ["COVERAGE_FILE"] = str(data_file)
    yield
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]
