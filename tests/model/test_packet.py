"""Packet parsing details the rules rely on: placeholders, item indexes, positions."""

from __future__ import annotations

from paths import FIXTURES
from rung.model.packet import parse_packet

CLEAN = (FIXTURES / "packets" / "2026-H2" / "clean.md").read_text()


def test_clean_packet_fields() -> None:
    packet, problems = parse_packet(CLEAN, "packets/2026-H2/clean.md")
    assert problems == [] and packet is not None
    assert (packet.candidate, packet.ladder, packet.from_level, packet.to_level) == (
        "clean",
        "mini",
        "ic2",
        "ic3",
    )
    assert (packet.cycle, packet.in_level_since, packet.ratings) == (
        "2026-H2",
        "2025-01",
        {"craft": 4},
    )
    assert packet.body_first_line == 24
    assert packet.body.startswith("## Summary\n")
    documents = packet.evidence["ic3.craft.documents"]
    assert documents.position == (16, 3)
    assert [(i.claim, i.links, i.position, i.index) for i in documents.items] == [
        ("Documented the checkout service.", ("https://docs.example.com/checkout",), (17, 7), 0),
        ("Documented the payments service.", ("https://docs.example.com/payments",), (19, 7), 1),
    ]
    assert (
        packet.evidence["ic3.team.mentors"].gap
        == "No one to mentor yet; a new hire joins in August."
    )
    assert packet.key_position("evidence") == (12, 1)
    assert packet.value_position("evidence", "ic3.craft.documents", 1, "links", 0) == (20, 15)


def test_blank_claims_are_placeholders_not_evidence() -> None:
    text = CLEAN.replace(
        "    - claim: Documented the checkout service.",
        '    - claim: ""\n    - claim: "   "\n      links: [https://x.example.com]\n'
        "    - claim: Documented the checkout service.",
    )
    packet, problems = parse_packet(text, "p.md")
    assert problems == [] and packet is not None
    documents = packet.evidence["ic3.craft.documents"]
    assert documents.unfilled == ((17, 7), (18, 7))
    assert [(i.claim, i.index) for i in documents.items] == [
        ("Documented the checkout service.", 2),
        ("Documented the payments service.", 3),
    ]
