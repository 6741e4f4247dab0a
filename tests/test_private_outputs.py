"""Every confidential file rung writes is readable by its owner only (mode 0600):
packets, the bundle, the agenda, letters, the dashboard and status files.

Each command runs on this repository's example cycle, with a permissive umask and
an older world-readable file already where it writes: the new file replaces it 0600.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from paths import REPO
from rung.cli import main
from rung.commands.private_file import write_private

CYCLE = "2026-H2"


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def stale(path: Path) -> Path:
    """A world-readable file where the command writes, as an older rung left it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"old")
    path.chmod(0o644)
    return path


def test_render_writes_packets_0600(here: None, tmp_path: Path) -> None:
    pdf = stale(tmp_path / CYCLE / "dana-levi.pdf")
    html = tmp_path / CYCLE / "dana-levi.html"
    packet = f"packets/{CYCLE}/dana-levi.md"
    assert main(["render", packet, "--out", str(tmp_path), "--html", "--no-cache"]) == 0
    assert mode(pdf) == 0o600 and mode(html) == 0o600
    assert "Dana" in pypdf.PdfReader(pdf).pages[0].extract_text()


def test_bundle_is_0600(here: None, tmp_path: Path) -> None:
    out = stale(tmp_path / "bundle.pdf")
    assert main(["bundle", CYCLE, "--out", str(out), "--no-cache"]) == 0
    assert mode(out) == 0o600 and out.read_bytes().startswith(b"%PDF")


def test_agenda_pdf_and_markdown_are_0600(here: None, tmp_path: Path) -> None:
    pdf = stale(tmp_path / "agenda.pdf")
    markdown = stale(tmp_path / "agenda.md")
    assert main(["cycle", "agenda", CYCLE, "--offline", "--format", "pdf", "--out", str(pdf)]) == 0
    assert main(["cycle", "agenda", CYCLE, "--offline", "--out", str(markdown)]) == 0
    assert mode(pdf) == 0o600 and mode(markdown) == 0o600
    assert "Ido" in markdown.read_text(encoding="utf-8")


@pytest.mark.parametrize("form", ["html", "json", "markdown", "text"])
def test_dashboard_and_status_files_are_0600(here: None, tmp_path: Path, form: str) -> None:
    out = stale(tmp_path / f"status.{form}")
    assert main(["cycle", "status", CYCLE, "--offline", "--format", form, "--out", str(out)]) == 0
    assert mode(out) == 0o600 and "ido-peretz" in out.read_text(encoding="utf-8")


def test_letter_is_0600(here: None, tmp_path: Path) -> None:
    out = stale(tmp_path / "letters" / "ido-peretz.pdf")
    assert main(["letter", f"packets/{CYCLE}/ido-peretz.md", "--offline", "--out", str(out)]) == 0
    assert mode(out) == 0o600 and out.read_bytes().startswith(b"%PDF")


def test_a_link_in_the_way_is_replaced_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.pdf"
    link.symlink_to(target)
    write_private(link, b"%PDF")
    assert target.read_text(encoding="utf-8") == "keep"
    assert not link.is_symlink() and mode(link) == 0o600
