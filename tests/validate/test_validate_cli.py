"""`rung validate`, `rung rules` and `rung schema` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from paths import REPO
from rung.cli import main
from rung.loaders.yamlload import load_yaml, split_front_matter

NOTICE = (
    "packets/2026-H2/maya-azulay.md:7:5: notice: 'ic-l4' -> 'em-l4' is a lateral move from "
    "track 'ic' to track 'em' at the same rank: a change of role, not a promotion [step]\n"
)
MINI = REPO / "tests" / "fixtures" / "packets" / "ladders" / "mini.yaml"
CLEAN = REPO / "tests" / "fixtures" / "packets" / "2026-H2" / "clean.md"


@pytest.fixture(autouse=True)
def _not_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_the_repository_validates(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == NOTICE
    assert captured.err == (
        "rung: checked 4 packets, 3 ladders, 1 decisions file, the committee roster: "
        "0 errors, 0 warnings, 1 notice\n"
    )


def test_every_ladder_has_an_example_packet(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "json"]) == 0
    packets = json.loads(capsys.readouterr().out)["packets"]
    moves = {(p["ladder"], p["from"], p["to"], p["kind"]) for p in packets}
    assert moves == {
        ("thelotter", "ic-l4", "ic-l5", "promotion"),
        ("thelotter", "ic-l4", "em-l4", "lateral"),
        ("dotnet", "tl2", "tl4", "promotion"),
        ("beyond", "sse1", "tlm", "promotion"),
    }
    assert all(p["covered"] + p["gaps"] == p["required"] for p in packets)
    assert all(p["gaps"] >= 1 for p in packets)  # every example is honest about something


def test_validate_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from rung.cli import main\n"
        "code = main(['validate'])\n"
        "heavy = ('weasyprint', 'github', 'jinja2', 'jsonschema')\n"
        "print(code, [m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr


def test_strict_fails_on_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packet = tmp_path / "packets" / "2026-H2" / "clean.md"
    packet.parent.mkdir(parents=True)
    packet.write_bytes(b"\xef\xbb\xbf" + CLEAN.read_bytes())  # a BOM: one warning
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(MINI), str(packet)]) == 0
    assert main(["validate", "--strict", str(MINI), str(packet)]) == 1


def test_format_auto_is_github_in_actions_with_a_job_summary(
    in_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step output\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith(
        "::group::packets/2026-H2/maya-azulay.md (1 notice)\n::notice file="
    )
    text = summary.read_text()
    assert text.startswith("earlier step output\n## rung validate\n\n1 notice.\n\n")
    assert "### Dana Levi (dana-levi): thelotter ic-l4 → ic-l5\n" in text
    assert (
        "| ic-l5.execution.plan-and-estimate-epic<br>You are able to plan and estimate an epic | ➖ gap | 0 |\n"
        in text
    )
    assert text.count("| Criterion | Status | Items |") == 4


def test_paths_may_be_folders_and_ladder_files(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = "tests/fixtures/packets/2026-H1"
    assert main(["validate", str(MINI.relative_to(REPO)), folder]) == 1
    assert capsys.readouterr().out == (
        "tests/fixtures/packets/2026-H1/path-cycle.md:8:8: error: cycle '2026-H2' does not match "
        "the folder '2026-H1'; move the file to packets/2026-H2/path-cycle.md or fix 'cycle:' "
        "[path]\n"
    )


def test_a_ladder_with_errors_is_reported_with_the_packets_that_use_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI.read_text().replace("rank: 3", "rank: 1"))
    packet = tmp_path / "packets" / "2026-H2" / "clean.md"
    packet.parent.mkdir(parents=True)
    packet.write_text(CLEAN.read_text())
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "packets/2026-H2/clean.md"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "ladders/mini.yaml:57:11: error: rank 1 of 'ic3' does not increase along track 'ic' "
        "(the level before it has rank 2) [ladder]",
        "packets/2026-H2/clean.md:5:9: error: ladder 'mini' has 1 error; "
        "see ladders/mini.yaml:57:11 [reference]",
    ]


def test_the_committee_roster_is_checked_when_rung_committee_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rung.problems import Level, Problem

    calls = []

    def load_roster(text, path, ladders):
        calls.append((text, path, sorted(ladders)))
        return None, [Problem(path, 2, 3, Level.ERROR, "roster", "unknown member")]

    monkeypatch.setitem(
        sys.modules, "rung.committee.roster", types.SimpleNamespace(load_roster=load_roster)
    )
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI.read_text())
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "committee.yml").write_text("members: []\n")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    assert calls == [("members: []\n", ".github/committee.yml", ["mini"])]
    captured = capsys.readouterr()
    assert captured.out == ".github/committee.yml:2:3: error: unknown member [roster]\n"
    assert captured.err == (
        "rung: checked 0 packets, 1 ladder, the committee roster: 1 error, 0 warnings, 0 notices\n"
    )


def test_usage_errors_exit_2(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/packet.md"]) == 2
    assert capsys.readouterr().err == "rung: error: no such file or folder: no/such/packet.md\n"
    assert main(["validate", "packets", "--changed-since", "HEAD"]) == 2
    assert capsys.readouterr().err == "rung: error: give PATHs or --changed-since, not both\n"
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--format", "xml"])
    assert exited.value.code == 2


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "read",
        "size",
        "yaml",
        "schema",
        "reference",
        "step",
        "tenure",
        "coverage",
        "gaps",
        "checkpoint",
        "link",
        "github-link",
        "reuse",
        "path",
        "section",
        "unicode",
        "reviewers",
        "manager",
        "decisions",
        "config",
        "suppression",
    ]
    assert lines[7] == (
        "coverage     error    Every criterion the move requires has evidence or an acknowledged gap."
    )


def test_rules_explains_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "checkpoint"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("checkpoint (default level: error)\n\nA criterion with min_evidence: N")
    assert "Passing" in out and "Failing" in out
    assert main(["rules", "coverag"]) == 2
    assert capsys.readouterr().err == "rung: error: no rule 'coverag'; did you mean 'coverage'?\n"


def _front_matter(path: Path) -> Any:
    front, _ = split_front_matter(path.read_text(), str(path))
    assert front is not None
    doc, _ = load_yaml(front.yaml_text, str(path))
    assert doc is not None
    return doc.data


def test_schema_for_a_ladder_names_its_criteria(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--ladder", "thelotter"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    known = schema["properties"]["evidence"]["properties"]
    assert known["ic-l5.execution.hld-for-epics"] == {
        "$ref": "#/$defs/entry",
        "description": "You are able to perform HLD for epics",
    }
    assert "ratings" not in schema["properties"]  # thelotter rates no competencies
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("dana-levi", "maya-azulay"):
        data = _front_matter(REPO / "packets" / "2026-H2" / f"{name}.md")
        assert list(validator.iter_errors(data)) == []
    data = _front_matter(REPO / "packets" / "2026-H2" / "dana-levi.md")
    data["evidence"]["ic-l5.execution.hld-for-epic"] = [{"claim": "typo"}]
    assert not validator.is_valid(data)


def test_schema_without_a_ladder_is_the_shipped_one(capsys: pytest.CaptureFixture[str]) -> None:
    from rung.loaders.schema_fast import load_schema

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == load_schema("packet")


def test_schema_with_ratings(in_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--ladder", "dotnet"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["ratings"]["properties"]["technical-leadership"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "description": "Technical Leadership",
    }
    data = _front_matter(REPO / "packets" / "2026-H2" / "ido-peretz.md")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def test_a_readme_among_the_packets_is_not_a_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI.read_text())
    (tmp_path / "packets" / "2026-H2").mkdir(parents=True)
    (tmp_path / "packets" / "README.md").write_text("# How to write a packet\n")
    (tmp_path / "packets" / "2026-H2" / "clean.md").write_text(CLEAN.read_text())
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert main(["validate", "packets"]) == 0
    assert (
        capsys.readouterr().err.splitlines()
        == ["rung: checked 1 packet, 1 ladder: 0 errors, 0 warnings, 0 notices"] * 2
    )
