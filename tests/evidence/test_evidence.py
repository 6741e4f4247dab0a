"""`rung evidence` against the fake GitHub's GraphQL endpoint, over real HTTP with PyGithub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence.fake import SAML_MESSAGE, FakeGraphQL
from rung.cli import main

SHA = "0123456789abcdef0123456789abcdef01234567"
OTHER_SHA = "89abcdef0123456789abcdef0123456789abcdef"


def packet_text(links: dict[str, list[str]], candidate: str = "dana-levi") -> str:
    """A packet for 2026-H2 (period 2025-01-01 to 2026-07-01) citing ``links`` per claim."""
    lines = [
        "---",
        f"candidate: {candidate}",
        "name: Dana Levi",
        "manager: mkatz",
        "ladder: mini",
        "from: ic2",
        "to: ic3",
        "cycle: 2026-H2",
        "in_level_since: 2025-01",
        "evidence:",
        "  ic3.craft.leads:",
    ]
    for claim, urls in links.items():
        lines += [f"    - claim: {claim}", "      links:"]
        lines += [f"        - {url}" for url in urls]
    lines += ["---", "## Summary", "", "Text.", ""]
    return "\n".join(lines)


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeGraphQL]:
    with FakeGraphQL() as fake:
        for name, value in {**fake.env(), "GITHUB_SERVER_URL": "https://github.com"}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("RUNG_EVIDENCE_CACHE", str(tmp_path / "cache" / "evidence.json"))
        monkeypatch.chdir(tmp_path)
        yield fake


def run(tmp_path: Path, capsys: Any, links: dict[str, list[str]], *extra: str) -> dict[str, Any]:
    path = tmp_path / "packets" / "2026-H2" / "dana-levi.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(packet_text(links), encoding="utf-8")
    assert main(["evidence", "packets/2026-H2/dana-levi.md", "--format", "json", *extra]) == 0
    out = capsys.readouterr().out
    result: dict[str, Any] = json.loads(out)
    return result


def marks(result: dict[str, Any]) -> list[str]:
    return [link["mark"] for link in result["links"]]


def test_every_answer_gets_its_mark(gh: FakeGraphQL, tmp_path: Path, capsys) -> None:
    gh.add_pull_work("acme/payments", 1044, "dana-levi", merged="2026-03-02")
    gh.add_pull_work(
        "acme/payments",
        1050,
        "bo-chen",
        reviews=(("noa", "2026-01-03"), ("dana-levi", "2026-02-10")),
    )
    gh.add_pull_work("acme/payments", 1060, "someone-else")
    gh.emails["dana@acme.example"] = "dana-levi"
    gh.add_commit_work(
        "acme/payments",
        SHA,
        "bo-chen",
        date="2026-04-01",
        message="Retry payments\n\nCo-authored-by: Dana Levi <dana@acme.example>\n",
    )
    gh.add_pull_work("acme/payments", 900, "dana-levi", created="2024-10-01", merged="2024-11-02")
    gh.add_pull_work(
        "acme/payments", 1070, "dana-levi", state="CLOSED", merged=None, closed="2026-02-01"
    )
    gh.repository("acme/secret").forbidden = SAML_MESSAGE
    gh.repository("acme/hidden").visible = False
    base = "https://github.com/acme/payments"
    result = run(
        tmp_path,
        capsys,
        {
            "Wrote the HLD.": [f"{base}/pull/1044", f"{base}/pull/1050", f"{base}/pull/1060"],
            "Fixed retries.": [
                f"{base}/commit/{SHA}",
                f"{base}/pull/900/files",
                f"{base}/pull/1070",
            ],
            "Elsewhere.": [
                f"{base}/pull/999",
                "https://github.com/acme/secret/pull/1",
                "https://github.com/acme/hidden/issues/2",
                "https://acme.atlassian.net/browse/PAY-1",
                "https://docs.google.com/document/d/abc",
            ],
        },
    )
    assert marks(result) == [
        "✓ authored by @dana-levi, merged 2026-03-02",
        "✓ reviewed by @dana-levi 2026-02-10 (authored by @bo-chen)",
        "⚠ authored by @someone-else",
        "✓ co-authored by @dana-levi, committed 2026-04-01 (authored by @bo-chen)",
        "⚠ authored by @dana-levi, merged 2024-11-02, before the period (2025-01-01 to 2026-07-01)",
        "⚠ authored by @dana-levi, closed unmerged 2026-02-01",
        "⚠ not found: acme/payments has no pull request 999",
        "not checked: GitHub refused rung's token for acme/secret",
        "not checked: acme/hidden is not visible to rung's token (or does not exist)",
        "not checked",
        "not checked",
    ]
    assert [link["status"] for link in result["links"]] == [
        "verified",
        "verified",
        "warning",
        "verified",
        "warning",
        "warning",
        "not-found",
        "no-access",
        "no-access",
        "not-checked",
        "not-checked",
    ]
    assert [link["relation"] for link in result["links"][:6]] == [
        "authored",
        "reviewed",
        "none",
        "co-authored",
        "authored",
        "authored",
    ]
    assert result["github"]["requests"] == 1  # nine GitHub links, one request
    assert result["github"]["remaining"] == 4999
    assert result["criteria"] == {"ic3.craft.leads": "unverified"}
    [call] = gh.graphql_calls()
    assert call.body["variables"]["login"] == "dana-levi"


def test_250_links_take_three_requests(gh: FakeGraphQL, tmp_path: Path, capsys) -> None:
    for n in range(1, 251):
        gh.add_pull_work("acme/big", n, "dana-levi")
    links = {f"Change {n}.": [f"https://github.com/acme/big/pull/{n}"] for n in range(1, 251)}
    result = run(tmp_path, capsys, links)
    assert len(gh.graphql_calls()) == 3
    sizes = [sum(1 for k in c.body["variables"] if k.startswith("n")) for c in gh.graphql_calls()]
    assert sizes == [100, 100, 50]
    assert result["summary"]["verified"] == 250
    assert result["github"] | {"reset": None} == {
        "requests": 3,
        "read": 250,
        "cached": 0,
        "cost": 3,
        "limit": 5000,
        "remaining": 4997,
        "used": 3,
        "reset": None,
    }


def test_a_warm_cache_asks_only_for_what_can_still_change(
    gh: FakeGraphQL, tmp_path: Path, capsys
) -> None:
    gh.add_pull_work("acme/shop", 1, "dana-levi")  # merged: settled
    gh.add_commit_work("acme/shop", SHA, "dana-levi", date="2026-01-05")  # never changes
    gh.add_pull_work("acme/shop", 2, "dana-levi", state="OPEN", merged=None)  # can change
    links = {
        "Work.": [
            "https://github.com/acme/shop/pull/1",
            f"https://github.com/acme/shop/commit/{SHA}",
            "https://github.com/acme/shop/pull/2",
        ]
    }
    first = run(tmp_path, capsys, links)
    assert [link["source"] for link in first["links"]] == ["github"] * 3
    assert len(gh.graphql_calls()) == 1
    cache = json.loads((tmp_path / "cache" / "evidence.json").read_text("utf-8"))
    assert cache["entries"]["github.com/acme/shop/pull/1 dana-levi"]["updatedAt"] == (
        "2026-03-02T10:00:00Z"
    )

    second = run(tmp_path, capsys, links)
    assert [link["source"] for link in second["links"]] == ["cache", "cache", "github"]
    assert marks(second) == marks(first)
    [_, again] = gh.graphql_calls()
    assert {k: v for k, v in again.body["variables"].items() if k[0] in "orn"} == {
        "o0": "acme",
        "r0": "shop",
        "n0": 2,
    }
    assert second["github"]["cached"] == 2

    settled = {"Work.": links["Work."][:2]}
    run(tmp_path, capsys, settled)
    assert len(gh.graphql_calls()) == 2  # nothing left to ask: no request at all


def test_packet_text_never_becomes_query_text(gh: FakeGraphQL, tmp_path: Path, capsys) -> None:
    gh.add_pull_work("evil-org/Evil.Repo", 7, "dana-levi")
    hostile = 'https://github.com/evil-org/r"){x}/pull/7'  # not a repository name: not read
    result = run(
        tmp_path, capsys, {"Work.": ["https://github.com/evil-org/Evil.Repo/pull/7", hostile]}
    )
    [call] = gh.graphql_calls()
    assert "evil" not in call.body["query"].lower()
    assert call.body["variables"]["r0"] == "Evil.Repo"
    assert (
        result["links"][1]["mark"]
        == "not checked: not a pull request, issue, commit, discussion or release"
    )


def test_github_enterprise_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    with FakeGraphQL(prefix="/api/v3", web="https://git.acme.example") as gh:
        env = gh.env()
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)  # derived from GITHUB_API_URL
        monkeypatch.setenv("RUNG_EVIDENCE_CACHE", str(tmp_path / "c.json"))
        monkeypatch.chdir(tmp_path)
        host = env["GITHUB_API_URL"].split("://")[1].split(":")[0]
        gh.add_pull_work("acme/shop", 5, "dana-levi")
        result = run(
            tmp_path,
            capsys,
            {"Work.": [f"https://{host}/acme/shop/pull/5", "https://github.com/acme/shop/pull/5"]},
        )
        assert [c.path for c in gh.requests] == ["/api/graphql"]
        assert marks(result) == ["✓ authored by @dana-levi, merged 2026-03-02", "not checked"]
        assert result["host"] == host


def test_text_output_and_budget_line(gh: FakeGraphQL, tmp_path: Path, capsys) -> None:
    gh.add_pull_work("acme/shop", 1, "dana-levi")
    path = tmp_path / "packets" / "2026-H2" / "dana-levi.md"
    path.parent.mkdir(parents=True)
    path.write_text(packet_text({"Work.": ["https://github.com/acme/shop/pull/1"]}), "utf-8")
    assert main(["evidence", "packets/2026-H2/dana-levi.md"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "packets/2026-H2/dana-levi.md:14:11: ✓ authored by @dana-levi, merged 2026-03-02"
        "  <https://github.com/acme/shop/pull/1>\n"
    )
    assert captured.err == (
        "rung: 1 links: 1 verified; 1 GraphQL request (cost 1; 4,999 of 5,000 points left, "
        "resets 2026-07-01T10:00:00Z), 0 from the cache\n"
    )


def test_no_token_is_a_configuration_error(
    gh: FakeGraphQL, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    path = tmp_path / "packets" / "2026-H2" / "dana-levi.md"
    path.parent.mkdir(parents=True)
    path.write_text(packet_text({"Work.": ["https://github.com/acme/shop/pull/1"]}), "utf-8")
    assert main(["evidence", str(path)]) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err
    assert gh.requests == []


def test_a_server_error_marks_the_batch_and_still_exits_0(
    gh: FakeGraphQL, tmp_path: Path, capsys
) -> None:
    gh.add_pull_work("acme/shop", 1, "dana-levi")
    gh.server_error("POST", "/graphql", 502, times=10)
    result = run(tmp_path, capsys, {"Work.": ["https://github.com/acme/shop/pull/1"]})
    assert marks(result) == ["not checked: GitHub answered 502 Server Error"]
    assert result["github"]["requests"] == 4  # RUNG_GITHUB_RETRY_ATTEMPTS' default, no sleep
    assert not (tmp_path / "cache" / "evidence.json").exists()  # errors are never cached
