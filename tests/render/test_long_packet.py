"""A long packet holds together on paper (issue 16, item 4).

3,000 words of claims with many links per criterion, a narrative with a table
and links: no word split across lines (tables included), every page that
carries on a criterion from the page before says so ("1.3 ... (continued)"),
and no page holds a stray line or two.  Text is extracted per page with pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from rung.ladder.model import required_criteria
from rung.model.repo import load_ladders

CYCLE = "2026-H2"
NAME = "long-render"
# Distinctive words, so a fragment of one is never a word of its own.
VOCABULARY = [
    "reconciliation",
    "idempotency",
    "settlement",
    "observability",
    "throughput",
    "deduplication",
    "chargebacks",
    "provisioning",
    "orchestration",
    "migration",
    "instrumentation",
    "backpressure",
    "partitioning",
    "rollout",
    "downstream",
    "upstream",
    "throttling",
    "replication",
    "onboarding",
    "Müller's",
    "refunds",
    "payouts",
    "ledger",
    "(2026-H1)",
    "architecture",
]
MOVE = "L4 IC - Software Engineer → L5 IC - Software Engineer"
CRITERION = re.compile(r"^(\d+\.\d+) ")
CONTINUED = re.compile(r"(\d+\.\d+) .*\(continued\)")
BADGE = re.compile(r"^(?:\d+ EVIDENCE ITEMS?|GAP STATED|NO EVIDENCE|CHECKPOINT \d+ OF \d+)$")


def words(start: int, count: int) -> str:
    return " ".join(VOCABULARY[(start + i * 7) % len(VOCABULARY)] for i in range(count))


def long_packet(criteria: list[str]) -> tuple[str, int]:
    """A valid packet citing every criterion with three long claims of four links each."""
    lines = [
        "---", f"candidate: {NAME}", "name: Lea Long", "manager: mkatz", "ladder: thelotter",
        "from: ic-l4", "to: ic-l5", f"cycle: {CYCLE}", "in_level_since: 2024-07", "evidence:",
    ]  # fmt: skip
    total = 0
    for n, criterion in enumerate(criteria):
        lines.append(f"  {criterion}:")
        for k in range(3):
            claim = words(n * 3 + k, 30)
            total += 30
            lines.append(f"    - claim: {claim}")
            lines.append("      links:")
            for j in range(4):
                number = 1000 + n * 12 + k * 4 + j
                lines.append(
                    f"        - https://acme.atlassian.net/wiki/spaces/PAY/pages/{number}/"
                    f"Payouts+v2+reconciliation+and+settlement+design+review+{j}"
                    if j % 2
                    else f"        - https://github.com/acme/payments/pull/{number}"
                )
    narrative = [
        "## Summary", "", words(1, 60), "", "## Impact", "", words(2, 60), "",
        "## Context", "", words(3, 80) + " See [the ledger design](https://acme.example/ledger/design/v2).",
        # short columns beside long ones: where "Change" used to print as Ch/an/ge
        "", "| Change | Period | Owner | Outcome | Notes |", "|---|---|---|---|---|",
        *(f"| {words(r, 1)} | (2026-H1) | Müller's | {words(r + 1, 9)} | {words(r, 5)} |" for r in range(12)),
        "",
    ]  # fmt: skip
    total += 60 + 60 + 80 + 12 * 17
    return "\n".join([*lines, "---", "", *narrative]), total


@pytest.fixture(scope="module")
def pages(cli, render_repo: Path) -> list[str]:
    ladders, _ = load_ladders(render_repo)
    ladder = ladders["thelotter"]
    criteria = [c.id for c in required_criteria(ladder, "ic-l4", "ic-l5")]
    text, count = long_packet(criteria)
    assert count >= 3000
    path = render_repo / "packets" / CYCLE / f"{NAME}.md"
    path.write_text(text, encoding="utf-8")
    try:
        code, out, _ = cli("render", f"packets/{CYCLE}/{NAME}.md", "--out", "out-long")
    finally:
        path.unlink()
    assert code == 0, out
    reader = PdfReader(render_repo / "out-long" / CYCLE / f"{NAME}.pdf")
    assert len(reader.pages) > 10
    return [page.extract_text().replace("\u200b", "") for page in reader.pages]


def body_lines(page: str) -> list[str]:
    """The page's lines without the running header and footer."""
    return [
        line
        for line in (raw.strip() for raw in page.splitlines())
        if line
        and not CONTINUED.search(line)
        and not line.startswith(("Lea Long · Cycle", "Confidential — for", "Page "))
        and line != MOVE  # the running header's second line
    ]


def test_no_word_is_split_across_lines(pages: list[str]) -> None:
    """Each word is found as often with the line breaks kept as with them removed:
    a word cut over two lines ("Ch/an/ge") is only found in the second count."""
    lines = [line for page in pages for line in body_lines(page)]
    spaced, squeezed = " ".join(lines), "".join("".join(lines).split())
    for word in {w for w in VOCABULARY if len(w) >= 5}:
        assert spaced.count(word) >= 20, word  # the packet does use it
        assert spaced.count(word) == squeezed.count(word), word


def test_a_page_that_carries_on_a_criterion_says_so(pages: list[str]) -> None:
    current = None  # the criterion whose evidence is being printed
    carried = 0
    for number, page in enumerate(pages, start=1):
        lines = body_lines(page)
        # a criterion's status badge floats right of its heading; pypdf may read it first
        flow = [line for line in lines if not BADGE.match(line)]
        first = flow[0] if flow else ""
        continued = CONTINUED.search(page)
        in_evidence = current is not None and not first.startswith(
            ("Competency ratings", "Narrative", "Further evidence")
        )
        starts_fresh = bool(CRITERION.match(first)) or bool(re.match(r"^\d+\s+[A-Z]", first))
        if in_evidence and not starts_fresh:
            assert continued is not None, (number, first)
            assert continued.group(1) == current, (number, continued.group(1), current)
            carried += 1
        else:
            assert continued is None, (number, first)
        for line in lines:
            found = CRITERION.match(line)
            if found:
                current = found.group(1)
            if line.startswith(("Competency ratings", "Narrative")):
                current = None
    assert carried >= 3  # the packet is long enough that criteria do run over pages


def test_no_page_holds_a_stray_line_or_two(pages: list[str]) -> None:
    short = [(n, body_lines(p)) for n, p in enumerate(pages, start=1) if len(body_lines(p)) < 5]
    assert short == []
