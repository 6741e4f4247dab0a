"""``rung bundle`` in volumes: one PDF per committee, as the roster's ``volumes:`` says.

The fixture cycle (ada and dov on thelotter, ben on dotnet, cleo on beyond) is
split into an engineering volume (thelotter, dotnet) and a leadership one
(beyond).  Each volume holds exactly its packets, numbers its own pages, has a
bookmark per packet, passes pdfua and qpdf, and is the same bytes whether
rendered whole or merged from shards, volume by volume.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from gitrun import git
from paths import REPO
from rung.committee.roster import load_roster
from rung.model.repo import load_ladders

CYCLE = "2026-H2"
PDFUA = Path(sys.executable).with_name("pdfua")
VOLUMES = """
volumes:
  - name: engineering
    ladders: [thelotter, dotnet]
  - name: leadership
    ladders: [beyond]
"""
MEMBERS = {  # volume -> its packets' candidates, in the bundle's order
    "engineering": ["ada-render", "ben-render", "dov-render"],
    "leadership": ["cleo-render"],
}
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("volumes")
    for folder in ("ladders", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copytree(Path(__file__).parent / "fixtures" / "packets", root / "packets")
    (root / ".github").mkdir()
    roster = (REPO / ".github" / "committee.yml").read_text(encoding="utf-8")
    (root / ".github" / "committee.yml").write_text(roster + VOLUMES, encoding="utf-8")
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "--no-gpg-sign", "-m", "a cycle in two volumes")
    return root


@pytest.fixture(scope="module")
def run(repo: Path) -> Run:
    from rung.cli import main

    def call(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(repo)
            for name in ("GITHUB_SHA", "SOURCE_DATE_EPOCH"):
                mp.delenv(name, raising=False)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        return code, out.getvalue(), err.getvalue()

    return call


@pytest.fixture(scope="module")
def runs(run: Run) -> dict[str, tuple[int, str, str]]:
    merge = ["bundle", "merge", "parts/2.zip", "parts/1.zip"]
    return {
        "single": run("bundle", CYCLE, "--jobs", "2"),
        "shard1": run("bundle", CYCLE, "--shard", "1/2", "--out", "parts/1.zip", "--jobs", "1"),
        "shard2": run("bundle", CYCLE, "--shard", "2/2", "--out", "parts/2.zip", "--jobs", "1"),
        "engineering": run(*merge, "--volume", "engineering", "--out", "merged/engineering.pdf"),
        "leadership": run(*merge, "--volume", "leadership", "--out", "merged/leadership.pdf"),
    }


def volume(repo: Path, name: str) -> Path:
    return repo / "out" / f"{CYCLE}-bundle-{name}.pdf"


def test_each_volume_is_written_and_reported(runs: dict[str, Any], repo: Path) -> None:
    code, out, _ = runs["single"]
    assert code == 0
    lines = out.splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        f"wrote out/{CYCLE}-bundle-engineering.pdf",
        f"wrote out/{CYCLE}-bundle-leadership.pdf",
    ]
    assert "(volume engineering: 3 packets, " in lines[0]
    assert "(volume leadership: 1 packets, " in lines[1]
    assert not (repo / "out" / f"{CYCLE}-bundle.pdf").exists()


def test_merged_volumes_are_the_single_run_byte_for_byte(runs: dict[str, Any], repo: Path) -> None:
    for name in MEMBERS:
        code, out, err = runs[name]
        assert code == 0, out + err
        merged = (repo / "merged" / f"{name}.pdf").read_bytes()
        assert merged == volume(repo, name).read_bytes()


def test_a_volume_holds_exactly_its_packets(runs: dict[str, Any], repo: Path) -> None:
    for name, logins in MEMBERS.items():
        reader = PdfReader(volume(repo, name))
        assert sorted(reader.attachments) == [f"{login}.md" for login in logins]
        top = [item for item in reader.outline if not isinstance(item, list)]
        assert top[0].title == "Index"
        assert len(top) == 1 + len(logins)  # a bookmark per packet
        starts = [int(reader.get_destination_page_number(item) or 0) + 1 for item in top[1:]]
        assert starts == sorted(starts)
        index = " ".join(reader.pages[0].extract_text().split())
        for login in logins:
            assert f"@{login}" in index
        for other in {login for logins in MEMBERS.values() for login in logins} - set(logins):
            assert f"@{other}" not in index
        # the overall index of volumes, in every volume
        assert "Volume engineering" in index
        assert "Volume leadership" in index
        assert f"Promotion packets — {CYCLE}, volume {name}" in index
        assert reader.metadata is not None
        assert reader.metadata.title == f"Promotion packets, cycle {CYCLE}, volume {name}"


def test_page_numbers_run_on_within_each_volume(runs: dict[str, Any], repo: Path) -> None:
    for name in MEMBERS:
        reader = PdfReader(volume(repo, name))
        total = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            assert re.search(rf"Page {number} of {total}\s*$", page.extract_text()), (name, number)


def test_each_volume_keeps_its_structure_tree(runs: dict[str, Any], repo: Path) -> None:
    for name, logins in MEMBERS.items():
        with pikepdf.open(volume(repo, name)) as pdf:
            document = pdf.Root.StructTreeRoot.K
            assert document.S == "/Document"
            parts = list(document.K)
            assert len(parts) == 1 + len(logins)  # the index and each packet
            assert {str(part.S) for part in parts} == {"/Part"}
            keys = [int(k) for k in list(pdf.Root.StructTreeRoot.ParentTree.Nums)[::2]]
            assert keys == sorted(set(keys))
            for page in pdf.pages:
                assert int(page.obj.StructParents) in keys


def test_volumes_pass_pdfua_and_qpdf(runs: dict[str, Any], repo: Path) -> None:
    for name in MEMBERS:
        path = volume(repo, name)
        done = subprocess.run([str(PDFUA), "check", "--format", "json", str(path)],
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert json.loads(done.stdout)["findings"] == [], name
        if shutil.which("qpdf") is not None:
            done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                                  check=False)  # fmt: skip
            assert done.returncode == 0, (name, done.stdout[-500:])


def test_list_volumes_and_refusals(run: Run, runs: dict[str, Any]) -> None:
    assert run("bundle", CYCLE, "--list-volumes") == (0, '["engineering", "leadership"]\n', "")
    code, _, err = run("bundle", CYCLE, "--out", "one.pdf")
    assert code == 2
    assert "the cycle is bound in 2 volumes (engineering, leadership): give --volume" in err
    code, _, err = run("bundle", "merge", "parts/1.zip", "parts/2.zip", "--volume", "nope")
    assert (code, err) == (
        2,
        "rung: error: the cycle has no volume 'nope' (its volumes: engineering, leadership)\n",
    )
    code, _, err = run("bundle", CYCLE, "--shard", "1/2", "--volume", "leadership")
    assert code == 2
    assert "give --volume to 'merge'" in err


def test_one_volume_of_a_single_run(run: Run, repo: Path, runs: dict[str, Any]) -> None:
    code, out, _ = run("bundle", CYCLE, "--volume", "leadership", "--out", "lead.pdf")
    assert (code, out.split(" (")[0]) == (0, "wrote lead.pdf")
    assert (repo / "lead.pdf").read_bytes() == volume(repo, "leadership").read_bytes()


@pytest.mark.parametrize(
    ("volumes", "message"),
    [
        ("volumes:\n  - {name: a, ladders: [thelotter, nope]}\n"
         "  - {name: b, ladders: [dotnet, beyond]}\n", "unknown ladder 'nope'"),
        ("volumes:\n  - {name: a, ladders: [thelotter, dotnet]}\n"
         "  - {name: a, ladders: [beyond, dotnet]}\n", "two volumes are named 'a'"),
        ("volumes:\n  - {name: a, ladders: [thelotter, dotnet]}\n"
         "  - {name: b, ladders: [beyond, dotnet]}\n", "ladder 'dotnet' is already in volume 'a'"),
        ("volumes:\n  - {name: a, ladders: [thelotter]}\n", "ladders beyond, dotnet in no volume"),
        ("volumes: team\n", "volumes"),
        ("volumes:\n  - {name: Big Team, ladders: [thelotter]}\n", "name"),
    ],
)  # fmt: skip
def test_the_roster_checks_its_volumes(volumes: str, message: str) -> None:
    ladders, _ = load_ladders(REPO)
    text = (REPO / ".github" / "committee.yml").read_text(encoding="utf-8") + volumes
    roster, problems = load_roster(text, ".github/committee.yml", ladders)
    assert roster is None
    errors = [p for p in problems if p.level.name == "ERROR"]
    assert errors, problems
    assert any(message in p.message for p in errors), [p.message for p in errors]
    assert all(p.line > 0 for p in errors)


def test_the_roster_reads_its_volumes() -> None:
    ladders, _ = load_ladders(REPO)
    text = (REPO / ".github" / "committee.yml").read_text(encoding="utf-8")
    for extra, expected in (
        ("", {"thelotter": "all", "beyond": "all"}),
        ("volumes: ladder\n", {"thelotter": "thelotter", "beyond": "beyond"}),
        (VOLUMES, {"thelotter": "engineering", "dotnet": "engineering", "beyond": "leadership"}),
    ):
        roster, problems = load_roster(text + extra, ".github/committee.yml", ladders)
        assert roster is not None, problems
        assert {k: roster.volumes.volume_of(k) for k in expected} == expected
