"""The front matter has the fields of the packet format, each of the right type.

Found while parsing, with the JSON Schema ``rung schema`` prints
(rung/schemas/packet.schema.json): missing, unknown and mistyped fields are
each an error on the key or value concerned.  Required: ``candidate``,
``name``, ``manager``, ``ladder``, ``from``, ``to``, ``cycle``,
``in_level_since``, ``evidence``; optional: ``ratings``.  Other rules run
only once the schema is satisfied.

Passing::

    in_level_since: 2024-07
    evidence:
      ic-l5.execution.hld-for-epics:
        - claim: Wrote the HLD for the payouts epic.
          links: [https://github.com/acme/payments/pull/812]

Failing (``in_level_since`` is not ``YYYY-MM``; an evidence entry must be a
list of items or a ``gap:``)::

    in_level_since: July 2024
    evidence:
      ic-l5.execution.hld-for-epics: did it
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.loaders.schema import RULE
from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = RULE  # found by the schema check: the id belongs to it
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do here: packet.py reports these findings while parsing."""
    yield from ()
