"""The packet names the manager the organisation's people file names.

Found by ``rung validate``, and by ``rung reviewers`` and ``rung scorecard`` on the
privileged side, when the repository keeps ``.github/people.yml`` (login ->
manager, CODEOWNERS-protected): a packet whose ``manager:`` is someone else is
an error on that value.  A manager may not review their report's packet, so a
``manager:`` the candidate chose would decide whose verdict is discounted.
Without the file the packet's word is taken, and the manager rung records at
the first assignment stands for the rest of the review.

Passing: ``manager: mkatz`` and the people file says ``dana-levi: mkatz``.

Failing: ``manager: bob`` while the people file says ``dana-levi: mkatz``.
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.model.packet import Packet
from rung.model.people import People
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = "manager"
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do per packet alone: :func:`disagreement` needs the people file."""
    yield from ()


def disagreement(people: People, packet: Packet) -> Problem | None:
    """The error when ``packet`` names another manager than ``people`` does."""
    where = packet.value_position("manager")
    return named_elsewhere(people, packet.path, packet.candidate, packet.manager, where)


def named_elsewhere(
    people: People, path: str, candidate: str, manager: str | None, where: tuple[int, int]
) -> Problem | None:
    """The error when the packet at ``path`` names ``manager`` and ``people`` another."""
    found = people.manager_of(candidate)
    if found is None:
        return None
    recorded, (line, _) = found
    if (manager or "").casefold() == recorded.casefold():
        return None
    return Problem(
        path,
        where[0],
        where[1],
        LEVEL,
        ID,
        f"the manager is '{recorded}' in {people.path} (line {line}), not "
        f"'{manager}'; the organisation's people file is the record of who "
        "manages whom: fix the packet, or ask its owners to fix the file",
    )
