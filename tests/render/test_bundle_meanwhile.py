"""``render_all``'s ``meanwhile``: the bundle's own preparation runs while the workers
render, before any of their outcomes is taken — and not at all when nothing renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.commands.render_shared import check_renderable
from rung.model.repo import load_ladders
from rung.render.bundle import Job, render_all
from rung.render.packet import PacketRender

ROOT = Path(__file__).resolve().parents[2]


class Kept:
    """A render store that remembers what was put, and may hold everything already."""

    def __init__(self, holds: PacketRender | None = None) -> None:
        self.holds = holds
        self.puts: list[str] = []

    def get(self, key: str) -> PacketRender | None:
        return self.holds

    def put(self, key: str, render: PacketRender) -> None:
        self.puts.append(key)


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Job:
    ladders, _ = load_ladders(ROOT)
    path = ROOT / "packets" / "2026-H2" / "dana-levi.md"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        source, ladder, problems = check_renderable(path, dict(ladders.items()))
    assert source is not None and ladder is not None, problems
    return Job(source, ladder, None, ROOT / "templates", 60.0)


def test_meanwhile_runs_once_before_any_outcome_is_taken(job: Job) -> None:
    store, seen = Kept(), []
    outcomes = render_all(
        [job], 1, store=store, keys=["k"], meanwhile=lambda: seen.append(list(store.puts))
    )
    assert seen == [[]]  # called once, while no render was taken yet
    assert store.puts == ["k"]
    [outcome] = outcomes
    assert outcome.error is None and outcome.render is not None
    assert outcome.render.rendered.pdf.startswith(b"%PDF-")


def test_nothing_to_render_runs_nothing_meanwhile(job: Job) -> None:
    store, seen = Kept(), []
    [first] = render_all([job], 1, store=store, keys=["k"])
    assert first.render is not None
    kept = Kept(holds=first.render)
    [again] = render_all([job], 1, store=kept, keys=["k"], meanwhile=lambda: seen.append(1))
    assert seen == [] and kept.puts == []
    assert again.render is first.render
