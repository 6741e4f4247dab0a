"""The common YAML slips, one fixture each, through the real command line.

Each fixture in tests/fixtures/yaml-slips/ names its one finding on its second
line: ``# expect: LINE:COLUMN start of the message``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import FIXTURES, REPO
from rung.cli import main
from rung.loaders import yamlslips
from rung.loaders.yamldoc import Lines

SLIPS = sorted((FIXTURES / "yaml-slips").glob("*.md"))
_EXPECT = re.compile(r"# expect: (\d+):(\d+) (.+)")


@pytest.mark.parametrize("path", SLIPS, ids=[p.stem for p in SLIPS])
def test_each_slip_is_one_finding_that_names_it(
    path: Path, in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = _EXPECT.fullmatch(path.read_text("utf-8").splitlines()[1])
    assert expect is not None
    code = main(["validate", "--format", "json", str(path.relative_to(REPO))])
    report = json.loads(capsys.readouterr().out)
    found = [(p["line"], p["column"], p["rule"], p["message"]) for p in report["findings"]]
    assert code == 1
    assert len(found) == 1, found
    line, column, rule, message = found[0]
    assert (line, column, rule) == (int(expect[1]), int(expect[2]), "yaml"), message
    assert message.startswith(expect[3])
    # The fix is in the message, and the parser's words follow when it had any.
    assert "quote" in message or "indent" in message or "write" in message


def _repo_copy(tmp_path: Path) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def test_a_claim_citing_a_pull_request_is_an_error_not_a_lost_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo_copy(tmp_path)
    packet = root / "packets" / "2026-H2" / "tamar-golan.md"
    text = packet.read_text("utf-8")
    old = next(
        line
        for line in text.splitlines()
        if line.startswith("    - claim: ") and not line.endswith(">-") and '"' not in line
    )
    packet.write_text(text.replace(old, old + " (see PR #812)", 1), "utf-8")
    line = text[: text.index(old)].count("\n") + 1
    monkeypatch.chdir(root)
    assert main(["validate", "packets/2026-H2/tamar-golan.md"]) == 1
    out = capsys.readouterr().out
    column = len(old) + len(" (see PR ") + 1
    assert out.startswith(
        f"packets/2026-H2/tamar-golan.md:{line}:{column}: error: the value of 'claim' is cut short"
    )
    value = old.removeprefix("    - claim: ")
    assert f'claim: "{value} (see PR #812)"' in out or f'claim: "{value[:40]}' in out


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("ladders/thelotter.yaml", "name: ", "name: The Lotter #1 ladder "),
        (".github/committee.yml", "reviewers_per_packet: 3", "reviewers_per_packet: 3 #three"),
    ],
)
def test_ladders_and_the_roster_lose_no_words_either(
    path: str,
    old: str,
    new: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _repo_copy(tmp_path)
    target = root / path
    text = target.read_text("utf-8")
    target.write_text(text.replace(old, new, 1), "utf-8")
    monkeypatch.chdir(root)
    assert main(["validate", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["path"] for f in findings if "cut short" in f["message"]] == [path]


def test_deliberate_comments_are_no_cut(tmp_path: Path) -> None:
    from rung.loaders.yamlload import load_yaml

    doc, problems = load_yaml(
        "since: YYYY-MM  # the month you reached ic-l4\n"
        "uses: actions/checkout@0123abc # v4.2.2\n"
        "links: [https://example.com/a#frag]  # two links\n"
        "claim: Wrote it\n"
        "# a comment line of its own\n"
        "  # indented, but under no plain value\n",
        "f.yaml",
    )
    assert problems == []
    assert doc is not None
    assert doc.data["claim"] == "Wrote it"


# The scans for a comment and for a missing dash space (issue 29) answer as the
# regexes they replace, found at every position.
_OLD_COMMENT = re.compile(r"(?:^|[ \t])#", re.MULTILINE)
_SCAN_TEXT = st.text(alphabet=st.sampled_from(list("#- \t\na:'\"_xY\x85")), max_size=40)


@settings(max_examples=2000, deadline=None)
@given(_SCAN_TEXT)
def test_the_comment_scan_answers_as_the_regex(text: str) -> None:
    assert yamlslips.has_comment(text) == (_OLD_COMMENT.search(text) is not None)


@settings(max_examples=2000, deadline=None)
@given(_SCAN_TEXT)
def test_the_dash_scan_finds_the_first_slip_the_regex_finds(text: str) -> None:
    old = yamlslips._MISSING_SPACE_AFTER_DASH.search(text)
    new = yamlslips.missing_dash_space(text, Lines(text))
    if old is None:
        assert new is None
    else:
        assert new is not None
        at = yamlslips._position(text, old.start() + len(old.group(1)), Lines(text))
        assert (new.line, new.column) == at
        assert f"write '- {old.group(2)}:'" in new.message
