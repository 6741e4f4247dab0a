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
    for name in ("bench_render", "bench_harfbuzz"):
        monkeypatch.setattr(render, name, row(name))

    def joins(work: Path, sizes: tuple[int, ...], templates: Path) -> list[render.Tail]:
        calls.append("join_volumes")
        return [render.Tail(n, 0.05 * n, 0.04 * n, 100 + n, 90, 10 * n, 0.4 * n) for n in sizes]

    def cache(work: Path, packets: int, templates: Path, rung: str) -> tuple[list[str], float]:
        calls.append("bench_cache")
        return row("bench_cache")(), 2.0 * packets

    monkeypatch.setattr(render, "join_volumes", joins)
    monkeypatch.setattr(render, "bench_cache", cache)
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
    assert "| bench_harfbuzz |" in sections["render"] and "a test machine" in sections["render"]
    assert "| join one volume of 20 packets (200 pages, 8 MB)" in sections["render"]
    assert "| projected: 5,000 packets on 16 jobs, largest volume 20 |" in sections["render"]
    assert first.startswith("# Benchmarks\n")
    assert calls[:2] == ["distinct 200", "generated 200"]  # validate, then render
    assert calls[-1] == "bench_cache"
    assert calls.count("join_volumes") == 1

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


def test_the_projection_adds_set_up_render_download_and_join() -> None:
    # render: (400 s - 200 x 0.05 s of join) / 200 = 1.95 s a packet; 313 a shard;
    # download: 5,000 x 0.4 MB / 100 MB/s = 20 s; 180 + 610.35 + 20 + 15 = 825.35 s
    tail = render.Tail(300, 15.0, 14.0, 400.0, 100.0, 3000, 120.0)
    row = render.projection(5000, 16, 400.0, 200, tail)
    assert row.startswith(
        "| projected: 5,000 packets on 16 jobs, largest volume 300 | **13.8 min** |"
    )
    assert "313 packets × 1.95 s render + 20 s download + 15.0 s join" in row
    assert row.endswith("| ≤ 10 min | MISSED |")
