"""`rung ladder show` and `rung ladder diff` on every ladder of the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from paths import REPO
from rung.cli import main

LADDER_IDS = sorted(p.stem for p in (REPO / "ladders").glob("*.yaml"))


def _raw(ladder_id: str) -> Any:
    return yaml.safe_load((REPO / "ladders" / f"{ladder_id}.yaml").read_text())


def _run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_organisations_ladders_are_all_here() -> None:
    assert LADDER_IDS == ["beyond", "dotnet", "thelotter"]


@pytest.mark.parametrize("ladder_id", LADDER_IDS)
def test_show_json_mirrors_the_ladder_file(
    ladder_id: str, in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = _run_json(capsys, "ladder", "show", ladder_id, "--format", "json")
    raw = _raw(ladder_id)
    assert set(shown) == {"id", "name", "cumulative", "tracks", "levels"}
    assert (shown["id"], shown["name"], shown["cumulative"]) == (
        raw["id"],
        raw["name"],
        raw["cumulative"],
    )
    assert shown["tracks"] == raw["tracks"]
    assert [lv["id"] for lv in shown["levels"]] == [lv["id"] for lv in raw["levels"]]
    for level, raw_level in zip(shown["levels"], raw["levels"], strict=True):
        expected = [
            {
                "id": c["id"],
                "area": area["id"],
                "text": c["text"],
                "min_evidence": c.get("min_evidence", 1),
            }
            for area in raw_level["areas"]
            for c in area.get("criteria", [])
        ]
        assert level["criteria"] == expected
        assert (level["track"], level["rank"], level["title"]) == (
            raw_level["track"],
            raw_level["rank"],
            raw_level["title"],
        )


@pytest.mark.parametrize("ladder_id", LADDER_IDS)
def test_show_one_level(ladder_id: str, in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = _raw(ladder_id)
    level_id = raw["levels"][-1]["id"]
    shown = _run_json(capsys, "ladder", "show", ladder_id, "--level", level_id, "--format", "json")
    assert [lv["id"] for lv in shown["levels"]] == [level_id]


def test_show_text_lists_criteria_with_ids(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ladder", "show", "beyond", "--level", "tlm"]) == 0
    out = capsys.readouterr().out
    assert "tlm  rank 2  Technical Lead Manager" in out
    assert (
        "    - Has proposed and participated in 3+ technical planning or designs of large Epics "
        "or engineering initiatives [needs 3]\n"
    ) in out


@pytest.mark.parametrize(
    ("ladder_id", "source", "target", "kind"),
    [
        ("thelotter", "ic-l4", "ic-l5", "promotion"),
        ("thelotter", "ic-l5", "ic-l6", "promotion"),
        ("thelotter", "em-l4", "em-l5", "promotion"),
        ("thelotter", "ic-l1", "ic-l2", "promotion"),
        ("dotnet", "tl2", "tl4", "promotion"),
        ("beyond", "sse1", "tlm", "promotion"),
        ("beyond", "tlm", "em", "promotion"),
    ],
)
def test_diff_of_a_promotion_is_the_target_levels_criteria(
    ladder_id: str,
    source: str,
    target: str,
    kind: str,
    in_repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    diff = _run_json(capsys, "ladder", "diff", ladder_id, source, target, "--format", "json")
    raw_target = next(lv for lv in _raw(ladder_id)["levels"] if lv["id"] == target)
    expected_ids = [c["id"] for area in raw_target["areas"] for c in area.get("criteria", [])]
    assert (diff["from"], diff["to"], diff["kind"]) == (source, target, kind)
    assert [c["id"] for c in diff["criteria"]] == expected_ids
    assert {c["level"] for c in diff["criteria"]} == {target}


def test_thelotter_l4_to_l5_lists_exactly_the_l5_ic_growth_behaviours(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    diff = _run_json(capsys, "ladder", "diff", "thelotter", "ic-l4", "ic-l5", "--format", "json")
    texts = [c["text"] for c in diff["criteria"]]
    assert len(texts) == 33
    assert texts[0] == "You are able to perform HLD for epics"
    assert "You are able to plan and estimate an epic" in texts
    assert texts[-1] == "Builds strong, collaborative relationships in and out of the team"
    assert diff["criteria"][0] == {
        "id": "ic-l5.execution.hld-for-epics",
        "level": "ic-l5",
        "area": "execution",
        "text": "You are able to perform HLD for epics",
        "min_evidence": 1,
    }


def test_lateral_move_on_a_cumulative_ladder_needs_the_new_tracks_criteria_up_to_the_target(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    to_em4 = _run_json(capsys, "ladder", "diff", "thelotter", "ic-l4", "em-l4", "--format", "json")
    assert to_em4["kind"] == "lateral"
    assert {c["level"] for c in to_em4["criteria"]} == {"em-l4"}
    to_em5 = _run_json(capsys, "ladder", "diff", "thelotter", "ic-l5", "em-l5", "--format", "json")
    assert to_em5["criteria"][0]["level"] == "em-l4"
    assert {c["level"] for c in to_em5["criteria"]} == {"em-l4", "em-l5"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["thelotter", "ic-l4", "ic-l6"],
            "'ic-l4' -> 'ic-l6' is not allowed; from 'ic-l4' the ladder allows: "
            "promotion to 'ic-l5', lateral move to 'em-l4'",
        ),
        (
            ["thelotter", "ic-l3", "em-l4"],
            "'ic-l3' -> 'em-l4' is not allowed; from 'ic-l3' the ladder allows: "
            "promotion to 'ic-l4'",
        ),
        (
            ["thelotter", "ic-l5", "ic-l4"],
            "'ic-l5' -> 'ic-l4' is not allowed; from 'ic-l5' the ladder allows: "
            "promotion to 'ic-l6', lateral move to 'em-l5'",
        ),
        (
            ["dotnet", "tl4", "tl2"],
            "'tl4' -> 'tl2' is not allowed; 'tl4' is the top of its track and has no "
            "lateral counterpart",
        ),
    ],
)
def test_diff_refuses_moves_that_are_neither_promotion_nor_lateral(
    argv: list[str], message: str, in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both levels exist: "not allowed" is the answer about the ladder, a finding (exit 1).
    assert main(["ladder", "diff", *argv]) == 1
    assert capsys.readouterr() == (f"{argv[0]}: {message}\n", "")
    assert main(["ladder", "diff", *argv, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "from": argv[1],
        "to": argv[2],
        "kind": None,
        "error": message,
        "criteria": [],
    }


def test_diff_to_a_level_the_ladder_lacks_is_a_usage_error(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["dotnet", "tl2", "tl9"], ["dotnet", "tl9", "tl2"]):
        assert main(["ladder", "diff", *argv]) == 2
        assert capsys.readouterr() == (
            "",
            "rung: error: ladder 'dotnet' has no level 'tl9'; its levels: tl2, tl4\n",
        )


def test_unknown_ladder_names_the_known_ones(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ladder", "show", "acme"]) == 2
    assert capsys.readouterr().err == (
        "rung: error: no ladder 'acme' (looked for ladders/acme.yaml); "
        "known ladders: beyond, dotnet, thelotter\n"
    )
