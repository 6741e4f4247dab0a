"""Which files ``rung validate`` checks: the paths given, the whole repository, or what
git says changed since a revision."""

from __future__ import annotations

import argparse
import operator
import os
import sys
from pathlib import Path

from rung.classes import dataclass, field
from rung.loaders.sources import display_path
from rung.model.decisions import DECISIONS_FILE
from rung.model.people import PEOPLE_FILE
from rung.model.repo import (
    COMMITTEE_FILE,
    CONFIG_FILE,
    LADDERS_DIR,
    PACKETS_DIR,
    ladder_files,
)
from rung.problems import FatalError, Level, Problem


@dataclass
class Selection:
    """What one ``rung validate`` run checks."""

    packets: list[Path] = field(default_factory=list)
    ladders: list[Path] = field(default_factory=list)  # ladder files reported in full
    roster: Path | None = None
    decisions: list[Path] = field(default_factory=list)  # packets/<cycle>/decisions.yaml
    since: str | None = None  # --changed-since REF: decisions files say who changed them
    changed_ladders: set[str] = field(default_factory=set)  # their packets are checked too
    config_changed: bool = False  # --changed-since: rung.toml changed (levels stay REF's)
    whole: bool = False  # the packets are the repository's: none is left for context


def packet_files(folder: Path) -> list[Path]:
    """Every ``*.md`` file below ``folder`` except README files.

    What ``sorted(p for p in folder.rglob("*.md") if p.is_file())`` gives (folders
    that are symbolic links are not entered; a link to a file is listed, and reading
    it is refused), from ``os.scandir``'s entries: pathlib makes and compares a path
    object per file, a tenth of checking one packet in a large cycle.
    """
    return [folder.joinpath(*parts) for parts in packet_parts(folder)]


def packet_parts(folder: Path) -> list[tuple[str, ...]]:
    """:func:`packet_files`, each as its names below ``folder``, in the same order."""
    if not folder.is_dir():
        return []
    found: list[tuple[str, ...]] = []

    def walk(directory: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as listing:
                # By name, folder by folder: the order of paths sorted part by part
                # (no two entries of a folder share a name), without sorting them all.
                entries = sorted(listing, key=_NAME)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.endswith(".md") and name.lower() != "readme.md" and _is_file(entry):
                found.append((*parts, name))  # a file, so no folder: 2,000 calls fewer
            elif _is_folder(entry):
                walk(entry.path, (*parts, name))

    walk(str(folder), ())
    return found


_NAME = operator.attrgetter("name")  # in C: 2,000 calls a run


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def repository_packets(root: Path) -> list[Path]:
    return packet_files(root / PACKETS_DIR)


def _is_committee(path: Path, root: Path) -> bool:
    return path.resolve() == (root / COMMITTEE_FILE).resolve()


def select(args: argparse.Namespace, root: Path) -> Selection:
    if args.paths and args.changed_since:
        raise FatalError("give PATHs or --changed-since, not both")
    chosen = Selection()
    if args.changed_since is not None:
        chosen.since = args.changed_since
        from rung.loaders.gitchanges import changed_files

        for relative in changed_files(args.changed_since, root):
            parts, path = relative.parts, root / relative
            if (
                parts[0] == PACKETS_DIR
                and path.suffix == ".md"
                and path.name.lower() != "readme.md"
            ):
                chosen.packets.append(path)
            elif parts[0] == PACKETS_DIR and path.name == DECISIONS_FILE:
                chosen.decisions.append(path)
            elif parts[0] == LADDERS_DIR and len(parts) == 2 and path.suffix == ".yaml":
                chosen.ladders.append(path)
                chosen.changed_ladders.add(path.stem)
            elif _is_committee(path, root):
                chosen.roster = path
            elif relative.as_posix() == PEOPLE_FILE:
                chosen.packets.extend(repository_packets(root))
            elif relative.as_posix() == CONFIG_FILE:
                chosen.config_changed = True
        chosen.packets = _once(chosen.packets)
        committee = root / COMMITTEE_FILE
        if chosen.changed_ladders and committee.is_file():
            chosen.roster = committee  # the roster names levels of the ladders
        return chosen
    if not args.paths:
        if not (root / LADDERS_DIR).is_dir() and not (root / PACKETS_DIR).is_dir():
            if (root / CONFIG_FILE).is_file():
                # A repository just started: nothing is wrong, there is nothing yet.
                if not getattr(args, "quiet", False):
                    sys.stderr.write(
                        f"rung: {display_path(root / CONFIG_FILE)} marks the root, which has "
                        "no ladders/ or packets/ yet: add a ladder (rung ladder import FILE "
                        "--out ladders/ID.yaml), then a packet (rung new)\n"
                    )
                return chosen
            raise FatalError(
                "no ladders/ or packets/ here or in any folder above; run rung validate in "
                "a rung repository, or give the files to check"
            )
        committee = root / COMMITTEE_FILE
        return Selection(
            repository_packets(root),
            ladder_files(root),
            committee if committee.exists() else None,
            sorted((root / PACKETS_DIR).glob(f"*/{DECISIONS_FILE}")),
            whole=True,
        )
    for path in args.paths:
        if path.is_dir():
            chosen.packets.extend(packet_files(path))
            chosen.decisions.extend(sorted(path.rglob(DECISIONS_FILE)))
        elif not path.exists():
            raise FatalError(f"no such file or folder: {path.as_posix()}")
        elif not path.is_file():  # a device or a FIFO could be read forever
            raise FatalError(f"not a regular file: {path.as_posix()}")
        elif path.name == DECISIONS_FILE:
            chosen.decisions.append(path)
        elif path.resolve() == (root / CONFIG_FILE).resolve():
            continue  # read and checked on every run
        elif path.resolve() == (root / PEOPLE_FILE).resolve():
            # Who manages whom changed: every packet's manager is checked again
            # (the pre-commit hook names only the people file).
            chosen.packets.extend(repository_packets(root))
        elif path.suffix in {".yaml", ".yml"}:
            if _is_committee(path, root):
                chosen.roster = path
            else:
                chosen.ladders.append(path)
                if path.resolve().parent == (root / LADDERS_DIR).resolve():
                    # As in a pull request: a ladder change is checked against the
                    # packets on it (the pre-commit hook names only the ladder).
                    chosen.changed_ladders.add(path.stem)
        else:
            chosen.packets.append(path)
    chosen.packets = _once(chosen.packets)
    return chosen


def _once(paths: list[Path]) -> list[Path]:
    """``paths`` without repeats (a packet staged and re-checked for the people file)."""
    seen: set[Path] = set()
    kept: list[Path] = []
    for path in paths:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            kept.append(path)
    return kept


def changed_by(files: list[Path], ref: str, root: Path) -> list[Problem]:
    """A notice on each changed decisions file naming who changed it (git's authors)."""
    from rung.loaders.gitchanges import changed_by
    from rung.model.decisions import RULE

    notices = []
    for path in files:
        authors = ", ".join(changed_by(ref, path, root)) or "nobody"
        notices.append(
            Problem(
                display_path(root / path),
                1,
                1,
                Level.NOTICE,
                RULE,
                f"changed since {ref} by {authors}; only the chairs decide, so merging needs "
                "a chair's approval (.github/CODEOWNERS)",
            )
        )
    return notices
