"""``rung cycle publish``: a valid decisions file labels the right pull requests in the fake."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, Expected, cycle_world
from rung.cli import main


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, dict[str, Expected]]]:
    with cycle_world(tmp_path, monkeypatch, 14) as world:
        yield world


def test_publish_labels_decided_pull_requests_once(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    decided = sorted(c for c, e in expected.items() if e.state == "decided")
    assert decided == ["cand-06", "cand-13"]
    first = expected["cand-06"].pull
    assert first is not None
    gh.labels[first] = ["rung: not-yet", "team: payments"]  # an earlier, changed outcome
    assert main(["cycle", "publish", CYCLE]) == 0
    out = capsys.readouterr().out
    assert "cand-06: labelled" in out and "cand-13: labelled" in out
    for login in decided:
        number = expected[login].pull
        assert number is not None
        assert gh.labels[number][-1] == "rung: promote"
        [comment] = gh.comments_on(number)
        assert comment["body"].startswith("<!-- rung:decision -->\n### Committee decision: promote")
        assert "Clear on every criterion." in comment["body"]
    assert gh.labels[first] == ["team: payments", "rung: promote"]
    others = [
        n
        for n, labels in gh.labels.items()
        if labels and n not in (first, expected["cand-13"].pull)
    ]
    assert others == []
    writes = gh.writes()
    assert sorted((m, p) for m, p, _ in writes) == sorted(
        [
            ("DELETE", f"/repos/acme/promotions/issues/{first}/labels/rung: not-yet"),
            ("POST", f"/repos/acme/promotions/issues/{first}/labels"),
            ("POST", f"/repos/acme/promotions/issues/{expected['cand-13'].pull}/labels"),
            ("POST", f"/repos/acme/promotions/issues/{first}/comments"),
            ("POST", f"/repos/acme/promotions/issues/{expected['cand-13'].pull}/comments"),
        ]
    )
    # A rerun reads the current labels and comments and writes nothing.
    gh.requests.clear()
    assert main(["cycle", "publish", CYCLE]) == 0
    assert "already labelled" in capsys.readouterr().out
    assert gh.writes() == []


def test_dry_run_writes_nothing(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, _ = world
    assert main(["cycle", "publish", CYCLE, "--dry-run"]) == 0
    assert capsys.readouterr().out.count("would label") == 2
    assert gh.writes() == []


def test_a_dry_run_without_a_token_says_it_still_reads_github(
    world: tuple[CycleFake, dict[str, Expected]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gh, _ = world
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["cycle", "publish", CYCLE, "--dry-run"]) == 2
    assert capsys.readouterr().err == (
        "rung: error: GITHUB_TOKEN is not set; a --dry-run writes nothing but still reads the "
        "cycle's pull requests from GitHub: set GITHUB_TOKEN to a token that can read them\n"
    )
    assert gh.requests == []
