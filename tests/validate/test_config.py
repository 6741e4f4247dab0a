"""``rung.toml``: per-repository rule levels, and its findings at rung.toml:line:column
(exit 2), through the real ``rung validate`` and the commands that validate first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from paths import FIXTURES, REPO
from rung.cli import main
from rung.loaders.schema import iter_errors
from rung.loaders.schema_fast import load_schema

CLEAN = (FIXTURES / "packets" / "2026-H2" / "clean.md").read_text()
MINI = (FIXTURES / "packets" / "ladders" / "mini.yaml").read_text()
CLEAN_MD = "packets/2026-H2/clean.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini ladder; clean.md with a pull request cited without its number (a
    github-link warning) and a criterion left without evidence (a coverage error)."""
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI)
    (tmp_path / "packets" / "2026-H2").mkdir(parents=True)
    text = CLEAN.replace("acme/shop/pull/1]", "acme/shop/pull/]")
    text = text.replace(
        "  ic3.team.mentors:\n    gap: No one to mentor yet; a new hire joins in August.\n", ""
    )
    (tmp_path / CLEAN_MD).write_text(text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rules_of(out: str) -> list[tuple[str, str]]:
    return [(f["rule"], f["level"]) for f in json.loads(out)["findings"]]


def test_without_rung_toml_every_rule_has_its_default_level(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    assert rules_of(out) == [("coverage", "error"), ("github-link", "warning")]


def test_rule_levels_turn_a_rule_off_and_another_down(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text('[rules]\ngithub-link = "off"\ncoverage = "warning"\n')
    code, out, err = run(capsys, "--format", "json")
    assert (code, rules_of(out)) == (0, [("coverage", "warning")])
    assert err == "rung: checked 1 packet, 1 ladder: 0 errors, 1 warning, 0 notices\n"
    assert run(capsys, "--strict")[0] == 1  # a lowered error is a warning like any other
    (repo / "rung.toml").write_text('[rules]\n"github-link" = "error"  # a stricter house\n')
    code, out, _ = run(capsys, "--format", "json")
    assert (code, rules_of(out)) == (1, [("coverage", "error"), ("github-link", "error")])


def test_an_unknown_rule_gets_a_did_you_mean_at_its_line_and_column(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text('# house rules\n[rules]\n  resue = "off"\n')
    code, out, err = run(capsys)
    assert code == 2
    assert out == (
        "rung.toml:3:3: error: rules.resue: no rule 'resue'; did you mean 'reuse'? "
        "(rung rules lists them) [config]\n"
    )
    assert err == "rung: rung.toml is invalid: nothing else was checked\n"


def test_bad_values_unknown_keys_and_fixed_rules_each_at_their_position(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text(
        "[rules]\n"
        'reuse = "of"\n'
        "github-link.x = 1\n"
        'yaml = "warning"\n'
        'suppression = "off"\n'
        "\n"
        "[output]\n"
        "colour = true\n"
    )
    code, out, _ = run(capsys, "--format", "json")
    assert code == 2
    found = [(f["line"], f["column"], f["message"]) for f in json.loads(out)["findings"]]
    assert found == [
        (2, 9, "rules.reuse: 'of' is not one of: error, warning, notice, off"),
        (3, 17, "rules.github-link: a mapping is not one of: error, warning, notice, off"),
        (
            4,
            1,
            "rules.yaml: the level of 'yaml' cannot be changed (rung cannot check a packet past it)",
        ),
        (
            5,
            1,
            "rules.suppression: the level of 'suppression' cannot be changed (the configuration's "
            "own findings)",
        ),
        (7, 2, "output: unknown field 'output'; known fields: rules"),
    ]


def test_a_key_inside_an_inline_table_is_placed_at_the_table(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text('\nrules = { reuse = "loud" }\n')
    code, out, _ = run(capsys)
    assert code == 2
    assert out == (
        "rung.toml:2:9: error: rules.reuse: 'loud' is not one of: error, warning, notice, off "
        "[config]\n"
    )


def test_a_file_that_is_not_toml_is_a_finding_where_tomllib_stopped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text("[rules]\nreuse = off\n")
    assert run(capsys) == (
        2,
        "rung.toml:2:9: error: not TOML: Invalid value [config]\n",
        "rung: rung.toml is invalid: nothing else was checked\n",
    )
    (repo / "rung.toml").write_text('[rules]\nreuse = "off"\nreuse = "notice"\n')
    code, out, _ = run(capsys)
    assert (code, out) == (
        2,
        "rung.toml:3:17: error: not TOML: Cannot overwrite a value [config]\n",
    )
    (repo / "rung.toml").write_text("[rules")
    code, out, _ = run(capsys)
    assert out == (
        "rung.toml:1:7: error: not TOML: Expected ']' at the end of a table declaration at the "
        "end of the file [config]\n"
    )


def test_a_multi_line_string_is_not_read_as_keys(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text('note = """\nrules = 1\n"""\n[rules]\nreuse = 3\n')
    code, out, _ = run(capsys)
    assert code == 2
    assert out == (
        "rung.toml:1:1: error: note: unknown field 'note'; known fields: rules [config]\n"
        "rung.toml:5:9: error: rules.reuse: the number 3 is not one of: error, warning, notice, off "
        "[config]\n"
    )


def test_naming_rung_toml_checks_it_and_is_not_taken_for_a_packet(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "rung.toml").write_text('[rules]\ncoverage = "warning"\ngithub-link = "off"\n')
    assert run(capsys, "rung.toml", CLEAN_MD)[0] == 0


def test_commands_that_validate_first_refuse_a_broken_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``rung render`` (and ``reviewers``, ``scorecard``: test_config_trust.py) validate
    the packet with the levels, so a broken rung.toml stops them too."""
    (repo / "rung.toml").write_text('[rules]\ncoverage = "loud"\n')
    shutil.copytree(REPO / "templates", repo / "templates")
    assert main(["render", CLEAN_MD, "--out", "out"]) == 2
    assert capsys.readouterr().err == (
        "rung: error: rung.toml is invalid; run 'rung validate':\n"
        "rung.toml:2:12: error: rules.coverage: 'loud' is not one of: error, warning, notice, off "
        "[config]\n"
    )


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"rules": {}},
        {"rules": {"reuse": "off", "github-link": "warning"}},
        {"rules": {"reuse": "never"}},
        {"rules": {"Reuse": "off"}},
        {"rules": "off"},
        {"rule": {}},
    ],
)
def test_the_schema_and_jsonschema_agree(config: dict[str, object]) -> None:
    schema = load_schema("config")
    ours = not list(iter_errors(config, schema, schema))
    assert ours == jsonschema.Draft202012Validator(schema).is_valid(config)
