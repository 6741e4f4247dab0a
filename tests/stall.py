"""A render that never finishes and a clock the test moves: time-limit tests no machine can decide.

rung stops a render with an interval timer (:func:`rung.render.pdf.time_limit`).
A test that needs one render to be slower than the limit and another faster
fails on a busy machine, so the tests of the limit use two tools instead:

- :func:`stalled_fetches` makes rung's asset fetcher never return.  WeasyPrint
  asks it for the stylesheet from inside its own ``except Exception`` blocks, so
  the only way out of such a render is the time limit's exception escaping them
  (the stall lets no later alarm rescue a render that swallowed the first).
- :func:`expire` moves the armed timer to its end (keeping its repeat): the
  limit passes now, whatever seconds it was given, and the other packets of the
  same run keep a limit they cannot reach.

:func:`run_job_stalling` is a bundle worker (this module is importable in the
pool's processes: ``tests/`` is on ``sys.path``) that stalls one named packet.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import NoReturn
from unittest import mock

from rung.render.bundle import Job, Outcome, run_job
from rung.render.pdf import RenderTimeout

TICK = 0.001  # seconds from "now" to the alarm, once expire() has moved the clock
# Only a broken time limit gets here: the test then fails instead of hanging.
SAFETY_NET = 120.0


class Unlimited(BaseException):
    """No time limit stopped a stalled render (a BaseException, so WeasyPrint cannot swallow it)."""


def expire() -> None:
    """Make the armed time limit go off now, as if its seconds had passed."""
    remaining, repeat = signal.getitimer(signal.ITIMER_REAL)
    if remaining <= 0:
        raise Unlimited("no time limit is armed where the render stalls")
    signal.setitimer(signal.ITIMER_REAL, TICK, repeat)


def wait_for_the_alarm() -> NoReturn:
    """Block until the time limit raises out of here."""
    deadline = time.monotonic() + SAFETY_NET
    while time.monotonic() < deadline:
        time.sleep(TICK)
    raise Unlimited(f"the time limit did not stop a render stalled for {SAFETY_NET:g} s")


@contextlib.contextmanager
def stalled_fetches(on_stall: Callable[[], object] = expire) -> Iterator[list[str]]:
    """While active, every fetch of rung's asset fetcher blocks until the time limit stops it.

    Yields the URLs that stalled.  ``on_stall`` runs as a fetch stalls: by default
    the limit passes then; a test that moves the clock itself passes its own.
    """
    stalled: list[str] = []

    def never_returns(url: str, _templates: Path) -> Path | None:
        stalled.append(url)
        on_stall()
        try:
            wait_for_the_alarm()
        except RenderTimeout:
            # No later alarm: were WeasyPrint to swallow this one (it catches Exception
            # around every fetch), the render would finish and the test would see it.
            signal.setitimer(signal.ITIMER_REAL, 0)
            raise

    with mock.patch("rung.render.pdf.asset_path", never_returns):
        yield stalled


def run_job_stalling(name: str, job: Job) -> Outcome:
    """A bundle worker (``functools.partial(run_job_stalling, NAME)``) in which the packet
    file called ``name`` never finishes rendering; every other packet renders for real."""
    if PurePosixPath(job.source.path).name != name:
        return run_job(job)
    with stalled_fetches():
        return run_job(job)
