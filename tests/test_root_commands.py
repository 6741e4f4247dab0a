"""Every command that reads the repository works the same from a folder inside it.

Each test runs the command through ``rung.cli.main`` twice, from the root and
from a subfolder, and compares what matters: the output, the files written,
the requests GitHub received.  Paths given on the command line are relative to
the working folder; ladders, templates, the roster and the cycle's packets are
found from the root.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from cycle.fake import CycleFake
from cycle.generate import CYCLE as GEN_CYCLE
from cycle.generate import make_repo, populate
from evidence.fake import FakeGraphQL
from fakegithub import FakeGitHub
from paths import REPO
from rung.cli import main

CYCLE = "2026-H2"
SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's ladders, packets, roster and templates."""
    for name in ("ladders", "packets", ".github", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / ".git").mkdir()  # the top of a work tree: the search for the root stops here
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "RUNG_EVIDENCE_CACHE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: Path, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(where)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_reviewers_dry_run_plans_the_same_from_the_packet_folder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = repo / "packets" / CYCLE
    top = run(capsys, monkeypatch, repo, "reviewers", f"packets/{CYCLE}/dana-levi.md",
              "--dry-run", "--format", "json")  # fmt: skip
    inside = run(capsys, monkeypatch, here, "reviewers", "dana-levi.md", "--dry-run",
                 "--format", "json")  # fmt: skip
    assert top[0] == inside[0] == 0
    # The packet is named as the repository names it: the tie-break hashes that name.
    assert json.loads(inside[1])["packet"] == f"packets/{CYCLE}/dana-levi.md"
    assert inside[1] == top[1]
    # --roster given from the subfolder is relative to it, like every path given.
    shutil.copy(repo / ".github" / "committee.yml", here / "roster.yml")
    mine = run(capsys, monkeypatch, here, "reviewers", "dana-levi.md", "--dry-run",
               "--format", "json", "--roster", "roster.yml")  # fmt: skip
    assert mine[1] == top[1]
    code, _, err = run(capsys, monkeypatch, here, "reviewers", "dana-levi.md", "--dry-run",
                       "--roster", "nowhere.yml")  # fmt: skip
    assert (code, err) == (2, "rung: error: no committee roster at nowhere.yml; "
                           "see docs/committee.md for its format\n")  # fmt: skip


def test_scorecard_matches_review_comments_from_a_subfolder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"packets/{CYCLE}/dana-levi.md"
    text = (repo / path).read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  ic-l5."))
    criterion = text.splitlines()[line - 1].strip().rstrip(":")
    with FakeGitHub() as gh:
        for name in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "RUNG_GITHUB_LOGIN"):
            monkeypatch.delenv(name, raising=False)
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        gh.add_pull(7, "dana-levi", {path: text})
        gh.add_review_comment(7, "rgolan", "/meets clear", path=path, line=line)
        outputs = [
            run(capsys, monkeypatch, where, "scorecard", packet, "--pr", "7", "--format", "json")
            for where, packet in ((repo, path), (repo / "packets" / CYCLE, "dana-levi.md"))
        ]
    assert outputs[0] == outputs[1]
    code, out, _ = outputs[1]
    assert code == 0
    card = json.loads(out)
    [row] = [r for r in card["rows"] if r["criterion"] == criterion]
    assert row["comments"] == 1


def test_cycle_status_and_agenda_from_a_subfolder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (
        ("cycle", "status", CYCLE, "--offline", "--today", "2026-07-01", "--format", "json"),
        ("cycle", "agenda", CYCLE, "--offline", "--today", "2026-07-01"),
    ):
        top = run(capsys, monkeypatch, repo, *args)
        inside = run(capsys, monkeypatch, repo / "ladders", *args)
        assert top[0] == inside[0] == 0
        assert inside == top
        assert "dana-levi" in top[1]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_render_bundle_and_letter_from_a_subfolder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = repo / "packets" / CYCLE
    top = run(capsys, monkeypatch, repo, "render", f"packets/{CYCLE}/dana-levi.md",
              "--commit", SHA, "--out", str(repo / "top"))  # fmt: skip
    inside = run(capsys, monkeypatch, here, "render", "dana-levi.md", "--commit", SHA,
                 "--out", str(repo / "inside"))  # fmt: skip
    assert top[0] == inside[0] == 0
    # The document names the packet as the repository does, whichever folder rung ran in.
    first, second = (
        repo / "top" / CYCLE / "dana-levi.pdf",
        repo / "inside" / CYCLE / "dana-levi.pdf",
    )
    assert first.read_bytes() == second.read_bytes()

    code, _, err = run(capsys, monkeypatch, here, "bundle", CYCLE, "--commit", SHA,
                       "--out", str(repo / "bundle.pdf"))  # fmt: skip
    assert code == 0, err
    words = pdf_text(repo / "bundle.pdf")
    logins = sorted(p.stem for p in here.glob("*.md"))
    assert len(logins) == 4
    assert all(f"@{login}" in words for login in logins), words[:300]

    code, _, err = run(capsys, monkeypatch, here, "letter", "dana-levi.md", "--offline",
                       "--out", str(repo / "letter.pdf"))  # fmt: skip
    assert code == 0, err
    assert "Outcome: Promote" in pdf_text(repo / "letter.pdf")


@pytest.fixture
def cycle_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, Path]]:
    scenarios = make_repo(tmp_path, 6)
    monkeypatch.chdir(tmp_path)
    with CycleFake() as gh:
        monkeypatch.delenv("RUNG_GITHUB_LOGIN", raising=False)
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        populate(gh, tmp_path, scenarios)
        yield gh, tmp_path


def test_remind_dry_run_from_a_subfolder(
    cycle_world: tuple[CycleFake, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gh, root = cycle_world
    args = ("remind", GEN_CYCLE, "--today", "2026-07-10", "--every", "7", "--dry-run")
    top = run(capsys, monkeypatch, root, *args)
    inside = run(capsys, monkeypatch, root / "packets", *args)
    assert top[0] == inside[0] == 0
    assert inside == top
    assert "would remind" in top[1]
    assert gh.writes() == []


def test_evidence_keeps_its_cache_at_the_root(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    packet = repo / "packets" / CYCLE / "dana-levi.md"
    text = packet.read_text(encoding="utf-8")
    cited = "https://github.com/acme/payments/pull/1044"
    packet.write_text(text.replace("https://acme.atlassian.net/browse/PAY-2210", cited), "utf-8")
    with FakeGraphQL() as fake:
        fake.add_pull_work("acme/payments", 1044, "dana-levi", merged="2026-03-02")
        for name, value in {**fake.env(), "GITHUB_SERVER_URL": "https://github.com"}.items():
            monkeypatch.setenv(name, value)
        code, out, err = run(capsys, monkeypatch, repo / "packets" / CYCLE, "evidence",
                             "dana-levi.md", "--format", "json")  # fmt: skip
    assert code == 0, err
    marks = {link["mark"] for link in json.loads(out)["links"] if link["url"] == cited}
    assert marks == {"✓ authored by @dana-levi, merged 2026-03-02"}
    assert (repo / ".rung-cache" / "evidence.json").is_file()
    assert not (repo / "packets" / CYCLE / ".rung-cache").exists()
