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
from rung.ladder.model import Ladder, MoveError
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


def test_the_rules_validate_packet_skips_say_nothing_about_one_packet(
    ladders: dict[str, Ladder], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``validate_packet`` runs only ``PACKET_RULES``: each rule left out yields nothing
    for any fixture packet whose ladder resolves."""
    from rung.model.coverage import move_coverage
    from rung.model.packet import parse_packet
    from rung.validate.rules import ELSEWHERE, PACKET_RULES, RULES, Context, reference

    monkeypatch.chdir(REPO)
    checked = 0
    for path in FILES:
        source, _ = read_source(path)
        packet = None if source is None else parse_packet(source.text, source.path)[0]
        ladder = None if packet is None else reference.resolve(packet, ladders)[0]
        if packet is None or ladder is None:
            continue
        try:
            ctx = Context(packet, ladder, move_coverage(packet, ladder))
        except MoveError:
            ctx = Context(packet, ladder, None)
        for rule_id in sorted(ELSEWHERE):
            assert list(RULES[rule_id].check(ctx)) == [], (path, rule_id)
        checked += 1
    assert checked > 10
    assert [r.ID for r in PACKET_RULES] == [i for i in RULES if i not in ELSEWHERE]


def test_a_context_computes_what_the_rules_share_once() -> None:
    """``once`` (cached_property without its lock): the first read computes, the
    next reads find the value on the instance."""
    from rung.validate.rules.base import once

    calls: list[int] = []

    class Box:
        @once
        def value(self) -> list[int]:
            """A fresh list per computation."""
            calls.append(1)
            return [len(calls)]

    box, other = Box(), Box()
    assert box.value is box.value
    assert box.value == [1]
    assert other.value == [2]
    assert calls == [1, 1]
    assert Box.value.__doc__ == "A fresh list per computation."
