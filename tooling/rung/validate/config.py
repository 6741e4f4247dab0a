"""``rung.toml``: per-repository rule levels, read and checked (rule ``config``).

The file is optional; without it every rule has its default level.  It is checked
against ``schemas/config.schema.json`` with findings at ``rung.toml:line:column``
(positions as :mod:`rung.loaders.tomlload` finds them), then every rule name
against the registry.  A finding here is a configuration error: exit 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from rung.classes import dataclass, field, replace
from rung.loaders.schema import iter_errors
from rung.loaders.schema_fast import load_schema
from rung.loaders.sources import display_path, read_source
from rung.model.repo import CONFIG_FILE
from rung.problems import FatalError, Level, Problem
from rung.validate.rules import FILE_RULES, RULES
from rung.validate.rules.base import did_you_mean
from rung.validate.rules.config import ID
from rung.validate.rules.suppression import ID as SUPPRESSION

# rung cannot check a packet past these (it could not be read, parsed or placed on a
# ladder), and the configuration cannot configure away its own findings.
FIXED = frozenset({"read", "size", "yaml", "schema", "reference", ID, SUPPRESSION})
LEVELS: dict[str, Level | None] = {
    "error": Level.ERROR,
    "warning": Level.WARNING,
    "notice": Level.NOTICE,
    "off": None,
}


@dataclass(frozen=True)
class Config:
    """What ``rung.toml`` says; the default is every rule at its own level."""

    levels: Mapping[str, Level | None] = field(default_factory=dict)  # None: off

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` at their rules' configured levels, those of rules turned off left out.

        Applying twice changes nothing, so a finding may pass through here more than once."""
        if not self.levels:
            return list(problems)
        out = []
        for p in problems:
            if p.rule not in self.levels:
                out.append(p)
            elif (level := self.levels[p.rule]) is not None:
                out.append(p if p.level is level else replace(p, level=level))
        return out


def parse_config(text: str, path: str) -> tuple[Config, list[Problem]]:
    """The configuration in ``text`` (the file shown as ``path``) and its findings."""
    from rung.loaders.tomlload import load_toml  # tomllib only when there is a rung.toml

    doc, problems = load_toml(text, path, ID)
    if doc is None:
        return Config(), problems
    schema = load_schema("config")
    for error in iter_errors(doc.data, schema, schema):
        keys = tuple(str(p) for p in error.path)
        line, column = doc.key_at(keys) if error.at_key else doc.value_at(keys)
        where = ".".join(keys)
        message = f"{where}: {error.message}" if where else error.message
        problems.append(Problem(path, line, column, Level.ERROR, ID, message))
    known = {**RULES, **FILE_RULES}
    levels: dict[str, Level | None] = {}
    rules = doc.data.get("rules")
    for name, word in rules.items() if isinstance(rules, dict) else ():
        line, column = doc.key_at(("rules", name))
        if not isinstance(word, str) or word not in LEVELS:
            continue  # the schema's finding says so
        if name not in known:
            hint = did_you_mean(name, known) or f"; rules: {', '.join(sorted(known))}"
            message = f"rules.{name}: no rule '{name}'{hint} (rung rules lists them)"
        elif name in FIXED:
            message = f"rules.{name}: the level of '{name}' cannot be changed" + (
                " (the configuration's own findings)"
                if name in {ID, SUPPRESSION}
                else " (rung cannot check a packet past it)"
            )
        else:
            levels[name] = LEVELS[word]
            continue
        problems.append(Problem(path, line, column, Level.ERROR, ID, message))
    return (Config(), problems) if problems else (Config(levels), problems)


def read_config(root: Path) -> tuple[Config, list[Problem]]:
    """The root's ``rung.toml``: the default configuration when there is none."""
    path = root / CONFIG_FILE
    if not path.is_file() and not path.is_symlink():
        return Config(), []
    source, problems = read_source(path)
    if source is None:
        return Config(), problems
    config, found = parse_config(source.text, source.path)
    return config, problems + found


def branch_config(root: Path, ref: str, changed: bool) -> tuple[Config, list[Problem]]:
    """The configuration ``rung validate --changed-since REF`` applies, and the findings of
    the working tree's ``rung.toml``.

    When the branch changes ``rung.toml``, the levels are REF's: a branch must not lower
    the rules its own packets are checked by.  The new file is still checked (a broken
    one must not be merged), and a warning says whose levels were used."""
    config, problems = read_config(root)
    if not changed:
        return config, problems
    shown = display_path(root / CONFIG_FILE)
    from rung.loaders.gitchanges import file_at  # subprocess only for --changed-since

    text = file_at(ref, CONFIG_FILE, root)
    base, found = (Config(), []) if text is None else parse_config(text, f"{ref}:{CONFIG_FILE}")
    note = (
        f"{CONFIG_FILE} changes on this branch: the rule levels used are {ref}'s"
        f"{' (none: every rule at its default level)' if text is None else ''} until the "
        "change is merged, after review by its code owners (docs/security.md)"
    )
    return base, [*problems, *found, Problem(shown, 1, 1, Level.WARNING, ID, note)]


def require_config(root: Path) -> Config:
    """The configuration, for a command that cannot go on with a broken one (exit 2)."""
    config, problems = read_config(root)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        details = "\n".join(p.format_text() for p in sorted(errors))
        shown = display_path(root / CONFIG_FILE)
        raise FatalError(f"{shown} is invalid; run 'rung validate':\n{details}")
    return config
