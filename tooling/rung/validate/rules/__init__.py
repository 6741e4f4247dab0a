"""The packet rules, one module each, in the order ``rung validate`` applies them.

``yaml``, ``read``, ``size`` and ``schema`` are found while the file is read and
parsed; their modules document them so ``rung rules`` lists every rule a
finding can name.  ``reference`` resolves the ladder and levels; the rules after
it run only when they resolve.

``FILE_RULES`` check files other than packets (each module says which), and the
inline suppressions in packets.
"""

from __future__ import annotations

from rung.problems import Level
from rung.validate.rules import (
    checkpoint,
    config,
    coverage,
    decisions,
    gaps,
    github_link,
    link,
    manager,
    path,
    read,
    reference,
    reuse,
    reviewers,
    schema,
    section,
    size,
    step,
    suppression,
    tenure,
    unicode,
)
from rung.validate.rules import yaml as yaml_rule
from rung.validate.rules.base import Context, Rule

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # a Protocol only describes; at run time a plain class will do


class FileRule(Protocol):
    """What ``rung rules`` shows of any rule: its ``ID``, ``LEVEL`` and docstring."""

    ID: str
    LEVEL: Level


RULES: dict[str, Rule] = {
    "read": read,
    "size": size,
    "yaml": yaml_rule,
    "schema": schema,
    "reference": reference,
    "step": step,
    "tenure": tenure,
    "coverage": coverage,
    "gaps": gaps,
    "checkpoint": checkpoint,
    "link": link,
    "github-link": github_link,
    "reuse": reuse,
    "path": path,
    "section": section,
    "unicode": unicode,
    "reviewers": reviewers,
    "manager": manager,
}

# Rules whose ``check`` has nothing to say about one packet alone: they report
# while the file is read and parsed, or across packets (the roster, the people
# file, the `reuse` index).  ``validate_packet`` runs only the others.
ELSEWHERE = frozenset({"read", "size", "yaml", "schema", "reuse", "reviewers", "manager"})
PACKET_RULES: tuple[Rule, ...] = tuple(r for i, r in RULES.items() if i not in ELSEWHERE)

# Rules of other files than packets: their ``check`` takes that file's model.
# ``config`` is rung.toml's, ``suppression`` the packet's inline suppressions'.
FILE_RULES: dict[str, FileRule] = {
    "decisions": decisions,
    "config": config,
    "suppression": suppression,
}

__all__ = ["ELSEWHERE", "FILE_RULES", "PACKET_RULES", "RULES", "Context", "FileRule", "Rule"]
