"""`rung new`: a fill-in packet that fails validation only for its empty evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import FIXTURES, REPO
from rung.cli import main
from rung.commands.new import yaml_scalar
from rung.ladder.model import required_criteria
from rung.loaders.yamlload import load_yaml
from rung.model.packet import parse_packet
from rung.model.repo import require_ladder

MINI = FIXTURES / "packets" / "ladders" / "mini.yaml"

EXPECTED_MINI = """\
---
# A promotion packet; docs/packets.md describes every field.
candidate: ana
name: "Ana \\"A\\" Ruiz: Jr"
manager: bo
ladder: mini
from: ic2
to: ic3
cycle: 2026-H2
in_level_since: 2025-01
# ic2 -> ic3 (promotion): 3 criteria. For each, one or more items (a claim in your words
# and links to the work), or 'gap:' saying why it is not shown yet (mini allows at most
# 1 gap). An item with an empty claim does not count.
evidence:
  # --- ic3: Craft ---
  # Leads projects
  ic3.craft.leads:
    - claim: ""
      links: []
  # Has documented 2+ systems
  # (needs 2 distinct items)
  ic3.craft.documents:
    - claim: ""
      links: []
  # --- ic3: Team ---
  # Mentors engineers
  ic3.team.mentors:
    - claim: ""
      links: []
---

## Summary

<!-- Two or three sentences: your role, what you work on, and why this move now. -->

## Impact

<!-- What changed because of your work, for users, the team and the company; numbers where \
you have them. -->
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ladders").mkdir()
    for ladder in (REPO / "ladders").glob("*.yaml"):
        (tmp_path / "ladders" / ladder.name).write_text(ladder.read_text())
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI.read_text())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def _new(*args: str, since: str | None = "2025-01") -> int:
    argv = ["new", *args, "--manager", "bo", "--cycle", "2026-H2"]
    return main([*argv, "--since", since] if since else argv)


def test_the_fill_in_form(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        _new(
            "--ladder",
            "mini",
            "--from",
            "ic2",
            "--to",
            "ic3",
            "--candidate",
            "ana",
            "--name",
            'Ana "A" Ruiz: Jr',
        )
        == 0
    )
    assert capsys.readouterr().out == (
        "wrote packets/2026-H2/ana.md: 3 criteria to fill in\n"
        "check it with: rung validate packets/2026-H2/ana.md\n"
    )
    text = (repo / "packets" / "2026-H2" / "ana.md").read_text()
    assert text == EXPECTED_MINI
    packet, problems = parse_packet(text, "packets/2026-H2/ana.md")
    assert problems == [] and packet is not None
    assert packet.name == 'Ana "A" Ruiz: Jr'


MOVES = [
    ("thelotter", "ic-l4", "ic-l5"),
    ("thelotter", "ic-l4", "em-l4"),
    ("dotnet", "tl2", "tl4"),
    ("beyond", "sse1", "tlm"),
    ("beyond", "tlm", "em"),
]


@pytest.mark.parametrize(("ladder_id", "from_level", "to_level"), MOVES)
def test_it_fails_validation_only_for_each_unfilled_criterion(
    repo: Path, capsys: pytest.CaptureFixture[str], ladder_id: str, from_level: str, to_level: str
) -> None:
    assert (
        _new(
            "--ladder",
            ladder_id,
            "--from",
            from_level,
            "--to",
            to_level,
            "--candidate",
            "dana-levi",
            "--name",
            "Dana Levi",
        )
        == 0
    )
    path = repo / "packets" / "2026-H2" / "dana-levi.md"
    lines = path.read_text().splitlines()
    criteria = required_criteria(require_ladder(repo, ladder_id), from_level, to_level)
    capsys.readouterr()
    assert main(["validate", "packets/2026-H2/dana-levi.md"]) == 1
    found = capsys.readouterr().out.splitlines()
    notice = [f for f in found if "notice:" in f]
    assert len(notice) == (1 if to_level == "em-l4" else 0)  # a lateral move says so
    errors = [f for f in found if f not in notice and "[section]" not in f]
    # The hints under the narrative's headings are no text: each section is still to write.
    sections = [f for f in found if "[section]" in f]
    ladder = require_ladder(repo, ladder_id)
    assert len(sections) == len(ladder.policy.required_sections)
    assert all("section is empty (comments do not count); write it" in f for f in sections)
    assert len(errors) == len(criteria)
    for criterion, finding in zip(criteria, errors, strict=True):
        line = lines.index(f"  {criterion.id}:") + 1
        assert finding.startswith(
            f"packets/2026-H2/dana-levi.md:{line}:3: error: evidence missing for {criterion.id} ("
        )
        assert finding.endswith(f"fill in the claim on line {line + 1} or write a gap: [coverage]")
        # The ladder's text is the comment right above the key.
        assert lines[line - 2].startswith("  # ")


def test_the_ladder_expected_ratings_are_offered_as_comments(repo: Path) -> None:
    assert (
        _new(
            "--ladder", "dotnet", "--from", "tl2", "--to", "tl4", "--candidate", "x", "--name", "X"
        )
        == 0
    )
    text = (repo / "packets" / "2026-H2" / "x.md").read_text()
    assert (
        "# Optional self-ratings (1-5); tl4 expects: Team Contributor 3, Technical Leadership 5,\n"
        "# People Management 5.\n# ratings:\n#   team-contributor:\n#   technical-leadership:\n"
        "#   people-management:\n"
    ) in text


def test_it_never_overwrites(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--ladder", "mini", "--from", "ic2", "--to", "ic3", "--candidate", "ana", "--name", "A")
    path = repo / "packets" / "2026-H2" / "ana.md"
    path.parent.mkdir(parents=True)
    path.write_text("my work\n")
    assert _new(*args) == 2
    assert capsys.readouterr().err == (
        "rung: error: packets/2026-H2/ana.md already exists; edit it, or remove it to start again\n"
    )
    assert path.read_text() == "my work\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--ladder", "mini", "--from", "ic2", "--to", "ic3", "--candidate", "../../etc/x"),
            "--candidate '../../etc/x' is not in the expected form (e.g. 'dana-levi')",
        ),
        (
            ("--ladder", "mini", "--from", "ic1", "--to", "ic3", "--candidate", "ana"),
            "'ic1' -> 'ic3' is not allowed; from 'ic1' the ladder allows: promotion to 'ic2'",
        ),
        (
            ("--ladder", "mini", "--from", "ic2", "--to", "ic-3", "--candidate", "ana"),
            "--to: ladder 'mini' has no level 'ic-3'; did you mean 'ic3'?",
        ),
        (
            ("--ladder", "nope", "--from", "ic2", "--to", "ic3", "--candidate", "ana"),
            "no ladder 'nope' (looked for ladders/nope.yaml); known ladders: beyond, dotnet, mini, "
            "thelotter",
        ),
    ],
)
def test_bad_arguments_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert _new(*args, "--name", "Ana") == 2
    assert capsys.readouterr().err == f"rung: error: {message}\n"
    assert not (repo / "packets").exists() or not any((repo / "packets").rglob("*.md"))


def test_without_since_the_month_is_left_to_fill_in(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _new(
            "--ladder",
            "mini",
            "--from",
            "ic2",
            "--to",
            "ic3",
            "--candidate",
            "ana",
            "--name",
            "Ana",
            since=None,
        )
        == 0
    )
    assert capsys.readouterr().err == (
        "rung: in_level_since is left as YYYY-MM: write the month ana reached ic2\n"
    )
    assert main(["validate", "packets/2026-H2/ana.md"]) == 1
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"packets/2026-H2/ana\.md:10:17: error: in_level_since: 'YYYY-MM' is not in the "
        r"expected form \(e\.g\. '2024-07'\) \[schema\]\n",
        out,
    )


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and s.isprintable()))
@settings(max_examples=300, deadline=None)
def test_any_printable_name_reads_back_as_written(name: str) -> None:
    doc, problems = load_yaml(f"name: {yaml_scalar(name.strip())}\n", "x")
    assert problems == [] and doc is not None
    assert doc.data == {"name": name.strip()}


def test_a_name_on_two_lines_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--ladder", "mini", "--from", "ic2", "--to", "ic3", "--candidate", "ana")
    assert _new(*args, "--name", "Ana\u2028Ruiz") == 2
    assert capsys.readouterr().err == "rung: error: --name must be one line of printable text\n"
