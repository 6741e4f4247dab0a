"""``rung ladder import`` through the real command line: output, report and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import FIXTURES, REPO
from rung.cli import main
from rung.ladder.load import load_ladder

IMPORT = "tests/fixtures/import"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the report are shown relative to the working directory."""
    monkeypatch.chdir(REPO)


def test_complete_import_writes_the_draft_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "import", f"{IMPORT}/handbook.md"]) == 0
    out, err = capsys.readouterr()
    assert out == (FIXTURES / "import" / "handbook.expected.yaml").read_text(encoding="utf-8")
    assert err.splitlines() == [
        f'{IMPORT}/handbook.md:6: skipped: section "Overview" is not a level',
        f'{IMPORT}/handbook.md:81: skipped: section "FAQ" is not a level',
        # Text kept as prose is reported with its line too: nothing leaves the criteria
        # unseen (issue 26).
        f"{IMPORT}/handbook.md:3: prose: description of the ladder: "
        '"This handbook describes what we expect of designers at each…"',
        f'{IMPORT}/handbook.md:14: prose: aka of level "Associate Designer": '
        '"Usually referred to as junior designer."',
        f'{IMPORT}/handbook.md:18: prose: summary "Scope" of level "Associate Designer": '
        '"Works on well-defined parts of a feature with close support."',
        f'{IMPORT}/handbook.md:38: prose: summary "Scope" of level "Product Designer": '
        '"Owns the design of whole features."',
        f'{IMPORT}/handbook.md:51: prose: typical experience "Typical experience" of level '
        '"Product Designer": "Two to five years designing digital products."',
        f'{IMPORT}/handbook.md:67: prose: guidance "Next steps" of level '
        '"Senior Product Designer": "Pair with a design manager on hiring"',
        f'{IMPORT}/handbook.md:68: prose: guidance "Next steps" of level '
        '"Senior Product Designer": "Present at the company design review"',
        "prose 7 (kept as summary, guidance or description)",
        'quality: level ad "Associate Designer": 3 areas, 4 criteria; track ic, rank 1 '
        "(no manager word in the title; rank from document order)",
        'quality: level pd "Product Designer": 2 areas, 2 criteria; track ic, rank 2 '
        "(no manager word in the title; rank from document order)",
        'quality: level spd "Senior Product Designer": 2 areas, 4 criteria; track ic, rank 3 '
        "(no manager word in the title; rank from document order)",
        'quality: level dm "Design Manager": 2 areas, 3 criteria; track manager, rank 4 '
        '(title says "Manager"; rank from document order)',
        "quality: check 1: tracks: ad -> ic, pd -> ic, spd -> ic, dm -> manager",
        "quality: check 2: ranks follow the document order, not numbers in the titles",
        "quality: check 3: cumulative: true, from line 3",
        "levels 4, areas 9, criteria 13, unplaced 0",
    ]


def test_out_file_passes_ladder_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "design.yaml"
    args = ["ladder", "import", f"{IMPORT}/handbook.md", "--out", str(out_file)]
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == "levels 4, areas 9, criteria 13, unplaced 0"
    draft = out_file.read_text(encoding="utf-8")
    assert "\nid: design\n" in draft  # the id follows the --out file name
    assert main(["ladder", "check", str(out_file)]) == 0
    # A draft has no policy until its maintainer writes one: the only finding says so.
    (warning,) = capsys.readouterr().out.splitlines()
    assert ": warning: ladder 'design' has no 'policy:', so rung applies the defaults" in warning


def test_id_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "import", f"{IMPORT}/rows-per-level.md", "--id", "support"]) == 0
    ladder, problems = load_ladder(capsys.readouterr().out, "support.yaml")
    assert problems == []
    assert ladder is not None and ladder.id == "support"


def test_unplaced_content_exits_1_and_still_writes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "import", f"{IMPORT}/unplaced.md"]) == 1
    out, err = capsys.readouterr()
    path = f"{IMPORT}/unplaced.md"
    assert err.splitlines() == [
        f'{path}:9: unplaced: code block in level "M1 Mobile Engineer": "fun example() = Unit"',
        f'{path}:13: unplaced: image in level "M1 Mobile Engineer": "![Career chart](chart.png)"',
        f'{path}:15: unplaced: HTML in level "M1 Mobile Engineer": '
        '"Ask your manager for the slide deck."',
        f"{path}:19: unplaced: paragraph outside any level: "
        '"Promotions are decided by the committee every quarter."',
        f"{path}:21: unplaced: table that names no level in its first row or column: "
        '"Quarter | Deadline"',
        "prose 0 (kept as summary, guidance or description)",
        'quality: level m1 "M1 Mobile Engineer": 1 areas, 1 criteria; track ic, rank 1 '
        "(no manager word in the title; rank from the title)",
        "quality: check 1: cumulative: false, no sentence says levels build on each other",
        "levels 1, areas 1, criteria 1, unplaced 5",
    ]
    ladder, problems = load_ladder(out, "unplaced.yaml")
    assert problems == []
    assert ladder is not None
    assert [c.id for c in ladder.criteria_by_id.values()] == [
        "m1.delivery.ships-small-features-behind-flag"
    ]


def test_no_level_exits_1_without_a_draft(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "import", f"{IMPORT}/no-levels.md"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{IMPORT}/no-levels.md:1: unplaced: no level found: "
        "no heading, table row or column names a level",
        "levels 0, areas 0, criteria 0, unplaced 1",
    ]


def test_invalid_utf8_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "import", f"{IMPORT}/not-utf8.md"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{IMPORT}/not-utf8.md:3:18: error: not valid UTF-8 (byte 0xE9 at offset 32); "
        "save the file as UTF-8 [read]\n"
    )


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "import", "no/such/ladder.md"]) == 2
    assert capsys.readouterr().err == (
        "no/such/ladder.md:0:0: error: cannot read file: No such file or directory [read]\n"
    )


def test_unwritable_out_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "x.yaml"
    assert main(["ladder", "import", f"{IMPORT}/handbook.md", "--out", str(target)]) == 2
    assert capsys.readouterr().err.endswith(
        f"rung: error: cannot write {target.as_posix()}: No such file or directory\n"
    )


def test_track_hints_override_the_guess(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["ladder", "import", f"{IMPORT}/handbook.md"]
    args += ["--track-hint", "^senior=senior", "--track-hint", "design manager=people"]
    assert main(args) == 0
    draft = capsys.readouterr().out
    ladder, _ = load_ladder(draft, "handbook.yaml")
    assert ladder is not None
    assert [(t.id, t.name, t.entry) for t in ladder.tracks] == [
        ("ic", "Individual contributor", "ad"),
        ("senior", "Senior", "spd"),
        ("people", "People", "dm"),
    ]
    assert '  # line 53: "Senior Product Designer" — --track-hint ^senior=senior;' in draft


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--id", "Design Team"], "argument --id: 'Design Team' is not a ladder id"),
        (["--track-hint", "manager"], "argument --track-hint: 'manager' is not PATTERN=TRACK"),
        (["--track-hint", "Lead=Tech Lead"], "argument --track-hint: track 'Tech Lead' must be"),
        (["--track-hint", "(=x"], "argument --track-hint: pattern '(' is not a regular expression"),
    ],
)
def test_bad_options_exit_2(
    option: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ladder", "import", f"{IMPORT}/handbook.md", *option])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
