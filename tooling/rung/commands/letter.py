"""``rung letter``: the candidate's letter for a decided packet, and ``--draft-feedback``.

The letter reads the repository only (the packet, its ladder, the roster and the
decision in ``decisions.yaml``).  ``--draft-feedback`` is the one part that reads
GitHub: it prints a draft of the committee's feedback and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rung.commands.committee_input import load_committee
from rung.commands.cycle_common import client, is_online, since
from rung.commands.private_file import write_private
from rung.committee.roster import Roster
from rung.cycle.load import CyclePacket, load_cycle
from rung.cycle.pulls import PullData
from rung.extras import require
from rung.github.context import GitHubError
from rung.ladder.model import Ladder
from rung.model.decisions import Decision, Decisions
from rung.model.repo import find_root
from rung.problems import FatalError
from rung.scorecard.markdown import one_line

# --- rung letter ---------------------------------------------------------------------------


def run_letter(args: argparse.Namespace) -> int:
    root = find_root()
    ladders, committee = load_committee(root, args.roster)
    item, others, decisions = _letter_subject(root, args.packet, ladders)
    args.cycle = item.packet.cycle
    if args.draft_feedback:
        return _draft(args, item, others, committee)
    decision = decisions.for_candidate(item.packet.candidate) if decisions else None
    if decisions is None or decision is None:
        raise FatalError(
            f"no decision on '{item.packet.candidate}' in packets/{args.cycle}/decisions.yaml "
            "yet; the letter follows the committee's decision"
        )
    _all_feedback_listed(decisions, decision, item)
    require("render", "letter")
    from rung.cycle.letter import letter_view
    from rung.cycle.pdf import render_pdf, templates_dir

    # The letter is the decision record and the repository only: nothing read from GitHub.
    view = letter_view(
        item.packet,
        item.ladder,
        item.coverage,
        decision,
        people={m.login: m.name or m.login for m in committee.members},
        others=others,
    )
    templates = templates_dir(root, "letter.html.j2")
    pdf = render_pdf(templates, "letter.html.j2", date=None, letter=view)
    out: Path = args.out or Path("out", "letters", args.cycle, f"{item.packet.candidate}.pdf")
    write_private(out, pdf)
    sys.stderr.write(f"rung: wrote {one_line(str(out))}\n")
    return 0


def _draft(
    args: argparse.Namespace, item: CyclePacket, others: list[str], committee: Roster
) -> int:
    """Print a draft of the committee's feedback from the counted /not-yet reasons."""
    from rung.cycle.feedback import draft_feedback
    from rung.cycle.load import pulls_by_path
    from rung.cycle.redact import redactor
    from rung.cycle.verdicts import collate

    if not is_online(args):
        raise FatalError(
            "--draft-feedback reads the /not-yet reasons on the packet's pull request: "
            "set GITHUB_TOKEN and leave out --offline"
        )
    github = client(args)
    pull: PullData | None
    try:
        records = github.records(args.cycle)
        record = records.get(item.path) if records is not None else None
        if args.pr is not None:
            pull = github.pull_data(args.pr, args.cycle)
        else:
            found = github.cycle_pulls(args.cycle, since(args, args.cycle), verdicts=False)
            chosen = pulls_by_path(found, records).get(item.path)
            pull = github.pull_data(chosen.number, args.cycle) if chosen else None
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        github.close()
    if pull is None or item.path not in pull.paths:
        raise FatalError(f"no pull request changes {item.path}; pass --pr N")
    verdicts = collate(
        item.packet, item.ladder, item.coverage, committee, pull, path=item.path, record=record
    )
    # Everyone who took part in the pull request, not only the roster: their logins too.
    spoke = {c.login for c in pull.comments if c.login}
    spoke |= {r.login for r in pull.reviews if r.login}
    spoke |= {c.login for c in pull.conversation if c.login}
    spoke.discard(pull.author or "")
    redact = redactor(
        [*(m.login for m in committee.members), *verdicts.reviewers, *spoke],
        [m.name for m in committee.members],
        others,
    )
    sys.stdout.write(
        draft_feedback(
            item.coverage,
            verdicts,
            redact,
            candidate=item.packet.candidate,
            cycle=args.cycle,
            pull=pull.number,
        )
    )
    sys.stderr.write(
        "rung: printed a draft for the chairs to edit; nothing was written to the "
        "repository or to GitHub\n"
    )
    return 0


def _all_feedback_listed(decisions: Decisions, decision: Decision, item: CyclePacket) -> None:
    """Refuse a letter that would leave out some of the committee's feedback: a criterion
    id the move does not ask for (``rung validate`` says the same, with a hint)."""
    asked = {row.criterion.id for row in item.coverage.rows}
    for criterion, _ in decision.feedback:
        if criterion not in asked:
            line, column = decisions.doc.key_at(
                ("decisions", decision.index, "feedback", criterion)
            )
            raise FatalError(
                f"{decisions.path}:{line}:{column}: feedback on '{criterion}', which is not a "
                f"criterion of {item.packet.candidate}'s move, would be left out of the "
                f"letter; run 'rung validate {decisions.path}'"
            )


def _letter_subject(
    root: Path, packet_file: Path, ladders: dict[str, Ladder]
) -> tuple[CyclePacket, list[str], Decisions | None]:
    """The packet, the other candidates of its cycle (to redact) and the cycle's decisions."""
    parts = packet_file.resolve().relative_to(root.resolve()).parts if packet_file.is_file() else ()
    if len(parts) != 3 or parts[0] != "packets":
        raise FatalError(f"{packet_file} is not a packet file packets/CYCLE/LOGIN.md here")
    cycle = load_cycle(root, parts[1], ladders)
    path = "/".join(parts)
    item = next((p for p in cycle.packets if p.path == path), None)
    if item is None:
        raise FatalError(f"{path} is not a valid packet; run 'rung validate {path}'")
    others = [
        w for p in cycle.packets if p is not item for w in (p.packet.candidate, p.packet.name)
    ]
    return item, others, cycle.decisions
