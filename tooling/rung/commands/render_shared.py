"""What ``rung render`` and ``rung bundle`` share: their options, the templates folder,
checking a packet before it is drawn and the render cache."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rung.ladder.model import Ladder
from rung.loaders.sources import Source, display_path, read_source
from rung.model.repo import find_root, repo_path
from rung.problems import FatalError, Level, Problem
from rung.render.inputs import RULE

if TYPE_CHECKING:
    from rung.render.cache import RenderCache
    from rung.render.cache_key import Keys
    from rung.render.context import CommitInfo


TEMPLATES_DIR = "templates"
DEFAULT_OUT = Path("out")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commit", metavar="SHA",
                        help="commit to stamp (default: $GITHUB_SHA, else git HEAD)")  # fmt: skip
    parser.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                        help="give up on a packet that takes longer to render (default: 60; 0: no limit)")  # fmt: skip
    parser.add_argument("--ids", action="store_true",
                        help="print each criterion's and level's id beside its words (for ladder authors)")  # fmt: skip
    parser.add_argument("--no-cache", action="store_true",
                        help="render every packet again; neither read nor write the render cache")  # fmt: skip


def templates_folder(root: Path) -> Path:
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


def check_renderable(
    path: Path, ladders: dict[str, Ladder]
) -> tuple[Source | None, Ladder | None, list[Problem]]:
    """Read and validate a packet; the source and ladder are None unless it may be rendered."""
    from rung.validate.runner import check_packet

    if not path.is_file():
        raise FatalError(f"cannot read {display_path(path)}: no such file")
    source, problems = read_source(path)
    if source is None:
        return None, None, problems
    from rung.validate.config import require_config

    packet, found = check_packet(source, ladders, require_config(find_root()))
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


def printable(text: str, limit: int = 300) -> str:
    """One line with no control characters: these may echo packet or template text
    into a CI log, where a newline could start a workflow command."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:limit])


def warn_fetches(messages: set[str], refused: list[str]) -> None:
    for url in refused:
        sys.stderr.write(
            f"rung: warning: refused to fetch {printable(url)} (only templates/ files are served)\n"
        )
    for message in sorted(messages):
        sys.stderr.write(f"rung: note: WeasyPrint: {printable(message)}\n")


def open_cache(args: argparse.Namespace) -> RenderCache | None:
    """The render cache, unless ``--no-cache``; a folder that cannot be used safely
    is a warning and a run without the cache, never a failed render."""
    from rung.render.cache import ENV_DIR, OFF, CacheUnavailable, RenderCache

    if args.no_cache or os.environ.get(ENV_DIR) == OFF:
        return None
    try:
        return RenderCache.open()
    except CacheUnavailable as err:
        sys.stderr.write(f"rung: warning: {printable(str(err))}; rendering without the cache\n")
        return None


def close_cache(cache: RenderCache | None) -> None:
    if cache is None:
        return
    cache.trim()
    if cache.hits or cache.misses:  # what a warm CI run reused, in its log
        sys.stderr.write(f"rung: render cache: {cache.hits} reused, {cache.misses} rendered\n")
    if cache.warning:
        sys.stderr.write(f"rung: warning: {printable(cache.warning)}\n")
    cache.close()


def cache_options(args: argparse.Namespace) -> dict[str, str]:
    """Every option that reaches a PDF, for its cache key: a value, or a file's digest.
    An option that changes the PDF and is missing here would let two different
    PDFs share a key."""
    import hashlib

    options: dict[str, str] = {}
    for flag in ("preview", "ids"):  # absent from earlier keys, so they still hold
        if getattr(args, flag, False):
            options[flag] = "yes"
    for name in ("audience", "verdicts", "evidence"):
        value = getattr(args, name, None)
        if value is None:
            continue
        path = Path(str(value))
        if name != "audience" and path.is_file():
            value = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        options[name] = str(value)
    return options


def cache_keys(templates: Path, args: argparse.Namespace, *, bundle: bool) -> Keys:
    from rung.render.cache_key import Keys

    return Keys(templates, bundle, cache_options(args))


def stamps(
    head: CommitInfo | None, root: Path, packets: list[tuple[Path, Ladder]], templates: Path
) -> list[CommitInfo | None]:
    """Each packet's stamp (:func:`rung.render.commit.stamp_packets`): the last commit that
    changed the packet, its ladder or a template."""
    from rung.render.commit import stamp_packets

    pairs = [(repo_path(path, root), repo_path(Path(ladder.path), root) if ladder.path else None)
             for path, ladder in packets]  # fmt: skip
    return stamp_packets(head, root, pairs, repo_path(templates, root))
