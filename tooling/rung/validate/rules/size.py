"""A packet is a summary that links to the work, not the work itself.

Found while reading and parsing: a file over 1 MiB, or front matter over
256 KiB, is one error on line 1 and nothing is parsed further.

Passing: a packet of a few kilobytes whose claims link to pull requests and
design documents.

Failing: a packet with a pasted 300 KiB design document in its front matter.
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.loaders.sources import RULE_SIZE
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = RULE_SIZE  # found while the file is read: the id belongs to the reader
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do here: sources.py and packet.py report these findings."""
    yield from ()
