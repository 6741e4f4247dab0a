"""`rung validate --format sarif` (a SARIF 2.1.0 log for GitHub code scanning) and
`--quiet` (the findings, no summary line).

The SARIF 2.1.0 schema is not available offline, so the log is checked against the
part of it rung uses, written out here from the specification: the properties GitHub
code scanning reads, their types and the constraints between them (a result's
``ruleIndex`` names the rule with its ``ruleId``; lines and columns start at 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from paths import REPO
from rung.cli import main

MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
REGION = {
    "type": "object",
    "required": ["startLine"],
    "additionalProperties": False,
    "properties": {
        "startLine": {"type": "integer", "minimum": 1},
        "startColumn": {"type": "integer", "minimum": 1},
    },
}
LOCATION = {
    "type": "object",
    "required": ["physicalLocation"],
    "properties": {
        "physicalLocation": {
            "type": "object",
            "required": ["artifactLocation", "region"],
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "required": ["uri"],
                    "additionalProperties": False,
                    "properties": {
                        # a URI reference: no spaces, no backslashes
                        "uri": {"type": "string", "pattern": r"^[^\s\\]+$"},
                        "uriBaseId": {"const": "%SRCROOT%"},
                    },
                },
                "region": REGION,
            },
        }
    },
}
LEVEL = {"enum": ["none", "note", "warning", "error"]}
SARIF_SUBSET: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"const": "https://json.schemastore.org/sarif-2.1.0.json"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"const": "rung"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": MESSAGE,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": LEVEL},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "ruleIndex", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": LEVEL,
                                "message": MESSAGE,
                                "locations": {"type": "array", "minItems": 1, "items": LOCATION},
                            },
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def sarif(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code = main(["validate", "--format", "sarif", *args])
    out, err = capsys.readouterr()
    log: dict[str, Any] = json.loads(out)
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    return code, log, err


def test_findings_are_sarif_results_on_the_repository_path(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dana = repo / "packets" / "2026-H2" / "dana levi.md"
    text = (repo / "packets" / "2026-H2" / "dana-levi.md").read_text("utf-8")
    dana.write_text(text.replace("\nmanager: mkatz", "\nmanger: mkatz"), "utf-8")
    (repo / "packets" / "2026-H2" / "dana-levi.md").unlink()
    monkeypatch.chdir(repo / "packets")  # from a subfolder: paths are still the repository's
    code, log, err = sarif(capsys, "2026-H2/dana levi.md")
    assert code == 1
    assert err.startswith("rung: checked 1 packet")
    results = log["runs"][0]["results"]
    unknown = next(r for r in results if "unknown field 'manger'" in r["message"]["text"])
    assert unknown["ruleId"] == "schema" and unknown["level"] == "error"
    assert unknown["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "packets/2026-H2/dana%20levi.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4, "startColumn": 1},
    }
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["schema"]["defaultConfiguration"] == {"level": "error"}
    assert rules["schema"]["shortDescription"]["text"]


def test_a_clean_repository_is_an_empty_sarif_run(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, log, _ = sarif(capsys, "--quiet")
    notices = [r for r in log["runs"][0]["results"] if r["level"] == "note"]
    assert code == 0
    assert len(notices) == len(log["runs"][0]["results"])  # the repository has no error


def test_a_finding_on_a_whole_file_is_placed_on_its_first_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "packets" / "2026-H2" / "zed.md").write_bytes(b"---\ncandidate: \xff\n---\n")
    code, log, _ = sarif(capsys, "packets/2026-H2/zed.md")
    [result] = log["runs"][0]["results"]
    assert code in (1, 2)
    assert result["ruleId"] == "read"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_quiet_prints_the_findings_and_no_summary(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = repo / "packets" / "2026-H2" / "dana-levi.md"
    packet.write_text(packet.read_text("utf-8").replace("\nmanager:", "\nmanger:"), "utf-8")
    assert main(["validate", "--quiet", "packets/2026-H2/dana-levi.md"]) == 1
    out, err = capsys.readouterr()
    assert "unknown field 'manger'" in out
    assert err == ""
    assert main(["validate", "-q"]) == 1
    assert capsys.readouterr().err == ""
    assert main(["validate", "packets/2026-H2/dana-levi.md"]) == 1
    assert capsys.readouterr().err.startswith("rung: checked 1 packet, ")
