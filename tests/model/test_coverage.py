"""Coverage of a move (rung.model.coverage): met, partial, gap or missing per criterion.

The rules (docs/packets.md): distinct items count (the same claim and links twice
count once), ``min_evidence`` items make a criterion met, a ``gap:`` is a gap
whatever else is there, and evidence under a ``renamed_from`` id counts for the
criterion it became.
"""

from __future__ import annotations

from committee.conftest import FIXTURES, fixture_packet
from rung.ladder.load import load_ladder
from rung.ladder.model import Criterion, Ladder, MoveKind
from rung.model.coverage import CoverageRow, move_coverage
from rung.model.packet import Evidence, EvidenceItem, parse_packet

LEADS = Criterion("ic-2.delivery.leads-features", "ic-2", "delivery", "Leads features.")
TWO = Criterion("ic-2.delivery.runs-incidents", "ic-2", "delivery", "Runs reviews.", 2)
LINK = ("https://github.com/acme/payments/pull/1",)


def item(claim: str, links: tuple[str, ...] = LINK) -> EvidenceItem:
    return EvidenceItem(claim, links)


def test_no_evidence_is_missing() -> None:
    row = CoverageRow(LEADS, None)
    assert (row.count, row.status, row.gap) == (0, "missing", None)


def test_the_same_claim_and_links_twice_count_once() -> None:
    row = CoverageRow(TWO, Evidence(TWO.id, (item("Ran the review."), item("  Ran the review. "))))
    assert (row.count, row.status) == (1, "partial")
    other_links = Evidence(TWO.id, (item("Ran the review."), item("Ran the review.", ())))
    assert (CoverageRow(TWO, other_links).count, CoverageRow(TWO, other_links).status) == (
        2,
        "met",
    )


def test_enough_items_meet_a_criterion_and_fewer_are_partial() -> None:
    assert CoverageRow(LEADS, Evidence(LEADS.id, (item("a"),))).status == "met"
    three = Evidence(TWO.id, (item("a"), item("b"), item("c")))
    assert (CoverageRow(TWO, three).count, CoverageRow(TWO, three).status) == (3, "met")
    assert CoverageRow(TWO, Evidence(TWO.id, (item("a"),))).status == "partial"
    assert CoverageRow(LEADS, Evidence(LEADS.id)).status == "missing"


def test_a_gap_is_a_gap_even_beside_items() -> None:
    row = CoverageRow(LEADS, Evidence(LEADS.id, (item("a"),), gap="Not yet: Q4"))
    assert (row.status, row.count, row.gap) == ("gap", 1, "Not yet: Q4")


def renamed_ladder() -> Ladder:
    text = (FIXTURES / "ladders" / "acme.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "          - id: ic-2.delivery.leads-features\n",
        "          - id: ic-2.delivery.leads-features\n"
        "            renamed_from: [ic-2.delivery.old-a, ic-2.delivery.old-b]\n",
    )
    ladder, problems = load_ladder(text, "acme.yaml")
    assert ladder is not None, problems
    return ladder


def test_evidence_under_an_earlier_id_counts_for_the_criterion_it_became() -> None:
    text = fixture_packet().text.replace(
        "  ic-2.delivery.leads-features:", "  ic-2.delivery.old-b:"
    )
    packet, problems = parse_packet(text, "packets/2026-H2/dana-levi.md")
    assert packet is not None, problems
    coverage = move_coverage(packet, renamed_ladder())
    assert coverage.kind is MoveKind.PROMOTION
    leads = coverage.rows[0]
    assert (leads.criterion.id, leads.status, leads.count) == (LEADS.id, "met", 2)
    assert leads.evidence is packet.evidence["ic-2.delivery.old-b"]
    assert coverage.extra == ()  # the old id is not "evidence outside the move"


def test_the_current_id_wins_over_an_earlier_one_and_extra_evidence_is_kept() -> None:
    text = fixture_packet().text.replace(
        "  # Plans the team's quarter", "  ic-2.delivery.old-a:\n    - claim: Old.\n  # Plans"
    )
    packet, problems = parse_packet(text, "packets/2026-H2/dana-levi.md")
    assert packet is not None, problems
    coverage = move_coverage(packet, renamed_ladder())
    assert coverage.rows[0].evidence is packet.evidence[LEADS.id]
    other = move_coverage(packet, renamed_ladder())
    assert [r.criterion.id for r in other.rows] == [
        "ic-2.delivery.leads-features",
        "ic-2.delivery.plans-quarters",
        "ic-2.delivery.runs-incidents",
        "ic-2.team.mentors",
    ]
    assert [(area, [r.criterion.id for r in rows]) for area, rows in other.areas()] == [
        ("delivery", [r.criterion.id for r in other.rows[:3]]),
        ("team", ["ic-2.team.mentors"]),
    ]
