"""Render a cycle's packets in a process pool, split the work into shards, and join shards.

- Workers are forked from a forkserver that has already imported WeasyPrint, so
  a worker starts in milliseconds; each renders under the time limit of
  :mod:`rung.render.pdf` (on its main thread).  Workers are not recycled:
  ``max_tasks_per_child`` can deadlock the pool on Python 3.11 (CPython
  gh-115634), and a worker's memory levels off after its first packets.
- ``--shard I/N`` takes the I-th of N runs of consecutive packets, sorted by
  path: deterministic, balanced to within one packet, and stable when a packet
  is added (which keeps each shard's render cache warm).
- A shard's output (a *part*) is a zip of the packets' PDFs, their sources and
  a manifest; ``merge`` checks that the parts are the N shards of one run and
  hands :func:`rung.render.assemble.assemble_bundle` exactly what a single run
  would, so both produce the same bundle.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import re
import resource
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from rung.ladder.model import Ladder, MoveError
from rung.loaders.sources import Source
from rung.problems import FatalError, Level, Problem
from rung.render.assemble import BundleEntry
from rung.render.context import CommitInfo
from rung.render.inputs import RULE
from rung.render.packet import (
    NotAPacket,
    PacketRender,
    PacketSummary,
    failed_summary,
    render_packet,
)
from rung.render.pdf import RenderTimeout

PART_FORMAT = "rung-bundle-part/1"
MANIFEST = "manifest.json"
MAX_MEMBER_BYTES = 64 * 1024 * 1024
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so two runs write the same part
_SHARD = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)\Z")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Job:
    source: Source
    ladder: Ladder
    commit: CommitInfo | None
    templates: Path
    limit: float
    ids: bool = False  # rung bundle --ids


@dataclass(frozen=True)
class Outcome:
    path: str
    render: PacketRender | None
    error: str | None  # why the packet could not be rendered
    peak_rss: int = 0  # the worker's peak resident memory so far, in bytes


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; raises FatalError for anything else."""
    match = _SHARD.match(text)
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise FatalError(f"--shard takes I/N with 1 <= I <= N (for example 1/4), not '{text}'")
    return int(match.group(1)), int(match.group(2))


def shard_of(paths: list[Path], index: int, count: int) -> list[Path]:
    """The ``index``-th of ``count`` shards of ``paths`` (1-based): a run of consecutive
    paths in sorted order.  Consecutive, not every N-th, so that a packet added to the
    cycle moves each shard boundary by at most one packet, and each shard's render
    cache (kept per shard in CI) still holds nearly all of its packets."""
    ordered = sorted(paths, key=lambda p: p.as_posix())
    return ordered[len(ordered) * (index - 1) // count : len(ordered) * index // count]


def _peak_rss() -> int:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_job(job: Job) -> Outcome:
    """Render one packet in a worker; failures come back as values."""
    try:
        render = render_packet(
            job.source,
            job.ladder,
            job.commit,
            job.templates,
            job.limit,
            for_bundle=True,
            ids=job.ids,
        )
    except RenderTimeout as err:
        error = f"{err}; shorten the narrative or its tables"
        return Outcome(job.source.path, None, error, _peak_rss())
    except (NotAPacket, MoveError) as err:
        return Outcome(job.source.path, None, str(err), _peak_rss())
    except FatalError:
        raise  # a broken template: every packet would fail, so stop the bundle
    except Exception as err:
        error = f"unexpected error, a bug in rung ({type(err).__name__}: {err})"
        return Outcome(job.source.path, None, error, _peak_rss())
    return Outcome(job.source.path, render, None, _peak_rss())


class Store(Protocol):
    """Where finished renders are kept between runs (:class:`rung.render.cache.RenderCache`)."""

    def get(self, key: str) -> PacketRender | None: ...
    def put(self, key: str, render: PacketRender) -> None: ...


def render_all(
    jobs: list[Job],
    workers: int,
    progress: Progress | None = None,
    *,
    store: Store | None = None,
    keys: list[str] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Outcome]:
    """Render ``jobs`` in a pool of ``workers`` processes; outcomes in job order.

    ``meanwhile`` runs in this process while the workers render (the bundle imports
    what it lays the index out with): on a machine with a core to spare, a rebundle
    after one change no longer waits for both one after the other.

    With a ``store`` (and each job's key in ``keys``), a job whose PDF is kept
    there is not rendered again, and each new PDF is kept as soon as its worker
    returns it (so an interrupted run keeps what it finished).
    """
    results: list[Outcome | None] = [None] * len(jobs)
    todo = list(range(len(jobs)))
    if store is not None and keys is not None:
        todo = []
        for i, job in enumerate(jobs):
            kept = store.get(keys[i])
            if kept is None:
                todo.append(i)
            else:
                results[i] = Outcome(job.source.path, kept, None)
    done = len(jobs) - len(todo)
    if todo:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["rung.render.preload"])
        try:
            with ProcessPoolExecutor(
                max_workers=max(1, min(workers, len(todo))), mp_context=context
            ) as pool:
                futures = {pool.submit(run_job, jobs[i]): i for i in todo}
                if meanwhile is not None:
                    meanwhile()
                for future in as_completed(futures):
                    i = futures[future]
                    outcome = results[i] = future.result()
                    if store is not None and keys is not None and outcome.render is not None:
                        store.put(keys[i], outcome.render)
                    done += 1
                    if progress is not None:
                        progress(done, len(jobs))
        except BrokenProcessPool as err:
            raise FatalError(
                f"a render worker died ({err}); rerun with --jobs 1 to find the packet"
            ) from None
    elif progress is not None and jobs:
        progress(done, len(jobs))
    return [r for r in results if r is not None]


def collect(
    jobs: list[Job], outcomes: list[Outcome]
) -> tuple[list[BundleEntry], list[Problem], set[str], list[str]]:
    """Bundle entries (a packet that could not be rendered becomes an entry that says
    why, so the rest of the cycle is still bundled), findings for those, and notes."""
    entries: list[BundleEntry] = []
    problems: list[Problem] = []
    messages: set[str] = set()
    refused: list[str] = []
    for job, outcome in zip(jobs, outcomes, strict=True):
        if outcome.render is None:
            reason = outcome.error or "unknown error"
            message = f"cannot render: {reason}"
            problems.append(Problem(outcome.path, 0, 0, Level.ERROR, RULE, message))
            summary = failed_summary(job.source, job.ladder)
            entries.append(BundleEntry(summary, b"", 0, job.source.text, reason))
            continue
        rendered = outcome.render.rendered
        messages.update(rendered.messages)
        refused.extend(rendered.refused)
        summary = outcome.render.summary
        entries.append(BundleEntry(summary, rendered.pdf, rendered.pages, job.source.text))
    return entries, problems, messages, refused


# --- parts -------------------------------------------------------------------------------


def _member(archive: zipfile.ZipFile, name: str, part: Path) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise FatalError(f"{part}: bundle part lacks '{name}'") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise FatalError(f"{part}: '{name}' is over {MAX_MEMBER_BYTES:,} bytes")
    return archive.read(info)


@dataclass(frozen=True)
class Part:
    cycle: str
    shard: tuple[int, int]
    total: int
    commit: CommitInfo | None
    entries: tuple[BundleEntry, ...]
    # packets per volume in the part (or the run), all volumes even when ``entries``
    # holds one: each volume's index lists the cycle's volumes
    counts: tuple[tuple[str, int], ...] = ()


def volume_counts(volumes: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """``["b", "a", "b"]`` -> ``(("a", 1), ("b", 2))``."""
    return tuple(sorted(Counter(volumes).items()))


def part_bytes(part: Part) -> bytes:
    """A shard's packets as a part (a zip) that ``rung bundle merge`` joins."""
    manifest: dict[str, Any] = {
        "format": PART_FORMAT,
        "cycle": part.cycle,
        "shard": list(part.shard),
        "packets_in_cycle": part.total,
        "commit": asdict(part.commit) if part.commit else None,
        "packets": [],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, entry in enumerate(part.entries, start=1):
            pdf_name, source_name = f"pdf/{number:05}.pdf", f"source/{number:05}.md"
            manifest["packets"].append(
                {
                    "summary": asdict(entry.summary),
                    "pages": entry.pages,
                    "pdf": pdf_name,
                    "source": source_name,
                    "error": entry.error,
                    "volume": entry.volume,
                }
            )
            for name, data in ((pdf_name, entry.pdf), (source_name, entry.source_text.encode())):
                archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
        text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
        archive.writestr(zipfile.ZipInfo(MANIFEST, ZIP_DATE), text, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def read_part(path: Path, volume: str | None = None) -> Part:
    """Read a part written from :func:`part_bytes`; FatalError for anything else.

    With ``volume``, only that volume's packets are read (their PDFs are the memory
    a merge needs), and the counts still hold every volume."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(_member(archive, MANIFEST, path))
            if not isinstance(manifest, dict) or manifest.get("format") != PART_FORMAT:
                raise FatalError(f"{path}: not a rung bundle part ({PART_FORMAT})")
            entries = []
            names = [str(item.get("volume", "")) for item in manifest["packets"]]
            for item, name in zip(manifest["packets"], names, strict=True):
                if volume is not None and name != volume:
                    continue
                source = _member(archive, item["source"], path).decode("utf-8")
                summary = PacketSummary(**item["summary"])
                pdf = _member(archive, item["pdf"], path)
                error = item.get("error")
                entries.append(
                    BundleEntry(summary, pdf, int(item["pages"]), source, error and str(error),
                                name)
                )  # fmt: skip
            commit = manifest["commit"]
            shard = manifest["shard"]
            return Part(
                cycle=str(manifest["cycle"]),
                shard=(int(shard[0]), int(shard[1])),
                total=int(manifest["packets_in_cycle"]),
                commit=CommitInfo(str(commit["sha"]), commit["date"]) if commit else None,
                entries=tuple(entries),
                counts=volume_counts(names),
            )
    except FatalError:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, TypeError, IndexError) as err:
        raise FatalError(
            f"{path}: not a readable rung bundle part ({type(err).__name__}: {err})"
        ) from None


def join_parts(parts: list[Part]) -> Part:
    """The parts of one sharded run as the whole; FatalError when they are not that."""
    if not parts:
        raise FatalError("no bundle parts given")
    first = parts[0]
    count = first.shard[1]
    for part in parts:
        if (part.cycle, part.shard[1], part.total, part.commit) != (
            first.cycle, count, first.total, first.commit
        ):  # fmt: skip
            raise FatalError(
                "bundle parts come from different runs: "
                f"cycle {part.cycle} shard {part.shard[0]}/{part.shard[1]} vs "
                f"cycle {first.cycle} shard {first.shard[0]}/{count}; merge the parts of one run"
            )
    shards = sorted(part.shard[0] for part in parts)
    if shards != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(shards))
        raise FatalError(
            f"need each of the {count} shards exactly once; got shards {shards}"
            + (f", missing {missing}" if missing else "")
        )
    entries = sorted((e for part in parts for e in part.entries), key=lambda e: e.summary.path)
    counts: Counter[str] = Counter()
    for part in parts:
        counts.update(dict(part.counts))
    held = sum(counts.values())
    if held != first.total or len({e.summary.path for e in entries}) != len(entries):
        raise FatalError(
            f"the parts hold {held} packets but the cycle had {first.total}; "
            "rerun the shards from one commit"
        )
    return Part(first.cycle, (1, 1), first.total, first.commit, tuple(entries),
                tuple(sorted(counts.items())))  # fmt: skip
