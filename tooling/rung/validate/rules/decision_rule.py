"""A decision against the roster's decision rule gives its reason (``override:``).

When ``.github/committee.yml`` has a ``decision_rule``, a decision in
``packets/<cycle>/decisions.yaml`` whose outcome is not the one the panel's verdicts
back (docs/committee.md, "The decision rule") must say why, in ``override:``; an
error on the decision's outcome otherwise.  ``defer`` never goes against the rule.

Validate is offline: it weighs the panel's verdicts as the promotion record holds
them, read with local git from the record's branch (``rung-record``, or
``$RUNG_RECORD_REF``; ``origin/rung-record`` when only fetched).  Without that
branch in the clone there is nothing trustworthy to weigh, and the check is left
to the chairs' agenda (``rung cycle agenda``), which reads the record through the
API.  Never GitHub's live comments: anyone with write access can edit them.

Passing (the panel split 1–2 on a criterion and the rule allows none short)::

    decisions:
      - candidate: dana-levi
        outcome: promote
        rationale: The HLD evidence outweighs the review.
        override: The second HLD landed after the reviews; the chairs read it.

Failing (the same, without ``override:``)::

    decisions:
      - candidate: dana-levi
        outcome: promote
        rationale: The HLD evidence outweighs the review.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from rung.committee.panel import against_problem, against_rule
from rung.committee.roster import Roster
from rung.ladder.model import Ladder
from rung.loaders.gitshow import branch_commit, show
from rung.loaders.sources import read_source
from rung.model.decisions import RULE, Decision, Decisions
from rung.model.packet import parse_packet
from rung.problems import Level, Problem
from rung.record.chain import read_chain
from rung.record.files import DEFAULT_REF, check_ref, record_path
from rung.record.replay import replay

REF_ENV = "RUNG_RECORD_REF"


class BrokenRecordError(Exception):
    """The packet's record on the local branch has chain findings (its path is the message)."""


def _ref(cwd: Path) -> str | None:
    try:
        name = check_ref(os.environ.get(REF_ENV) or DEFAULT_REF)
    except ValueError:
        return None  # the privileged commands say so; validate has nothing to read
    return branch_commit(cwd, [f"refs/heads/{name}", f"refs/remotes/origin/{name}"])


def check(
    decisions: Decisions,
    candidates: Mapping[str, str],
    cycle_dir: Path,
    ladders: Mapping[str, Ladder],
    roster: Roster | None,
) -> Iterator[Problem]:
    """An error for each decision against the rule without ``override:``."""
    rule = roster.decision_rule if roster is not None else None
    if rule is None or roster is None:
        return
    pending = [
        e for e in decisions.entries if not e.override and e.outcome != "defer"
        and e.key in candidates
    ]  # fmt: skip
    ref = _ref(cycle_dir) if pending else None
    if ref is None:
        return
    for entry in pending:
        try:
            said = _against(
                entry, candidates[entry.key], cycle_dir, ladders, roster=roster, ref=ref
            )
        except BrokenRecordError as err:
            line, column = decisions.position(entry.index, "outcome")
            yield Problem(
                decisions.path, line, column, Level.WARNING, RULE,
                f"the promotion record {err} on {ref} is broken (rung record verify "
                f"--file): the decision on '{entry.candidate}' was not weighed against "
                "the decision rule",
            )  # fmt: skip
            continue
        if said is not None:
            yield against_problem(decisions, entry, ref, said)


def _against(
    entry: Decision, packet_file: str, cycle_dir: Path, ladders: Mapping[str, Ladder], *,
    roster: Roster, ref: str,
) -> str | None:  # fmt: skip
    """What the rule says when ``entry`` goes against it (None: it does not, or the
    record or the packet cannot say)."""
    name = PurePosixPath(packet_file).name
    cycle = cycle_dir.name
    try:
        where = record_path(cycle, name.removesuffix(".md"))
    except ValueError:
        return None
    text = show(cycle_dir, ref, where)
    source = read_source(cycle_dir / name)[0]
    packet = parse_packet(source.text, source.path)[0] if source is not None else None
    ladder = ladders.get(packet.ladder) if packet is not None else None
    if text is None or packet is None or ladder is None:
        return None
    entries, problems = read_chain(text, where)
    if problems:
        raise BrokenRecordError(where)  # nothing trustworthy to weigh
    record = replay(e for _, e in entries)
    return against_rule(entry, record, roster, ladder, packet)
