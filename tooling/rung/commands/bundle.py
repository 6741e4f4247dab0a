"""``rung bundle``: every packet of a cycle in one committee PDF, or PDFs joined as one."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rung.classes import replace
from rung.commands.private_file import write_private
from rung.commands.render_shared import (
    DEFAULT_OUT,
    cache_keys,
    check_renderable,
    close_cache,
    common_options,
    open_cache,
    stamps,
    templates_folder,
    warn_fetches,
)
from rung.committee.volumes import Volumes
from rung.extras import require
from rung.loaders.sources import display_path
from rung.model.cycles import cycle_date
from rung.model.repo import COMMITTEE_FILE, PACKETS_DIR, find_root, load_ladders
from rung.problems import FatalError, Level, Problem
from rung.render.inputs import RULE
from rung.validate.report import report_text

if TYPE_CHECKING:
    from rung.render.assemble import BundleEntry
    from rung.render.context import CommitInfo


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bundle = subparsers.add_parser(
        "bundle",
        help="every packet of a cycle in one committee PDF",
        usage="rung bundle CYCLE [--volume NAME] [--out FILE] [--jobs N] [--shard I/N]\n"
        "       rung bundle CYCLE --list-volumes\n"
        "       rung bundle merge PART... [--volume NAME] [--out FILE]",
    )
    bundle.add_argument("args", nargs="+", metavar="CYCLE | merge PART...")
    bundle.add_argument("--out", type=Path, metavar="FILE",
                        help="default: out/<cycle>-bundle.pdf, or .part-I-of-N.zip with --shard")  # fmt: skip
    bundle.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="render N packets at a time (default: the CPU count)")  # fmt: skip
    bundle.add_argument(
        "--shard", metavar="I/N", help="render only the I-th of N shards; join them with 'merge'"
    )
    bundle.add_argument("--volume", metavar="NAME",
                        help="write only this volume (the roster's 'volumes:', docs/committee.md)")  # fmt: skip
    bundle.add_argument("--list-volumes", action="store_true",
                        help="print the cycle's volumes as a JSON list and render nothing")  # fmt: skip
    common_options(bundle)
    bundle.set_defaults(func=run_bundle)


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rrendering packets: {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run_bundle(args: argparse.Namespace) -> int:
    require("render", "bundle")
    if args.args[0] == "merge":
        if args.shard:
            raise FatalError(
                "'rung bundle merge' joins parts; --shard belongs to the runs that wrote them"
            )
        return _run_merge([Path(p) for p in args.args[1:]], args)
    if len(args.args) != 1:
        raise FatalError("give one cycle (rung bundle 2026-H2) or 'merge' and the parts to join")
    return _run_cycle(args.args[0], args)


def _run_cycle(cycle: str, args: argparse.Namespace) -> int:
    from rung.render.bundle import (
        Job,
        Part,
        collect,
        parse_shard,
        part_bytes,
        render_all,
        shard_of,
        volume_counts,
    )
    from rung.render.commit import resolve_commit

    if cycle_date(cycle) is None:
        raise FatalError(
            f"'{cycle[:80]}' is not a cycle; cycles look like 2026-H2, 2026-Q3 or 2026-11"
        )
    if args.jobs < 1:
        raise FatalError("--jobs must be at least 1")
    shard = parse_shard(args.shard) if args.shard else None
    if shard is not None and args.volume is not None:
        raise FatalError("a shard holds every volume of its packets; give --volume to 'merge'")
    root = find_root()
    templates = templates_folder(root)
    folder = root / PACKETS_DIR / cycle
    every = sorted(folder.glob("*.md"))
    if not every:
        raise FatalError(f"no packets in {display_path(folder)}")
    ladders, _ = load_ladders(root)
    volumes = _volumes(root)
    if args.list_volumes:
        found = {volumes.volume_of(ladder) for ladder in _ladder_ids(every)}
        sys.stdout.write(json.dumps(sorted(found)) + "\n")
        return 0
    mine = shard_of(every, *shard) if shard else every
    commit = resolve_commit(args.commit, root)
    checked, findings = [], []
    for path in mine:
        source, ladder, problems = check_renderable(path, ladders)
        if source is None or ladder is None:
            findings.extend(problems)
        else:
            checked.append((path, source, ladder))
    if findings:
        report_text(findings, sys.stdout)
        sys.stderr.write(
            "rung: no bundle written: every packet of the cycle must pass 'rung validate'\n"
        )
        return 1
    counts: tuple[tuple[str, int], ...] = ()
    if args.volume is not None:
        # the other volumes' packets need no render; every volume is still counted
        counts = volume_counts(volumes.volume_of(ladder.id) for _, _, ladder in checked)
        checked = [c for c in checked if volumes.volume_of(c[2].id) == args.volume]
        _known_volume(args.volume, counts)
    # Each packet carries its own stamp, so a commit to one packet changes one key.
    own = stamps(commit, root, [(path, ladder) for path, _, ladder in checked], templates)
    jobs = [Job(source, ladder, stamp, templates, args.time_limit, args.ids)
            for (_, source, ladder), stamp in zip(checked, own, strict=True)]  # fmt: skip
    dirty = [job.source.path for job in jobs if job.commit is not None and job.commit.dirty]
    if dirty and commit is not None:
        # Each page says so too; the committee's copy should be what the commit holds.
        sys.stderr.write(
            f"rung: warning: {len(dirty)} packet{'s differ' if len(dirty) != 1 else ' differs'} "
            f"from the stamped commit {commit.sha[:12]} (uncommitted changes): "
            f"{', '.join(dirty)}; commit them so the bundle is what the commit holds\n"
        )
    progress = _progress if sys.stderr.isatty() else None
    cache = open_cache(args)
    keys = None
    if cache is not None:
        maker = cache_keys(templates, args, bundle=True)
        keys = [maker.key(job.source, job.ladder, job.commit) for job in jobs]
    # A run that assembles lays out its index with WeasyPrint: imported here while the
    # workers render, not after them (a shard only renders).
    meanwhile = None if shard is not None else _load_assembly
    outcomes = render_all(jobs, args.jobs, progress, store=cache, keys=keys, meanwhile=meanwhile)
    close_cache(cache)
    entries, problems, messages, refused = collect(jobs, outcomes)
    entries = [replace(e, volume=volumes.volume_of(job.ladder.id))
               for e, job in zip(entries, jobs, strict=True)]  # fmt: skip
    # A packet that could not be rendered is a notice page in the bundle (the
    # committee still gets the rest of the cycle) and a finding here: exit 1.
    report_text(problems, sys.stdout)
    failed = 1 if problems else 0
    if shard is None:
        if args.volume is None:
            counts = volume_counts(e.volume for e in entries)
        written = _assemble(
            cycle,
            entries,
            commit,
            templates,
            args,
            counts=counts,
            messages=messages,
            refused=refused,
        )
        return max(written, failed)
    out = args.out or DEFAULT_OUT / f"{cycle}-bundle.part-{shard[0]}-of-{shard[1]}.zip"
    write_private(out, part_bytes(Part(cycle, shard, len(every), commit, tuple(entries))))
    warn_fetches(messages, refused)
    sys.stdout.write(
        f"wrote {display_path(out)} (shard {shard[0]}/{shard[1]}: {len(entries)} packets)\n"
    )
    return failed


def _run_merge(parts: list[Path], args: argparse.Namespace) -> int:
    from rung.render.bundle import join_parts, read_part

    if not parts:
        raise FatalError("give the parts to merge: rung bundle merge PART... --out FILE")
    whole = join_parts([read_part(p, args.volume) for p in parts])
    if args.volume is not None:
        _known_volume(args.volume, whole.counts)
    failed = [
        Problem(e.summary.path, 0, 0, Level.ERROR, RULE, f"cannot render: {e.error}")
        for e in whole.entries
        if e.error is not None
    ]
    report_text(failed, sys.stdout)
    written = _assemble(whole.cycle, list(whole.entries), whole.commit,
                        templates_folder(find_root()), args, counts=whole.counts)  # fmt: skip
    return max(written, 1 if failed else 0)


def _volumes(root: Path) -> Volumes:
    """How the roster splits a cycle; one volume when the repository has no roster."""
    if not (root / COMMITTEE_FILE).exists():
        return Volumes()
    from rung.commands.committee_input import load_committee

    return load_committee(root, None)[1].volumes


def _ladder_ids(paths: list[Path]) -> list[str]:
    """Each packet's ``ladder:``, read from its front matter only (no render, no checks)."""
    from rung.loaders.sources import read_source
    from rung.model.packet import parse_packet

    ids = []
    for path in paths:
        source = read_source(path)[0]
        packet = parse_packet(source.text, source.path)[0] if source is not None else None
        if packet is None:
            raise FatalError(f"{display_path(path)}: not a valid packet; run 'rung validate'")
        ids.append(packet.ladder)
    return ids


def _known_volume(name: str, counts: tuple[tuple[str, int], ...]) -> None:
    if name not in dict(counts):
        have = ", ".join(n for n, _ in counts) or "none"
        raise FatalError(f"the cycle has no volume '{name[:40]}' (its volumes: {have})")


def _load_assembly() -> None:
    from rung.render.assemble import assemble_bundle  # noqa: F401 - its imports, loaded now
    from rung.render.pdf import load_weasyprint

    load_weasyprint()


def _assemble(
    cycle: str,
    entries: list[BundleEntry],
    commit: CommitInfo | None,
    templates: Path,
    args: argparse.Namespace,
    *,
    counts: tuple[tuple[str, int], ...],
    messages: set[str] | None = None,
    refused: list[str] | None = None,
) -> int:
    """One PDF per volume: ``--out`` (or ``out/<cycle>-bundle.pdf``) for a one-volume
    cycle or ``--volume``, else ``out/<cycle>-bundle-<volume>.pdf`` each."""
    from rung.render.assemble import assemble_bundle

    names = [args.volume] if args.volume is not None else [name for name, _ in counts]
    if len(names) > 1 and args.out is not None:
        raise FatalError(
            f"the cycle is bound in {len(names)} volumes ({', '.join(names)}): give --volume "
            f"NAME with --out, or leave --out out to write {DEFAULT_OUT}/{cycle}-bundle-NAME.pdf each"
        )
    for name in names:
        mine = [e for e in entries if e.volume == name]
        bundle = assemble_bundle(cycle, mine, commit, templates, args.time_limit,
                                 volume=name, volumes=counts)  # fmt: skip
        default = f"{cycle}-bundle.pdf" if len(counts) == 1 else f"{cycle}-bundle-{name}.pdf"
        out: Path = args.out or DEFAULT_OUT / default
        write_private(out, bundle.pdf)
        warn_fetches((messages or set()) | set(bundle.messages), refused or [])
        which = f"volume {name}: " if len(counts) > 1 else ""
        sys.stdout.write(
            f"wrote {display_path(out)} ({which}{len(mine)} packets, {bundle.pages} pages)\n"
        )
    return 0
