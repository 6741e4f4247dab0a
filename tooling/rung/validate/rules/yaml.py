"""The front matter is YAML that rung reads without surprises.

Found while parsing (rung/loaders/yamlload.py).  Syntax errors, duplicate keys,
anchors and aliases, tags, merge keys, more than one document and nesting
deeper than 64 levels are each one error at the offending node; nothing else
is checked until it is fixed.  Line numbers are absolute in the file.  YAML 1.1
surprises never change meaning: ``no``, ``2024-07`` and ``012`` stay the text
you wrote, and ``schema`` tells you when a field wanted something else.  The
file must start with a ``---`` line and the front matter must be closed by
another ``---`` line.

Passing::

    ---
    candidate: dana-levi
    in_level_since: 2024-07
    ---

Failing (the second ``candidate`` is a duplicate key)::

    ---
    candidate: dana-levi
    candidate: dana-levy
    ---
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.loaders.yamlload import RULE
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = RULE  # found while parsing: the id belongs to the loader
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do here: yamlload reports these findings while parsing."""
    yield from ()
