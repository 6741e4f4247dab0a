"""``rung validate``, ``rung rules`` and ``rung schema``."""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from rung.classes import dataclass, field
from rung.commands.validate_files import decisions_problems, people_problems, roster_problems
from rung.commands.validate_select import (
    Selection,
    changed_by,
    packet_parts,
    repository_packets,
    select,
)
from rung.commands.validate_settle import config_error, read_settings, report
from rung.ladder.model import Ladder
from rung.loaders.sources import display_path, read_source, resolved_text
from rung.model.packet import Packet, parse_packet
from rung.model.people import PEOPLE_FILE
from rung.model.repo import (
    COMMITTEE_FILE,
    LADDERS_DIR,
    PACKETS_DIR,
    LazyLadders,
    find_root,
    load_ladder_file,
)
from rung.problems import Level, Problem
from rung.validate import suppress
from rung.validate.report import (
    REPORTER_BY_NAME,
    STEP_SUMMARY_LIMIT,
    PacketSummary,
    ShownPackets,
    step_summary,
    tally,
)
from rung.validate.rules import reviewers
from rung.validate.rules.reuse import CitationIndex, Cited
from rung.validate.runner import validate_packet
from rung.validate.silenced import silenced_markdown
from rung.validate.suppress import Suppression

TYPE_CHECKING = False  # not typing's: importing typing costs every start

if TYPE_CHECKING:
    from rung.validate.config import Config


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check packets against their ladders (default: the whole repository)",
        description="Check packets, ladders and the committee roster.  Exit 0 when clean "
        "(warnings and notices allowed), 1 on any error (or warning with --strict), 2 on "
        "bad usage, configuration or a file that cannot be opened.",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="packet files or folders, ladder files"
    )
    parser.add_argument(
        "--format",
        choices=("auto", *REPORTER_BY_NAME, "sarif"),
        default="auto",
        help="auto: github in GitHub Actions, else text; sarif: a SARIF 2.1.0 log for code "
        "scanning",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="only the findings: no summary line"
    )
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="only what git says changed since REF (REF...HEAD, plus uncommitted files)",
    )
    parser.set_defaults(func=run_validate)


@dataclass
class _Outcome:
    # Summaries, not the parsed packets: keeping 2,000 YAML trees alive makes every
    # garbage collection walk them, which doubles the time of a large run.  And only
    # what the output shows: without rows for the json list, the first packets for
    # the step summary, none for the text and github formats (memory stays flat
    # however many packets are checked).
    summaries: list[PacketSummary] | None = None
    shown: ShownPackets | None = None
    problems: list[Problem] = field(default_factory=list)
    ladders_used: set[str] = field(default_factory=set)
    asking: list[reviewers.Asking] = field(default_factory=list)
    keep_asking: bool = True  # False when no roster and no people file can use them
    files: int = 0
    unreadable: bool = False  # a file could not be opened at all: exit 2
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)  # by path


def _check_packets(
    chosen: Selection,
    root: Path,
    ladders: Mapping[str, Ladder],
    outcome: _Outcome,
    config: Config,
) -> _Outcome:
    citations = CitationIndex()  # the `reuse` rule compares packets
    # By shown path, the files `reuse` may read again whose shown path does not name
    # them (a name that is not UTF-8); any other is read again by its shown path,
    # which display_path made relative to the working directory or left absolute.
    files: dict[str, Path] = {}
    # The same file once; keyed by strings, which take a fifth of a path's memory,
    # and dropped before the packets are checked (20,000 packets: megabytes).
    folders: dict[str, str] = {}
    given = {resolved_text(path, folders): path for path in chosen.packets}
    extra: list[Path] = []
    if chosen.changed_ladders:
        # A changed ladder can break packets nobody touched: check the ones that use it.
        extra = [p for p in repository_packets(root) if resolved_text(p, folders) not in given]
    queue = [*given.values()]
    del given
    for path, only_if_affected in itertools.chain(
        zip(queue, itertools.repeat(False)), zip(extra, itertools.repeat(True))
    ):
        source, found = read_source(path)
        result = validate_packet(source, ladders, config) if source is not None else None
        if only_if_affected and (
            result is None
            or result.packet is None
            or result.packet.ladder not in chosen.changed_ladders
        ):
            continue
        outcome.files += 1
        outcome.problems.extend(found)
        if result is None:
            outcome.unreadable = outcome.unreadable or any(p.line == 0 for p in found)
            continue
        outcome.problems.extend(result.problems)
        if source is not None and suppress.MARK in source.text:
            marked, malformed = suppress.find_suppressions(source.text, source.path)
            outcome.suppressions[source.path] = marked
            outcome.problems.extend(malformed)
        if result.packet is not None:
            citations.add(result.packet, report=True)
            if "\\" in result.packet.path:
                files.setdefault(result.packet.path, path)
            outcome.ladders_used.add(result.packet.ladder)
            if outcome.keep_asking:
                outcome.asking.append(reviewers.Asking.of(result.packet))
            if outcome.summaries is not None:
                outcome.summaries.append(
                    PacketSummary.of(result.packet, result.coverage, result.statuses, False)
                )
            if outcome.shown is not None:
                summary = PacketSummary.of(result.packet, result.coverage, result.statuses)
                outcome.shown.add(summary, [*found, *result.problems])
    if not chosen.whole:
        # Listing the repository again would only find the packets just checked
        # (20,000 new paths: the run's peak memory).
        _add_context(citations, root, files)

    def reread(cited: Cited) -> Packet | None:
        # The index keeps numbers, not links: the few packets whose links may be
        # shared are parsed again to name the link and its position.
        source, _ = read_source(files.get(cited.path) or Path(cited.path))
        return None if source is None else parse_packet(source.text, source.path)[0]

    outcome.problems.extend(citations.problems(reread))
    return outcome


def _add_context(citations: CitationIndex, root: Path, files: dict[str, Path]) -> None:
    """The repository's other packets of the same cycles and candidates, compared, not
    reported; read through the index cache (``validate/index_cache.py``)."""
    cycles, candidates = citations.reported()
    folder = root / PACKETS_DIR
    if not cycles or not folder.is_dir():
        return
    # Strings, not paths: 2,000 files, one packet checked.  Below the working
    # directory a file's shown path is its folder's and its names joined
    # (display_path is lexical), and names the file from there (shorter for the
    # kernel to walk); elsewhere each is shown as display_path shows it.
    base, shown_base = os.fspath(folder), display_path(folder)
    joined = os.sep == "/" and shown_base not in ("", ".") and not shown_base.startswith("/")
    listed: set[str] = set()
    context: list[tuple[str, str]] = []  # (path, shown)
    slash, seen = os.sep == "/", citations.numbers  # bound once: a loop of 2,000 files
    for parts in packet_parts(folder):
        tail = "/".join(parts)
        if joined and tail.isascii():
            path = shown = f"{shown_base}/{tail}"  # relative to the working directory
        else:
            path = f"{base}/{tail}" if slash else os.path.join(base, *parts)  # noqa: PTH118
            if not joined:
                shown = display_path(Path(path))
            else:
                shown = f"{shown_base}/{os.fsencode(tail).decode('utf-8', 'backslashreplace')}"
        listed.add(shown)
        # the file's folder name and stem, as path.parent.name and path.stem
        parent = parts[-2] if len(parts) > 1 else folder.name
        if (parent in cycles or _stem(parts[-1]) in candidates) and shown not in seen:
            context.append((path, shown))
    if context:
        from rung.validate.index_cache import ContextReader  # only with other packets

        reader = ContextReader(root, citations, files)
        reader.add(context)
        reader.finish(listed)


def _stem(name: str) -> str:
    """``PurePath(name).stem`` for a file name."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while packets are checked.

    Parsing makes many short-lived containers, all freed by reference counting;
    collecting every 700 allocations only scans them again and costs about a
    fifth of a 2,000-packet run.
    """
    old = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def run_validate(args: argparse.Namespace) -> int:
    with _few_collections():
        return _validate(args)


def _validate(args: argparse.Namespace) -> int:
    root = find_root()
    chosen = select(args, root)
    fmt = args.format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    config, config_problems = read_settings(root, chosen)
    if any(p.level is Level.ERROR for p in config_problems):
        return config_error(fmt, config_problems, root)
    ladders = LazyLadders(root)  # parsed when a packet, the roster or a message needs them
    ladder_problems: list[Problem] = []
    for path in chosen.ladders:
        if path.resolve().parent != (root / LADDERS_DIR).resolve():
            ladder, found = load_ladder_file(path)  # a ladder kept elsewhere, e.g. a draft
            ladder_problems.extend(found)
            if ladder is not None:
                ladders[ladder.id] = ladder
    committee = root / COMMITTEE_FILE
    # The roster's files stamped before any is read: its plan may come from the cache.
    stamped = None
    if not (chosen.roster or chosen.ladders) and committee.is_file():
        from rung.validate.plan_cache import stamp  # not on a start without a roster

        stamped = stamp(committee, ladders.files)

    summary_file = os.environ.get("GITHUB_STEP_SUMMARY") if fmt == "github" else None
    people = root / PEOPLE_FILE
    # What each packet asks of the roster and the people file, kept only when one
    # of them is there to answer (20,000 packets: megabytes).
    keep_asking = (
        chosen.roster is not None or committee.is_file() or people.is_file() or people.is_symlink()
    )
    outcome = _check_packets(
        chosen,
        root,
        ladders,
        _Outcome(
            summaries=[] if fmt == "json" else None,
            shown=ShownPackets() if summary_file else None,
            keep_asking=keep_asking,
        ),
        config,
    )
    problems = outcome.problems
    # Ladder findings: the ladders asked for, and those the checked packets use.
    used = outcome.ladders_used
    reported = {display_path(p) for p in chosen.ladders}
    reported |= {display_path(root / LADDERS_DIR / f"{lid}.yaml") for lid in used}
    for stem, path in ladders.files.items():
        if display_path(path) in reported:
            ladders.repository_ladder(stem)
            ladder_problems.extend(ladders.found[stem])
    problems.extend(p for p in ladder_problems if p.path in reported)
    ladder_count = len({p for p in reported if Path(p).is_file()})

    roster_file = chosen.roster or (committee if committee.is_file() else None)
    if roster_file is not None and (chosen.roster is not None or outcome.asking):
        asked = chosen.roster is not None
        found = roster_problems(
            root, roster_file, ladders, outcome.asking, asked=asked, stamped=stamped
        )
        problems.extend(found)

    problems.extend(people_problems(root, outcome.asking))
    problems.extend(decisions_problems(chosen.decisions, root, ladders))
    if chosen.since is not None:
        problems.extend(changed_by(chosen.decisions, chosen.since, root))

    # rung.toml's levels, then the inline suppressions, on every finding of the run.
    problems, silenced = suppress.settle(config.apply(problems), outcome.suppressions)
    problems.extend(config_problems)
    report(fmt, problems, silenced, outcome.summaries or [], root, quiet=args.quiet)
    if summary_file and outcome.shown is not None:
        _write_step_summary(
            Path(summary_file), problems, outcome.shown, silenced_markdown(silenced)
        )
    checked = [f"{outcome.files} packet{'s' if outcome.files != 1 else ''}"]
    checked.append(f"{ladder_count} ladder{'s' if ladder_count != 1 else ''}")
    if chosen.decisions:
        n = len(chosen.decisions)
        checked.append(f"{n} decisions file{'s' if n != 1 else ''}")
    if chosen.roster is not None:
        checked.append("the committee roster")
    if not args.quiet:
        hushed = f", {len(silenced)} silenced" if silenced else ""
        sys.stderr.write(f"rung: checked {', '.join(checked)}: {tally(problems)}{hushed}\n")
    if outcome.unreadable:
        return 2
    worst = max((p.level for p in problems), default=None)
    if worst is Level.ERROR or (args.strict and worst is Level.WARNING):
        return 1
    return 0


def _write_step_summary(
    path: Path, problems: list[Problem], shown: ShownPackets, silenced: str
) -> None:
    """Append the coverage tables to the job summary, within GitHub's 1 MiB limit."""
    try:
        used = path.stat().st_size if path.exists() else 0
        limit = STEP_SUMMARY_LIMIT - used
        text = step_summary(problems, shown.packets, limit, shown.count, silenced)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as err:
        sys.stderr.write(f"rung: warning: cannot write the job summary {path}: {err.strerror}\n")
