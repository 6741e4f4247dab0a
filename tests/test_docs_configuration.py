"""What docs/configuration.md says about `rung.toml` and inline suppressions, checked
against the tool: every key of the schema is in its table, the fixed rules are the
ones rung fixes, its examples are valid and do what the page says, and its console
example prints what the page shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from paths import FIXTURES, REPO
from rung.cli import main
from rung.loaders.schema_fast import load_schema
from rung.validate.config import FIXED, parse_config
from rung.validate.suppress import find_suppressions

PAGE = (REPO / "docs" / "configuration.md").read_text("utf-8")


def _block(language: str, index: int = 0) -> str:
    blocks: list[str] = re.findall(rf"```{language}\n(.*?)```", PAGE, re.DOTALL)
    return blocks[index]


def _table_after(heading: str) -> list[list[str]]:
    start = PAGE.index(heading)
    rows = []
    for line in PAGE[start:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # past the header and the rule


def test_every_key_of_the_schema_is_in_the_key_table() -> None:
    schema = load_schema("config")
    documented = {row[0] for row in _table_after("Every key:")}
    assert documented == {"`[rules]`", "`[rules]` *RULE*"}
    assert set(schema["properties"]) == {"rules"}
    levels = schema["properties"]["rules"]["additionalProperties"]["enum"]
    assert _table_after("Every key:")[1][1] == ", ".join(f'`"{lv}"`' for lv in levels[:-1]) + (
        f' or `"{levels[-1]}"`'
    )


def test_the_fixed_rules_are_the_ones_rung_fixes() -> None:
    named = {
        name
        for row in _table_after("Some rules keep their level")
        for name in re.findall(r"`([a-z-]+)`", row[0])
    }
    assert named == FIXED


def test_the_example_rung_toml_is_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config, problems = parse_config(_block("toml"), "rung.toml")
    assert problems == []
    assert {name: str(level) for name, level in config.levels.items()} == {
        "reuse": "None",
        "github-link": "warning",
        "coverage": "error",
    }


def test_the_console_example_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "ladders", tmp_path / "ladders")
    (tmp_path / "rung.toml").write_text('[rules]\ngithub-link = "warning"\nresue = "off"\n')
    monkeypatch.chdir(tmp_path)
    command, _, shown = _block("console").partition("\n")
    assert command == "$ rung validate"
    assert main(["validate"]) == 2
    out, err = capsys.readouterr()
    assert out + err == shown


def test_the_suppression_example_silences_both_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = _block("yaml")
    marks, problems = find_suppressions(f"---\n{example}---\n", "x.md")
    assert problems == []
    assert [(m.line, m.target, m.rules, m.reason) for m in marks] == [
        (5, 5, ("reuse",), "shared design doc with Noa"),
        (7, 8, ("reuse",), "pair-programmed; my part was the outbox"),
    ]
    # And through rung validate: two packets citing the same links, one silencing both.
    clean = (FIXTURES / "packets" / "2026-H2" / "clean.md").read_text()
    (tmp_path / "ladders").mkdir()
    shutil.copy(FIXTURES / "packets" / "ladders" / "mini.yaml", tmp_path / "ladders")
    folder = tmp_path / "packets" / "2026-H2"
    folder.mkdir(parents=True)
    lines = [line for line in example.splitlines() if "rung: ignore" in line]
    trailing = lines[0][lines[0].index("  # ") :]
    text = clean.replace(
        "      links: [https://github.com/acme/shop/pull/1]",
        "      links: [https://github.com/acme/shop/pull/1]" + trailing,
    ).replace(
        "    - claim: Documented the checkout service.\n",
        "    - claim: Documented the checkout service.\n" + lines[1] + "\n",
    )
    (folder / "clean.md").write_text(text)
    (folder / "bee.md").write_text(clean.replace("candidate: clean", "candidate: bee"))
    (tmp_path / "rung.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "packets/2026-H2/clean.md"]) == 0
    out = capsys.readouterr().out
    assert out.count("[reuse] reason: ") == 2
    assert "silenced by inline suppressions (2):" in out
