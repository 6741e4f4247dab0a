"""``rung scorecard``: collate the committee's verdicts, from GitHub or from a saved file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rung.commands.committee_input import (
    errors_of,
    github_client,
    load_committee,
    local_check,
    moved_on,
    remote_check,
    report_refusal,
)
from rung.commands.scorecard_record import recorded_card
from rung.commands.scorecard_saved import Discussion, read_saved, with_voters_pending
from rung.committee.roster import Roster
from rung.github.context import GitHubError
from rung.model.packet import Packet
from rung.model.repo import find_root
from rung.problems import FatalError
from rung.scorecard.collate import (
    MARKER,
    Scorecard,
    blob_url,
    build_scorecard,
    problem_json,
)
from rung.scorecard.markdown import render_markdown, render_problems
from rung.validate.runner import PacketCheck

if TYPE_CHECKING:
    from rung.github.pull import PullInfo

GRAMMAR_HELP = """
verdicts (docs/committee.md):
  /meets WHY, /not-yet WHY     on a criterion's lines in the diff (a range must lie
                               within one criterion); the rest of the line is the reason
  /abstain WHY                 the same place: you cannot judge this criterion; it
                               completes your part, never counts as meets or not-yet
  /recommend promote|not-yet|defer WHY
                               overall: in a review's body, the conversation, or a
                               comment on the whole file
  /sealed + an age ciphertext  sealed mode (a cycle the roster seals): the same place;
                               counted as given, opened at the reveal (docs/committee.md)
  Commands are case-insensitive and count only at the start of a line of a
  top-level paragraph, as GitHub shows the comment (after white space, quotes or
  emphasis): never in code (```suggestion, indented), a quote (>), a list item,
  a heading, a table, an HTML comment (<!-- -->) or raw HTML (<details>...).
  Per reviewer and criterion the one written last counts.  A command that does
  not count is listed under "not counted" with the reason: not a committee member,
  not eligible for the packet, edited by someone else, not on one criterion, ...
"""


def run_scorecard(args: argparse.Namespace) -> int:
    root = find_root()
    if args.comments is not None:
        return _offline(args, root)
    if args.pr is None:
        raise FatalError("--pr N is required: the scorecard is read from the pull request")
    if args.record and not args.packet_from_pr:
        raise FatalError(
            "--record needs --packet-from-pr: the record is about the committed packet"
        )
    ladders, roster = load_committee(root, args.roster)
    client = github_client(args)
    try:
        pr = client.pull_request(args.pr)
        if moved_on(args, pr):  # before --evidence: its step wrote nothing for this head either
            return 0
        check = (
            remote_check(args, client, pr, ladders)
            if args.packet_from_pr
            else local_check(args.packet, ladders)
        )
        verification = _verification(args, check)
        card = None
        if check.coverage is not None:
            said = client.discussion(pr.number)
            earlier = client.earlier_packets(check.path, said[0])
            card = (
                recorded_card(
                    client,
                    check,
                    roster,
                    said,
                    pr=pr,
                    live=lambda manager: _card(check, roster, said, pr, earlier, manager=manager),
                    today=args.today or datetime.now(UTC).date(),
                )
                if args.record
                else _card(check, roster, said, pr, earlier)
            )
        _print(args, card, check, verification)
        if args.post:
            body = _markdown(card, check, None, client.context.artifacts_url, verification)
            outcome = client.upsert_comment(pr.number, body, MARKER)
            sys.stderr.write(f"rung: scorecard comment {outcome.action}: {outcome.url}\n")
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {err.message}\n")
        return 1
    finally:
        client.close()
    if errors_of(check):
        report_refusal(check, "not routed to reviewers")
        return 1
    return 0


def _card(
    check: PacketCheck,
    roster: Roster,
    said: Discussion,
    pr: PullInfo | None,
    earlier: dict[str, Packet | None],
    *,
    manager: str | None = None,
) -> Scorecard:
    assert check.packet is not None and check.ladder is not None and check.coverage is not None
    comments, reviews, conversation = said
    return build_scorecard(
        check.packet,
        check.coverage,
        roster,
        comments,
        ladder=check.ladder,
        author=pr.author if pr is not None else None,
        reviews=reviews,
        conversation=conversation,
        requested=pr.requested if pr is not None else (),
        path=check.path,
        file_url=blob_url(pr.repo_html_url, pr.head_sha, check.path) if pr is not None else None,
        problems=tuple(errors_of(check)),
        earlier=earlier,
        manager=manager,
    )


Verification = Mapping[str, str] | None  # criterion id -> verified / unverified / not checked


def _print(
    args: argparse.Namespace, card: Scorecard | None, check: PacketCheck, verification: Verification
) -> None:
    if args.format == "json":
        payload = card.to_json(verification) if card is not None else _problems_json(check)
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_markdown(card, check, sys.maxsize, None, verification))


def _markdown(
    card: Scorecard | None,
    check: PacketCheck,
    max_chars: int | None,
    artifacts: str | None,
    verification: Verification,
) -> str:
    if card is None:
        return render_problems(check.path, errors_of(check))
    if max_chars is None:
        return render_markdown(card, artifacts_url=artifacts, verification=verification)
    return render_markdown(card, max_chars=max_chars, verification=verification)


_WORDS = ("verified", "unverified", "not checked")


def _posix(path: str) -> str:
    return Path(path).as_posix().removeprefix("./")


def _verification(args: argparse.Namespace, check: PacketCheck) -> Verification:
    """``--evidence FILE.json``: the per-criterion words of ``rung evidence --format json``
    for this packet.  A file for another packet is a usage error, as for ``rung render
    --evidence``: the committee must not read another candidate's checks as this one's."""
    file: Path | None = args.evidence
    if file is None:
        return None
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise FatalError(f"cannot read --evidence {file}: {err}") from None
    criteria = doc.get("criteria") if isinstance(doc, dict) else None
    if not isinstance(criteria, dict) or not isinstance(doc.get("links"), list):
        raise FatalError(
            f"--evidence {file} is not evidence (want the output of "
            "'rung evidence PACKET --format json')"
        )
    named = doc.get("packet")
    # The scorecard's name for the packet, or the local file as given (rung evidence
    # names it so when run from another folder than the root).
    names = {check.path}
    if not args.packet_from_pr and args.packet:
        names.add(_posix(args.packet))
    if isinstance(named, str) and _posix(named) not in names:
        raise FatalError(
            f"--evidence {file} is for {named[:200]!r}, not for {check.path}: run "
            f"'rung evidence {check.path} --format json' for this packet"
        )
    words = {str(k): v for k, v in criteria.items()}
    wrong = next((v for v in words.values() if v not in _WORDS), None)
    if wrong is not None:
        raise FatalError(
            f"--evidence {file}: {str(wrong)[:80]!r} is not one of {', '.join(_WORDS)}"
        )
    return words


def _problems_json(check: PacketCheck) -> dict[str, Any]:
    """The JSON of a packet too broken to score: its path and its errors, no rows."""
    return {
        "packet": check.path,
        "rows": [],
        "problems": [problem_json(p) for p in errors_of(check)],
    }


def _offline(args: argparse.Namespace, root: Path) -> int:
    """``--comments FILE.json``: what rung would count, from saved REST JSON, with no token."""
    if args.pr is not None or args.post or args.packet_from_pr:
        raise FatalError("--comments previews offline: drop --pr, --post and --packet-from-pr")
    ladders, roster = load_committee(root, args.roster)
    check = local_check(args.packet, ladders)
    verification = _verification(args, check)
    said = read_saved(args.comments)
    card = _card(check, roster, said, None, {}) if check.coverage is not None else None
    card = with_voters_pending(card) if card is not None else None
    _print(args, card, check, verification)
    sys.stderr.write(
        "rung: offline preview: who edited a comment is not in the saved JSON (GitHub tells "
        "only through GraphQL), outdated comments are not placed, and verdicts still to give "
        "count only the reviewers who gave one (who was asked is not in the JSON)\n"
    )
    if errors_of(check):
        report_refusal(check, "not routed to reviewers")
        return 1
    return 0
