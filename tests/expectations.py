"""Inline expectations of fixture packets: ``# expect: RULE[, RULE]`` and ``# expect-line:``.

A fixture says what it expects in YAML comments: ``# expect: RULE[, RULE]`` at
the end of the line a finding must point to, or ``# expect-line: LINE RULE`` for
a line that cannot carry a comment (the ``---`` delimiters, the narrative).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

_TRAILING = re.compile(r"#\s*expect:\s*([a-z, -]+?)\s*$")
_HEADER = re.compile(r"^#\s*expect-line:\s*(\d+)\s+([a-z-]+)\s*$")


def expectations(path: Path) -> Counter[tuple[int, str]]:
    """``(line, rule)`` of every finding ``path`` expects, counted."""
    expected: Counter[tuple[int, str]] = Counter()
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            expected[(int(header.group(1)), header.group(2))] += 1
        elif trailing := _TRAILING.search(line):
            for rule in trailing.group(1).split(","):
                expected[(number, rule.strip())] += 1
    return expected
