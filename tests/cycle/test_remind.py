"""``rung remind``: at most one reminder per pull request per interval, only to who owes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE, Expected, cycle_world
from rung.cli import main
from rung.cycle.remind import REMIND_MARKER

ARGS = ["remind", CYCLE, "--today", "2026-07-10", "--every", "7"]


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, dict[str, Expected]]]:
    with cycle_world(tmp_path, monkeypatch, 14) as (gh, expected):
        old, recent = expected["cand-03"].pull, expected["cand-10"].pull
        assert old is not None and recent is not None
        gh.add_comment_at(old, "rung-bot", REMIND_MARKER + "\nold", "2026-06-20T09:00:00Z")
        gh.add_comment_at(old, "mallory", REMIND_MARKER + "\nforged", "2026-07-09T09:00:00Z")
        gh.add_comment_at(recent, "rung-bot", REMIND_MARKER + "\nrecent", "2026-07-04T09:00:00Z")
        gh.set_clock(datetime(2026, 7, 10, 8, 0, tzinfo=UTC))
        yield gh, expected


def test_one_reminder_per_interval_mentioning_only_who_owes(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    old, recent = expected["cand-03"].pull, expected["cand-10"].pull
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert f"#{old} (cand-03): reminded bob, dave" in out
    assert f"#{recent} (cand-10): already reminded bob, dave" in out
    [post] = [w for w in gh.writes() if w[0] == "POST"]
    assert post[1] == f"/repos/acme/promotions/issues/{old}/comments"
    body = post[2]["body"]
    assert body.startswith(REMIND_MARKER)
    assert re.findall(r"@[\w-]+", body) == ["@bob", "@dave"]
    assert "- @bob: 2 criteria without your verdict" in body
    # The same day again: the new reminder counts, nothing is posted.
    gh.requests.clear()
    assert main(ARGS) == 0
    assert "already reminded" in capsys.readouterr().out
    assert gh.writes() == []


def test_dry_run_posts_nothing(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    assert main([*ARGS, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"#{expected['cand-03'].pull} (cand-03): would remind bob, dave" in out
    assert gh.writes() == []


def test_a_failed_post_that_github_stored_is_not_repeated(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    old = expected["cand-03"].pull
    gh.server_error("POST", f"/repos/acme/promotions/issues/{old}/comments", after=True)
    assert main(ARGS) == 0
    assert len([w for w in gh.writes() if w[0] == "POST"]) == 1
    assert f"#{old} (cand-03): reminded" in capsys.readouterr().out


# --- the window: the last --every days, today included ------------------------------------


@pytest.mark.parametrize(
    ("stamp", "verb"),
    [
        ("2026-07-03T23:59:59Z", "reminded"),  # 7 days before today's: outside a 7-day window
        ("2026-07-04T00:00:00Z", "already reminded"),  # the window's first instant
        ("2026-07-10T07:59:00Z", "already reminded"),
    ],
    ids=["a-day-before-the-window", "the-windows-first-instant", "today"],
)
def test_the_window_is_the_last_every_days_today_included(
    world: tuple[CycleFake, dict[str, Expected]],
    capsys: pytest.CaptureFixture[str],
    stamp: str,
    verb: str,
) -> None:
    gh, expected = world
    old = expected["cand-03"].pull
    assert old is not None
    gh.add_comment_at(old, "rung-bot", REMIND_MARKER + "\nearlier", stamp)
    assert main([*ARGS, "--dry-run"]) == 0
    would = "would remind" if verb == "reminded" else verb
    assert f"#{old} (cand-03): {would} bob, dave" in capsys.readouterr().out
    assert main(ARGS) == 0
    assert f"#{old} (cand-03): {verb} bob, dave" in capsys.readouterr().out
    assert len([w for w in gh.writes() if w[0] == "POST"]) == (verb == "reminded")


def test_every_one_day_means_today_only(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    recent = expected["cand-10"].pull
    assert recent is not None
    gh.add_comment_at(recent, "rung-bot", REMIND_MARKER + "\nyesterday", "2026-07-09T23:00:00Z")
    assert main([*ARGS[:-1], "1", "--dry-run"]) == 0
    assert f"#{recent} (cand-10): would remind bob, dave" in capsys.readouterr().out
    assert main([*ARGS[:-1], "0"]) == 2
    assert "--every must be at least 1 day" in capsys.readouterr().err


def test_ours_is_the_login_whatever_its_case(
    world: tuple[CycleFake, dict[str, Expected]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gh, expected = world
    old, recent = expected["cand-03"].pull, expected["cand-10"].pull
    assert old is not None
    # GitHub spells the token's login rung-bot; a comment shown as Rung-Bot is still ours,
    # and so is rung-bot's when RUNG_GITHUB_LOGIN spells it otherwise.
    gh.add_comment_at(old, "Rung-Bot", REMIND_MARKER + "\nyesterday", "2026-07-09T09:00:00Z")
    monkeypatch.setenv("RUNG_GITHUB_LOGIN", "RUNG-BOT")
    assert main([*ARGS, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"#{old} (cand-03): already reminded bob, dave" in out
    assert f"#{recent} (cand-10): already reminded bob, dave" in out


def test_the_marker_must_open_the_comment(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, expected = world
    old = expected["cand-03"].pull
    assert old is not None
    gh.add_comment_at(old, "rung-bot", f"Quoting: {REMIND_MARKER}", "2026-07-09T09:00:00Z")
    assert main([*ARGS, "--dry-run"]) == 0
    assert f"#{old} (cand-03): would remind bob, dave" in capsys.readouterr().out


def test_a_dry_run_ends_with_a_one_line_summary(
    world: tuple[CycleFake, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*ARGS, "--dry-run"]) == 0
    out, err = capsys.readouterr()
    would = out.count(": would remind ")
    already = out.count(": already reminded ")
    assert (would, already) == (1, 1)
    assert err == "rung: 1 reminder would be sent, 1 pull request reminded in the last 7 days\n"


def test_a_dry_run_without_a_token_says_it_still_reads_github(
    world: tuple[CycleFake, dict[str, Expected]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gh, _ = world
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main([*ARGS, "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "rung: error: GITHUB_TOKEN is not set; a --dry-run writes nothing but still reads the "
        "cycle's pull requests from GitHub: set GITHUB_TOKEN to a token that can read them\n"
    )
    assert "or use --dry-run" not in err
    assert gh.requests == []
