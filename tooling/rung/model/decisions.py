"""The committee's decisions of one cycle: ``packets/<cycle>/decisions.yaml``.

The file lives next to the packets it decides, so one pull request by a chair
records a meeting's outcomes and the git history is the audit trail.  Loading
is strict YAML and the shipped JSON Schema; the checks a schema cannot express
(a known candidate, a known outcome, one decision per packet, chairs only) are
the ``decisions`` rule (:mod:`rung.validate.rules.decisions`).  A decision's
optional ``feedback`` maps criterion ids to the chairs' words on each: what the
candidate's letter says about that criterion.  Light: PyYAML only, so
``rung validate`` can load it.
"""

from __future__ import annotations

from pathlib import Path

from rung.classes import dataclass
from rung.loaders.schema import schema_problems
from rung.loaders.sources import read_source
from rung.loaders.yamlload import Document, Position, load_yaml
from rung.problems import Level, Problem

DECISIONS_FILE = "decisions.yaml"
RULE = "decisions"
# The outcomes a committee can record, in the order letters and reports list them.
OUTCOMES = ("promote", "not-yet", "defer")


@dataclass(frozen=True)
class Decision:
    candidate: str
    outcome: str
    rationale: str
    meeting: str  # YYYY-MM-DD; "" when neither the entry nor the file names one
    decided_by: tuple[str, ...]
    index: int  # in the file's ``decisions`` list
    # Criterion id -> the chairs' words on it, in the file's order.  The letter's reasons
    # come from here and nowhere else: never from what reviewers wrote on GitHub.
    feedback: tuple[tuple[str, str], ...] = ()
    # Why the chairs decided against the roster's decision rule ("" when they did not say).
    override: str = ""

    @property
    def key(self) -> str:
        return self.candidate.casefold()


@dataclass(frozen=True)
class Decisions:
    cycle: str
    path: str
    entries: tuple[Decision, ...]
    doc: Document

    def position(self, index: int, field: str | None = None) -> Position:
        """Where entry ``index`` (or its ``field`` value) is written."""
        where: tuple[str | int, ...] = ("decisions", index)
        return self.doc.value_at((*where, field) if field else where)

    def for_candidate(self, login: str) -> Decision | None:
        """The decision on ``login`` (the first, when the file has duplicates)."""
        wanted = login.casefold()
        return next((d for d in self.entries if d.key == wanted), None)


def decisions_path(packets_dir: Path, cycle: str) -> Path:
    return packets_dir / cycle / DECISIONS_FILE


def parse_decisions(text: str, path: str) -> tuple[Decisions | None, list[Problem]]:
    """Parse a decisions file; None (with the findings) when it is not well formed."""
    doc, problems = load_yaml(text, path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        line, column = doc.value_at(())
        message = "the decisions file must be a mapping with 'cycle' and 'decisions'"
        return None, [Problem(path, line, column, Level.ERROR, RULE, message)]
    problems = schema_problems(doc, "decisions", path, RULE)
    if problems:
        return None, problems
    data = doc.data
    meeting = data.get("meeting", "")
    chairs = tuple(data.get("decided_by", ()))
    entries = tuple(
        Decision(
            candidate=entry["candidate"],
            outcome=entry["outcome"],
            rationale=entry["rationale"],
            meeting=entry.get("meeting", meeting),
            decided_by=tuple(entry.get("decided_by", chairs)),
            index=index,
            feedback=tuple(entry.get("feedback", {}).items()),
            override=entry.get("override", ""),
        )
        for index, entry in enumerate(data["decisions"])
    )
    return Decisions(data["cycle"], path, entries, doc), []


def read_decisions(path: Path) -> tuple[Decisions | None, list[Problem]]:
    """The decisions file at ``path``; (None, []) when the cycle has none yet."""
    if not path.is_file():
        return None, []
    source, problems = read_source(path)
    if source is None:
        return None, problems
    decisions, more = parse_decisions(source.text, source.path)
    return decisions, problems + more


def cycle_candidates(cycle_dir: Path) -> dict[str, str]:
    """Casefolded login -> packet path for each packet file of a cycle folder.

    The file name is the candidate's login (the ``path`` rule makes sure), so
    the packets need not be parsed.
    """
    return {
        p.stem.casefold(): f"{cycle_dir.as_posix()}/{p.name}"
        for p in sorted(cycle_dir.glob("*.md"))
        if p.is_file() and p.name.lower() != "readme.md"
    }
