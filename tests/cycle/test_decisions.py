"""The decisions file: line-precise findings from ``rung validate``, and CODEOWNERS."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cycle.generate import CYCLE, make_repo
from paths import REPO
from rung.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "decisions"
_EXPECT = re.compile(r"#\s*expect:\s*(\d+):(\d+) (error|warning): (.+?)\s*$")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_repo(tmp_path, 3)
    # Two chairs: ann (by make_repo) and bob.
    roster = tmp_path / ".github" / "committee.yml"
    text = roster.read_text(encoding="utf-8")
    roster.write_text(
        text.replace("  - login: bob\n", "  - login: bob\n    chair: true\n"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_generated_decisions_file_is_valid(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    assert "1 decisions file, the committee roster: 0 errors, 0 warnings" in err


def test_every_fault_is_found_on_its_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = repo / "packets" / CYCLE / "decisions.yaml"
    shutil.copy(FIXTURES / "bad.yaml", target)
    expected = []
    for line in (FIXTURES / "bad.yaml").read_text(encoding="utf-8").splitlines():
        if match := _EXPECT.search(line):
            expected.append((int(match[1]), int(match[2]), match[3], match[4]))
    assert main(["validate", f"packets/{CYCLE}/decisions.yaml"]) == 1
    out = capsys.readouterr().out
    found = re.findall(
        r"^packets/2026-H2/decisions\.yaml:(\d+):(\d+): (error|warning): (.+) \[decisions\]$",
        out,
        re.M,
    )
    # Every finding of the rule's docstring, the warning included: none is masked.
    assert len(found) == len(expected) == 10, out
    for (line, column, level, message), (want_line, want_column, want_level, want) in zip(
        sorted(found, key=lambda f: (int(f[0]), int(f[1]), f[2])), sorted(expected), strict=True
    ):
        assert (int(line), int(column), level) == (want_line, want_column, want_level), message
        assert message.startswith(want), message


def test_a_yaml_fault_is_a_finding_not_a_traceback(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = repo / "packets" / CYCLE / "decisions.yaml"
    target.write_text("cycle: 2026-H2\ncycle: 2026-H2\ndecisions: []\n", encoding="utf-8")
    assert main(["validate", str(target.relative_to(repo))]) == 1
    assert "decisions.yaml:2:1: error:" in capsys.readouterr().out


def test_the_changed_decisions_file_is_checked(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "base")
    target = repo / "packets" / CYCLE / "decisions.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    git("add", "-A")
    git("-c", "user.name=Ann Chair", "-c", "user.email=ann@example.invalid", "commit", "-qm", "d")
    shutil.copy(FIXTURES / "bad.yaml", target)
    assert main(["validate", "--changed-since", "HEAD~1"]) == 1
    out = capsys.readouterr().out
    assert out.count("[decisions]") == 11  # the fixture's ten findings and the notice
    assert (
        "decisions.yaml:1:1: notice: changed since HEAD~1 by Ann Chair <ann@example.invalid>, "
        "uncommitted changes; only the chairs decide" in out
    )


def test_codeowners_names_exactly_the_roster_chairs() -> None:
    roster = (REPO / ".github" / "committee.yml").read_text(encoding="utf-8")
    chairs = set(re.findall(r"- login: (\S+)\n(?:    .*\n)*?    chair: true", roster))
    owners = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    [rule] = [line for line in owners.splitlines() if line.startswith("/packets/*/decisions.yaml")]
    assert (
        {owner.removeprefix("@") for owner in rule.split()[1:]}
        == chairs
        == {"noa-shapiro", "rgolan"}
    )
