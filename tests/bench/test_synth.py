"""The benchmark's data: valid packets, shaped like real ones, that take the fast path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rung.cli import main
from rung.loaders import yamlfast
from rung.loaders.yamlload import split_front_matter
from rung_bench.synth import write_copies, write_repository

REPOSITORY = Path(__file__).resolve().parents[2]


def _front_matter(path: Path) -> str:
    front, problems = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert front is not None, problems
    return front.yaml_text


def test_generated_packets_are_clean_and_look_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = write_repository(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == []
    assert len(report["packets"]) == 40
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    for shape in ["R&D", "Q&A", "!", '"', "'", " #", ": ", ">-", "links: [", "gap:", "ö"]:
        assert shape in text, shape
    assert re.search(r"^name: .*[^\x00-\x7f]", text, re.MULTILINE)  # accented names
    # Markers sit inside words, as real authors write them: the fast path is taken.
    for path in paths:
        assert yamlfast.fast_path_is_safe(_front_matter(path))


def test_copies_of_an_example_packet_are_clean_but_for_shared_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = REPOSITORY / "packets" / "2026-H2" / "dana-levi.md"
    paths = write_copies(tmp_path, example, REPOSITORY / "ladders", 3)
    assert [p.name for p in paths] == [f"dana-levi-{i:05d}.md" for i in range(3)]
    assert "candidate: dana-levi-00002\n" in paths[2].read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    # Copies cite the same links: the `reuse` notices are all the output there is
    # (the benchmark's worst case for the cross-packet index).
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(": notice: link " in line and line.endswith(" [reuse]") for line in lines)
