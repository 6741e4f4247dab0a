"""packet-check's render step: which changed packets to render, and the artifact's name.

Input is ``rung validate --changed-since REF --format json``: the changed
packets that parsed (and those a changed ladder touches) and every finding.
A packet with an error is not rendered (the validate step shows why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rung.problems import FatalError

ARTIFACT_BYTE = re.compile(rb"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Selection:
    total: int  # changed packets the report lists
    packets: tuple[tuple[str, str], ...]  # (path, candidate) of those without an error


def select(report: object) -> Selection:
    """The packets of a ``rung validate`` JSON report that have no error finding."""
    packets = report.get("packets") if isinstance(report, dict) else None
    findings = report.get("findings") if isinstance(report, dict) else None
    if not isinstance(packets, list) or not isinstance(findings, list):
        raise FatalError("the report is not rung validate's JSON (no packets and findings)")
    broken = {f.get("path") for f in findings if isinstance(f, dict) and f.get("level") == "error"}
    chosen = []
    for packet in packets:
        path = packet.get("path") if isinstance(packet, dict) else None
        candidate = packet.get("candidate") if isinstance(packet, dict) else None
        if not isinstance(path, str) or not isinstance(candidate, str):
            raise FatalError("the report lists a packet without a path and a candidate")
        if path not in broken:
            chosen.append((path, candidate))
    return Selection(len(packets), tuple(chosen))


def artifact_name(selection: Selection, pr: str, commit: str) -> str:
    """One artifact per run, named after the candidate when the pull request carries one
    packet (the usual case), else after the pull request; inside, the PDFs are
    ``<cycle>/<candidate>.pdf`` either way.  Any byte outside ``A-Za-z0-9._-`` becomes
    ``-`` (as ``tr -c`` did), so a candidate's name cannot reach another output."""
    if len(selection.packets) == 1:
        name = f"packet-{selection.packets[0][1]}-{commit[:7]}"
    else:
        name = f"packets-pr{pr}-{commit[:7]}"
    return ARTIFACT_BYTE.sub(b"-", name.encode("utf-8")).decode("ascii")


def nothing_to_render(selection: Selection) -> str | None:
    """The job summary's line when there is nothing to render; None when there is."""
    if selection.total == 0:
        return "This pull request changes no packet: nothing to render."
    if not selection.packets:
        return "No packet PDF to render: no changed packet passes validation."
    return None
