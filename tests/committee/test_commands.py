"""``rung reviewers`` / ``rung scorecard`` without GitHub: dry runs, usage and configuration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from committee.conftest import PACKET_PATH, VALID_TEXT, committee_folder
from fakegithub import FakeGitHub
from paths import REPO
from rung.cli import main

PACKET = PACKET_PATH


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    committee_folder(tmp_path, monkeypatch)
    (tmp_path / "packets" / "2026-H2").mkdir(parents=True)
    (tmp_path / PACKET).write_text(VALID_TEXT, encoding="utf-8")
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def rung(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_prints_the_plan_with_reasons(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = rung(capsys, "reviewers", PACKET, "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        "packets/2026-H2/dana-levi.md: Dana <b>Levi</b> | @acme/everyone (dana-levi), "
        "acme ic-1 -> ic-2, manager mkatz\n"
        "dry run: no pull-request state is read and nothing is requested\n"
        "  request  bob        holds acme ic-2 (rank 2); 0 open packet reviews; first reviewer "
        "from org platform; tie with ann, carol, dave broken by the packet's hash\n"
        "  request  dave       holds acme ic-2 (rank 2); 0 open packet reviews; first reviewer "
        "from org payments; tie with ann, carol broken by the packet's hash\n"
        "  request  carol      holds acme em-2 (rank 2); 0 open packet reviews; first reviewer "
        "from org gaming\n"
        "  standby  ann        eligible (holds acme ic-3 (rank 3); 0 open packet reviews; org "
        "payments again: no eligible member of another org is left); not needed: 3 reviewers chosen\n"
        "  exclude  mkatz      is the candidate's manager\n"
        "  exclude  erin       holds acme ic-1, below ic-2 (rank 2)\n"
        "  exclude  frank      unavailable\n"
        "  exclude  dana-levi  is the candidate; holds acme ic-1, below ic-2 (rank 2)\n"
        "3 to request, 0 kept, quota 3\n"
    )


def test_dry_run_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = rung(capsys, "reviewers", PACKET, "--dry-run", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {
        k: data[k] for k in ("packet", "pr", "dry_run", "requested", "kept", "shortfall", "refused")
    } == {
        "packet": PACKET,
        "pr": None,
        "dry_run": True,
        "requested": ["bob", "dave", "carol"],
        "kept": [],
        "shortfall": 0,
        "refused": {},
    }


def test_a_shortfall_exits_1(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = repo / ".github" / "committee.yml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace(
            "reviewers_per_packet: 3", "reviewers_per_packet: 8"
        )
    )
    code, out, err = rung(capsys, "reviewers", PACKET, "--dry-run")
    assert code == 1
    assert out.endswith(
        "4 to request, 0 kept, quota 8, SHORTFALL 4: too few eligible committee members\n"
    )
    assert err == (
        ".github/committee.yml:2:23: warning: reviewers_per_packet is 8 but only 7 member(s) are "
        "available; every packet will be short of reviewers [committee]\n"
    )


def test_a_control_character_in_the_packet_cannot_forge_a_log_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = repo / PACKET
    packet.write_text(
        packet.read_text(encoding="utf-8").replace(
            "name: Dana <b>Levi</b> | @acme/everyone", 'name: "Dana\\n::error::forged"'
        ),
        encoding="utf-8",
    )
    code, out, _ = rung(capsys, "reviewers", PACKET, "--dry-run")
    assert code == 0
    assert out.splitlines()[0].startswith(
        "packets/2026-H2/dana-levi.md: Dana ::error::forged (dana-levi)"
    )
    assert not any(line.startswith("::") for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["reviewers", PACKET], "--pr N is required to request reviewers (or use --dry-run)"),
        (
            ["reviewers", PACKET, "--dry-run", "--packet-from-pr"],
            "--dry-run reads the local packet and calls no API; drop --packet-from-pr",
        ),
        (
            ["reviewers", PACKET, "--pr", "7"],
            "GITHUB_TOKEN is not set; rung needs a token to read and update the pull request "
            "(or use --dry-run for reviewers)",
        ),
        (["scorecard", PACKET], "--pr N is required: the scorecard is read from the pull request"),
        (
            ["reviewers", "--dry-run"],
            "name the PACKET file (only --packet-from-pr can find it by itself)",
        ),
        (["reviewers", "packets/nope.md", "--dry-run"], "no such packet file: packets/nope.md"),
        (
            ["reviewers", PACKET, "--dry-run", "--roster", "missing.yml"],
            "no committee roster at missing.yml; see docs/committee.md for its format",
        ),
    ],
)
def test_usage_and_configuration_errors_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = rung(capsys, *args)
    assert (code, out, err) == (2, "", f"rung: error: {message}\n")


def test_a_bad_roster_exits_2_with_its_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = repo / ".github" / "committee.yml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("{acme: em-2}", "{acme: em-9}"))
    code, _, err = rung(capsys, "reviewers", PACKET, "--dry-run")
    assert code == 2
    assert err == (
        "rung: error: the committee roster .github/committee.yml is invalid:\n"
        ".github/committee.yml:13:20: error: ladder 'acme' has no level 'em-9'; did you mean "
        "'em-2'? (its levels: ic-1, ic-2, em-2, ic-3) [committee]\n"
    )


def test_a_packet_on_an_unknown_ladder_is_not_routed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = repo / PACKET
    packet.write_text(packet.read_text(encoding="utf-8").replace("ladder: acme", "ladder: acne"))
    code, out, err = rung(capsys, "reviewers", PACKET, "--dry-run")
    assert (code, out) == (1, "")
    assert err == (
        f"{PACKET}:5:9: error: unknown ladder 'acne'; did you mean 'acme'? (known ladders: "
        "acme) [reference]\n"
        f"rung: {PACKET} has 1 error(s): it is not routed to reviewers until 'rung validate "
        f"{PACKET}' passes\n"
    )


@pytest.mark.parametrize("command", ["reviewers", "scorecard"])
def test_an_invalid_packet_exits_1_with_its_findings(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    packet = repo / PACKET
    packet.write_text(packet.read_text(encoding="utf-8").replace("to: ic-2\n", ""))
    options = ["--dry-run"] if command == "reviewers" else ["--pr", "7"]
    with FakeGitHub() as gh:  # the scorecard reads the pull request before the packet
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        gh.add_pull(7, "dana-levi", {PACKET: packet.read_text(encoding="utf-8")})
        code, out, err = rung(capsys, command, PACKET, *options)
        assert code == 1
        assert f"{PACKET}:2:1: error: missing required field(s): to [schema]\n" in err
        assert err.endswith(f"until 'rung validate {PACKET}' passes\n")
        code, out, _ = rung(capsys, command, PACKET, *options, "--format", "json")
    data = json.loads(out)  # valid JSON on standard output even for an invalid packet
    assert code == 1
    findings = data["findings"] if command == "reviewers" else data["problems"]
    errors = [(f["path"], f["line"], f["rule"]) for f in findings if f["level"] == "error"]
    assert errors == [(PACKET, 2, "schema")]


def test_an_invalid_packet_is_never_routed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """dana-levi.md naming another candidate would exclude them; it fails validation instead."""
    packet = repo / PACKET
    text = packet.read_text(encoding="utf-8").replace("candidate: dana-levi", "candidate: bob")
    packet.write_text(text.replace("to: ic-2", "to: ic-1"), encoding="utf-8")
    code, out, err = rung(capsys, "reviewers", PACKET, "--dry-run")
    assert (code, out) == (1, "")
    assert "candidate 'bob' does not match the file name 'dana-levi.md'" in err
    assert "[path]" in err and "[step]" in err


def test_every_example_packet_gets_a_full_plan_with_reasons(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    packets = sorted(str(p.relative_to(REPO)) for p in (REPO / "packets").rglob("*.md"))
    assert packets, "the repository has example packets"
    reasons: set[str] = set()
    for packet in packets:
        code, out, _ = rung(capsys, "reviewers", packet, "--dry-run", "--format", "json")
        plan = json.loads(out)
        assert (code, plan["shortfall"]) == (0, 0), packet
        assert len(plan["requested"]) == 3
        reasons |= {part for e in plan["excluded"] for part in e["reason"].split("; ")}
    assert {"is the candidate", "is the candidate's manager", "unavailable"} <= reasons
    assert any(r.startswith("not on ladder ") for r in reasons)
    assert any(", below " in r for r in reasons)


def test_the_committee_commands_load_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from rung.cli import build_parser\n"
        "import rung.committee.assign, rung.scorecard.collate, rung.committee.roster, rung.github.context\n"
        "build_parser()\n"
        "heavy = {'github', 'jsonschema', 'weasyprint', 'jinja2', 'requests', 'markdown_it'}\n"
        "heavy &= set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
