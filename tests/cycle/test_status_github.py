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
from cycle.generate import CYCLE, Expected, cycle_world, key_line
from rung.cli import main

COUNT = 30


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, dict[str, Expected]]]:
    with cycle_world(tmp_path, monkeypatch, COUNT) as world:
        yield world


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
    # The /recommend in the clear packets' approvals are counted, as on the scorecard.
    assert rows["cand-01"]["recommendations"] == {"promote": 2, "not_yet": 0, "defer": 0}
    assert rows["cand-00"]["recommendations"] == {"promote": 0, "not_yet": 0, "defer": 0}


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
    assert [rows[c]["coverage"]["evidenced"] for c in borderline] == sorted(
        (rows[c]["coverage"]["evidenced"] for c in borderline), reverse=True
    )


def test_the_request_budget(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    status_json(capsys)
    listed = len(gh.pulls)  # every pull request is newer than --since's default
    with_packets = sum(1 for e in expected.values() if e.pull is not None)
    # GraphQL (who edited the comments with commands): once per pull request with any.
    with_commands = sum(1 for e in expected.values() if e.pull is not None and e.state != "draft")
    # The promotion record's branch: one read says this repository keeps none.
    record = 1
    budget = math.ceil(listed / 100) + listed + 3 * with_packets + with_commands + record
    assert len(gh.requests) == budget == 1 + 28 + 3 * 26 + 22 + 1
    graphql = [c for c in gh.requests if c.path == "/graphql"]
    assert len(graphql) == with_commands and {c.method for c in graphql} == {"POST"}
    rest = [c for c in gh.requests if c.path != "/graphql"]
    assert {c.method for c in rest} == {"GET"}
    lists = [c for c in rest if not c.path.endswith("/git/ref/heads/rung-record")]
    assert len(lists) == len(rest) - record  # the record's ref is one object, not a list
    assert all(c.query.get("per_page") == "100" for c in lists)
    assert gh.writes() == []


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


def test_the_cycle_counts_what_the_scorecard_counts(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    number = expected["cand-01"].pull  # clear: bob and dave said /meets on every criterion
    assert number is not None
    path = f"packets/{CYCLE}/cand-01.md"
    text = Path(path).read_text(encoding="utf-8")
    line = key_line(text, "ic-2.team.mentors")
    bobs = [c for c in gh.pulls[number].review_comments if c["user"]["login"] == "bob"]
    # Someone else rewrote bob's verdict: it no longer counts, and bob owes it again.
    gh.edit_review_comment(bobs[-1]["id"], "mallory", "/not-yet bob changed his mind")
    gh.add_review_comment(number, "erin", "/not-yet below the level", path=path, line=line)
    gh.add_review_comment(number, "cand-01", "/meets says I", path=path, line=line)
    gh.add_issue_comment(number, "dave", "/recommend defer: wait for the Q3 plan")
    rows = {row["candidate"]: row for row in status_json(capsys)["packets"]}  # type: ignore[attr-defined]
    row = rows["cand-01"]
    assert row["verdicts"] == {"meets": 7, "not_yet": 0}
    assert row["owing"] == {"bob": 1}
    assert row["recommendations"] == {"promote": 1, "not_yet": 0, "defer": 1}
    code = main(["scorecard", path, "--pr", str(number), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    card = json.loads(out)
    meets = sum(v == "meets" for r in card["rows"] for v in r["verdicts"].values())
    not_yet = sum(v == "not-yet" for r in card["rows"] for v in r["verdicts"].values())
    assert (meets, not_yet) == (7, 0)
    assert card["pending"] == list(row["owing"])
    assert card["recommendations"] == {"bob": "promote", "dave": "defer"}
    reasons = {n["login"]: n["reason"] for n in card["not_counted"]}
    assert reasons["bob"] == "edited by @mallory — not counted"
    assert "erin" in reasons and "cand-01" in reasons


def test_a_label_is_never_read_as_a_decision(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 8: the candidate labels their own pull request ``rung: promote``."""
    gh, expected = world
    pulls = {login: e.pull for login, e in expected.items() if e.pull is not None}
    gh.labels[pulls["cand-01"]] = ["rung: promote"]  # ready to decide, nothing decided
    gh.labels[pulls["cand-03"]] = ["Rung: Promote", "rung: <b>@ann"]  # in review
    gh.labels[pulls["cand-06"]] = ["rung: not-yet"]  # decisions.yaml: promote
    gh.labels[pulls["cand-13"]] = ["team: payments", "rung: promote"]  # published, agrees
    data = status_json(capsys)
    rows = {row["candidate"]: row for row in data["packets"]}  # type: ignore[attr-defined]
    for login in ("cand-01", "cand-03", "cand-06", "cand-13"):
        assert rows[login]["state"] == expected[login].state, login
    assert data["states"]["decided"] == 4  # type: ignore[index]
    assert (rows["cand-01"]["outcome"], rows["cand-03"]["outcome"]) == (None, None)
    assert (rows["cand-06"]["outcome"], rows["cand-13"]["outcome"]) == ("promote", "promote")
    # Each label the file does not back is a warning for the chairs, never the decision.
    note = "; a label is not a decision ('rung cycle publish' sets the labels from the file)"
    assert rows["cand-01"]["label_warning"] == (
        "labelled 'rung: promote' but decisions.yaml says nothing" + note
    )
    assert rows["cand-03"]["label_warning"] == (
        "labelled 'Rung: Promote', 'rung: <b>@ann' but decisions.yaml says nothing" + note
    )
    assert rows["cand-06"]["label_warning"] == (
        "labelled 'rung: not-yet' but decisions.yaml says promote" + note
    )
    assert rows["cand-13"]["label_warning"] is None
    assert rows["cand-02"]["label_warning"] is None  # no label: not published yet, no warning

    assert main(["cycle", "status", CYCLE, "--today", "2026-07-10"]) == 0
    text = capsys.readouterr().out
    [row01] = [line for line in text.splitlines() if line.startswith("cand-01 ")]
    assert row01.endswith("ready to decide")
    [row06] = [line for line in text.splitlines() if line.startswith("cand-06 ")]
    assert row06.endswith("decided: promote")
    assert (
        "label warnings (for the chairs; the state above is decisions.yaml's):\n"
        f"  cand-01 #{pulls['cand-01']}: labelled 'rung: promote' but decisions.yaml says nothing"
    ) in text
    assert main(["cycle", "status", CYCLE, "--today", "2026-07-10", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "### Label warnings" in markdown
    assert "@ann" not in markdown and "<b>" not in markdown
