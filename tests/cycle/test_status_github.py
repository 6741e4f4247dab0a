"""``rung cycle status`` on a generated 30-packet cycle, against the fake GitHub.

PyGithub runs for real over HTTP on 127.0.0.1; the test asserts the tallies,
states and agenda order rung reports, and the requests GitHub received.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, Expected, make_repo, populate
from rung.cli import main

COUNT = 30


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, dict[str, Expected]]]:
    scenarios = make_repo(tmp_path, COUNT)
    monkeypatch.chdir(tmp_path)
    with CycleFake() as gh:
        for name in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "RUNG_GITHUB_LOGIN"):
            monkeypatch.delenv(name, raising=False)
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        expected = populate(gh, tmp_path, scenarios)
        yield gh, expected


def status_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    code = main(["cycle", "status", CYCLE, "--format", "json", "--today", "2026-07-10", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_tallies_states_and_owed_verdicts(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, expected = world
    data = status_json(capsys)
    rows = {row["candidate"]: row for row in data["packets"]}  # type: ignore[attr-defined]
    assert set(rows) == set(expected)
    for login, want in expected.items():
        row = rows[login]
        got = (row["state"], row["group"], row["verdicts"], row["owing"], row["pull"])
        assert got == (
            want.state,
            want.group,
            {"meets": want.meets, "not_yet": want.not_yet},
            want.owing,
            want.pull,
        ), login
    assert data["states"] == {
        "draft": 8,
        "in review": 4,
        "ready to decide": 14,
        "decided": 4,
        "unknown": 0,
    }
    # The nagboard lists exactly who owes, on the in-review packets.
    in_review = sorted(login for login, e in expected.items() if e.state == "in review")
    assert data["owed"] == {
        "bob": [{"candidate": c, "criteria": 2, "days": rows[c]["days_open"]} for c in in_review],
        "dave": [{"candidate": c, "criteria": 4, "days": rows[c]["days_open"]} for c in in_review],
    }
    assert rows["cand-00"]["days_open"] == 39  # opened 2026-06-01, today 2026-07-10
    # The approvals of the clear packets are counted as recommendations.
    assert rows["cand-01"]["recommendations"] == {"approve": 2, "changes": 0}


def test_the_agenda_puts_split_verdicts_first_then_borderline_then_clear(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, expected = world
    data = status_json(capsys)
    code = main(["cycle", "agenda", CYCLE, "--format", "json", "--today", "2026-07-10"])
    out, err = capsys.readouterr()
    assert code == 0, err
    order = [item["candidate"] for item in json.loads(out)["agenda"]]
    rows = {row["candidate"]: row for row in data["packets"]}  # type: ignore[attr-defined]
    groups = [rows[c]["group"] for c in order]
    assert groups == sorted(groups, key=["split", "borderline", "clear"].index)
    split = [c for c in order if rows[c]["group"] == "split"]
    # Two split criteria (2/3 each, over 4 criteria) before one; ties by candidate.
    two = sorted(c for c in split if rows[c]["split_criteria"] == 2)
    one = sorted(c for c in split if rows[c]["split_criteria"] == 1)
    assert split == two + one and two and one
    assert [rows[c]["disagreement"] for c in split] == [0.333] * len(two) + [0.167] * len(one)
    # Borderline: the evidence gap and the mixed in-review verdicts, fewest short first.
    borderline = [c for c in order if rows[c]["group"] == "borderline"]
    assert {expected[c].group for c in borderline} == {"borderline"}
    assert [rows[c]["coverage"]["met"] for c in borderline] == sorted(
        (rows[c]["coverage"]["met"] for c in borderline), reverse=True
    )


def test_the_request_budget(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    status_json(capsys)
    listed = len(gh.pulls)  # every pull request is newer than --since's default
    with_packets = sum(1 for e in expected.values() if e.pull is not None)
    budget = math.ceil(listed / 100) + listed + 2 * with_packets
    assert len(gh.requests) == budget == 1 + 28 + 2 * 26
    assert {c.method for c in gh.requests} == {"GET"}
    assert all(c.query.get("per_page") == "100" for c in gh.requests)


def test_since_stops_listing_at_older_pull_requests(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, _ = world
    data = status_json(capsys, "--since", "2026-06-15")
    files = [c for c in gh.requests if c.path.endswith("/files")]
    # Newest first: the decisions-only pull request, then those opened from June 15 on.
    opened = sorted(p.created_at for p in gh.pulls.values() if p.created_at >= "2026-06-15")
    assert len(files) == len(opened)
    linked = [row for row in data["packets"] if row["pull"] is not None]  # type: ignore[attr-defined]
    assert linked and all(row["days_open"] <= 25 for row in linked)


def test_offline_reports_coverage_and_decisions_only(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, _ = world
    data = status_json(capsys, "--offline")
    assert gh.requests == []
    states = {row["state"] for row in data["packets"]}  # type: ignore[attr-defined]
    assert states == {"decided", "unknown"}
