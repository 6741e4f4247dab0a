"""A cycle bundle survives a packet that cannot be rendered, and text glued with no-break spaces.

Three packets, rendered for real in the bundle's worker pool:

- ada-render, as in the fixtures;
- ben-render with a 160 KB narrative quote whose words are joined by U+00A0:
  Pango never breaks a line there, so before the breaker knew the Unicode
  space classes this was one 160 KB word to the layout and took minutes;
- cleo-render, whose render never finishes (tests/stall.py: in its worker the
  asset fetcher blocks, and the time limit passes while WeasyPrint waits on it):
  it becomes a page that says which packet and why, the rest of the cycle is
  still bundled, and the command exits 1.

The limit is one the other two packets cannot reach on any machine, however
busy: which packet fails is decided by the test, never by the clock.
"""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

import rung.render.bundle
from rung.cli import main
from rung.render.markdown import break_long_words
from stall import run_job_stalling

Cli = Callable[..., tuple[int, str, str]]
CYCLE = "2026-H2"
LIMIT = "3600"
STALLED = "cleo-render.md"
WORDS = ("Shipped the payouts & refunds work (2026-H1) for Müller's team " * 3000).split()
GLUED = "\xa0".join(WORDS)[:160_000]


def squeeze(text: str) -> str:
    return "".join(text.replace("\u200b", "").split())


def _with_body(path: Path, body: str) -> None:
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    path.write_text(front + "\n---\n\n" + body + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def bundle(render_repo: Path, tmp_path_factory: pytest.TempPathFactory, cli: Cli):
    root = tmp_path_factory.mktemp("failing")
    for name in ("ladders", "templates"):
        shutil.copytree(render_repo / name, root / name)
    folder = root / "packets" / CYCLE
    folder.mkdir(parents=True)
    for name in ("ada-render", "ben-render", "cleo-render"):
        shutil.copy(render_repo / "packets" / CYCLE / f"{name}.md", folder)
    _with_body(folder / "ben-render.md", "## Summary\n\nShort.\n\n## Impact\n\n> " + GLUED)
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.delenv("GITHUB_SHA", raising=False)
        # The pool pickles the worker function by name: the workers import tests/stall.py.
        mp.setattr(rung.render.bundle, "run_job", functools.partial(run_job_stalling, STALLED))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["bundle", CYCLE, "--out", "b.pdf", "--jobs", "2", "--time-limit", LIMIT])
    return code, out.getvalue(), err.getvalue(), root / "b.pdf"


def test_no_break_spaces_are_not_break_opportunities() -> None:
    glued = break_long_words("\xa0".join(["word"] * 100))
    assert glued.count("\u200b") == 7  # 499 characters without a place to break
    for space in ("\u00a0", "\u2007", "\u202f"):  # class GL: glue
        assert "\u200b" in break_long_words(space.join(["w"] * 300))
    for space in (" ", "\t", "\n", "\u2002", "\u2009", "\u3000", "\u200b"):  # SP, BA, BK, ZW
        assert break_long_words(space.join(["w"] * 300)) == space.join(["w"] * 300)


def test_a_failed_packet_is_a_page_and_the_rest_is_bundled(bundle) -> None:
    code, out, _, path = bundle
    assert code == 1
    assert out == (
        f"packets/{CYCLE}/cleo-render.md:0:0: error: cannot render: rendering took longer "
        f"than {LIMIT} s; shorten the narrative or its tables [render]\n"
        f"wrote b.pdf (3 packets, {len(PdfReader(path).pages)} pages)\n"
    )
    reader = PdfReader(path)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "Index",
        "Ada Lindqvist — L4 IC - Software Engineer → L5 IC - Software Engineer",
        "Ben Okafor — Tech Lead (TL2) → Tech Lead (TL4)",  # level titles, as on page 1
        "Cleo Marchetti — not rendered",
    ]
    notice = squeeze(reader.pages[-1].extract_text())
    assert squeeze("This packet could not be rendered") in notice
    assert squeeze(f"packets/{CYCLE}/cleo-render.md") in notice
    assert squeeze(f"rendering took longer than {LIMIT} s") in notice
    index = squeeze(reader.pages[0].extract_text())
    assert squeeze(f"Not rendered — see page {len(reader.pages)}") in index
    # the glued narrative is all there, not cut short
    text = squeeze("".join(page.extract_text() for page in reader.pages))
    assert squeeze(GLUED[-200:]) in text
