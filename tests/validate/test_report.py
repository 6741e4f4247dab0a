"""Reporters, against exact expected output, including workflow-command injection attempts."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import REPO
from rung.cli import main
from rung.problems import Level, Problem
from rung.validate.report import (
    CriterionRow,
    PacketSummary,
    ShownPackets,
    escape_data,
    escape_property,
    report_github,
    report_json,
    report_text,
    step_summary,
)

INJECTION = "claim %0A::error::pwned\n::warning::owned\r\nend"

PROBLEMS = [
    Problem("packets/b.md", 3, 5, Level.WARNING, "link", "second file"),
    Problem("packets/a.md", 12, 3, Level.ERROR, "coverage", "later line"),
    Problem("packets/a.md", 2, 1, Level.NOTICE, "step", "earlier line"),
    Problem("packets/a,b:c.md", 0, 0, Level.ERROR, "read", INJECTION),
]

SUMMARY = PacketSummary(
    path="packets/2026-H2/dana-levi.md",
    candidate="dana-levi",
    name="Dana <b>Levi</b> | x",
    ladder="thelotter",
    from_level="ic-l4",
    to_level="ic-l5",
    kind="promotion",
    required=2,
    covered=1,
    gaps=1,
    rows=(
        CriterionRow("ic-l5.a.b", "You *lead*\nthings", "met", 2, 1),
        CriterionRow("ic-l5.a.c", "Has done [3+] things", "gap", 0, 3),
    ),
)


def _run(reporter, problems, packets=()) -> str:
    out = io.StringIO()
    reporter(problems, out, packets)
    return out.getvalue()


def test_escaping_is_the_actions_toolkits() -> None:
    assert escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


def test_text_is_sorted_by_path_and_line_one_finding_per_line() -> None:
    assert _run(report_text, PROBLEMS) == (
        "packets/a,b:c.md:0:0: error: claim %0A::error::pwned\\n::warning::owned\\r\\nend [read]\n"
        "packets/a.md:2:1: notice: earlier line [step]\n"
        "packets/a.md:12:3: error: later line [coverage]\n"
        "packets/b.md:3:5: warning: second file [link]\n"
    )


def test_github_groups_per_file_and_escapes_every_value() -> None:
    assert _run(report_github, PROBLEMS) == (
        "::group::packets/a,b:c.md (1 error)\n"
        "::error file=packets/a%2Cb%3Ac.md,title=rung read::"
        "claim %250A::error::pwned%0A::warning::owned%0D%0Aend\n"
        "::endgroup::\n"
        "::group::packets/a.md (1 error, 1 notice)\n"
        "::notice file=packets/a.md,line=2,col=1,title=rung step::earlier line\n"
        "::error file=packets/a.md,line=12,col=3,title=rung coverage::later line\n"
        "::endgroup::\n"
        "::group::packets/b.md (1 warning)\n"
        "::warning file=packets/b.md,line=3,col=5,title=rung link::second file\n"
        "::endgroup::\n"
    )


def test_no_output_line_of_github_starts_a_command_it_should_not() -> None:
    lines = _run(report_github, PROBLEMS).splitlines()
    assert all(
        line.startswith(("::group::", "::endgroup::", "::error ", "::warning ", "::notice "))
        for line in lines
    )
    assert not any("::error::pwned" in line.split("::", 2)[1] for line in lines)


def test_json_has_findings_and_packets() -> None:
    payload = json.loads(_run(report_json, PROBLEMS[:2], [SUMMARY]))
    assert payload == {
        "findings": [
            {
                "path": "packets/a.md",
                "line": 12,
                "column": 3,
                "level": "error",
                "rule": "coverage",
                "message": "later line",
            },
            {
                "path": "packets/b.md",
                "line": 3,
                "column": 5,
                "level": "warning",
                "rule": "link",
                "message": "second file",
            },
        ],
        "packets": [
            {
                "path": "packets/2026-H2/dana-levi.md",
                "candidate": "dana-levi",
                "ladder": "thelotter",
                "from": "ic-l4",
                "to": "ic-l5",
                "kind": "promotion",
                "required": 2,
                "covered": 1,
                "gaps": 1,
            }
        ],
    }


def test_step_summary_is_escaped_markdown() -> None:
    problems = [
        Problem(SUMMARY.path, 4, 1, Level.ERROR, "coverage", "evidence missing for <x> | `y`"),
        Problem("ladders/x.yaml", 1, 1, Level.WARNING, "ladder", "elsewhere"),
    ]
    assert step_summary(problems, [SUMMARY]) == (
        "## rung validate\n\n1 error, 1 warning.\n\n"
        "### Dana \\<b\\>Levi\\</b\\> \\| x (dana-levi): thelotter ic-l4 → ic-l5\n"
        "File packets/2026-H2/dana-levi.md: promotion, 1 of 2 criteria evidenced, 1 gap; 1 error.\n\n"
        "| Criterion | Status | Items |\n"
        "|---|---|---|\n"
        "| ic-l5.a.b<br>You \\*lead\\* things | ✅ evidenced | 2 |\n"
        "| ic-l5.a.c<br>Has done \\[3+\\] things | ➖ gap | 0 of 3 |\n"
        "\n"
        "- line 4: error: evidence missing for \\<x\\> \\| \\`y\\` \\[coverage\\]\n"
        "\n"
    )


def test_step_summary_stays_under_its_limit() -> None:
    packets = [
        PacketSummary(
            f"packets/2026-H2/p{i:03}.md",
            f"p{i:03}",
            "P",
            "mini",
            "ic2",
            "ic3",
            "promotion",
            1,
            1,
            0,
            (CriterionRow("ic3.a.b", "x" * 500, "met", 1, 1),),
        )
        for i in range(40)
    ]
    text = step_summary([], packets, limit=8000)
    assert len(text.encode("utf-8")) <= 8000
    assert text.count("### P (") == 11
    assert text.endswith("_29 more packets not shown: the summary is full._\n")


@settings(max_examples=100, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 900), min_size=1, max_size=30),
    order=st.randoms(use_true_random=False),
    limit=st.integers(200, 9000),
)
def test_shown_packets_keep_exactly_what_the_summary_shows(
    sizes: list[int], order: random.Random, limit: int
) -> None:
    """Collected one by one in any order, the few kept give the same summary as all of them."""
    problems = [
        Problem(f"packets/2026-H2/p{i:03}.md", 1, 1, Level.WARNING, "link", "w" * (i % 3 * 40))
        for i in range(len(sizes))
    ]
    packets = [
        PacketSummary(
            f"packets/2026-H2/p{i:03}.md",
            f"p{i:03}",
            "P",
            "mini",
            "ic2",
            "ic3",
            "promotion",
            1,
            1,
            0,
            (CriterionRow("ic3.a.b", "x" * size, "met", 1, 1),),
        )
        for i, size in enumerate(sizes)
    ]
    shown = ShownPackets(limit)
    for index in order.sample(range(len(packets)), len(packets)):
        shown.add(packets[index], [p for p in problems if p.path == packets[index].path])
    assert shown.count == len(packets)
    expected = step_summary(problems, packets, limit)
    assert step_summary(problems, shown.packets, limit, shown.count) == expected
    shown_sections = expected.count("### P (")
    assert len(shown.packets) <= shown_sections + 1  # the rest were let go


INJECTED_PACKET = """---
candidate: mallory
name: Mallory
manager: mkatz
ladder: thelotter
from: ic-l4
to: ic-l5
cycle: 2026-H2
in_level_since: "%0A::error::pwned\\n::warning::owned"
evidence: {}
---
"""


def test_an_injection_through_a_packet_value_comes_out_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ladders").symlink_to(REPO / "ladders")
    packet = tmp_path / "packets" / "2026-H2" / "mallory.md"
    packet.parent.mkdir(parents=True)
    packet.write_text(INJECTED_PACKET)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["validate", "--format", "github", "packets/2026-H2/mallory.md"]) == 1
    assert capsys.readouterr().out == (
        "::group::packets/2026-H2/mallory.md (1 error)\n"
        "::error file=packets/2026-H2/mallory.md,line=9,col=17,title=rung schema::"
        "in_level_since: '%250A::error::pwned%0A::warning::owned' is not in the expected form "
        "(e.g. '2024-07')\n"
        "::endgroup::\n"
    )


CLAIM_INJECTION = """---
candidate: mallory
name: Mallory
manager: mkatz
ladder: thelotter
from: ic-l4
to: ic-l5
cycle: 2026-H2
in_level_since: 2024-07
evidence:
  ic-l5.execution.hld-for-epics: "HLD %0A::error::pwned\\n::warning::owned"
---
"""


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "github",
            "::group::packets/2026-H2/mallory.md (1 error)\n"
            "::error file=packets/2026-H2/mallory.md,line=11,col=34,title=rung schema::"
            "evidence.ic-l5.execution.hld-for-epics: expected a list or a mapping, found "
            "'HLD %250A::error::pwned%0A::warning::owned'\n"
            "::endgroup::\n",
        ),
        (
            "text",
            "packets/2026-H2/mallory.md:11:34: error: evidence.ic-l5.execution.hld-for-epics: "
            "expected a list or a mapping, found 'HLD %0A::error::pwned\\n::warning::owned' "
            "[schema]\n",
        ),
    ],
)
def test_an_injection_in_a_claim_comes_out_escaped(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    expected: str,
) -> None:
    (tmp_path / "ladders").symlink_to(REPO / "ladders")
    packet = tmp_path / "packets" / "2026-H2" / "mallory.md"
    packet.parent.mkdir(parents=True)
    packet.write_text(CLAIM_INJECTION)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["validate", "--format", fmt, "packets/2026-H2/mallory.md"]) == 1
    assert capsys.readouterr().out == expected


def test_a_full_step_summary_gets_nothing_more() -> None:
    assert step_summary([], [SUMMARY], limit=10) == ""
