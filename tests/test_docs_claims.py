"""What README and docs/ say about the command line, checked against the tool.

* every `rung ...` command README and docs/ name (command tables, inline code and
  shell blocks) exists, with every `--flag` they name and every choice they list;
* docs/ladder-import.md's worked example prints what the page shows;
* the claims issue 28 found wrong: a fresh `rung new` packet's findings, JSON on
  errors, `cycle agenda --format pdf` needing `--out`, the roster's fields, a
  folder holding only `rung.toml`.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import build_parser, main

README = (REPO / "README.md").read_text("utf-8")
DOCS = REPO / "docs"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The options of ``parser`` and of every subcommand below it (a table row such as
    ``rung ladder check|show|diff|import`` names flags of its subcommands)."""
    found = {flag: a for a in parser._actions for flag in a.option_strings}
    for sub in _subparsers(parser).values():
        found = {**_options(sub), **found}
    return found


def _resolve(words: list[str], where: str) -> list[tuple[argparse.ArgumentParser, list[str]]]:
    """The parsers ``rung WORDS`` names (``a|b`` is each of a and b) and the words after
    the command names; an unknown command fails the test."""
    parsers = [(build_parser(), words)]
    resolved = []
    while parsers:
        parser, rest = parsers.pop()
        subs = _subparsers(parser)
        if subs and rest and not rest[0].startswith("-") and rest[0] not in ("...", "COMMAND"):
            names = rest[0].split("|")
            unknown = [n for n in names if n not in subs]
            assert not unknown, f"{where}: rung has no command {unknown} (known: {sorted(subs)})"
            parsers.extend((subs[name], rest[1:]) for name in names)
        else:
            resolved.append((parser, rest))
    return resolved


def _check_flags(parser: argparse.ArgumentParser, words: list[str], where: str) -> None:
    options = _options(parser)
    for index, word in enumerate(words):
        flag = word.split("=", 1)[0].strip("[]")
        if not flag.startswith("--"):
            continue
        assert flag in options, f"{where}: {parser.prog} has no option {flag}"
        action = options[flag]
        if action.choices is not None and index + 1 < len(words):
            values = words[index + 1].strip("[]").split("|")
            if all(re.fullmatch(r"[a-z][a-z-]*", v) for v in values):
                missing = [v for v in values if v not in action.choices]
                assert not missing, f"{where}: {flag} of {parser.prog} has no choice {missing}"


def _commands_in(name: str, page: str) -> list[tuple[str, list[str], list[str]]]:
    """(where, the command's words, flags named beside it) for each command ``page``
    names: a command table's rows, inline code, shell blocks (in a console block,
    only the lines after ``$ ``: the rest is output)."""
    found: list[tuple[str, list[str], list[str]]] = []
    text = page.replace("\\|", "|")
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("| `rung "):
            cells = line.split(" | ")
            command = cells[0].removeprefix("| `").split("`")[0]
            beside = re.findall(r"`(--[^`]+)`", " | ".join(cells[1:]))
            flags = [word for span in beside for word in span.split()]
            found.append((f"{name}:{number}", command.split()[1:], flags))
            continue
        for span in re.findall(r"`(rung [^`]+)`", line):
            found.append((f"{name}:{number}", span.split()[1:], []))
    for kind, block in re.findall(r"```(sh|console|bash)\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").split("\n"):
            if kind == "console" and not line.startswith("$ "):
                continue
            command = re.sub(r"^\$ (\w+=\S+ )*", "", line)
            if command.startswith("rung "):
                words = shlex.split(command, comments=True)[1:]
                found.append((f"{name} (a {kind} block)", words, []))
    return found


def _readme_commands() -> list[tuple[str, list[str], list[str]]]:
    return _commands_in("README.md", README)


def _documented_commands() -> list[tuple[str, list[str], list[str]]]:
    found = _readme_commands()
    for page in sorted(DOCS.glob("*.md")):
        found += _commands_in(f"docs/{page.name}", page.read_text("utf-8"))
    return found


def test_readme_names_commands_in_its_table_and_text() -> None:
    # The walk below has something to check: the table and the prose both name commands.
    commands = _readme_commands()
    assert len([c for c in commands if c[2] or c[1][:1] == ["cycle"]]) >= 5
    assert any(words[:2] == ["ladder", "diff"] for _, words, _ in commands)


@pytest.mark.parametrize(
    ("where", "words", "flags"),
    _documented_commands(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_command_and_flag_the_docs_name_exists(
    where: str, words: list[str], flags: list[str]
) -> None:
    resolved = _resolve(words, where)
    for parser, rest in resolved:
        _check_flags(parser, rest, where)
    # The flags in the description belong to the row's command, or for a row naming
    # several (`rung ladder check|show|diff|import`) to one of them.
    for index, flag in enumerate(flags):
        if flag.startswith("--"):
            owners = [p for p, _ in resolved if flag.split("=", 1)[0] in _options(p)]
            assert owners, f"{where}: no {' or '.join(p.prog for p, _ in resolved)} has {flag}"
            _check_flags(owners[0], flags[index : index + 2], where)


def test_the_flag_check_catches_a_command_or_flag_that_does_not_exist() -> None:
    with pytest.raises(AssertionError, match="no command"):
        _resolve(["valdate"], "here")
    [(parser, rest)] = _resolve(["validate", "--quit"], "here")
    with pytest.raises(AssertionError, match="no option --quit"):
        _check_flags(parser, rest, "here")
    [(parser, rest)] = _resolve(["cycle", "agenda", "--format", "docx"], "here")
    with pytest.raises(AssertionError, match="no choice"):
        _check_flags(parser, rest, "here")


# --- docs/ladder-import.md's worked example ------------------------------------------------


def test_the_ladder_import_example_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (DOCS / "ladder-import.md").read_text("utf-8")
    source = re.search(r"```markdown\n(.*?)```\n", page, re.S)
    session = re.search(r"```console\n(\$ rung ladder import acme\.md.*?)```\n", page, re.S)
    assert source is not None and session is not None
    (tmp_path / "acme.md").write_text(source.group(1), "utf-8")
    (tmp_path / "ladders").mkdir()
    monkeypatch.chdir(tmp_path)
    steps = re.split(r"^\$ ", session.group(1), flags=re.M)[1:]
    code = None
    for step in steps:
        command, _, shown = step.partition("\n")
        if command == "echo $?":
            assert shown == f"{code}\n", f"the page says {command} prints {shown!r}"
            continue
        code = main(shlex.split(command)[1:])
        out, err = capsys.readouterr()
        assert out + err == shown, f"$ {command}"
    assert len(steps) == 4


# --- the claims issue 28 found wrong -----------------------------------------------------


def test_a_fresh_packet_fails_on_coverage_and_its_empty_sections_as_docs_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "ladders", tmp_path / "ladders")
    monkeypatch.chdir(tmp_path)
    new = ["new", "--ladder", "thelotter", "--from", "ic-l4", "--to", "ic-l5"]
    new += ["--candidate", "avi-cohen", "--name", "Avi Cohen", "--manager", "mkatz"]
    assert main([*new, "--cycle", "2026-H2", "--since", "2024-07"]) == 0
    capsys.readouterr()
    assert main(["validate", "--format", "json", "packets/2026-H2/avi-cohen.md"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    rules = {(f["rule"], f["level"]) for f in findings}
    assert rules == {("coverage", "error"), ("section", "error")}
    sections = [f["message"] for f in findings if f["rule"] == "section"]
    assert sections == [
        "the 'Summary' section is empty (comments do not count); write it",
        "the 'Impact' section is empty (comments do not count); write it",
    ]
    packets_md = " ".join((DOCS / "packets.md").read_text("utf-8").split())
    assert "one `section` error per required narrative section" in packets_md
    assert "### `section` (error)" in packets_md
    assert "is a warning on its heading" not in packets_md


def test_json_on_errors_is_as_readme_says(capsys: pytest.CaptureFixture[str]) -> None:
    assert "A bad flag or a missing argument is argparse's usage message" in " ".join(
        README.split()
    )
    assert main(["validate", "--format", "json", "no-such-packet.md"]) == 2
    out = capsys.readouterr().out
    assert json.loads(out) == {"error": "no such file or folder: no-such-packet.md", "findings": []}
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--format", "json", "--bogus"])
    assert raised.value.code == 2
    assert capsys.readouterr().out == ""


def test_an_agenda_pdf_needs_out_as_readme_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "`--format pdf --out FILE` (a PDF needs `--out`)" in README
    monkeypatch.chdir(REPO)
    assert main(["cycle", "agenda", "2026-H2", "--format", "pdf", "--offline"]) == 2
    assert capsys.readouterr().err == "rung: error: --format pdf needs --out FILE\n"


def test_the_roster_table_names_every_field_of_the_schema() -> None:
    schema = json.loads((REPO / "tooling/rung/schemas/committee.schema.json").read_text())
    fields = set(schema["properties"]) - {"members"}
    fields |= {f"members[].{name}" for name in schema["$defs"]["member"]["properties"]}
    page = (DOCS / "committee.md").read_text("utf-8")
    table = set(re.findall(r"^\| `([a-z_\[\].]+)` \|", page, re.M))
    assert fields <= table, f"docs/committee.md's roster table lacks {sorted(fields - table)}"


def test_a_folder_with_only_rung_toml_has_nothing_to_check_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "rung.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    assert err == (
        "rung: rung.toml marks the root, which has no ladders/ or packets/ yet: add a ladder "
        "(rung ladder import FILE --out ladders/ID.yaml), then a packet (rung new)\n"
        "rung: checked 0 packets, 0 ladders: 0 errors, 0 warnings, 0 notices\n"
    )
    readme = " ".join(README.split())
    assert "`rung.toml` marks the root (also for a repository that has no `ladders/` yet)" in readme


def test_docs_ladders_renames_through_renamed_from_not_never() -> None:
    page = " ".join((DOCS / "ladders.md").read_text("utf-8").split())
    assert "never rename an id that packets use" not in page
    assert "list the old id in the criterion's `renamed_from`" in page


# `pip install rung` (with or without extras) asks a package index for rung, which has
# none: every install a doc or a hint shows names a git URL, a wheel or a clone.
_INDEX_INSTALL = re.compile(
    r"pip install\s+['\"]?rung\b(?>(?:\[[\w,{}]*\])?)['\"]?(?!\s*@\s*git\+)"
)


def _install_texts() -> list[Path]:
    return [
        REPO / "README.md",
        *sorted(DOCS.rglob("*.md")),
        *sorted((REPO / "tooling" / "rung").rglob("*.py")),
        REPO / "action.yml",
    ]


def test_no_doc_or_hint_promises_an_index_install() -> None:
    found = [
        f"{path.relative_to(REPO)}: {match.group(0)}"
        for path in _install_texts()
        for match in _INDEX_INSTALL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_index_install_pattern_finds_what_it_must() -> None:
    for bad in ("pip install rung", "pip install 'rung[render]'", "pip install rung[all]"):
        assert _INDEX_INSTALL.search(bad), bad
    for good in (
        "pip install 'rung[all] @ git+https://github.com/OWNER/rung@SHA'",
        "pip install '.[render]'",
        "pip install 'dist/rung-0.1.0-py3-none-any.whl[all]'",
        "pip install --quiet --no-deps --no-build-isolation .",
    ):
        assert not _INDEX_INSTALL.search(good), good


def test_readme_names_the_three_ways_to_install() -> None:
    install = README[README.index("## Install") : README.index("## Adopting rung")]
    assert "pip install 'rung[all] @ git+https://github.com/OWNER/rung@SHA'" in install
    assert "python -m build --wheel" in install
    assert "make .venv/.installed" in install
