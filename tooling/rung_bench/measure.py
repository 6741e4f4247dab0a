"""Timing and memory measurement of whole commands, side by side."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of one command; a failing command stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        raise RuntimeError(
            f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def side_by_side(
    a: tuple[str, Sequence[str]],
    b: tuple[str, Sequence[str]],
    cwd: Path,
    runs: int,
    env: dict[str, str] | None = None,
) -> tuple[Timing, Timing]:
    """Interleave A and B ``runs`` times each (after one warm-up of each) so drift hits both."""
    first, second = Timing(a[0]), Timing(b[0])
    run(a[1], cwd, env)
    run(b[1], cwd, env)
    for _ in range(runs):
        first.seconds.append(run(a[1], cwd, env))
        second.seconds.append(run(b[1], cwd, env))
    return first, second


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_by_process(argv: Sequence[str], cwd: Path) -> tuple[float, dict[int, int]]:
    """Run ``argv``; return its seconds and the peak RSS (KiB) of every process it started
    (its pool workers and their forkserver; the command's own process is left out).

    Linux-only: polls /proc every 20 ms for the command's descendants' VmHWM
    (the kernel's own high-water mark, so the polling interval loses nothing
    for processes alive at a poll).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            for pid in _descendants(proc.pid):
                peaks[pid] = max(peaks.get(pid, 0), _peak_kib(pid))
            stop.wait(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    stop.set()
    watcher.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err.decode()[-2000:]}")
    return time.perf_counter() - start, {pid: kib for pid, kib in peaks.items() if kib}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def memory_gib() -> float:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 0.0
    return pages / 2**30


@dataclass(frozen=True)
class Run:
    """One finished command: wall and CPU seconds, and its own peak RSS."""

    wall: float
    cpu: float  # user + system: what a busy, shared machine disturbs least
    peak_kib: int


def run_measured(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` to the end; its resources come from ``wait4``, so they are its own
    (not the maximum over every child this process ever waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()  # validate's output is small: reading to the end cannot block it
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err.decode()[-2000:]}")
    # ru_maxrss is in KiB on Linux
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def interleaved(
    a: Sequence[str],
    b: Sequence[str],
    cwd: Path,
    runs: int,
    env: dict[str, str] | None = None,
) -> tuple[list[Run], list[Run]]:
    """``runs`` runs each of A and B, alternating after one warm-up of each."""
    run_measured(a, cwd, env)
    run_measured(b, cwd, env)
    first: list[Run] = []
    second: list[Run] = []
    for _ in range(runs):
        first.append(run_measured(a, cwd, env))
        second.append(run_measured(b, cwd, env))
    return first, second


def harfbuzz_subset() -> bool:
    """Whether the HarfBuzz subsetting library WeasyPrint looks for can be loaded
    (without it WeasyPrint subsets fonts with fontTools, in Python)."""
    for name in (ctypes.util.find_library("harfbuzz-subset"), "libharfbuzz-subset.so.0"):
        if name is None:
            continue
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False
