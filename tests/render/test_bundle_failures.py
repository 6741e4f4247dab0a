"""A cycle bundle survives a packet that cannot be rendered, and text glued with no-break spaces.

Three packets, rendered for real:

- ada-render, as in the fixtures;
- ben-render with a 160 KB narrative quote whose words are joined by U+00A0:
  Pango never breaks a line there, so before the breaker knew the Unicode
  space classes this was one 160 KB word to the layout and took minutes;
- cleo-render with a table cell of 40 KB, which WeasyPrint cannot lay out
  within the time limit: it becomes a page that says which packet and why,
  the rest of the cycle is still bundled, and the command exits 1.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from rung.cli import main
from rung.render.markdown import break_long_words

Cli = Callable[..., tuple[int, str, str]]
CYCLE = "2026-H2"
LIMIT = "12"
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
    # Long enough to outlast the limit on any machine (about 2 s per 1,000 rows here);
    # a single cell of 40 KB used to do it, until tables stopped splitting words.
    table = (
        "| a | b |\n|---|---|\n" + "| Shipped the payouts & refunds | (2026-H1) Müller |\n" * 15_000
    )
    _with_body(folder / "cleo-render.md", "## Summary\n\nShort.\n\n## Impact\n\n" + table)
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.delenv("GITHUB_SHA", raising=False)
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
        "Ada Lindqvist — ic-l4 → ic-l5",
        "Ben Okafor — tl2 → tl4",
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
