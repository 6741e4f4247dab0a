"""The repository files ``rung validate`` checks beside the packets: the committee
roster, the people file (against each packet's ``manager:``) and the decisions files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rung.ladder.model import Ladder
from rung.loaders.sources import display_path, read_source
from rung.model.repo import COMMITTEE_FILE, LazyLadders
from rung.problems import Problem
from rung.validate.rules import reviewers

TYPE_CHECKING = False  # not typing's: importing typing costs every start

if TYPE_CHECKING:
    from rung.committee.roster import Roster
    from rung.validate import plan_cache


def people_problems(root: Path, asking: list[reviewers.Asking]) -> list[Problem]:
    """The people file's findings, and each packet naming another manager than it does."""
    if not asking:
        return []
    from rung.model.people import read_people
    from rung.validate.rules.manager import named_elsewhere

    people, problems = read_people(root)
    if people is None:
        return problems
    found = (named_elsewhere(people, a.path, a.candidate, a.manager, a.manager_at) for a in asking)
    return [p for p in found if p is not None]


def roster_problems(
    root: Path,
    roster_file: Path,
    ladders: LazyLadders,
    asking: list[reviewers.Asking],
    *,
    asked: bool,
    stamped: plan_cache.Stamped | None,
) -> list[Problem]:
    """The roster's findings when it was ``asked`` for (its path given, or the whole
    repository checked), and the packets it cannot give enough reviewers; from
    ``validate/plan_cache.py`` when it may (``stamped``)."""
    from rung.validate import plan_cache  # not on a start without a roster

    # The roster names only the repository's ladders; a draft kept elsewhere has no
    # reviewers yet, and saying so would be noise.
    asking = [a for a in asking if ladders.repository_ladder(a.ladder) is not None]
    shown = display_path(roster_file)
    cached = plan_cache.read(root, stamped) if stamped else None
    if cached is not None:
        return cached.shortfalls(asking, shown)
    roster, found = read_roster(roster_file, ladders)
    problems = found if asked else []
    if roster is not None:
        problems.extend(reviewers.shortfalls(roster, ladders, asking, shown))
    if stamped is not None:
        repository = {s: lad for s in ladders.files if (lad := ladders.repository_ladder(s))}
        plan_cache.write(root, stamped, roster, repository)
    return problems


def read_roster(path: Path, ladders: Mapping[str, Ladder]) -> tuple[Roster | None, list[Problem]]:
    """The committee roster (None when broken) and its findings."""
    from rung.committee.roster import load_roster

    source, problems = read_source(path)
    if source is None:
        return None, problems
    roster, found = load_roster(source.text, source.path, ladders)
    return roster, problems + found


def decisions_problems(
    files: list[Path], root: Path, ladders: Mapping[str, Ladder]
) -> list[Problem]:
    """Findings of the cycles' decisions files; the roster (if valid) names the chairs."""
    if not files:
        return []
    from rung.committee.roster import load_roster
    from rung.validate.rules.decisions import check_decisions_file

    roster = None
    source = read_source(root / COMMITTEE_FILE)[0] if (root / COMMITTEE_FILE).is_file() else None
    if source is not None:
        roster = load_roster(source.text, source.path, ladders)[0]
    return [p for path in files for p in check_decisions_file(path, roster, ladders)]
