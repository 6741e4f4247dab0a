"""What the `reviewers` rule needs of the committee roster, kept between runs (issue 29).

Checking one packet against the roster meant parsing the roster and every ladder
it names (it is valid only when each member's ladder and level exist) and
importing the assignment code: some 20 ms of a pre-commit check, for an answer
that depends only on those files.  ``.rung-cache/reviewers-plan.json`` keeps that
answer: whether the roster is valid, its ``reviewers_per_packet`` and
``exclude_manager``, and for every level of every valid ladder who may review a
packet for it (``reviewers.eligible_at``); ``reviewers.count_shortfalls`` gives
the warnings from it as from the roster itself.

It is trusted as the `reuse` index is (``index_cache``): it names the roster
and every ladder file with its size, mtime, ctime and inode, and is used only
while the files are exactly those — the same names, none added or gone, none a
symbolic link or below one; it is written only when every file was last changed
more than ``RACY_SECONDS`` before the run stamped them, and only when they are
unchanged when it is written.  Another version of rung or of the code that makes
the plan (``CODE``: each file's size and mtime), a malformed file, the
roster asked for (``rung validate .github/committee.yml``, a whole-repository run)
or a ladder file given means the roster is read as before.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from rung import __version__
from rung.ladder.model import Ladder
from rung.loaders.sources import symbolic_link
from rung.problems import Problem
from rung.validate.cache_file import code_stamps, read_cache, write_cache
from rung.validate.rules.reviewers import Asking, count_shortfalls, eligible_at

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

CACHE_NAME = "reviewers-plan.json"
VERSION = 1
RACY_SECONDS = 2  # as index_cache's

# The roster ("") and each ladder (by its file's stem): size, mtime, ctime, inode.
Stamps = dict[str, list[int]]
Levels = dict[str, dict[str, list[str]]]  # ladder -> level -> eligible logins, casefolded


# The code that decides what the plan holds: a changed file (an upgrade, a
# checkout of another commit) is another answer, whatever rung's version says.
CODE = ("committee", "ladder", "loaders", "schemas", "validate/rules/reviewers.py", __file__)


class Stamped:
    """The files the roster check reads, stamped before any of them is read."""

    def __init__(self, paths: dict[str, Path], stamps: Stamps, at_ns: int) -> None:
        self.paths = paths
        self.stamps = stamps
        self.at_ns = at_ns
        self.code = code_stamps(CODE)


def stamp(roster: Path, ladders: Mapping[str, Path]) -> Stamped | None:
    """The roster's and the ladder files' stamps now; None when one is missing, not a
    regular file, or is or lies below a symbolic link (it is read as before)."""
    at_ns = time.time_ns()
    paths = {"": roster, **ladders}
    stamps: Stamps = {}
    for name, path in paths.items():
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or symbolic_link(path) is not None:
            return None
        stamps[name] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return Stamped(paths, stamps, at_ns)


class CachedPlan:
    """The roster as the `reviewers` rule sees it; ``levels`` None: the roster is invalid."""

    def __init__(self, quota: int, exclude_manager: bool, levels: Levels | None) -> None:
        self.quota = quota
        self.exclude_manager = exclude_manager
        self.levels = levels

    def shortfalls(self, packets: Iterable[Asking], roster_path: str) -> list[Problem]:
        levels = self.levels
        if levels is None:
            return []  # an invalid roster plans nobody, as before

        def eligible(ladder: str, level: str) -> tuple[str, ...] | None:
            logins = levels.get(ladder, {}).get(level)
            return None if logins is None else tuple(logins)

        return count_shortfalls(self.quota, self.exclude_manager, eligible, packets, roster_path)


def _strings(items: Any) -> bool:
    return type(items) is list and all(type(item) is str for item in items)


def _levels(data: Any) -> Levels | None:
    if type(data) is not dict:
        return None
    for levels in data.values():
        if type(levels) is not dict or not all(map(_strings, levels.values())):
            return None
    return data


def read(root: Path, stamped: Stamped) -> CachedPlan | None:
    """The cached plan when it was made from exactly the stamped files, else None."""
    raw = read_cache(root, CACHE_NAME)
    try:
        data = json.loads(raw) if raw is not None else None
    except ValueError:
        return None
    if (
        type(data) is not dict
        or data.get("version") != VERSION
        or data.get("rung") != __version__
        or data.get("files") != stamped.stamps
        or data.get("code") != stamped.code
    ):
        return None
    plan = data.get("plan")
    if plan is None:
        return CachedPlan(0, False, None)
    if type(plan) is not dict:
        return None
    quota, exclude, levels = plan.get("quota"), plan.get("exclude_manager"), plan.get("levels")
    levels = _levels(levels)
    if type(quota) is not int or type(exclude) is not bool or levels is None:
        return None
    return CachedPlan(quota, exclude, levels)


def write(root: Path, stamped: Stamped, roster: Any, ladders: Mapping[str, Ladder]) -> None:
    """Keep what the `reviewers` rule needs of ``roster`` (None: invalid), read from the
    stamped files, when they are still those and none was changed too recently."""
    racy_ns = stamped.at_ns - RACY_SECONDS * 1_000_000_000
    if any(max(s[1], s[2]) >= racy_ns for s in stamped.stamps.values()):
        return  # changed in the same clock tick as the stamp, maybe: not trusted
    plan: dict[str, Any] | None = None
    if roster is not None:
        eligible = eligible_at(roster, ladders)
        levels = {
            ladder_id: {
                level.id: list(eligible(ladder_id, level.id) or ()) for level in ladder.levels
            }
            for ladder_id, ladder in ladders.items()
        }
        plan = {
            "quota": roster.reviewers_per_packet,
            "exclude_manager": roster.exclude_manager,
            "levels": levels,
        }
    roster_file = stamped.paths[""]
    now = stamp(roster_file, {k: v for k, v in stamped.paths.items() if k})
    if now is not None and now.stamps == stamped.stamps:  # none changed while it was read
        data = {
            "version": VERSION,
            "rung": __version__,
            "code": stamped.code,
            "files": stamped.stamps,
            "plan": plan,
        }
        write_cache(root, CACHE_NAME, json.dumps(data).encode("utf-8"))
