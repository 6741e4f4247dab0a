"""A cycle from disk (its packets, ladders and decisions), and its status from that plus
what GitHub says about the pull requests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rung.committee.roster import Roster
from rung.cycle.pulls import PullData
from rung.cycle.status import CycleStatus, packet_status
from rung.cycle.verdicts import collate, no_verdicts
from rung.ladder.model import Ladder, MoveError
from rung.loaders.sources import read_source
from rung.model.coverage import Coverage, move_coverage
from rung.model.cycles import cycle_date
from rung.model.decisions import Decisions, decisions_path, read_decisions
from rung.model.packet import Packet, parse_packet
from rung.model.repo import PACKETS_DIR
from rung.problems import FatalError, Level
from rung.record.replay import PacketRecord


@dataclass(frozen=True)
class CyclePacket:
    packet: Packet
    ladder: Ladder
    coverage: Coverage
    path: str  # in the repository: packets/CYCLE/LOGIN.md


@dataclass(frozen=True)
class CycleInput:
    cycle: str
    packets: tuple[CyclePacket, ...]  # by candidate
    skipped: tuple[str, ...]  # packet files that are not valid enough to report on
    decisions: Decisions | None


def check_cycle_name(cycle: str) -> str:
    if cycle_date(cycle) is None:
        raise FatalError(
            f"'{cycle}' is not a cycle name; use YYYY-H1, YYYY-H2, YYYY-Q1..Q4 or YYYY-MM"
        )
    return cycle


def load_cycle(root: Path, cycle: str, ladders: Mapping[str, Ladder]) -> CycleInput:
    """The cycle's packets that parse and whose move their ladder allows, and its decisions."""
    folder = root / PACKETS_DIR / check_cycle_name(cycle)
    if not folder.is_dir():
        raise FatalError(f"no folder {PACKETS_DIR}/{cycle}: the cycle has no packets")
    packets: list[CyclePacket] = []
    skipped: list[str] = []
    for file in sorted(folder.glob("*.md")):
        if file.name.lower() == "readme.md":
            continue
        path = f"{PACKETS_DIR}/{cycle}/{file.name}"
        source = read_source(file)[0]
        packet = parse_packet(source.text, path)[0] if source is not None else None
        ladder = ladders.get(packet.ladder) if packet is not None else None
        if packet is None or ladder is None:
            skipped.append(path)
            continue
        try:
            coverage = move_coverage(packet, ladder)
        except MoveError:
            skipped.append(path)
            continue
        packets.append(CyclePacket(packet, ladder, coverage, path))
    decisions, problems = read_decisions(decisions_path(root / PACKETS_DIR, cycle))
    if any(p.level is Level.ERROR for p in problems):
        shown = f"{PACKETS_DIR}/{cycle}/decisions.yaml"
        raise FatalError(f"{shown} is invalid; run 'rung validate {shown}'")
    packets.sort(key=lambda p: p.packet.candidate.casefold())
    return CycleInput(cycle, tuple(packets), tuple(skipped), decisions)


def pulls_by_path(
    pulls: Iterable[PullData], records: Mapping[str, PacketRecord] | None = None
) -> dict[str, PullData]:
    """The pull request that stands for each packet file.

    With the promotion record (``records``: packet path -> its record), the one the
    record bound the packet to, and no other: a second pull request touching the
    packet never takes its place.  Without a record (no GitHub App keeps one), an
    open one, else the newest.
    """
    if records is not None:
        by_number = {pull.number: pull for pull in pulls}
        return {
            path: by_number[record.pull]
            for path, record in records.items()
            if record.pull is not None and record.pull in by_number
        }
    chosen: dict[str, PullData] = {}
    for pull in pulls:
        for path in pull.paths:
            best = chosen.get(path)
            if best is None or (pull.state == "open", pull.created_at, pull.number) > (
                best.state == "open",
                best.created_at,
                best.number,
            ):
                chosen[path] = pull
    return chosen


def cycle_status(
    cycle: CycleInput,
    today: date,
    *,
    roster: Roster | None = None,
    pulls: Iterable[PullData] | None = None,
    records: Mapping[str, PacketRecord] | None = None,
) -> CycleStatus:
    """The cycle's status; offline (coverage and decisions only) when ``pulls`` is None;
    verdicts as the promotion record holds them when ``records`` is given."""
    online = pulls is not None
    if online and roster is None:
        raise ValueError("reading verdicts needs the committee roster")
    by_path = pulls_by_path(pulls or (), records)
    rows = []
    for item in cycle.packets:
        pull = by_path.get(item.path)
        record = records.get(item.path) if records is not None else None
        verdicts = (
            collate(
                item.packet, item.ladder, item.coverage, roster, pull, path=item.path,
                record=record,
            )
            if pull is not None and roster is not None
            else no_verdicts(item.coverage)
        )  # fmt: skip
        decision = cycle.decisions.for_candidate(item.packet.candidate) if cycle.decisions else None
        rows.append(
            packet_status(
                item.packet,
                item.ladder,
                item.coverage,
                verdicts,
                pull=pull,
                decision=decision,
                online=online,
                today=today,
                rule=roster.decision_rule if roster is not None else None,
            )
        )
    return CycleStatus(cycle.cycle, tuple(rows), online, today, cycle.skipped)
