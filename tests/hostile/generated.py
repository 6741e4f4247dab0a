"""Hostile inputs too big to commit, built at test time from the clean packet and ladder.

``cases.yaml`` names one of these with ``generate: NAME`` instead of ``file:``.
Each function returns the bytes of the file the case installs.
"""

from __future__ import annotations

from collections.abc import Callable

from paths import FIXTURES

HOSTILE = FIXTURES / "hostile"
BASE_PACKET = (HOSTILE / "repo" / "packets" / "2026-H2" / "base.md").read_text(encoding="utf-8")
BASE_LADDER = (HOSTILE / "repo" / "ladders" / "hostile.yaml").read_text(encoding="utf-8")
MIB = 1024 * 1024
DEPTH = 10_000
CRASH_DEPTH = 100_000  # deep enough to exhaust the C stack of a recursive composer
HUGE_NUMBER = "9" * 5_000  # over Python's 4,300-digit limit for int(str) and str(int)


def packet(candidate: str, *, evidence: str | None = None, narrative: str = "") -> str:
    """The clean packet as ``candidate``, with its evidence block replaced and text appended."""
    text = BASE_PACKET.replace("candidate: base", f"candidate: {candidate}")
    # Not base.md's own link, which the scratch repository also holds: a `reuse` notice.
    text = text.replace("acme/shop/pull/2", "acme/shop/pull/1")
    if evidence is not None:
        start = text.index("evidence:\n")
        end = text.index("---\n", start)
        text = text[:start] + evidence + text[end:]
    return text + narrative


def ladder(ladder_id: str, *, after_source: str = "") -> str:
    """The hostile ladder as ``ladder_id`` (its file name), with YAML inserted after ``source``."""
    body = BASE_LADDER[BASE_LADDER.index("id: hostile") :]
    body = body.replace("id: hostile", f"id: {ladder_id}", 1)
    marker = "source: Written for tests/fixtures/hostile\n"
    return body.replace(marker, marker + after_source)


def roster(extra: str = "") -> str:
    return (
        "reviewers_per_packet: 1\n"
        + extra
        + "members:\n  - login: ann\n    levels: {hostile: ic2}\n"
    )


def flow_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


def flow_maps(depth: int) -> str:
    return "{a: " * depth + "}" * depth


def block_sequences(depth: int) -> str:
    """``- - - - x``: block sequences nested ``depth`` deep on one line, no indentation needed."""
    return "- " * depth + "x"


def _ten_mib_narrative() -> str:
    line = "All work and no play makes a packet a dull read. " * 2 + "\n"
    return line * (10 * MIB // len(line) + 1)


def _table(rows: int, cell: Callable[[int], str]) -> str:
    head = "\n| # | Evidence |\n|---|---|\n"
    return head + "".join(f"| {i} | {cell(i)} |\n" for i in range(rows))


def _trap_image(i: int) -> str:
    return f'row {i} <img src="http://@TRAP@/row-{i}.png"> ![r](http://@TRAP@/md-row-{i}.png)'


GENERATORS: dict[str, Callable[[], str]] = {
    # packets
    "packet-10mb": lambda: packet("packet-10mb", narrative=_ten_mib_narrative()),
    "packet-front-matter-300k": lambda: packet(
        "packet-front-matter-300k",
        evidence="evidence:\n  ic2.craft.designs:\n    - claim: "
        + "pasted design doc " * (300 * 1024 // 18)
        + "\n",
    ),
    "packet-deep-flow-lists": lambda: packet(
        "packet-deep-flow-lists", evidence=f"evidence: {flow_lists(DEPTH)}\n"
    ),
    "packet-deep-flow-maps": lambda: packet(
        "packet-deep-flow-maps", evidence=f"evidence: {flow_maps(DEPTH)}\n"
    ),
    "packet-deep-block": lambda: packet(
        "packet-deep-block", evidence=f"evidence:\n  {block_sequences(DEPTH)}\n"
    ),
    "packet-deep-block-crash": lambda: packet(
        "packet-deep-block-crash", evidence=f"evidence:\n  {block_sequences(CRASH_DEPTH)}\n"
    ),
    "packet-deep-indent": lambda: packet(
        "packet-deep-indent",
        evidence="evidence:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(300)),
    ),
    "packet-table-5000": lambda: packet("packet-table-5000", narrative=_table(5000, _trap_image)),
    "packet-200k-headings": lambda: packet(
        "packet-200k-headings", narrative="\n" + "#\n" * 200_000
    ),
    "packet-word-100k": lambda: packet("packet-word-100k", narrative="\n" + "w" * 100_000 + "\n"),
    "packet-huge-number": lambda: packet("packet-huge-number").replace(
        "in_level_since: 2024-01", "in_level_since: " + HUGE_NUMBER
    ),
    "packet-many-keys": lambda: packet(
        "packet-many-keys",
        evidence="evidence:\n"
        + "".join(f"  ic2.craft.unknown-{i}:\n    gap: g\n" for i in range(2000))
        + "  ic2.craft.designs:\n    gap: g\n  ic2.craft.reviews:\n    gap: g\n",
    ),
    # ladders
    "ladder-10mb": lambda: ladder("ladder-10mb") + "# " + "x" * (10 * MIB) + "\n",
    "ladder-deep-flow": lambda: ladder(
        "ladder-deep-flow", after_source=f"extra: {flow_lists(DEPTH)}\n"
    ),
    "ladder-deep-block-crash": lambda: ladder(
        "ladder-deep-block-crash", after_source=f"extra:\n  {block_sequences(CRASH_DEPTH)}\n"
    ),
    "ladder-huge-number": lambda: ladder("ladder-huge-number").replace(
        "cumulative: false", "cumulative: " + HUGE_NUMBER
    ),
    # committee rosters
    "committee-huge-number": lambda: roster().replace(
        "reviewers_per_packet: 1", "reviewers_per_packet: " + HUGE_NUMBER
    ),
    "committee-10mb": lambda: roster() + "# " + "x" * (10 * MIB) + "\n",
    "committee-deep-flow": lambda: roster(f"extra: {flow_maps(DEPTH)}\n"),
    "committee-deep-block": lambda: roster(f"extra:\n  {block_sequences(DEPTH)}\n"),
    # ladder import
    "import-10mb": lambda: "# Ladder\n\n## L1 Engineer\n\n" + "- Ships it\n" * (MIB + 1),
    "import-deep-list": lambda: "# Ladder\n\n## L1 Engineer\n\n" + block_sequences(DEPTH) + "\n",
    "import-deep-quote": lambda: "# Ladder\n\n## L1 Engineer\n\n" + ">" * DEPTH + " x\n",
    "import-deep-html": lambda: (
        "# Ladder\n\n## L1 Engineer\n\n"
        + "<table><tr><td>" * DEPTH
        + "x"
        + "</td></tr></table>" * DEPTH
        + "\n"
    ),
    "import-table-5000": lambda: (
        "# Ladder\n\n| Level | Execution |\n|---|---|\n"
        + "".join(f"| L{i} Engineer | Ships thing {i} |\n" for i in range(1, 5001))
    ),
    "import-deep-front-matter-crash": lambda: (
        "---\ntopics:\n  "
        + block_sequences(CRASH_DEPTH)
        + "\n---\n# Ladder\n\n## L1 Engineer\n\n- Ships small changes\n"
    ),
    # rendering
    "render-table-5000": lambda: packet("render-table-5000", narrative=_table(5000, _trap_image)),
    "render-word-100k": lambda: packet(
        "render-word-100k",
        evidence="evidence:\n  ic2.craft.designs:\n    - claim: " + "c" * 2_000 + "\n"
        "      links: [https://@TRAP@/" + "l" * 1_000 + "]\n"
        "  ic2.craft.reviews:\n    gap: Reviews start next quarter.\n",
        narrative="\n" + "w" * 100_000 + "\n",
    ),
}
