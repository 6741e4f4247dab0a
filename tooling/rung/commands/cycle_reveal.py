"""``rung cycle reveal CYCLE``: the scheduled reveal of a sealed cycle's verdicts.

The reveal on the last seal happens when ``rung scorecard --record`` sees that seal;
the reveal on the cycle's date needs a run on that day, whether anyone comments or
not.  This command is that run: for each packet whose record holds seals not opened
yet (and, from the reveal date on, each packet still without a decision), it runs ``rung scorecard --record --post`` on the pull request the record bound
the packet to, which reveals what is due (docs/security.md, "Sealed verdicts") and
posts the scorecard.  Only in the privileged scheduled workflow, in the `rung`
environment that holds ``$RUNG_SEAL_IDENTITY``.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from rung.commands.committee_input import github_client, load_committee
from rung.commands.committee_scorecard import run_scorecard
from rung.commands.cycle_common import parse_cycle, parse_date
from rung.github.context import GitHubError
from rung.model.repo import find_root
from rung.record.files import RECORDS_DIR, packet_of
from rung.record.replay import replay


def add_reveal(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reveal = sub.add_parser(
        "reveal",
        help="reveal a sealed cycle's verdicts that are due (the scheduled run of sealed mode)",
        description="For each packet of CYCLE whose promotion record holds sealed verdicts "
        "not opened yet, run 'rung scorecard --record --post' on its pull request: what is "
        "due (every reviewer sealed, or the reveal date has come) is revealed with "
        "$RUNG_SEAL_IDENTITY and recorded.  Exit 0, 1 when GitHub could not be read or a "
        "packet could not be scored, 2 on a usage or configuration error.",
    )
    reveal.add_argument(
        "cycle",
        nargs="?",
        type=parse_cycle,
        metavar="CYCLE",
        help="default: every cycle the roster puts in sealed mode (the scheduled run)",
    )
    reveal.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    reveal.add_argument(
        "--today",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the day compared with the reveal date (default: today, UTC)",
    )
    reveal.set_defaults(func=run_reveal)


def run_reveal(args: argparse.Namespace) -> int:
    from rung.github.packet_record import record_client
    from rung.github.record import RecordStore, record_ref

    sealed = load_committee(find_root(), None)[1].sealed
    cycles = [args.cycle] if args.cycle else sorted(sealed)
    today = args.today or datetime.now(UTC).date()
    client = github_client(args)
    try:
        store = RecordStore(record_client(client), record_ref(os.environ))
        due: list[tuple[str, int]] = []
        for cycle in cycles:
            # From the reveal date on, every packet under review: seals posted since the
            # last scorecard run are recorded and opened in the same run.
            dated = cycle not in sealed or today >= sealed[cycle].reveal
            for file in store.files_under(f"{RECORDS_DIR}/{cycle}"):
                entries, problems = file.chain()
                state = replay(entry for _, entry in entries)
                packet = packet_of(file.path)
                waiting = state.unrevealed or (dated and not state.decisions)
                if not problems and packet and waiting and state.pull is not None:
                    due.append((packet, state.pull))
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        client.close()
    if not due:
        sys.stderr.write(f"rung: no sealed verdicts waiting in {', '.join(cycles) or 'no cycle'}\n")
        return 0
    worst = 0
    for packet, pull in due:
        sys.stderr.write(f"rung: {packet} (#{pull})\n")
        scorecard = argparse.Namespace(
            command="scorecard", packet=packet, pr=pull, repo=args.repo, packet_from_pr=True,
            head_sha=None, record=True, roster=None, post=True, format="json", comments=None,
            evidence=None, today=today,
        )  # fmt: skip
        worst = max(worst, run_scorecard(scorecard))
    return worst
