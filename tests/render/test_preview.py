"""packet-check's PDF says on every page that it is the pull request's own rendering.

packet-check installs rung and the templates from the pull request's branch, so
its PDF is the candidate's rendering: ``rung pr render`` (packet-check's step)
renders with ``--preview``, which puts "Preview rendered from this pull request's
branch — not the committee's copy" in every page's footer.  The committee's copies
(``rung render``, ``rung bundle`` on the default branch) never carry it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from render.conftest import CYCLE, Cli

PREVIEW = "Preview rendered from this pull request's branch — not the committee's copy"
PACKET = f"packets/{CYCLE}/ben-render.md"
PDFUA = Path(sys.executable).with_name("pdfua")


def page_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def preview(cli: Cli, render_repo: Path) -> Path:
    code, out, err = cli("render", PACKET, "--preview", "--no-cache", "--out", "out-preview")
    assert code == 0, out + err
    return render_repo / "out-preview" / CYCLE / "ben-render.pdf"


def test_every_page_of_a_preview_says_so(preview: Path) -> None:
    texts = page_texts(preview)
    assert len(texts) > 1
    assert [PREVIEW in text for text in texts] == [True] * len(texts)
    # Beside the page number, which the footer still carries.
    assert all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, 1))


def test_the_committees_copy_does_not(rendered: tuple[int, str, str], render_repo: Path) -> None:
    assert rendered[0] == 0
    texts = page_texts(render_repo / "out-render" / CYCLE / "ben-render.pdf")
    assert len(texts) > 1 and not any("Preview" in text for text in texts)
    assert all("Confidential — for the calibration committee" in text for text in texts)


def test_the_bundle_does_not(cli: Cli, render_repo: Path) -> None:
    code, out, err = cli("bundle", CYCLE, "--out", "out-preview/bundle.pdf", "--jobs", "1")
    assert code == 0, out + err
    texts = page_texts(render_repo / "out-preview" / "bundle.pdf")
    assert len(texts) > 3 and not any("Preview" in text for text in texts)


def test_a_preview_is_still_pdf_ua(preview: Path) -> None:
    done = subprocess.run([str(PDFUA), "check", "--format", "json", str(preview)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert json.loads(done.stdout)["findings"] == []


def test_packet_checks_step_renders_previews(
    cli: Cli, render_repo: Path, tmp_path: Path, preview: Path
) -> None:
    """``rung pr render``, as packet-check.yml runs it, passes ``--preview``."""
    report = tmp_path / "validate.json"
    report.write_text(json.dumps({"packets": [{"path": PACKET, "candidate": "ben-render"}],
                                  "findings": []}), encoding="utf-8")  # fmt: skip
    env = {"GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_STEP_SUMMARY": str(tmp_path / "s")}
    out_dir = tmp_path / "pdf"
    code, out, err = cli("pr", "render", report, "--pr", "7", "--commit", "a" * 40,
                         "--out", out_dir, env=env)  # fmt: skip
    assert code == 0, out + err
    texts = page_texts(out_dir / CYCLE / "ben-render.pdf")
    assert texts and all(PREVIEW in text for text in texts)


def test_a_preview_and_the_committees_copy_never_share_a_cache_entry(
    cli: Cli, render_repo: Path, tmp_path: Path
) -> None:
    env = {"RUNG_RENDER_CACHE": str(tmp_path / "cache")}
    assert cli("render", PACKET, "--out", "out-cached", env=env)[0] == 0
    assert cli("render", PACKET, "--preview", "--out", "out-cached-preview", env=env)[0] == 0
    preview = page_texts(render_repo / "out-cached-preview" / CYCLE / "ben-render.pdf")
    committee = page_texts(render_repo / "out-cached" / CYCLE / "ben-render.pdf")
    assert all(PREVIEW in text for text in preview)
    assert not any(PREVIEW in text for text in committee)
