"""What ``rung render`` adds to a packet from other commands' JSON: evidence marks, the panel.

``--evidence FILE`` is ``rung evidence --format json`` (docs/evidence.md) and
``--verdicts FILE`` is ``rung scorecard --format json`` (read by
:mod:`rung.render.verdicts`).  Each file names its packet (``"packet"``), so
one render of several packets takes one file per packet; a file that names no
packet (an older scorecard) applies when exactly one packet is rendered.  A
file that fits none of the packets rendered is a usage error, not silence: a
committee must not read "not checked" or "no verdicts" because of a typo.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rung.problems import FatalError
from rung.render.verdicts import Panel, read_panels

AUDIENCES = ("committee", "candidate")
RULE = "render"  # the id of a finding about a packet that could not be drawn


def _posix(path: str | Path) -> str:
    return Path(path).as_posix().removeprefix("./")


@dataclass(frozen=True)
class RenderInputs:
    audience: str = "committee"
    evidence: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # packet -> document
    panels: Mapping[str, Panel] = field(default_factory=dict)  # packet -> panel

    def for_packet(self, path: str) -> dict[str, Any]:
        """Keyword arguments for ``render_packet``."""
        key = _posix(path)
        return {
            "evidence": self.evidence.get(key),
            "panel": self.panels.get(key),
            "audience": self.audience,
        }


def _match(what: str, file: Path, named: str | None, packets: list[str]) -> str:
    if named is None:
        if len(packets) == 1:
            return packets[0]
        raise FatalError(f"{what} {file} names no packet; give it with one packet at a time")
    if _posix(named) not in packets:
        raise FatalError(
            f"{what} {file} is for {named[:200]}, which is not among the packets rendered"
        )
    return _posix(named)


def read_inputs(
    packets: list[Path], evidence: list[Path], verdicts: list[Path], audience: str
) -> RenderInputs:
    """Read and match every ``--evidence`` and ``--verdicts`` file before anything renders."""
    names = [_posix(p) for p in packets]
    if verdicts and audience == "candidate":
        raise FatalError(
            "--verdicts and --audience candidate exclude each other: "
            "a candidate's copy shows no reviewers"
        )
    docs: dict[str, Mapping[str, Any]] = {}
    for file in evidence:
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise FatalError(f"cannot read --evidence {file}: {err}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("links"), list):
            raise FatalError(
                f"--evidence {file} is not evidence (want the output of "
                "'rung evidence PACKET --format json')"
            )
        named = doc.get("packet")
        docs[_match("--evidence", file, named if isinstance(named, str) else None, names)] = doc
    panels = {
        _match("--verdicts", file, panel.packet, names): panel
        for file, panel in read_panels(verdicts)
    }
    return RenderInputs(audience, docs, panels)
