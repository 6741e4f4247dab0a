"""The calibration committee roster (``.github/committee.yml``): model and checks.

The roster says who may review packets and at which level on each ladder.  It is
validated like a ladder: strict YAML, the shipped JSON Schema, then the checks a
schema cannot express, every finding on the line and column it is about.
Logins compare case-insensitively, as GitHub's do.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction

from rung.classes import dataclass, field
from rung.committee.volumes import Volumes, check_volumes, read_volumes
from rung.ladder.model import Ladder
from rung.ladder.model import Level as LadderLevel
from rung.loaders.schema import schema_problems
from rung.loaders.yamlload import Document, Position, YamlPath, load_yaml
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

RULE = "committee"
DEFAULT_REVIEWERS_PER_PACKET = 3


@dataclass(frozen=True)
class Member:
    login: str
    levels: Mapping[str, str] = field(default_factory=dict)  # ladder id -> level id
    org: str = ""  # empty: the member belongs to no org, so spreading ignores them
    unavailable: bool = False
    name: str = ""
    position: Position = (0, 0)  # of the login value
    chair: bool = False  # chairs record the cycle's decisions (packets/<cycle>/decisions.yaml)

    @property
    def key(self) -> str:
        """The login as GitHub compares it."""
        return self.login.casefold()


@dataclass(frozen=True)
class DecisionRule:
    """When the panel's verdicts back a promotion (docs/committee.md, "The decision rule")."""

    quorum: int = 1  # sides taken (meets or not yet) each required criterion needs
    meets_share: Fraction = Fraction(1, 2)  # of a criterion's sides, to hold it met
    max_not_yet: int = 0  # required criteria the panel may hold not met
    written: str = "1/2"  # meets_share as the roster writes it


@dataclass(frozen=True)
class Sealing:
    """A cycle in sealed mode: verdicts are encrypted to ``recipient`` until the reveal."""

    recipient: str  # age1... (an X25519 public key)
    reveal: date  # on or after this day (UTC) every sealed verdict is revealed


@dataclass(frozen=True)
class Roster:
    members: tuple[Member, ...]
    reviewers_per_packet: int = DEFAULT_REVIEWERS_PER_PACKET
    exclude_manager: bool = True
    max_open_reviews: int | None = None  # None: no limit
    path: str = ""
    decision_rule: DecisionRule | None = None  # None: the roster states no rule
    sealed: Mapping[str, Sealing] = field(default_factory=dict)  # cycle id -> sealed mode
    volumes: Volumes = field(
        default_factory=Volumes
    )  # how ``rung bundle`` splits a cycle (committee/volumes.py)

    def member(self, login: str) -> Member | None:
        wanted = login.casefold()
        return next((m for m in self.members if m.key == wanted), None)


def load_roster(
    text: str, path: str, ladders: Mapping[str, Ladder]
) -> tuple[Roster | None, list[Problem]]:
    """Parse and check a roster; the roster is None when it has errors.

    ``ladders`` are the repository's valid ladders by id: levels are checked
    against them.
    """
    doc, problems = load_yaml(text, path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        line, column = doc.value_at(())
        return None, [
            Problem(
                path,
                line,
                column,
                Level.ERROR,
                RULE,
                "the roster must be a mapping with a 'members' list; see docs/committee.md",
            )
        ]
    problems = schema_problems(doc, "committee", path, RULE)
    if problems:
        return None, problems
    roster = _build(doc, path)
    problems = check_roster(roster, doc, ladders)
    if any(p.level is Level.ERROR for p in problems):
        return None, problems
    return roster, problems


def _build(doc: Document, path: str) -> Roster:
    data: dict[str, Any] = doc.data
    members = tuple(
        Member(
            login=m["login"],
            levels=dict(m["levels"]),
            org=m.get("org", ""),
            unavailable=m.get("unavailable", False),
            name=m.get("name", ""),
            position=doc.value_at(("members", i, "login")),
            chair=m.get("chair", False),
        )
        for i, m in enumerate(data["members"])
    )
    return Roster(
        members=members,
        reviewers_per_packet=data.get("reviewers_per_packet", DEFAULT_REVIEWERS_PER_PACKET),
        exclude_manager=data.get("exclude_manager", True),
        max_open_reviews=data.get("max_open_reviews"),
        path=path,
        decision_rule=_rule(data["decision_rule"]) if "decision_rule" in data else None,
        sealed={
            cycle: Sealing(s["sealed"]["recipient"], _day(s["sealed"]["reveal"]))
            for cycle, s in data.get("cycles", {}).items()
            if "sealed" in s
        },
        volumes=read_volumes(data.get("volumes")),
    )


def _rule(data: Mapping[str, Any]) -> DecisionRule:
    written = str(data.get("meets_share", "1/2"))
    return DecisionRule(
        quorum=data.get("quorum", 1),
        meets_share=Fraction(written),  # the schema allows "2/3" and "0.75" only
        max_not_yet=data.get("max_not_yet", 0),
        written=written,
    )


def _day(text: str) -> date:
    """The reveal day; date.min for a day the calendar lacks (check_roster reports it)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return date.min


def _did_you_mean(word: str, options: list[str]) -> str:
    import difflib  # only when a message needs it: not on every start

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def check_roster(roster: Roster, doc: Document, ladders: Mapping[str, Ladder]) -> list[Problem]:
    """Checks the schema cannot express, each on the node it is about."""
    problems: list[Problem] = []

    def report(
        where: YamlPath, message: str, level: Level = Level.ERROR, key: bool = False
    ) -> None:
        line, column = doc.key_at(where) if key else doc.value_at(where)
        problems.append(Problem(roster.path, line, column, level, RULE, message))

    seen: dict[str, int] = {}
    for index, member in enumerate(roster.members):
        where: YamlPath = ("members", index)
        if member.key in seen:
            report(
                (*where, "login"),
                f"duplicate member '{member.login}' (first on line {seen[member.key]}); "
                "list each person once",
            )
        else:
            seen[member.key] = member.position[0]
        if not member.levels:
            report(
                (*where, "levels"),
                f"'{member.login}' holds no level on any ladder, so they can never be asked "
                "to review; add e.g. 'thelotter: ic-l6'",
                Level.WARNING,
            )
        for ladder_id, level_id in member.levels.items():
            ladder = ladders.get(ladder_id)
            if ladder is None:
                known = ", ".join(sorted(ladders)) or "none"
                report(
                    (*where, "levels", ladder_id),
                    f"unknown ladder '{ladder_id}'{_did_you_mean(ladder_id, sorted(ladders))} "
                    f"(known ladders: {known})",
                    key=True,
                )
            elif ladder.level(level_id) is None:
                options = [lv.id for lv in ladder.levels]
                report(
                    (*where, "levels", ladder_id),
                    f"ladder '{ladder_id}' has no level '{level_id}'"
                    f"{_did_you_mean(level_id, options)} (its levels: {', '.join(options)})",
                )
    problems += _rule_problems(roster, doc)
    for cycle, settings in doc.data.get("cycles", {}).items():
        if "sealed" in settings and _day(settings["sealed"]["reveal"]) == date.min:
            report(("cycles", cycle, "sealed", "reveal"), "no such day in the calendar")
    problems += check_volumes(roster.volumes, doc, roster.path, RULE, ladders)
    available = sum(1 for m in roster.members if not m.unavailable)
    if available < roster.reviewers_per_packet:
        where = ("reviewers_per_packet",) if "reviewers_per_packet" in doc.data else ("members",)
        report(
            where,
            f"reviewers_per_packet is {roster.reviewers_per_packet} but only {available} "
            f"member(s) are available; every packet will be short of reviewers",
            Level.WARNING,
        )
    return problems


def _rule_problems(roster: Roster, doc: Document) -> list[Problem]:
    """A share outside (0, 1] and a quorum no panel can reach."""
    rule = roster.decision_rule
    if rule is None:
        return []
    found = []
    if not 0 < rule.meets_share <= 1:
        line, column = doc.value_at(("decision_rule", "meets_share"))
        message = f"meets_share {rule.written} is not a share above 0 and at most 1 (e.g. 2/3)"
        found.append(Problem(roster.path, line, column, Level.ERROR, RULE, message))
    if rule.quorum > roster.reviewers_per_packet:
        line, column = doc.value_at(("decision_rule", "quorum"))
        message = (
            f"quorum {rule.quorum} is more than reviewers_per_packet "
            f"({roster.reviewers_per_packet}): a panel reaches it only when the chairs "
            "assign more reviewers"
        )
        found.append(Problem(roster.path, line, column, Level.WARNING, RULE, message))
    return found


def held_level(member: Member, ladder: Ladder) -> LadderLevel | None:
    """The level ``member`` holds on ``ladder``, or None."""
    level_id = member.levels.get(ladder.id)
    return ladder.level(level_id) if level_id is not None else None
