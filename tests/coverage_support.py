"""What coverage needs from the test session so the bundle's render workers are measured.

A plugin (named in conftest.py's ``pytest_plugins``).  Without coverage running it
changes nothing a test can see: it sets one variable only coverage reads, and stops
the bundle's forkserver at the end of the session, as pytest's exit would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from multiprocessing import forkserver, resource_tracker

import pytest
from coverage import Coverage


def _pin_the_data_file() -> None:
    # A render worker starts coverage from the config file (`concurrency =
    # multiprocessing`), where the data file is `.coverage` relative to the worker's
    # directory: the forkserver's, which is wherever the test that first bundled
    # had chdir'd to (a tmp_path).  Pinning the absolute path brings the workers'
    # data home, to where pytest-cov combines it.  Subprocesses started through
    # `patch = subprocess` already get it absolute.
    current = Coverage.current()
    if current is not None:
        os.environ["COVERAGE_FILE"] = os.path.abspath(current.config.data_file)


_pin_the_data_file()


def coverage_env() -> dict[str, str]:
    """The variables that carry coverage into a subprocess, for a test that starts one
    with an environment of its own making (empty when coverage is not running)."""
    return {k: v for k, v in os.environ.items() if k.startswith("COVERAGE_")}


@pytest.fixture(autouse=True, scope="session")
def _stop_the_forkserver() -> Iterator[None]:
    """Stop the bundle's forkserver, and multiprocessing's resource tracker, once the
    last test is done.

    Both would stop when pytest exits, but pytest-cov combines the data before that:
    stopped here, the forkserver writes its own (what it ran of ``rung.render.preload``)
    in time, and the tracker leaves no empty data file behind.  ``_stop`` is private,
    the hook CPython's own tests use; it does nothing when the process never started."""
    yield
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]
