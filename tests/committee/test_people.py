"""The organisation's people file (``.github/people.yml``) over a packet's ``manager:``.

Attack 3 from the other side: where the organisation keeps the file, a candidate
cannot name a manager at all, before or after a verdict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fakegithub import FakeGitHub
from rung.cli import main
from rung.model.people import load_people

HERE = Path(__file__).resolve().parent / "fixtures"
PACKET = "packets/2026-H2/dana-levi.md"
TEXT = (HERE / "packets" / "dana-levi-valid.md").read_text(encoding="utf-8")
PEOPLE = "# who manages whom\nmanagers:\n  dana-levi: mkatz\n  bob: ann\n"


@pytest.fixture
def repo(github_repo: FakeGitHub, tmp_path: Path) -> FakeGitHub:
    (tmp_path / ".github" / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / PACKET).parent.mkdir(parents=True)
    return github_repo


def test_a_packet_that_agrees_with_the_people_file_is_clean(
    repo: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    main(["validate", PACKET, "--format", "json"])
    assert '"rule": "manager"' not in capsys.readouterr().out


def test_a_packet_naming_another_manager_is_an_error_on_its_line(
    repo: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / PACKET).write_text(TEXT.replace("manager: mkatz", "manager: bob"), encoding="utf-8")
    assert main(["validate", PACKET]) == 1
    out = capsys.readouterr().out
    line = 1 + TEXT.splitlines().index("manager: mkatz")
    assert (
        f"{PACKET}:{line}:10: error: the manager is 'mkatz' in .github/people.yml (line 3), "
        "not 'bob'; the organisation's people file is the record of who manages whom: fix "
        "the packet, or ask its owners to fix the file [manager]"
    ) in out


def test_the_privileged_side_routes_nothing_for_a_manager_the_file_does_not_name(
    repo: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.add_pull(7, "dana-levi", {PACKET: TEXT.replace("manager: mkatz", "manager: Bob")})
    code = main(["reviewers", PACKET, "--pr", "7", "--packet-from-pr", "--record"])
    err = capsys.readouterr().err
    assert code == 1
    assert "[manager]" in err and "not routed to reviewers" in err
    assert repo.calls("POST", "/repos/acme/promotions/pulls/7/requested_reviewers") == []
    assert repo.ref_sha("rung-record") is None


def test_a_broken_people_file_is_reported_where_it_is_broken(
    repo: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".github" / "people.yml").write_text("managers:\n  dana-levi: [mkatz]\n")
    (tmp_path / PACKET).write_text(TEXT, encoding="utf-8")
    assert main(["validate", PACKET]) == 1
    assert ".github/people.yml:2:14: error:" in capsys.readouterr().out
    people, problems = load_people("managers:\n  Dana-Levi: mkatz\n", "p.yml")
    assert problems == [] and people is not None
    assert people.manager_of("dana-levi") == ("mkatz", (2, 14))
