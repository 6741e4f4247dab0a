"""``rung cycle publish`` and ``rung remind``: the cycle commands that write to GitHub."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from datetime import timedelta

from rung.commands.cycle_common import client, gather, load, roster, since, today
from rung.committee.roster import Roster
from rung.cycle.load import CycleInput
from rung.github.context import GitHubError
from rung.model.decisions import decisions_path
from rung.model.repo import PACKETS_DIR, find_root
from rung.problems import FatalError, FindingsError
from rung.record.replay import PacketRecord
from rung.scorecard.markdown import one_line

# --- rung cycle publish --------------------------------------------------------------------


def run_publish(args: argparse.Namespace) -> int:
    from rung.cycle.publish import decision_comment, plan_labels
    from rung.github.packet_record import TOKEN_ENV, blob_sha, record_decision

    _, cycle = load(args)
    if cycle.decisions is None or not cycle.decisions.entries:
        sys.stderr.write(f"rung: packets/{cycle.cycle}/decisions.yaml records no decision yet\n")
        return 0
    committee = roster(args)
    github = client(args)
    missing = 0
    decisions_sha = blob_sha(decisions_path(find_root() / PACKETS_DIR, cycle.cycle).read_bytes())
    try:
        pulls = github.cycle_pulls(cycle.cycle, since(args, cycle.cycle), verdicts=False)
        records = github.records(cycle.cycle)
        _refuse_against_the_rule(cycle, committee, records)
        for change in plan_labels(cycle, pulls, records):
            who = one_line(change.candidate)
            if change.pull is None:
                sys.stderr.write(f"rung: warning: {who}: no pull request for the packet\n")
                missing += 1
                continue
            number = change.pull.number
            verb = "would label" if args.dry_run else "labelled"
            if args.dry_run:
                sys.stdout.write(f"{who}: {verb} #{number} {change.label!r}\n")
                continue
            changed = github.set_label(number, change.label, change.pull.labels, change.family)
            body = decision_comment(change.decision, cycle.cycle)
            outcome = github.upsert_comment(number, body, body.split("\n", 1)[0])
            if records is not None and os.environ.get(TOKEN_ENV):
                record_decision(github, change, decisions_sha)
            state = "labelled" if changed else "already labelled"
            sys.stdout.write(
                f"{who}: {state} #{number} {change.label!r}; decision comment {outcome.action}\n"
            )
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        github.close()
    return 1 if missing else 0


def _refuse_against_the_rule(
    cycle: CycleInput, committee: Roster, records: Mapping[str, PacketRecord] | None
) -> None:
    """FindingsError, before anything is written, when a decision goes against the
    roster's rule without ``override:``: the file is one reviewed commit, so the run
    publishes all of it or none (as with a broken record), never half."""
    from rung.cycle.publish import against_the_rule
    from rung.github.record import record_ref

    if committee.decision_rule is None:
        return
    if records is None:
        # No GitHub App keeps a record: the only verdicts are live comments, which anyone
        # with write access can edit, so nothing is weighed (the agenda still shows them).
        sys.stderr.write(
            "rung: warning: no promotion record: the decisions were not weighed against "
            "the decision rule\n"
        )
        return
    ref = f"refs/heads/{record_ref(os.environ)}"
    found = against_the_rule(cycle, committee, records, ref)
    if found:
        raise FindingsError(
            f"{one_line(found[0].path)}: {len(found)} decision{'s' * (len(found) != 1)} "
            "against the decision rule without 'override:'; nothing was published",
            found,
        )


# --- rung remind ---------------------------------------------------------------------------


def run_remind(args: argparse.Namespace) -> int:
    from rung.cycle.remind import REMIND_MARKER, reminders

    if args.every < 1:
        raise FatalError("--every must be at least 1 day")
    # A reminder on any of the last --every days (today included) means: wait.
    day = today(args) - timedelta(days=args.every - 1)
    since_day = f"{day.isoformat()}T00:00:00Z"
    try:
        status = gather(args, online=True)
        github = client(args)
        sent = waiting = 0  # reminders posted (or that would be), and ones sent recently
        try:
            for reminder in reminders(status):
                who = ", ".join(reminder.owing)
                where = f"#{reminder.number} ({one_line(reminder.row.candidate)})"
                if args.dry_run:
                    recent = github.recent_ours(reminder.number, REMIND_MARKER, since_day)
                    sent, waiting = sent + (not recent), waiting + bool(recent)
                    verb = "already reminded" if recent else "would remind"
                    sys.stdout.write(f"{where}: {verb} {who}\n")
                    continue
                comment, new = github.post_once(
                    reminder.number, reminder.body, REMIND_MARKER, since_day
                )
                sent, waiting = sent + new, waiting + (not new)
                verb = "reminded" if new else "already reminded"
                sys.stdout.write(f"{where}: {verb} {who}: {comment.html_url}\n")
        finally:
            github.close()
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    # One line even when nobody owes a verdict: silence would look like nothing ran.
    done = "would be sent" if args.dry_run else "sent"
    sys.stderr.write(
        f"rung: {sent} reminder{'s' if sent != 1 else ''} {done}, "
        f"{waiting} pull request{'s' if waiting != 1 else ''} reminded in the last "
        f"{args.every} day{'s' if args.every != 1 else ''}\n"
    )
    return 0
