"""Where things live in a rung repository, and loading them from disk."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder
from rung.loaders.sources import display_path, read_source
from rung.problems import FatalError, Level, Problem

LADDERS_DIR = "ladders"
PACKETS_DIR = "packets"
COMMITTEE_FILE = ".github/committee.yml"
CONFIG_FILE = "rung.toml"  # optional: marks the root of a repository without ladders/ yet


class Ladders(dict[str, Ladder]):
    """Valid ladders by id, and how each broken one is broken (``broken[id]``).

    A packet naming a broken ladder is told the ladder is broken and where,
    not that no such ladder exists.
    """

    def __init__(self) -> None:
        super().__init__()
        self.broken: dict[str, str] = {}


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder at or above ``start`` holding ``ladders/``
    or a ``rung.toml``, never above a git work tree's top; ``start`` when there is none."""
    here = Path.cwd() if start is None else start
    for folder in (here.resolve(), *here.resolve().parents):
        if (folder / LADDERS_DIR).is_dir() or (folder / CONFIG_FILE).is_file():
            return here if folder == here.resolve() else folder
        if (folder / ".git").exists():
            break
    return here


def repo_path(path: Path, root: Path) -> str:
    """``path`` as the repository names it (``packets/2026-H2/x.md``), from any working
    folder: what GitHub's file lists, review comments and links use.  A file outside the
    repository is named as :func:`display_path` shows it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return display_path(path)


def ladder_files(root: Path) -> list[Path]:
    return sorted((root / LADDERS_DIR).glob("*.yaml"))


def load_ladder_file(path: Path, *, advise: bool = False) -> tuple[Ladder | None, list[Problem]]:
    source, problems = read_source(path)
    if source is None:
        return None, problems
    ladder, more = load_ladder(source.text, source.path, advise=advise)
    return ladder, problems + more


def resolve_ladder_path(root: Path, name: str) -> Path:
    """A ladder named by id (``thelotter``) or by path (``ladders/thelotter.yaml``)."""
    candidate = Path(name)
    if candidate.suffix in {".yaml", ".yml"} or "/" in name:
        return candidate
    return root / LADDERS_DIR / f"{name}.yaml"


def require_ladder(root: Path, name: str) -> Ladder:
    """Load one ladder for a command that cannot go on without it."""
    path = resolve_ladder_path(root, name)
    if not path.is_file():
        known = ", ".join(p.stem for p in ladder_files(root)) or "none"
        raise FatalError(
            f"no ladder '{name}' (looked for {display_path(path)}); known ladders: {known}"
        )
    ladder, problems = load_ladder_file(path)
    if ladder is None:
        details = "\n".join(p.format_text() for p in problems if p.level is Level.ERROR)
        raise FatalError(
            f"ladder {display_path(path)} is invalid; run 'rung ladder check':\n{details}"
        )
    return ladder


def _broken(found: list[Problem]) -> str | None:
    """How a ladder that did not load is broken, or None when it has no error."""
    errors = [p for p in found if p.level is Level.ERROR]
    if not errors:
        return None
    first = min(errors)
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    return f"{count}; see {first.path}:{first.line}:{first.column}"


def load_ladders(root: Path) -> tuple[Ladders, list[Problem]]:
    """Every valid ladder under ``ladders/`` by id, and the findings of all of them."""
    ladders = Ladders()
    problems: list[Problem] = []
    for path in ladder_files(root):
        ladder, found = load_ladder_file(path)
        problems.extend(found)
        if ladder is not None:
            ladders[ladder.id] = ladder
        elif (why := _broken(found)) is not None:
            ladders.broken[path.stem] = why
    return ladders, problems


class LazyLadders(Mapping[str, Ladder]):
    """:func:`load_ladders`'s ladders, each parsed when first asked for (``rung validate``
    of one packet needs one ladder of three: 8 ms of parsing saved per run).

    A valid ladder's id is its file's name (``check_ladder``), so ``ladders[id]``
    needs only ``ladders/<id>.yaml``; listing the ids parses every file.  Ladders
    set here (drafts kept elsewhere) take the place of the repository's.
    """

    def __init__(self, root: Path) -> None:
        self.files = {path.stem: path for path in ladder_files(root)}
        self.broken: dict[str, str] = {}  # as Ladders.broken, for the files parsed so far
        self.found: dict[str, list[Problem]] = {}  # each parsed file's findings, by stem
        self._valid: dict[str, Ladder] = {}
        self._set: dict[str, Ladder] = {}

    def repository_ladder(self, stem: str) -> Ladder | None:
        """The repository's valid ladder ``stem``, parsed now if it was not yet."""
        if stem not in self.found and stem in self.files:
            ladder, found = load_ladder_file(self.files[stem])
            self.found[stem] = found
            if ladder is not None:
                self._valid[ladder.id] = ladder
            elif (why := _broken(found)) is not None:
                self.broken[stem] = why
        return self._valid.get(stem)

    def __getitem__(self, key: str) -> Ladder:
        ladder = self._set.get(key)
        if ladder is None:
            ladder = self.repository_ladder(key)
        if ladder is None:
            raise KeyError(key)
        return ladder

    def __setitem__(self, key: str, ladder: Ladder) -> None:
        self._set[key] = ladder

    def __iter__(self) -> Iterator[str]:
        # In the files' order, as load_ladders gives them, then the ladders set here.
        valid = {stem: ladder for stem in self.files if (ladder := self.repository_ladder(stem))}
        return iter({**valid, **self._set})

    def __len__(self) -> int:
        return sum(1 for _ in self)
