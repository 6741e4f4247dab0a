"""`rung evidence --packet-from-pr`: the packet read from the pull request as data, at the
checked head, through the git trees (as `rung scorecard --packet-from-pr` reads it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence.fake import FakeGraphQL
from evidence.test_evidence import SHA, packet_text
from rung.cli import main

PACKET = "packets/2026-H2/dana-levi.md"
BASE = "https://github.com/acme/payments"
LINKS = {
    "Wrote the HLD.": [f"{BASE}/pull/1044", f"{BASE}/pull/1060"],
    "Fixed retries.": [f"{BASE}/commit/{SHA}", "https://docs.google.com/document/d/abc"],
}


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeGraphQL]:
    with FakeGraphQL() as fake:
        for name, value in {**fake.env(), "GITHUB_SERVER_URL": "https://github.com"}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)  # the default branch's tree: no packet in it
        fake.add_pull_work("acme/payments", 1044, "dana-levi", merged="2026-03-02")
        fake.add_pull_work("acme/payments", 1060, "someone-else")
        fake.add_commit_work("acme/payments", SHA, "dana-levi", date="2026-04-01")
        yield fake


def evidence(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["evidence", *args, "--no-cache"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_same_marks_as_the_local_file(
    gh: FakeGraphQL, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = packet_text(LINKS)
    pull = gh.add_pull(7, "dana-levi", {PACKET: text})
    code, out, _ = evidence(
        capsys, "--packet-from-pr", "--pr", "7", "--head-sha", pull.head_sha, "--format", "json"
    )
    assert code == 0
    remote: dict[str, Any] = json.loads(out)
    # Walked down the head commit's trees to the blob; never the contents API.
    reads = [c.path for c in gh.requests if "/git/" in c.path or "/contents/" in c.path]
    assert reads[0] == f"/repos/acme/promotions/git/trees/{pull.head_sha}"
    assert [r.rsplit("/", 2)[-2] for r in reads] == ["trees", "trees", "trees", "blobs"]

    (tmp_path / PACKET).parent.mkdir(parents=True)
    (tmp_path / PACKET).write_text(text, encoding="utf-8")
    code, out, _ = evidence(capsys, PACKET, "--format", "json")
    assert code == 0
    local: dict[str, Any] = json.loads(out)
    assert [link["mark"] for link in remote["links"]] == [
        "✓ authored by @dana-levi, merged 2026-03-02",
        "⚠ authored by @someone-else",
        "✓ authored by @dana-levi, committed 2026-04-01",
        "not checked",
    ]
    # Everything but the rate-limit budget, which the first run spent.
    assert {k: v for k, v in remote.items() if k != "github"} == {
        k: v for k, v in local.items() if k != "github"
    }
    assert remote["packet"] == PACKET and remote["criteria"] == {"ic3.craft.leads": "unverified"}


def test_the_one_packet_the_pull_request_changes_is_found_and_text_output_names_it(
    gh: FakeGraphQL, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: packet_text(LINKS)})
    code, out, _ = evidence(capsys, "--packet-from-pr", "--pr", "7")
    assert code == 0
    assert out.splitlines()[0] == (
        f"{PACKET}:14:11: ✓ authored by @dana-levi, merged 2026-03-02  <{BASE}/pull/1044>"
    )


def test_a_packet_that_is_a_symbolic_link_is_refused(
    gh: FakeGraphQL, capsys: pytest.CaptureFixture[str]
) -> None:
    """Eve commits eve.md -> dana-levi.md: the contents API would serve Dana's verified work."""
    eve = "packets/2026-H2/eve.md"
    pull = gh.add_pull(7, "eve", {PACKET: packet_text(LINKS)})
    pull.files = {eve: "added"}
    gh.add_symlink(eve, "dana-levi.md", pull.head_sha)
    refusal = (
        f"{eve} at {pull.head_sha[:12]} is a symbolic link; rung never follows "
        "links (another file would be read in its place): commit the file itself"
    )
    code, out, err = evidence(capsys, "--packet-from-pr", "--pr", "7")
    assert (code, out, err) == (2, "", f"rung: error: {refusal}\n")
    code, out, _ = evidence(capsys, "--packet-from-pr", "--pr", "7", "--format", "json")
    assert (code, json.loads(out)) == (2, {"error": refusal, "findings": []})
    assert gh.graphql_calls() == []  # no work was read for a packet rung refused


def test_nothing_is_checked_when_the_head_moved_on(
    gh: FakeGraphQL, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = gh.add_pull(7, "dana-levi", {PACKET: packet_text(LINKS)})
    checked = "c" * 40
    code, out, err = evidence(capsys, "--packet-from-pr", "--pr", "7", "--head-sha", checked)
    assert (code, out) == (0, "")
    assert f"has moved on from {checked[:12]} to {pull.head_sha[:12]}; nothing to do" in err
    assert [c.path for c in gh.requests] == ["/repos/acme/promotions/pulls/7"]


def test_a_packet_that_does_not_parse_exits_1(
    gh: FakeGraphQL, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_pull(7, "dana-levi", {PACKET: "---\ncandidate: [\n---\n"})
    code, out, err = evidence(capsys, "--packet-from-pr", "--pr", "7")
    assert (code, out) == (1, "")
    assert err.endswith(f"rung: {PACKET} is not a valid packet; run rung validate\n")
    assert err.startswith(f"{PACKET}:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--packet-from-pr"],
            "--packet-from-pr reads the packet from a pull request: give --pr N",
        ),
        ([PACKET, "--pr", "7"], "--pr and --head-sha go with --packet-from-pr"),
        ([], "name the PACKET file (only --packet-from-pr can find it by itself)"),
    ],
)
def test_usage_errors(
    gh: FakeGraphQL, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = evidence(capsys, *args)
    assert (code, out, err) == (2, "", f"rung: error: {message}\n")
    assert gh.requests == []
