"""docs/benchmarks.md as each of the three bench modes leaves it, from fixed figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rung_bench import __main__ as bench
from rung_bench import render, validate

ANALYSIS = "### What limits the bundle\n\nWritten by hand; every mode keeps it.\n"


def _fixed(monkeypatch: pytest.MonkeyPatch, calls: list[str]) -> None:
    """Replace every measurement with a fixed row; the sections are still formatted by
    the real code."""

    def row(name: str) -> Any:
        def measured(*args: object) -> list[str]:
            calls.append(name)
            return [f"| {name} | 1.0 s | 2.0 s | **0.50** | recorded | |"]

        return measured

    def generated(work: Path, runs: int, packets: int, target: float) -> tuple[str, str]:
        calls.append(f"generated {packets}")
        return f"| validate {packets} generated | 1 s | 1 s | **1.00** | x | met |", "38 MiB"

    def distinct(work: Path, runs: int, packets: int, target: float) -> tuple[str, str]:
        calls.append(f"distinct {packets}")
        return f"| validate {packets} distinct | 1 s | 1 s | **1.00** | x | met |", "| one | x |"

    monkeypatch.setattr(validate, "generated", generated)
    monkeypatch.setattr(validate, "distinct", distinct)
    monkeypatch.setattr(validate, "copies", row("copies"))
    monkeypatch.setattr(validate, "cold_start", row("cold start"))
    monkeypatch.setattr(validate, "imported_modules", lambda work: "rung yaml")
    for name in ("bench_render", "bench_harfbuzz", "bench_jobs", "bench_tail", "bench_cache"):
        monkeypatch.setattr(render, name, row(name))
    monkeypatch.setattr(render, "machine", lambda: "a test machine")


def _sections(text: str) -> dict[str, str]:
    found = {}
    for name, begin, end in (
        ("validate", validate.BEGIN, validate.END),
        ("render", render.START, render.END),
    ):
        assert text.count(begin) == 1 and text.count(end) == 1, name
        found[name] = text[text.index(begin) : text.index(end)]
    return found


def test_every_mode_keeps_both_sections_and_the_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _fixed(monkeypatch, calls)
    out = tmp_path / "benchmarks.md"
    argv = ["--quick", "--runs", "1", "--out", str(out)]

    assert bench.main(["all", *argv]) == 0  # from no document at all
    first = out.read_text(encoding="utf-8")
    sections = _sections(first)
    assert "| validate 200 generated |" in sections["validate"]
    assert "Memory: 38 MiB." in sections["validate"]
    assert "| bench_jobs |" in sections["render"] and "a test machine" in sections["render"]
    assert first.startswith("# Benchmarks\n")
    assert calls[:2] == ["distinct 200", "generated 200"]  # validate, then render
    assert calls[-1] == "bench_cache"

    out.write_text(first + "\n" + ANALYSIS, encoding="utf-8")
    for mode in ("validate", "render", "all"):
        calls.clear()
        assert bench.main([mode, *argv]) == 0
        text = out.read_text(encoding="utf-8")
        assert text.endswith(ANALYSIS), mode
        assert _sections(text).keys() == {"validate", "render"}, mode
        assert any(c.startswith("generated") for c in calls) == (mode != "render"), mode
        assert ("bench_cache" in calls) == (mode != "validate"), mode
        # Only the timing line of the render section differs from run to run.
        assert _sections(text)["validate"] == sections["validate"], mode
