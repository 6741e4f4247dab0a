"""`rung ladder check`: exact findings for broken ladders, exit codes, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import FIXTURES
from rung.cli import main

LADDERS = FIXTURES / "ladders"
F = "tests/fixtures/ladders"

EXPECTED = {
    "duplicate-key": f"{F}/duplicate-key.yaml:5:1: error: duplicate key 'cumulative' "
    "(first defined on line 4) [yaml]",
    "alias": f"{F}/alias.yaml:2:7: error: anchors (&n) are not allowed; repeat the value; "
    'if it is text, quote it: name: "&n Fixture ladder" [yaml]',
    "tag": f"{F}/tag.yaml:3:9: error: tags (!include) are not allowed; write a plain value; "
    'if it is text, quote it: source: "!include other.yaml" [yaml]',
    "malformed": f"{F}/malformed.yaml:4:1: error: YAML syntax: found unexpected end of stream "
    "(while scanning a quoted scalar that starts on line 2) [yaml]",
    "tabs": f"{F}/tabs.yaml:4:1: error: YAML syntax: a tab character; indent with spaces [yaml]",
    "unknown-track": f"{F}/unknown-track.yaml:21:12: error: unknown track 'manager'; "
    "the ladder defines: ic [ladder]",
    "duplicate-criterion-id": f"{F}/duplicate-criterion-id.yaml:31:17: error: duplicate "
    "criterion id 'ic-2.delivery.leads-features' (first on line 28) [ladder]",
    "missing-entry-level": f"{F}/missing-entry-level.yaml:8:12: error: entry level 'ic-0' "
    "of track 'ic' does not exist [ladder]",
    "non-increasing-rank": f"{F}/non-increasing-rank.yaml:22:11: error: rank 1 of 'ic-2' does "
    "not increase along track 'ic' (the level before it has rank 1) [ladder]",
    "rank-gap": f"{F}/rank-gap.yaml:25:11: warning: track 'ic' goes from rank 1 ('ic-1') to 3 "
    "('ic-3'), but rank 2 exists on another track (lead-2); move that level to 'ic' if it "
    "belongs there, or renumber [ladder]",
    "criterion-prefix": f"{F}/criterion-prefix.yaml:28:17: error: criterion id "
    "'ic-1.delivery.leads-features' must start with 'ic-2.delivery.' (its level and area) [ladder]",
    "min-evidence": f"{F}/min-evidence.yaml:30:27: error: min_evidence must be at least 1, "
    "not 0 [ladder]",
    "wrong-type": f"{F}/wrong-type.yaml:4:13: error: cumulative: expected true or false, "
    "found 'no'; write true or false (rung reads YAML 1.1 yes/no/on/off as text) [schema]",
    "unknown-field": f"{F}/unknown-field.yaml:14:5: error: levels.0.titel: unknown field "
    "'titel' (did you mean 'title'?); known fields: id, track, rank, title, aka, summary, typical_experience, tenure, "
    "expected_ratings, guidance, areas [schema]",
}


def test_every_broken_fixture_has_an_expectation() -> None:
    on_disk = {p.stem for p in LADDERS.glob("*.yaml")} - {"valid"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_ladder_gives_exactly_its_finding(
    name: str, in_repo: object, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ladder", "check", f"{F}/{name}.yaml"])
    out, err = capsys.readouterr()
    # A warning alone passes `ladder check` (as in `validate`); --strict fails on it.
    warning_only = ": warning: " in EXPECTED[name]
    tally = "0 errors, 1 warning" if warning_only else "1 error, 0 warnings"
    summary = f"rung: checked 1 ladder: {tally}, 0 notices\n"
    assert (code, out.splitlines(), err) == (0 if warning_only else 1, [EXPECTED[name]], summary)
    if warning_only:
        assert main(["ladder", "check", "--strict", f"{F}/{name}.yaml"]) == 1


def test_valid_fixture_and_repository_ladders_are_clean(
    in_repo: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ladder", "check", f"{F}/valid.yaml"]) == 0
    assert main(["ladder", "check"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    # A clean run says so, on standard error as validate does, rather than nothing.
    assert err == (
        "rung: checked 1 ladder: 0 errors, 0 warnings, 0 notices\n"
        f"rung: checked {len(list(Path('ladders').glob('*.yaml')))} ladders: "
        "0 errors, 0 warnings, 0 notices\n"
    )


def test_missing_file_is_a_usage_error(in_repo: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ladder", "check", "ladders/nope.yaml"]) == 2
    assert capsys.readouterr().err == "rung: error: cannot read ladders/nope.yaml: no such file\n"


def test_ladder_id_must_match_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "other.yaml"
    target.write_text((LADDERS / "valid.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    assert main(["ladder", "check", "other.yaml"]) == 1
    assert capsys.readouterr().out == (
        "other.yaml:1:5: error: ladder id 'valid' does not match its file name "
        "'other.yaml' [ladder]\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"id: x\xff\n", "not valid UTF-8 (byte 0xFF at offset 5); save the file as UTF-8"),
        (b"", "expected a mapping, found nothing"),
        (b"a: *b\n", "aliases (*b) are not allowed; repeat the value"),
    ],
)
def test_unreadable_or_empty_ladder_is_one_finding(
    data: bytes,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "bad.yaml").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["ladder", "check", "bad.yaml"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert message in lines[0]
