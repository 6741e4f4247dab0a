"""`reuse`: the same work cited by two candidates of a cycle, or again in a later cycle.

The fixtures are a repository of their own (tests/fixtures/reuse): ``rung
validate`` runs there as a user runs it, on the whole repository or on one
packet, and the other packets are read for context.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from expectations import expectations
from paths import FIXTURES
from rung.cli import main

ROOT = FIXTURES / "reuse"
DANA = "packets/2026-H2/dana-levi.md"
BO = "packets/2026-H2/bo-chen.md"
EARLIER = "packets/2025-H2/dana-levi.md"


def validate(monkeypatch: pytest.MonkeyPatch, capsys: Any, *paths: str) -> list[dict[str, Any]]:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["validate", "--format", "json", *paths]) == 0  # notices never fail
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def test_the_whole_repository_gives_exactly_the_expected_findings(monkeypatch, capsys) -> None:
    findings = validate(monkeypatch, capsys)
    found = Counter((f["path"], f["line"], f["rule"]) for f in findings)
    expected = Counter(
        (path.relative_to(ROOT).as_posix(), line, rule)
        for path in sorted((ROOT / "packets").rglob("*.md"))
        for (line, rule), n in expectations(path).items()
        for _ in range(n)
    )
    assert found == expected


def test_both_packets_name_each_other_with_line_and_column(monkeypatch, capsys) -> None:
    messages = {
        (f["path"], f["line"], f["column"], f["level"], f["message"])
        for f in validate(monkeypatch, capsys)
        if f["rule"] == "reuse"
    }
    assert messages == {
        (
            DANA,
            15,
            15,
            "notice",
            'link "https://github.com/acme/shop/pull/1" is also cited by bo-chen '
            f"({BO}:15:15) this cycle; shared work is fine, say what your part in it was",
        ),
        (
            BO,
            15,
            15,
            "notice",
            'link "https://github.com/ACME/Shop/pull/1/files" is also cited by dana-levi '
            f"({DANA}:15:15) this cycle; shared work is fine, say what your part in it was",
        ),
        (
            DANA,
            18,
            15,
            "notice",
            'link "https://docs.example.com/checkout/" is also cited in 2025-H2 '
            f"({EARLIER}:15:15); say what is new since then, or cite newer work",
        ),
    }


def test_one_packet_is_compared_with_the_rest_of_the_repository(monkeypatch, capsys) -> None:
    findings = validate(monkeypatch, capsys, DANA)
    assert {f["path"] for f in findings} == {DANA}  # context packets are not reported
    assert sorted(f["line"] for f in findings if f["rule"] == "reuse") == [15, 18]


def test_the_earlier_packet_is_not_told_about_the_later_one(monkeypatch, capsys) -> None:
    assert validate(monkeypatch, capsys, EARLIER) == []


def test_a_packet_alone_in_its_cycle_has_no_reuse_notice(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    for name in ("ladders/mini.yaml", DANA):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["validate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
