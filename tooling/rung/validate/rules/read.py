"""The file is UTF-8 text.

Found while reading (rung/sources.py).  Invalid UTF-8 is an error at the
first bad byte, a NUL byte is an error, and a byte-order mark is a warning
(rung drops it).  CRLF line endings are accepted and line numbers are
unchanged.  A file that cannot be opened at all is reported at line 0 and
makes ``rung validate`` exit 2.

Passing: a packet saved as UTF-8 without a byte-order mark.

Failing: a packet saved as Latin-1 with ``name: Dana Lévi`` (byte 0xE9).
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.loaders.sources import RULE_READ
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = RULE_READ  # found while the file is read: the id belongs to the reader
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do here: sources.py reports these findings while reading."""
    yield from ()
