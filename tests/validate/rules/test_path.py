"""`path`: packets/<cycle>/<candidate>.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.problems import Level


def test_the_right_place(lint, clean: str) -> None:
    assert lint(clean, "packets/2026-H2/clean.md") == []
    assert lint(clean, "/somewhere/else/packets/2026-H2/clean.md") == []


def test_wrong_cycle_folder_points_at_cycle(lint, clean: str) -> None:
    assert lint(clean, "packets/2026-H1/clean.md") == [
        (
            8,
            8,
            Level.ERROR,
            "path",
            "cycle '2026-H2' does not match the folder '2026-H1'; move the file to "
            "packets/2026-H2/clean.md or fix 'cycle:'",
        )
    ]


def test_wrong_file_name_points_at_candidate(lint, clean: str) -> None:
    assert lint(clean, "packets/2026-H2/Clean.md") == [
        (
            2,
            12,
            Level.ERROR,
            "path",
            "candidate 'clean' does not match the file name 'Clean.md'; rename the file to "
            "packets/2026-H2/clean.md or fix 'candidate:'",
        )
    ]


def test_outside_packets_points_at_line_1(lint, clean: str) -> None:
    assert lint(clean, "docs/clean.md") == [
        (
            1,
            1,
            Level.ERROR,
            "path",
            "a packet belongs at packets/2026-H2/clean.md, not docs/clean.md; move the file there",
        )
    ]


def test_a_short_relative_path_is_judged_where_it_really_is(
    lint, clean: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "packets" / "2026-H2"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    assert lint(clean, "clean.md") == []
