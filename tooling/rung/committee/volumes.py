"""The roster's ``volumes:``: how ``rung bundle`` splits a cycle, one volume per committee.

No committee reads a 5,000-packet PDF: each reads the packets it decides.  The
roster says how the cycle is split:

- ``cycle`` (or no ``volumes:``): one volume, the whole cycle;
- ``ladder``: one volume per ladder, named after it;
- a list of ``{name, ladders}``: each volume holds the packets on its ladders.
  Every ladder of the repository must be in exactly one volume, so no packet
  can fall outside every committee's volume (checked with the roster, by
  ``rung validate``).
"""

from __future__ import annotations

from collections.abc import Mapping

from rung.classes import dataclass
from rung.ladder.model import Ladder
from rung.loaders.yamlload import Document
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

WHOLE = "cycle"
BY_LADDER = "ladder"
ONE_VOLUME = "all"  # the name of the one volume of an unsplit cycle


@dataclass(frozen=True)
class Volume:
    name: str
    ladders: tuple[str, ...]


@dataclass(frozen=True)
class Volumes:
    """``mode`` is ``cycle``, ``ladder`` or ``list`` (then ``listed`` holds the volumes)."""

    mode: str = WHOLE
    listed: tuple[Volume, ...] = ()

    def volume_of(self, ladder: str) -> str:
        """The volume that holds a packet on ``ladder``."""
        if self.mode == BY_LADDER:
            return ladder
        for volume in self.listed:
            if ladder in volume.ladders:
                return volume.name
        return ONE_VOLUME


def read_volumes(data: Any) -> Volumes:
    """The ``volumes:`` value of a roster that passed its schema."""
    if data is None or data == WHOLE:
        return Volumes()
    if data == BY_LADDER:
        return Volumes(BY_LADDER)
    return Volumes("list", tuple(Volume(v["name"], tuple(v["ladders"])) for v in data))


def check_volumes(
    volumes: Volumes, doc: Document, path: str, rule: str, ladders: Mapping[str, Ladder]
) -> list[Problem]:
    """A listed volume's names and ladders: each name once, each known ladder in one volume."""
    problems: list[Problem] = []

    def report(where: tuple[str | int, ...], message: str) -> None:
        line, column = doc.value_at(where)
        problems.append(Problem(path, line, column, Level.ERROR, rule, message))

    names: set[str] = set()
    holder: dict[str, str] = {}
    for i, volume in enumerate(volumes.listed):
        if volume.name in names:
            report(("volumes", i, "name"), f"two volumes are named '{volume.name}'")
        names.add(volume.name)
        for j, ladder in enumerate(volume.ladders):
            if ladder not in ladders:
                known = ", ".join(sorted(ladders)) or "none"
                report(("volumes", i, "ladders", j),
                       f"unknown ladder '{ladder}' (known ladders: {known})")  # fmt: skip
            elif ladder in holder:
                report(("volumes", i, "ladders", j),
                       f"ladder '{ladder}' is already in volume '{holder[ladder]}'; "
                       "a packet goes to one volume")  # fmt: skip
            else:
                holder[ladder] = volume.name
    left = sorted(set(ladders) - set(holder))
    if volumes.listed and left:
        report(("volumes",), f"ladder{'s' if len(left) > 1 else ''} {', '.join(left)} "
               "in no volume: their packets would reach no committee; add each to a volume")  # fmt: skip
    return problems
