"""The file is ``packets/<cycle>/<candidate>.md``.

The folder names the cycle and the file names the candidate, so a packet is
found where the committee looks for it and one person has one packet per
cycle.  A mismatch is an error on the ``cycle`` or ``candidate`` value (or on
line 1 when the file is not in a ``packets/<cycle>/`` folder at all).

Passing: ``packets/2026-H2/dana-levi.md`` with ``candidate: dana-levi`` and
``cycle: 2026-H2``.

Failing: ``packets/2026-H1/dana-levi.md`` with ``cycle: 2026-H2``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import PurePosixPath

from rung.problems import Level, Problem
from rung.validate.rules.base import Context

ID = "path"
LEVEL = Level.ERROR


def check(ctx: Context) -> Iterator[Problem]:
    packet = ctx.packet
    expected = f"packets/{packet.cycle}/{packet.candidate}.md"
    parts = PurePosixPath(packet.path).parts
    if len(parts) < 3 or ".." in parts:
        # A short relative path (rung run inside packets/<cycle>/): judge where it really is.
        absolute = os.path.abspath(packet.path)  # noqa: PTH100 - no symlinks followed
        parts = PurePosixPath(absolute.replace(os.sep, "/")).parts
    folder, cycle, name = (("", "", "", *parts))[-3:]
    if folder != "packets":
        yield ctx.problem(
            (1, 1),
            LEVEL,
            ID,
            f"a packet belongs at {expected}, not {packet.path}; move the file there",
        )
    elif cycle != packet.cycle:
        yield ctx.problem(
            packet.value_position("cycle"),
            LEVEL,
            ID,
            f"cycle '{packet.cycle}' does not match the folder '{cycle}'; "
            f"move the file to {expected} or fix 'cycle:'",
        )
    elif name != f"{packet.candidate}.md":
        yield ctx.problem(
            packet.value_position("candidate"),
            LEVEL,
            ID,
            f"candidate '{packet.candidate}' does not match the file name '{name}'; "
            f"rename the file to {expected} or fix 'candidate:'",
        )
