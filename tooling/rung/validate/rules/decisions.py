"""The committee's decisions file names real packets, known outcomes and chairs.

``packets/<cycle>/decisions.yaml`` (docs/committee.md) records each packet's
outcome.  It is a file rule, not a packet rule: ``rung validate`` runs it on
every decisions file it checks.  Errors: a ``cycle`` that is not the folder's,
a candidate without a packet in that cycle, an outcome other than ``promote``,
``not-yet`` or ``defer``, a second decision on the same candidate, a
``decided_by`` login that is not a chair of ``.github/committee.yml`` (when the
roster names chairs), and ``feedback`` on a criterion id that is not one of the
criteria the candidate's move asks for (the letter lists those; its words would
be lost).  A decision without a meeting date is a warning.  With a
``decision_rule`` in the roster, a decision against it without ``override:`` is an
error too (:mod:`rung.validate.rules.decision_rule`: the panel's verdicts from the
promotion record's local branch).

Passing (``packets/2026-H2/decisions.yaml``, with ``dana-levi.md`` beside it)::

    cycle: 2026-H2
    meeting: 2026-07-14
    decided_by: [noa-shapiro]
    decisions:
      - candidate: dana-levi
        outcome: promote
        rationale: Strong HLD and delivery evidence; reviewers agreed.
        feedback:
          ic-l5.execution.hld-for-epics: Two HLDs shown; next, one across teams.

Failing (no packet ``packets/2026-H2/yael-mor.md``; an unknown outcome; feedback
on a criterion the move does not ask for)::

    decisions:
      - candidate: yael-mor
        outcome: promoted
        feedback:
          ic-l5.execution.hld-for-epic: A typo in the criterion id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath

from rung.ladder.model import Ladder, MoveError
from rung.loaders.sources import read_source
from rung.model.coverage import move_coverage
from rung.model.decisions import OUTCOMES, RULE, Decisions, cycle_candidates, read_decisions
from rung.model.packet import parse_packet
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start

if TYPE_CHECKING:  # the roster's module (fractions, decimal) only when a roster is read
    from typing import Any

    from rung.committee.roster import Roster

# casefolded login -> (the move as written, the criterion ids the move asks for)
Moves = Mapping[str, tuple[str, Sequence[str]]]

ID = RULE
LEVEL = Level.ERROR


def _hint(word: str, options: list[str]) -> str:
    import difflib  # only when a message needs it: not on every start

    close = difflib.get_close_matches(word.casefold(), options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check(
    decisions: Decisions,
    candidates: Mapping[str, str],
    roster: Roster | None = None,
    moves: Moves | None = None,
) -> Iterator[Problem]:
    """Findings for ``decisions``; ``candidates`` maps each casefolded login of the
    cycle's packets to its packet path; ``roster`` gives the chairs; ``moves`` the
    criteria each packet's move asks for (feedback is checked against them; a
    candidate missing from it has a packet too broken to say)."""
    path = decisions.path

    def problem(index: int | None, field: str | None, message: str, level: Level) -> Problem:
        if index is None:
            line, column = decisions.doc.value_at((field,) if field else ())
        else:
            line, column = decisions.position(index, field)
        return Problem(path, line, column, level, ID, message)

    folder = PurePosixPath(path).parent.name
    if folder and decisions.cycle != folder:
        yield problem(
            None,
            "cycle",
            f"cycle '{decisions.cycle}' is not this folder's ({folder}); a cycle's decisions "
            f"live in packets/{decisions.cycle}/decisions.yaml",
            Level.ERROR,
        )
    chairs = {m.key for m in roster.members if m.chair} if roster is not None else set()
    seen: dict[str, int] = {}
    for entry in decisions.entries:
        index = entry.index
        first = seen.get(entry.key)
        if first is not None:
            yield problem(
                index,
                "candidate",
                f"a second decision on '{entry.candidate}' (the first is on line {first}); "
                "record one outcome per packet and change it there",
                Level.ERROR,
            )
        else:
            seen[entry.key] = decisions.position(index, "candidate")[0]
        if entry.key not in candidates:
            known = sorted(candidates)
            listed = ", ".join(known[:10]) + (" ..." if len(known) > 10 else "") or "none"
            yield problem(
                index,
                "candidate",
                f"no packet packets/{folder}/{entry.candidate}.md in this cycle"
                f"{_hint(entry.candidate, known)} (packets: {listed})",
                Level.ERROR,
            )
        if entry.outcome not in OUTCOMES:
            yield problem(
                index,
                "outcome",
                f"unknown outcome '{entry.outcome}'{_hint(entry.outcome, list(OUTCOMES))}; "
                f"use one of: {', '.join(OUTCOMES)}",
                Level.ERROR,
            )
        if not entry.meeting:
            yield problem(
                index,
                None,
                f"the decision on '{entry.candidate}' has no meeting date; add 'meeting: "
                "YYYY-MM-DD' to it or at the top of the file",
                Level.WARNING,
            )
        if not entry.decided_by:
            yield problem(
                index,
                None,
                f"nobody decided on '{entry.candidate}'; add 'decided_by: [CHAIR]' to it "
                "or at the top of the file",
                Level.ERROR,
            )
        if moves is not None and entry.key in moves:
            yield from _unknown_feedback(decisions, index, entry.feedback, moves[entry.key])
    if chairs:
        yield from _not_chairs(decisions, chairs)


def _unknown_feedback(
    decisions: Decisions,
    index: int,
    feedback: Sequence[tuple[str, str]],
    move: tuple[str, Sequence[str]],
) -> Iterator[Problem]:
    """Feedback on a criterion the letter would not list: a typo, or another level's id."""
    written, criteria = move
    for criterion, _ in feedback:
        if criterion in criteria:
            continue
        line, column = decisions.doc.key_at(("decisions", index, "feedback", criterion))
        yield Problem(
            decisions.path,
            line,
            column,
            Level.ERROR,
            ID,
            f"feedback on '{criterion}', which is not a criterion of the move {written}"
            f"{_hint(criterion, list(criteria))}; feedback goes under the criteria the "
            "candidate's letter lists (rung rules decisions)",
        )


def _not_chairs(decisions: Decisions, chairs: set[str]) -> Iterator[Problem]:
    """Each ``decided_by`` login that is not a chair, where it is written (once)."""
    data = decisions.doc.data
    lists: list[tuple[str | int, ...]] = [("decided_by",)] if "decided_by" in data else []
    lists += [
        ("decisions", i, "decided_by")
        for i, entry in enumerate(data["decisions"])
        if "decided_by" in entry
    ]
    for where in lists:
        node: Any = data
        for part in where:
            node = node[part]
        for k, login in enumerate(node):
            if login.casefold() not in chairs:
                line, column = decisions.doc.value_at((*where, k))
                yield Problem(
                    decisions.path,
                    line,
                    column,
                    Level.ERROR,
                    ID,
                    f"'{login}' is not a chair; only members with 'chair: true' in "
                    ".github/committee.yml record decisions",
                )


def packet_moves(
    decisions: Decisions,
    candidates: Mapping[str, str],
    cycle_dir: Path,
    ladders: Mapping[str, Ladder],
) -> dict[str, tuple[str, Sequence[str]]]:
    """The move of each packet that has feedback, where its packet and ladder allow.

    Only those packets are read: a decisions file without feedback costs nothing more.
    """
    moves: dict[str, tuple[str, Sequence[str]]] = {}
    for entry in decisions.entries:
        if not entry.feedback or entry.key not in candidates:
            continue
        file = cycle_dir / PurePosixPath(candidates[entry.key]).name
        source = read_source(file)[0]
        packet = parse_packet(source.text, source.path)[0] if source is not None else None
        ladder = ladders.get(packet.ladder) if packet is not None else None
        if packet is None or ladder is None:
            continue  # the packet's own findings say why
        try:
            rows = move_coverage(packet, ladder).rows
        except MoveError:
            continue
        written = f"{packet.from_level} → {packet.to_level} on {ladder.id}"
        moves[entry.key] = (written, [row.criterion.id for row in rows])
    return moves


def check_decisions_file(
    path: Path, roster: Roster | None, ladders: Mapping[str, Ladder] | None = None
) -> list[Problem]:
    """Every finding of one decisions file: reading, YAML, schema and the rule; with
    ``ladders``, feedback is checked against each packet's move."""
    parsed, problems = read_decisions(path)
    if parsed is None:
        if not problems and not path.is_file():
            return [Problem(path.as_posix(), 0, 0, Level.ERROR, RULE, "no such file")]
        return problems
    candidates = cycle_candidates(path.parent)
    moves = packet_moves(parsed, candidates, path.parent, ladders) if ladders is not None else None
    found = problems + list(check(parsed, candidates, roster, moves))
    if ladders is not None:
        from rung.validate.rules import decision_rule  # git only when the roster has a rule

        found += decision_rule.check(parsed, candidates, path.parent, ladders, roster)
    return found
