"""`rung packet sync`'s guards, on a small ladder: a rename never makes a duplicate key
or corrupts a quoted one, marks and additions land where they belong with the packet's
own indentation, and a second sync changes nothing."""

from __future__ import annotations

import pytest

from rung.edit.sync import WIDTH, sync_packet
from rung.ladder.load import load_ladder
from rung.ladder.model import Ladder
from rung.model.packet import parse_packet

LADDER = """\
id: syn
name: Sync
source: tests
cumulative: false
tracks:
  - id: ic
    name: IC
    entry: ic1
levels:
  - id: ic1
    track: ic
    rank: 1
    title: IC1
    areas:
      - id: craft
        name: Craft
        criteria:
          - id: ic1.craft.ships
            text: Ships small changes
  - id: ic2
    track: ic
    rank: 2
    title: IC2
    areas:
      - id: craft
        name: Craft
        criteria:
          - id: ic2.craft.designs
            text: Designs features
            renamed_from: [ic2.craft.design]
          - id: ic2.craft.reviews
            text: >-
              Reviews others' work with care, explaining the why of every comment so that
              the author learns something that lasts beyond the change itself
            min_evidence: 2
"""
HEAD = (
    "---\ncandidate: dana-levi\nname: Dana Levi\nmanager: mkatz\nladder: syn\nfrom: ic1\n"
    "to: ic2\ncycle: 2026-H2\nin_level_since: 2025-01\nevidence:\n"
)
TAIL = "---\n## Summary\n\nText.\n"
MOVE = "# rung packet sync: no longer required by syn ic1 -> ic2"
REVIEWS = [  # the ladder's words wrapped to the width, the minimum, one empty item
    "# Reviews others' work with care, explaining the why of every comment so that the",
    "# author learns something that lasts beyond the change itself",
    "# (needs 2 distinct items)",
    "ic2.craft.reviews:",
    '  - claim: ""',
    "    links: []",
]
DESIGNS = ["# Designs features", "ic2.craft.designs:", '  - claim: ""', "    links: []"]


@pytest.fixture(scope="module")
def ladder() -> Ladder:
    loaded, problems = load_ladder(LADDER, "ladders/syn.yaml")
    assert loaded is not None, problems
    return loaded


def sync(ladder: Ladder, evidence: str) -> tuple[str, list[object]]:
    packet, problems = parse_packet(HEAD + evidence + TAIL, "packets/2026-H2/dana-levi.md")
    assert packet is not None, problems
    result = sync_packet(packet, ladder)
    again, problems = parse_packet(result.text, "packets/2026-H2/dana-levi.md")
    assert again is not None, problems  # the result is a packet
    assert not sync_packet(again, ladder).changed  # and a second sync changes nothing
    return result.text, [result.renamed, result.added, result.marked]


def lines(indent: str, *rows: str) -> str:
    return "".join(f"{indent}{row}\n" for row in rows)


def test_an_old_key_is_renamed_in_place_quoted_or_not(ladder: Ladder) -> None:
    for quote in ("", '"', "'"):  # the key, or the text inside its quotes
        text, changes = sync(ladder, f"  {quote}ic2.craft.design{quote}:\n    - claim: It.\n")
        assert text == HEAD + f"  {quote}ic2.craft.designs{quote}:\n    - claim: It.\n" + (
            lines("  ", *REVIEWS) + TAIL
        )
        assert changes == [[("ic2.craft.design", "ic2.craft.designs")], ["ic2.craft.reviews"], []]


def test_an_old_key_spelt_with_escapes_is_left_and_still_counts(ladder: Ladder) -> None:
    evidence = '  "ic2.craft.\\x64esign":\n    - claim: It.\n'  # "ic2.craft.design", escaped
    text, changes = sync(ladder, evidence)
    assert text == HEAD + evidence + lines("  ", *REVIEWS) + TAIL  # no empty ic2.craft.designs
    assert changes == [[], ["ic2.craft.reviews"], []]


def test_an_old_key_beside_its_new_id_is_marked_never_renamed_into_a_duplicate(
    ladder: Ladder,
) -> None:
    evidence = "  ic2.craft.design:\n    - claim: Old.\n  ic2.craft.designs:\n    - claim: New.\n"
    text, changes = sync(ladder, evidence)
    note = f"  {MOVE} (ic2.craft.design is now ic2.craft.designs, which the packet names too)"
    assert text == HEAD + f"{note}; move the claim or remove it\n" + evidence + (
        lines("  ", *REVIEWS) + TAIL
    )
    assert changes == [[], ["ic2.craft.reviews"], ["ic2.craft.design"]]


def test_marks_say_why_and_follow_the_packets_indentation(ladder: Ladder) -> None:
    evidence = (
        "    ic1.craft.ships:\n        - claim: Shipped.\n"
        "    ic9.gone.away:\n        - claim: Old.\n"
    )
    text, changes = sync(ladder, evidence)
    assert (
        text
        == HEAD
        + (
            f"    {MOVE}; move the claim or remove it\n"  # in the ladder, not in this move
            "    ic1.craft.ships:\n        - claim: Shipped.\n"
            f"    {MOVE} (ic9.gone.away is no criterion of the ladder); move the claim or remove it\n"
            "    ic9.gone.away:\n        - claim: Old.\n"
        )
        + lines("    ", *DESIGNS, *REVIEWS)
        + TAIL
    )
    assert changes == [
        [],
        ["ic2.craft.designs", "ic2.craft.reviews"],
        ["ic1.craft.ships", "ic9.gone.away"],
    ]
    assert all(len(row) <= WIDTH for row in text.split("\n") if row.lstrip().startswith("# R"))


def test_new_criteria_go_after_the_last_entry_not_at_a_comment(ladder: Ladder) -> None:
    evidence = (
        "  ic2.craft.designs:\n    - claim: It.\n"
        "# a note between entries, at the left margin\n"
        "  ic2.craft.other:\n    - claim: Other.\n"
        "\n  # a trailing comment\n"
    )
    text, _ = sync(ladder, evidence)
    first, rest = evidence.split("\n\n")
    marked = first.replace(
        "  ic2.craft.other:",
        f"  {MOVE} (ic2.craft.other is no criterion of the ladder); move the claim or remove it\n"
        "  ic2.craft.other:",
    )
    assert text == HEAD + marked + "\n" + lines("  ", *REVIEWS) + "\n" + rest + TAIL


def test_new_criteria_go_after_a_final_block_scalar_whose_lines_start_with_a_hash(
    ladder: Ladder,
) -> None:
    # Inside `gap: |` a line starting with `#` is the gap's text, not a comment: a
    # criterion inserted above it would turn it into one and cut the gap short.
    evidence = "  ic2.craft.designs:\n    gap: |\n      Not yet:\n      #1 the refunds epic\n"
    text, changes = sync(ladder, evidence)
    assert changes == [[], ["ic2.craft.reviews"], []]
    assert text == HEAD + evidence + lines("  ", *REVIEWS) + TAIL
    packet, _ = parse_packet(text, "packets/2026-H2/dana-levi.md")
    assert packet is not None
    assert packet.evidence["ic2.craft.designs"].gap == "Not yet:\n#1 the refunds epic\n"
