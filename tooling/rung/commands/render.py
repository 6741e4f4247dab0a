"""``rung render`` (one PDF per packet) and ``rung bundle`` (the cycle's committee PDF).

Nothing heavy is imported at module level: the CLI imports this module to build
its parser, and ``rung validate`` must not pay for Jinja or WeasyPrint.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rung.cycles import cycle_date
from rung.extras import require
from rung.ladder import Ladder, MoveError
from rung.problems import FatalError, Level, Problem
from rung.repo import PACKETS_DIR, find_root, load_ladders, repo_path
from rung.report import report_text
from rung.sources import Source, display_path, read_source

if TYPE_CHECKING:
    from rung.render.assemble import BundleEntry
    from rung.render.cache import Keys, RenderCache
    from rung.render.context import CommitInfo

RULE = "render"
TEMPLATES_DIR = "templates"
DEFAULT_OUT = Path("out")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = subparsers.add_parser("render", help="render packets as committee PDFs")
    render.add_argument("packets", nargs="+", type=Path, metavar="PACKET")
    render.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="write DIR/<cycle>/<candidate>.pdf (default: out)")  # fmt: skip
    render.add_argument(
        "--html", action="store_true", help="also write the HTML given to WeasyPrint"
    )
    render.add_argument("--evidence", type=Path, action="append", default=[], metavar="FILE",
                        help="marks per claim from 'rung evidence --format json' (one file per packet)")  # fmt: skip
    render.add_argument("--verdicts", type=Path, action="append", default=[], metavar="FILE",
                        help="the panel from 'rung scorecard --format json' (one file per packet)")  # fmt: skip
    render.add_argument("--audience", choices=("committee", "candidate"), default="committee",
                        help="candidate: the packet without reviewers (default: committee)")  # fmt: skip
    _common(render)
    render.set_defaults(func=run_render)

    bundle = subparsers.add_parser(
        "bundle",
        help="every packet of a cycle in one committee PDF",
        usage="rung bundle CYCLE [--out FILE] [--jobs N] [--shard I/N]\n"
        "       rung bundle merge PART... [--out FILE]",
    )
    bundle.add_argument("args", nargs="+", metavar="CYCLE | merge PART...")
    bundle.add_argument("--out", type=Path, metavar="FILE",
                        help="default: out/<cycle>-bundle.pdf, or .part-I-of-N.zip with --shard")  # fmt: skip
    bundle.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="render N packets at a time (default: the CPU count)")  # fmt: skip
    bundle.add_argument(
        "--shard", metavar="I/N", help="render only the I-th of N shards; join them with 'merge'"
    )
    _common(bundle)
    bundle.set_defaults(func=run_bundle)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commit", metavar="SHA",
                        help="commit to stamp (default: $GITHUB_SHA, else git HEAD)")  # fmt: skip
    parser.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                        help="give up on a packet that takes longer to render (default: 60; 0: no limit)")  # fmt: skip
    parser.add_argument("--no-cache", action="store_true",
                        help="render every packet again; neither read nor write the render cache")  # fmt: skip


def _templates(root: Path) -> Path:
    templates = root / TEMPLATES_DIR
    if not (templates / "packet.html.j2").is_file():
        raise FatalError(
            f"no {TEMPLATES_DIR}/packet.html.j2 in {display_path(root)}; run rung from the repository root"
        )
    return templates


def output_path(out: Path, cycle: str, candidate: str, suffix: str) -> Path:
    """``out/<cycle>/<candidate><suffix>``, refusing names that could leave ``out``."""
    for name in (cycle, candidate):
        if not _SAFE_NAME.match(name) or ".." in name:
            raise FatalError(f"refusing to write a file named after '{name[:80]}'")
    path = out / cycle / f"{candidate}{suffix}"
    # The folder must stay under out; a link at the file itself is replaced, never followed.
    if not path.parent.resolve().is_relative_to(out.resolve()):
        raise FatalError(f"refusing to write {path}: its folder resolves outside {out}")
    return path


def write_file(path: Path, data: bytes) -> None:
    """Write ``path`` without following a symbolic link planted in the output folder.

    The data goes to a new temporary file that ``mkstemp`` creates exclusively
    (``O_EXCL``: it never opens an existing file or link) under a random name in
    the target folder, and is then renamed over ``path``; a rename replaces a
    link at ``path`` itself instead of writing through it.  The file is readable
    by its owner only (packets are confidential).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _check(
    path: Path, ladders: dict[str, Ladder]
) -> tuple[Source | None, Ladder | None, list[Problem]]:
    """Read and validate a packet; the source and ladder are None unless it may be rendered."""
    from rung.validate import check_packet

    if not path.is_file():
        raise FatalError(f"cannot read {display_path(path)}: no such file")
    source, problems = read_source(path)
    if source is None:
        return None, None, problems
    packet, found = check_packet(source, ladders)
    problems += found
    if packet is None or any(p.level is Level.ERROR for p in problems):
        return None, None, problems
    ladder = ladders.get(packet.ladder)
    if ladder is None:  # validation reports unknown ladders; this is belt and braces
        missing = f"unknown ladder '{packet.ladder}'"
        return None, None, [*problems, Problem(source.path, 0, 0, Level.ERROR, RULE, missing)]
    # Findings name the file as the user reaches it; the document names it as the
    # repository does, so a PDF is the same bytes from whichever folder rung runs.
    return Source(repo_path(path, find_root()), source.text), ladder, problems


def _printable(text: str, limit: int = 300) -> str:
    """One line with no control characters: these may echo packet or template text
    into a CI log, where a newline could start a workflow command."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:limit])


def _warn(messages: set[str], refused: list[str]) -> None:
    for url in refused:
        sys.stderr.write(
            f"rung: warning: refused to fetch {_printable(url)} (only templates/ files are served)\n"
        )
    for message in sorted(messages):
        sys.stderr.write(f"rung: note: WeasyPrint: {_printable(message)}\n")


def _open_cache(args: argparse.Namespace) -> RenderCache | None:
    """The render cache, unless ``--no-cache``; a folder that cannot be used safely
    is a warning and a run without the cache, never a failed render."""
    from rung.render.cache import ENV_DIR, OFF, CacheUnavailable, RenderCache

    if args.no_cache or os.environ.get(ENV_DIR) == OFF:
        return None
    try:
        return RenderCache.open()
    except CacheUnavailable as err:
        sys.stderr.write(f"rung: warning: {_printable(str(err))}; rendering without the cache\n")
        return None


def _close_cache(cache: RenderCache | None) -> None:
    if cache is None:
        return
    cache.trim()
    if cache.warning:
        sys.stderr.write(f"rung: warning: {_printable(cache.warning)}\n")
    cache.close()


def _cache_options(args: argparse.Namespace) -> dict[str, str]:
    """Every option that reaches a PDF, for its cache key: a value, or a file's digest.
    An option that changes the PDF and is missing here would let two different
    PDFs share a key."""
    import hashlib

    options: dict[str, str] = {}
    for name in ("audience", "verdicts", "evidence"):
        value = getattr(args, name, None)
        if value is None:
            continue
        path = Path(str(value))
        if name != "audience" and path.is_file():
            value = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        options[name] = str(value)
    return options


def _keys(templates: Path, commit: CommitInfo | None, args: argparse.Namespace, *,
          bundle: bool) -> Keys:  # fmt: skip
    from rung.render.cache import Keys

    return Keys(templates, commit, bundle, _cache_options(args))


def run_render(args: argparse.Namespace) -> int:
    require("render", "render")
    from rung.render.commit import resolve_commit, with_worktree_state
    from rung.render.inputs import read_inputs
    from rung.render.packet import render_packet
    from rung.render.pdf import RenderTimeout

    root = find_root()
    templates = _templates(root)
    ladders, _ = load_ladders(root)
    inputs = read_inputs(args.packets, args.evidence, args.verdicts, args.audience)
    status = 0
    messages: set[str] = set()
    refused: list[str] = []
    commits: dict[Path, CommitInfo | None] = {}  # git is asked once per folder
    keys: dict[Path, Keys] = {}
    cache = _open_cache(args)  # closed (and trimmed) after the loop; a crash leaves it whole
    status = 0
    for path in args.packets:
        source, ladder, problems = _check(path, ladders)
        if source is None or ladder is None:
            report_text(problems, sys.stdout)
            status = 1
            continue
        folder = path.resolve().parent
        if folder not in commits:
            commits[folder] = resolve_commit(args.commit, folder)
            keys[folder] = _keys(templates, commits[folder], args, bundle=False)
        key = keys[folder].key(source, ladder) if cache is not None else ""
        try:
            result = cache.get(key) if cache is not None else None
            if result is None:
                # The key holds the packet's text and the commit, so the
                # uncommitted-changes stamp is part of what it names.
                result = render_packet(
                    source,
                    ladder,
                    with_worktree_state(commits[folder], path),
                    templates,
                    args.time_limit,
                    **inputs.for_packet(source.path),
                )
                if cache is not None:
                    cache.put(key, result)
        except (RenderTimeout, MoveError) as err:
            report_text(
                [Problem(source.path, 0, 0, Level.ERROR, RULE, f"cannot render: {err}")], sys.stdout
            )
            status = 1
            continue
        summary = result.summary
        pdf_path = output_path(args.out, summary.cycle, summary.candidate, ".pdf")
        write_file(pdf_path, result.rendered.pdf)
        if args.html:
            write_file(
                output_path(args.out, summary.cycle, summary.candidate, ".html"),
                result.html.encode(),
            )
        messages.update(result.rendered.messages)
        refused.extend(result.rendered.refused)
        sys.stdout.write(f"wrote {display_path(pdf_path)} ({result.rendered.pages} pages)\n")
    _close_cache(cache)
    _warn(messages, refused)
    return status


# --- bundle ------------------------------------------------------------------------------


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
    )
    from rung.render.commit import resolve_commit, with_worktree_state

    if cycle_date(cycle) is None:
        raise FatalError(
            f"'{cycle[:80]}' is not a cycle; cycles look like 2026-H2, 2026-Q3 or 2026-11"
        )
    if args.jobs < 1:
        raise FatalError("--jobs must be at least 1")
    shard = parse_shard(args.shard) if args.shard else None
    root = find_root()
    templates = _templates(root)
    folder = root / PACKETS_DIR / cycle
    every = sorted(folder.glob("*.md"))
    if not every:
        raise FatalError(f"no packets in {display_path(folder)}")
    mine = shard_of(every, *shard) if shard else every
    ladders, _ = load_ladders(root)
    commit = resolve_commit(args.commit, root)
    jobs, findings = [], []
    for path in mine:
        source, ladder, problems = _check(path, ladders)
        if source is None or ladder is None:
            findings.extend(problems)
        else:
            stamp = with_worktree_state(commit, path)
            jobs.append(Job(source, ladder, stamp, templates, args.time_limit))
    if findings:
        report_text(findings, sys.stdout)
        sys.stderr.write(
            "rung: no bundle written: every packet of the cycle must pass 'rung validate'\n"
        )
        return 1
    progress = _progress if sys.stderr.isatty() else None
    cache = _open_cache(args)
    keys = None
    if cache is not None:
        maker = _keys(templates, commit, args, bundle=True)
        keys = [maker.key(job.source, job.ladder) for job in jobs]
    outcomes = render_all(jobs, args.jobs, progress, store=cache, keys=keys)
    _close_cache(cache)
    entries, problems, messages, refused = collect(jobs, outcomes)
    # A packet that could not be rendered is a notice page in the bundle (the
    # committee still gets the rest of the cycle) and a finding here: exit 1.
    report_text(problems, sys.stdout)
    failed = 1 if problems else 0
    if shard is None:
        written = _assemble(
            cycle, entries, commit, templates, args, messages=messages, refused=refused
        )
        return max(written, failed)
    out = args.out or DEFAULT_OUT / f"{cycle}-bundle.part-{shard[0]}-of-{shard[1]}.zip"
    write_file(out, part_bytes(Part(cycle, shard, len(every), commit, tuple(entries))))
    _warn(messages, refused)
    sys.stdout.write(
        f"wrote {display_path(out)} (shard {shard[0]}/{shard[1]}: {len(entries)} packets)\n"
    )
    return failed


def _run_merge(parts: list[Path], args: argparse.Namespace) -> int:
    from rung.render.bundle import join_parts, read_part

    if not parts:
        raise FatalError("give the parts to merge: rung bundle merge PART... --out FILE")
    whole = join_parts([read_part(p) for p in parts])
    failed = [
        Problem(e.summary.path, 0, 0, Level.ERROR, RULE, f"cannot render: {e.error}")
        for e in whole.entries
        if e.error is not None
    ]
    report_text(failed, sys.stdout)
    written = _assemble(
        whole.cycle, list(whole.entries), whole.commit, _templates(find_root()), args
    )
    return max(written, 1 if failed else 0)


def _assemble(
    cycle: str,
    entries: list[BundleEntry],
    commit: CommitInfo | None,
    templates: Path,
    args: argparse.Namespace,
    *,
    messages: set[str] | None = None,
    refused: list[str] | None = None,
) -> int:
    from rung.render.assemble import assemble_bundle

    bundle = assemble_bundle(cycle, entries, commit, templates, args.time_limit)
    out: Path = args.out or DEFAULT_OUT / f"{cycle}-bundle.pdf"
    write_file(out, bundle.pdf)
    _warn((messages or set()) | set(bundle.messages), refused or [])
    sys.stdout.write(f"wrote {display_path(out)} ({len(entries)} packets, {bundle.pages} pages)\n")
    return 0
