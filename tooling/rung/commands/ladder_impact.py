"""``rung ladder impact``: which open packets a ladder change affects, and how."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder, MoveError, required_criteria
from rung.loaders.gitchanges import changed_files, default_base, file_at
from rung.loaders.sources import display_path, read_source
from rung.model.packet import parse_packet
from rung.model.repo import LADDERS_DIR, PACKETS_DIR, find_root, load_ladders


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "impact",
        help="which packets a ladder change gains, loses or renames criteria for",
        description="Compare each ladder changed since REF with its version at REF and list, "
        "for every packet on it, the criteria its move gains, loses or renames.  Exit 0 "
        "(the report is information), 2 on bad usage or git errors.",
    )
    parser.add_argument(
        "--since",
        metavar="REF",
        help="git revision (default: the merge base with the default branch)",
    )
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.set_defaults(func=run_impact)


@dataclass
class Impact:
    packet: str
    ladder: str
    move: str
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "packet": self.packet,
            "ladder": self.ladder,
            "move": self.move,
            "gained": self.gained,
            "lost": self.lost,
            "renamed": [{"from": a, "to": b} for a, b in self.renamed],
        }


def _required(ladder: Ladder | None, from_id: str, to_id: str) -> list[str]:
    if ladder is None:
        return []
    try:
        return [c.id for c in required_criteria(ladder, from_id, to_id)]
    except MoveError:
        return []


def impact(old: Ladder | None, new: Ladder, packet: str, from_id: str, to_id: str) -> Impact:
    """What ``packet``'s move gains, loses and renames from ``old`` to ``new``."""
    before = _required(old, from_id, to_id)
    after = _required(new, from_id, to_id)
    result = Impact(packet, new.id, f"{from_id} -> {to_id}")
    by_id = new.criteria_by_id
    renamed_to: set[str] = set()
    renamed_from: set[str] = set()
    for cid in after:
        for earlier in by_id[cid].renamed_from:
            if earlier in before:
                result.renamed.append((earlier, cid))
                renamed_to.add(cid)
                renamed_from.add(earlier)
    result.gained = [c for c in after if c not in before and c not in renamed_to]
    result.lost = [c for c in before if c not in after and c not in renamed_from]
    return result


def run_impact(args: argparse.Namespace) -> int:
    root = find_root()
    since = args.since or default_base(root)
    changed = {
        p.stem
        for p in changed_files(since, root)
        if p.parts[0] == LADDERS_DIR and len(p.parts) == 2 and p.suffix == ".yaml"
    }
    ladders, _ = load_ladders(root)
    impacts: list[Impact] = []
    for ladder_id in sorted(changed):
        new = ladders.get(ladder_id)
        if new is None:
            continue  # broken or removed: `rung ladder check` says why
        old_text = file_at(since, f"{LADDERS_DIR}/{ladder_id}.yaml", root)
        old = load_ladder(old_text, f"{ladder_id}.yaml")[0] if old_text is not None else None
        for path in sorted((root / PACKETS_DIR).rglob("*.md")):
            source, _ = read_source(path)
            packet = parse_packet(source.text, source.path)[0] if source else None
            if packet is None or packet.ladder != ladder_id:
                continue
            found = impact(old, new, display_path(path), packet.from_level, packet.to_level)
            if found.gained or found.lost or found.renamed:
                impacts.append(found)
    _write(args.format, since, sorted(changed), impacts)
    return 0


def _write(fmt: str, since: str, changed: list[str], impacts: list[Impact]) -> None:
    out = sys.stdout
    if fmt == "json":
        payload = {"since": since, "ladders": changed, "packets": [i.to_json() for i in impacts]}
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "markdown":
        out.write(f"### Ladder impact\n\nLadders changed since `{since[:12]}`: ")
        out.write((", ".join(f"`{c}`" for c in changed) or "none") + "\n\n")
        if not impacts:
            out.write("No open packet gains, loses or renames a criterion.\n")
            return
        out.write("| packet | move | gains | loses | renames |\n|---|---|---|---|---|\n")
        for i in impacts:
            cells = [
                ", ".join(i.gained),
                ", ".join(i.lost),
                ", ".join(f"{a} → {b}" for a, b in i.renamed),
            ]
            out.write(
                f"| `{i.packet}` | {i.ladder} {i.move} | "
                + " | ".join(c.replace("|", "\\|") for c in cells)
                + " |\n"
            )
        out.write("\n`rung packet sync` brings the packets up to date.\n")
        return
    if not changed:
        out.write(f"no ladder changed since {since}\n")
        return
    if not impacts:
        out.write(f"{', '.join(changed)} changed since {since[:12]}; no packet is affected\n")
        return
    for i in impacts:
        out.write(f"{i.packet} ({i.ladder} {i.move}):\n")
        out.writelines(f"  gains   {c}\n" for c in i.gained)
        out.writelines(f"  loses   {c}\n" for c in i.lost)
        out.writelines(f"  renames {a} -> {b}\n" for a, b in i.renamed)
    out.write("'rung packet sync' brings them up to date\n")
