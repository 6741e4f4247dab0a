"""Every fixture packet gives exactly the findings its inline expectations list.

A fixture says what it expects in YAML comments: ``# expect: RULE[, RULE]`` at
the end of the line a finding must point to, or ``# expect-line: LINE RULE`` for
a line that cannot carry a comment (the ``---`` delimiters, the narrative).
A fixture without expectations must give no finding at all.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from paths import REPO
from rung.ladder import Ladder
from rung.sources import read_source
from rung.validate import validate_packet

PACKETS = Path(__file__).resolve().parents[1] / "fixtures" / "packets"
FILES = sorted(PACKETS.rglob("*.md"))
_TRAILING = re.compile(r"#\s*expect:\s*([a-z, -]+?)\s*$")
_HEADER = re.compile(r"^#\s*expect-line:\s*(\d+)\s+([a-z-]+)\s*$")


def expectations(path: Path) -> Counter[tuple[int, str]]:
    expected: Counter[tuple[int, str]] = Counter()
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            expected[(int(header.group(1)), header.group(2))] += 1
        elif trailing := _TRAILING.search(line):
            for rule in trailing.group(1).split(","):
                expected[(number, rule.strip())] += 1
    return expected


def test_there_is_a_failing_fixture_for_every_rule() -> None:
    from rung.rules import RULES

    covered = {rule for path in FILES for _, rule in expectations(path)}
    # `reviewers` needs the committee roster too: tests/test_reviewer_pool.py covers it.
    assert covered == set(RULES) - {"reviewers"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(PACKETS).as_posix())
def test_fixture_gives_exactly_its_expected_findings(
    path: Path, ladders: dict[str, Ladder], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # findings name the file relative to the repository
    source, problems = read_source(path)
    if source is not None:
        problems += validate_packet(source, ladders).problems
    found = Counter((p.line, p.rule) for p in problems)
    assert found == expectations(path), "\n".join(p.format_text() for p in problems)


def test_every_rule_documents_a_passing_and_a_failing_example() -> None:
    import inspect

    from rung.problems import Level
    from rung.rules import RULES

    for rule_id, rule in RULES.items():
        doc = inspect.getdoc(rule) or ""
        assert rule_id == rule.ID
        assert isinstance(rule.LEVEL, Level)
        assert "Passing" in doc and "Failing" in doc, rule_id
