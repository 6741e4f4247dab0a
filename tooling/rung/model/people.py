"""The organisation's people file: who manages whom (``.github/people.yml``).

A packet names its candidate's manager, and the manager may not review the
packet; a candidate could name anyone.  Where the organisation keeps this file
on the default branch (CODEOWNERS-protected, like the roster), it is the
record: a packet naming another manager is an error (rule ``manager``), and
the privileged side routes and scores with the file's manager.

    managers:
      dana-levi: mkatz
"""

from __future__ import annotations

from pathlib import Path

from rung.classes import dataclass
from rung.loaders.schema import schema_problems
from rung.loaders.sources import read_source
from rung.loaders.yamlload import Position, load_yaml
from rung.problems import Problem

PEOPLE_FILE = ".github/people.yml"
RULE = "manager"


@dataclass(frozen=True)
class People:
    path: str
    managers: dict[str, tuple[str, Position]]  # login (case-folded) -> (manager, where)

    def manager_of(self, login: str) -> tuple[str, Position] | None:
        return self.managers.get(login.casefold())


def load_people(text: str, path: str) -> tuple[People | None, list[Problem]]:
    """The people file; None (and the findings) when it is not one."""
    doc, problems = load_yaml(text, path)
    if doc is None:
        return None, problems
    problems = schema_problems(doc, "people", path, RULE)
    if problems:
        return None, problems
    managers = {
        login.casefold(): (manager, doc.value_at(("managers", login)))
        for login, manager in doc.data["managers"].items()
    }
    return People(path, managers), []


def read_people(root: Path) -> tuple[People | None, list[Problem]]:
    """The repository's people file, if it keeps one (None, no findings, when not)."""
    file = root / PEOPLE_FILE
    if not file.is_file() and not file.is_symlink():
        return None, []
    source, problems = read_source(file)
    if source is None:
        return None, problems
    return load_people(source.text, source.path)
