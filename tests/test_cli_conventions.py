"""Command-line conventions users of yamllint, ruff and pre-commit expect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import build_parser, main


def test_bare_rung_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    for command in ("validate", "fmt", "packet", "ladder", "render", "reviewers"):
        assert f"\n    {command} " in err


def test_a_bad_flag_shows_the_subcommand_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["ladder", "check", "--bogus"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: rung ladder check ")
    assert "rung ladder check: error: unrecognized arguments: --bogus" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["-V"])
    assert capsys.readouterr().out.startswith("rung ")


def test_every_command_and_subcommand_has_a_description() -> None:
    import argparse

    def walk(parser: argparse.ArgumentParser, name: str) -> list[str]:
        missing = [] if parser.description else [name]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    missing += walk(child, f"{name} {sub}")
        return missing

    assert walk(build_parser(), "rung") == []


def test_json_even_when_a_file_is_missing(
    in_repo: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "json", "no-such.md"]) == 2
    assert json.loads(capsys.readouterr().out) == {
        "error": "no such file or folder: no-such.md",
        "findings": [],
    }


def test_rules_speak_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "coverage"]) == 0
    out = capsys.readouterr().out
    assert "``" not in out and "::" not in out


def test_ladder_check_speaks_json(in_repo: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["valdate"], "invalid choice: 'valdate' (choose from "),
        (["ladder", "chek"], "invalid choice: 'chek' (choose from "),
        (["cycle", "agenda", "2026-H2", "--format", "pfd"], "invalid choice: 'pfd' (choose from "),
    ],
)
def test_a_mistyped_command_or_choice_gets_a_suggestion(
    argv: list[str], suggestion: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert suggestion in last
    meant = {"valdate": "validate", "chek": "check", "pfd": "pdf"}[argv[-1]]
    assert last.endswith(f"; did you mean '{meant}'?")


def test_a_mistyped_packet_key_gets_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    text = (REPO / "packets" / "2026-H2" / "dana-levi.md").read_text("utf-8")
    path = tmp_path / "p.md"
    path.write_text(text.replace("\nmanager:", "\nmanger:", 1), "utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "unknown field 'manger' (did you mean 'manager'?); known fields: " in out
