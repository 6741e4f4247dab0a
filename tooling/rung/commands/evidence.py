"""``rung evidence PACKET``: read the GitHub work a packet cites and mark each link.

Verification informs, the committee judges: the exit code is 0 whatever the
marks say; 1 when the packet cannot be read as a packet (or GitHub fails to
serve it); 2 for configuration (no token, a bad cache path) or a refused file.
docs/evidence.md explains every mark.

``--packet-from-pr`` reads the packet from the pull request exactly as ``rung
scorecard --packet-from-pr`` does (:func:`rung.commands.committee_input.remote_check`:
the git trees of the checked head commit, never a symbolic link), for the
privileged workflow, which has only the default branch checked out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rung.commands.committee_input import (
    commit_sha,
    github_client,
    moved_on,
    one_line,
    pr_number,
    remote_check,
)
from rung.evidence.cache import DEFAULT_PATH, Cache, entry_key
from rung.evidence.marks import (
    Answer,
    cited_links,
    evaluate,
    hosts_for,
    report_json,
    summary,
)
from rung.evidence.model import Work
from rung.extras import require
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.loaders.sources import read_source
from rung.model.githublink import GitHubLink
from rung.model.packet import Packet, parse_packet
from rung.model.repo import find_root, load_ladders
from rung.problems import FatalError, Problem


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "evidence",
        help="check the GitHub work a packet links to: whose it is, when, and its state",
        description="Read every pull request, issue, commit, discussion and release the "
        "packet links to (GraphQL, 100 links per request) and mark each link.  Needs "
        "GITHUB_TOKEN; GITHUB_API_URL and GITHUB_SERVER_URL select GitHub Enterprise Server.",
    )
    parser.add_argument(
        "packet",
        nargs="?",
        metavar="PACKET",
        help="packet file (with --packet-from-pr: its path in the repository; omitted: "
        "the one packet the pull request changes)",
    )
    parser.add_argument(
        "--packet-from-pr",
        action="store_true",
        help="read the packet from pull request --pr N through the API, as data, instead "
        "of the working tree (as rung scorecard --packet-from-pr does)",
    )
    parser.add_argument("--pr", type=pr_number, metavar="N", help="pull-request number")
    parser.add_argument(
        "--head-sha",
        type=commit_sha,
        metavar="SHA",
        help="with --packet-from-pr: the commit packet-check checked; print nothing (exit 0) "
        "unless it is still the pull request's head",
    )
    parser.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="the pull request's repository (default: $GITHUB_REPOSITORY)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="FILE",
        help=f"answers kept between runs (default: $RUNG_EVIDENCE_CACHE or {DEFAULT_PATH} at the repository root)",
    )
    parser.add_argument("--no-cache", action="store_true", help="read everything from GitHub")
    parser.set_defaults(func=run_evidence)


def web_host(context: GitHubContext, env: Mapping[str, str]) -> str:
    """The host whose links are GitHub work: GITHUB_SERVER_URL's, else the API's own site."""
    if env.get("GITHUB_SERVER_URL"):
        return (urlsplit(context.server_url).hostname or "github.com").lower()
    api = urlsplit(context.api_url)
    if api.path.rstrip("/").endswith("/api/v3") and api.hostname:
        return api.hostname.lower()  # GitHub Enterprise Server: https://HOST/api/v3
    return "github.com"


def load_packet(path: Path) -> Packet:
    source, problems = read_source(path)
    packet = None
    if source is not None:
        packet, found = parse_packet(source.text, source.path)
        problems += found
    return _parsed(packet, problems, path.as_posix())


def _parsed(packet: Packet | None, problems: Sequence[Problem], shown: str) -> Packet:
    """The packet, or _Unreadable with its findings: the marks need only a packet that parses."""
    if packet is None:
        details = "\n".join(one_line(p.format_text()) for p in problems)
        raise _Unreadable(
            f"{details}\nrung: {one_line(shown)} is not a valid packet; run rung validate"
        )
    return packet


class _Unreadable(Exception):
    pass


def pr_packet(args: argparse.Namespace) -> Packet | None:
    """``--packet-from-pr``: the packet at the pull request's head, or None when the head
    has moved on from ``--head-sha`` (nothing to check: the new head's run does it)."""
    if args.pr is None:
        raise FatalError("--packet-from-pr reads the packet from a pull request: give --pr N")
    ladders, _ = load_ladders(find_root())  # remote_check runs every rule; marks need none
    client = github_client(args)
    try:
        pr = client.pull_request(args.pr)
        if moved_on(args, pr):
            return None
        check = remote_check(args, client, pr, ladders)
    finally:
        client.close()
    return _parsed(check.packet, check.problems, check.path)


def _local_packet(args: argparse.Namespace) -> Packet:
    if args.pr is not None or args.head_sha is not None:
        raise FatalError("--pr and --head-sha go with --packet-from-pr")
    if args.packet is None:
        raise FatalError("name the PACKET file (only --packet-from-pr can find it by itself)")
    return load_packet(Path(args.packet))


def run_evidence(args: argparse.Namespace) -> int:
    env = os.environ
    try:
        packet = pr_packet(args) if args.packet_from_pr else _local_packet(args)
    except _Unreadable as err:
        sys.stderr.write(f"{err}\n")
        return 1
    except GitHubError as err:
        sys.stderr.write(f"rung: error: {one_line(err.message)}\n")
        return 1
    if packet is None:
        return 0
    context = GitHubContext.from_env(env)
    host = web_host(context, env)
    cited = cited_links(packet, hosts_for(host))
    cache_path = (
        None
        if args.no_cache
        else (args.cache or Path(env.get("RUNG_EVIDENCE_CACHE") or find_root() / DEFAULT_PATH))
    )
    cache = Cache.load(cache_path)
    if cache.warning:
        sys.stderr.write(f"rung: warning: {one_line(cache.warning)}\n")
    now = datetime.now(UTC)

    refs: dict[str, GitHubLink] = {}
    for c in cited:
        if c.ref is not None:
            refs.setdefault(c.ref.key, c.ref)
    answers: dict[str, Answer] = {}
    for key in refs:
        work = cache.fresh(entry_key(key, packet.candidate), now)
        if work is not None:
            answers[key] = (work, "cache")
    to_read = [ref for key, ref in refs.items() if key not in answers]
    cost: dict[str, Any] = {"requests": 0, "read": len(to_read), "cached": len(answers)}
    if to_read:
        cost |= _read(context, env, to_read, packet.candidate, answers, cache=cache, now=now)
    try:
        cache.save()
    except OSError as err:
        raise FatalError(f"cannot write the evidence cache {cache_path}: {err.strerror}") from None

    checks = evaluate(packet, cited, answers, host)
    if args.format == "json":
        json.dump(report_json(packet, checks, cost, host), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for lc in checks:
            c = lc.cited
            sys.stdout.write(
                f"{one_line(packet.path)}:{c.line}:{c.column}: {one_line(lc.check.mark)}"
                f"  <{one_line(c.link)}>\n"
            )
    counts = ", ".join(f"{n} {status}" for status, n in summary(checks).items() if n)
    sys.stderr.write(f"rung: {len(checks)} links: {counts or 'none'}; {_cost_text(cost)}\n")
    return 0


def _read(
    context: GitHubContext,
    env: Mapping[str, str],
    refs: list[GitHubLink],
    candidate: str,
    answers: dict[str, Answer],
    *,
    cache: Cache,
    now: datetime,
) -> dict[str, Any]:
    require("github", "evidence")
    from rung.github.evidence import EvidenceReader

    reader = EvidenceReader(context, RetrySettings.from_env(env))
    try:
        for ref, answer in zip(refs, reader.read(refs, candidate), strict=True):
            answers[ref.key] = (answer, "github")
            if isinstance(answer, Work):
                cache.put(entry_key(ref.key, candidate), answer, now)
    finally:
        reader.close()
    b = reader.budget
    return {
        "requests": b.requests,
        "cost": b.cost,
        "limit": b.limit,
        "remaining": b.remaining,
        "used": b.used,
        "reset": b.reset or None,
    }


def _cost_text(cost: Mapping[str, Any]) -> str:
    n = cost["requests"]
    text = f"{n} GraphQL request{'s' if n != 1 else ''}"
    if n and cost.get("remaining") is not None:
        text += (
            f" (cost {cost.get('cost', 0)}; {cost['remaining']:,} of {cost.get('limit') or 0:,} "
            f"points left, resets {cost.get('reset')})"
        )
    return text + f", {cost['cached']} from the cache"
