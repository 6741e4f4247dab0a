"""Every fixture packet gives exactly the findings its inline expectations list.

A fixture says what it expects in YAML comments (tests/expectations.py).  A
fixture without expectations must give no finding at all.  The rules that
compare packets (``reuse``) have their own repository-shaped fixtures in
tests/fixtures/reuse/, checked by tests/rules/test_reuse.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from expectations import expectations
from paths import FIXTURES, REPO
from rung.ladder.model import Ladder
from rung.loaders.sources import read_source
from rung.validate.runner import validate_packet

PACKETS = FIXTURES / "packets"
FILES = sorted(PACKETS.rglob("*.md"))
CROSS_PACKET_FILES = sorted((PACKETS.parent / "reuse" / "packets").rglob("*.md"))


def test_there_is_a_failing_fixture_for_every_rule() -> None:
    from rung.validate.rules import RULES

    covered = {rule for path in FILES + CROSS_PACKET_FILES for _, rule in expectations(path)}
    # `reviewers` needs the committee roster too: tests/test_reviewer_pool.py covers it;
    # `manager` the people file: tests/committee/test_people.py.
    assert covered == set(RULES) - {"reviewers", "manager"}


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
    from rung.validate.rules import RULES

    for rule_id, rule in RULES.items():
        doc = inspect.getdoc(rule) or ""
        assert rule_id == rule.ID
        assert isinstance(rule.LEVEL, Level)
        assert "Passing" in doc and "Failing" in doc, rule_id
