"""The pure side of verified evidence: marks per claim, the scorecard column, the cache file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evidence.test_evidence import packet_text
from rung.evidence.cache import Cache
from rung.evidence.classify import classify, period_of
from rung.evidence.marks import (
    cited_links,
    claim_marks,
    claim_verified,
    evaluate,
    marks_for_packet,
)
from rung.evidence.model import NOT_FOUND, Missing, Work
from rung.model.githublink import GitHubLink, parse
from rung.model.packet import parse_packet

NOW = datetime(2026, 7, 1, tzinfo=UTC)


def test_marks_by_claim_and_the_scorecard_column() -> None:
    text = packet_text(
        {
            "Led it.": ["https://github.com/acme/shop/pull/1", "https://docs.example.com/x"],
            "Also.": ["https://github.com/acme/shop/pull/2"],
        }
    )
    packet, problems = parse_packet(text, "packets/2026-H2/dana-levi.md")
    assert packet is not None, problems
    cited = cited_links(packet)
    merged = Work("pull", "u", "dana-levi", "merged", "2026-01-01", merged="2026-03-02T10:00:00Z")
    answers: dict[str, tuple[Work | Missing, str]] = {
        "github.com/acme/shop/pull/1": (merged, "cache"),
        "github.com/acme/shop/pull/2": (
            Missing(NOT_FOUND, "acme/shop has no pull request 2"),
            "github",
        ),
    }
    checks = evaluate(packet, cited, answers, "github.com")
    assert claim_marks(checks) == {
        ("ic3.craft.leads", 0): ["✓ authored by @dana-levi, merged 2026-03-02", "not checked"],
        ("ic3.craft.leads", 1): ["⚠ not found: acme/shop has no pull request 2"],
    }
    assert claim_verified(checks) == {"ic3.craft.leads": "unverified"}
    assert claim_verified(checks[:2]) == {"ic3.craft.leads": "verified"}
    assert claim_verified(checks[1:2]) == {"ic3.craft.leads": "not checked"}


def test_after_the_period_and_an_unknown_author() -> None:
    ref = parse("https://github.com/acme/shop/issues/3")
    assert isinstance(ref, GitHubLink)
    period = period_of("2025-01", "2026-H2")
    late = Work("issue", "u", "dana-levi", "open", "2026-07-02T00:00:00Z")
    assert classify("l", ref, late, "Dana-Levi", period).mark == (
        "⚠ authored by @dana-levi, opened 2026-07-02, after the period (2025-01-01 to 2026-07-01)"
    )
    ghost = Work("issue", "u", None, "open", "2026-02-02T00:00:00Z")
    check = classify("l", ref, ghost, "dana-levi", period)
    assert (check.mark, check.notes) == ("⚠ authored by an unknown author", ("author unknown",))


def test_cache_round_trip_ages_out_and_survives_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "evidence.json"
    cache = Cache.load(path)
    merged = Work("pull", "u", "dana-levi", "merged", "2026-01-01", updated="2026-03-02T10:00:00Z")
    opened = Work("pull", "u", "dana-levi", "open", "2026-01-01", updated="2026-03-02T10:00:00Z")
    cache.put("a dana-levi", merged, NOW)
    cache.put("b dana-levi", opened, NOW)
    cache.save()
    again = Cache.load(path)
    assert again.fresh("a dana-levi", NOW) == merged
    assert again.fresh("b dana-levi", NOW) is None  # open: always asked again
    assert again.fresh("a dana-levi", NOW + timedelta(days=31)) is None
    assert again.fresh("a bo-chen", NOW) is None

    data = json.loads(path.read_text("utf-8"))
    data["entries"]["a dana-levi"]["work"] = {"kind": "pull"}  # edited by hand
    path.write_text(json.dumps(data), "utf-8")
    assert Cache.load(path).fresh("a dana-levi", NOW) is None

    path.write_text("{not json", "utf-8")
    broken = Cache.load(path)
    assert broken.entries == {} and broken.warning.startswith("ignoring the evidence cache")


def test_every_claim_gets_a_mark_from_the_json_document() -> None:
    text = packet_text({"Led it.": ["https://github.com/acme/shop/pull/1"], "Talked.": []})
    text = text.replace("      links:\n---", "      links: []\n---")
    packet, problems = parse_packet(text, "packets/2026-H2/dana-levi.md")
    assert packet is not None, problems
    doc = {
        "packet": "packets/2026-H2/dana-levi.md",
        "links": [{"criterion": "ic3.craft.leads", "item": 0, "mark": "✓ authored by @dana-levi"}],
    }
    assert marks_for_packet(packet, doc) == {
        ("ic3.craft.leads", 0): ["✓ authored by @dana-levi"],
        ("ic3.craft.leads", 1): ["not checked"],
    }
    assert marks_for_packet(packet, {**doc, "packet": "packets/2026-H2/other.md"}) == {
        ("ic3.craft.leads", 0): ["not checked"],
        ("ic3.craft.leads", 1): ["not checked"],
    }
