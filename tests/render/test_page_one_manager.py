"""Page 1's manager: the manager's own ``/recommend``, shown as the manager's (issue 25).

The manager is the one the promotion record holds (the scorecard JSON's
``record.manager``), never the packet's ``manager:`` (the candidate's to edit).
Their ``/recommend`` is refused by the scorecard (the manager does not review) and
listed under ``not_counted`` with why; page 1 shows it apart from the reviewers'
and it never enters their counts.  One whose current text someone else wrote is
not the manager's word and is left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from rung.committee.roster import Member, Roster
from rung.model.coverage import move_coverage
from rung.model.packet import parse_packet
from rung.model.repo import load_ladders
from rung.render.verdicts import panel_from_json
from rung.scorecard.collate import ReviewComment, build_scorecard, criterion_ranges
from rung.scorecard.inputs import ConversationComment

CYCLE = "2026-H2"
PACKET = f"packets/{CYCLE}/ada-render.md"
MANAGER = "mkatz"  # ada-render's manager, on the roster, so refused as the manager


def scorecard(root: Path, *, edited_by: str | None = None) -> dict[str, Any]:
    """ada-render's scorecard: two reviewers' verdicts and recommendations, and the
    manager's own /recommend in the conversation (edited by ``edited_by``, if given)."""
    ladders, _ = load_ladders(root)
    packet, _ = parse_packet((root / PACKET).read_text(encoding="utf-8"), PACKET)
    assert packet is not None and packet.manager == MANAGER
    ranges = criterion_ranges(packet)
    first = next(iter(ranges))
    members = ("noa-shapiro", "gal", MANAGER)
    roster = Roster(tuple(Member(login, {"thelotter": "ic-l6"}) for login in members))
    comments = [
        ReviewComment(id=i, login=login, body=body, path=PACKET, line=ranges[first][0],
                      created_at=f"2026-07-01T10:0{i}:00Z")
        for i, (login, body) in enumerate((("noa-shapiro", "/meets"), ("gal", "/not-yet thin")), 1)
    ]  # fmt: skip
    conversation = [
        ConversationComment(11, "noa-shapiro", "/recommend promote", "2026-07-02T10:00:00Z"),
        ConversationComment(12, "gal", "/recommend not-yet", "2026-07-02T10:01:00Z"),
        ConversationComment(
            13, MANAGER, "/recommend promote", "2026-07-02T10:02:00Z",
            edited=edited_by is not None, editor=edited_by,
        ),
    ]  # fmt: skip
    card = build_scorecard(
        packet, move_coverage(packet, ladders["thelotter"]), roster, comments,
        ladder=ladders["thelotter"], requested=("noa-shapiro", "gal"), conversation=conversation,
    )  # fmt: skip
    doc = card.to_json()
    doc["record"] = {"manager": MANAGER, "assigned": ["gal", "noa-shapiro"]}  # as from_record
    return doc


def test_the_managers_recommend_is_theirs_and_never_a_reviewers(render_repo: Path) -> None:
    doc = scorecard(render_repo)
    refused = [n for n in doc["not_counted"] if n["login"] == MANAGER]
    assert [n["reason"] for n in refused] == ["is the candidate's manager"]
    panel = panel_from_json(doc)
    assert panel.manager == MANAGER
    assert panel.manager_recommendation() == "promote"
    assert panel.reviewers == ("gal", "noa-shapiro")  # the manager is no reviewer
    assert MANAGER not in panel.recommendations


def test_a_managers_recommend_someone_else_edited_is_left_out(render_repo: Path) -> None:
    doc = scorecard(render_repo, edited_by="ada-render")  # the candidate rewrote it
    reason = next(n["reason"] for n in doc["not_counted"] if n["login"] == MANAGER)
    assert reason == "is the candidate's manager; edited by @ada-render — not counted"
    assert panel_from_json(doc).manager_recommendation() == "not given"


def test_without_a_record_nobody_is_the_manager(render_repo: Path) -> None:
    doc = {**scorecard(render_repo), "record": None}
    panel = panel_from_json(doc)
    assert panel.manager is None and panel.manager_said == ()


def test_a_manager_on_the_panel_is_not_counted_with_it() -> None:
    doc = {
        "rows": [{"criterion": "c1", "verdicts": {"gal": "meets"}}],
        "recommendations": {"gal": "promote", "MKatz": "promote"},
        "reviews": {"mkatz": "APPROVED"},
        "not_counted": [],
        "record": {"manager": "mkatz"},
    }
    panel = panel_from_json(doc)
    assert panel.reviewers == ("gal",)
    assert dict(panel.recommendations) == {"gal": "promote"}


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("not on the committee", True),
        ("is the candidate's manager; holds thelotter ic-l4, below ic-l5 (rank 5)", True),
        ("a /recommend belongs in a review's body, the conversation or a comment on the whole file",
         False),
        ("edited by a deleted account — not counted", False),
    ],
)  # fmt: skip
def test_only_a_refusal_for_who_wrote_it_is_the_managers_word(reason: str, shown: bool) -> None:
    entry = {"login": "mkatz", "criterion": None, "command": "/recommend defer", "reason": reason}
    doc = {"rows": [], "not_counted": [entry], "record": {"manager": "mkatz"}}
    assert panel_from_json(doc).manager_said == (("defer",) if shown else ())


def page_one(path: Path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split())


def test_page_one_shows_the_managers_recommendation_apart(cli, render_repo: Path) -> None:
    (render_repo / "manager.json").write_text(json.dumps(scorecard(render_repo)))
    code, out, err = cli("render", PACKET, "--out", "out-manager", "--verdicts", "manager.json")
    assert code == 0, (out, err)
    page = page_one(render_repo / "out-manager" / CYCLE / "ada-render.pdf")
    block = page[page.index("The panel's view") : page.index("Summary")]
    assert "Reviewers' recommendations: @gal not yet" in block
    assert "@noa-shapiro promote" in block
    assert (
        "The manager's recommendation: @mkatz promote (the candidate's manager; "
        "not counted with the reviewers)." in block
    )
    reviewers = block[: block.index("The manager's recommendation")]
    assert "mkatz" not in reviewers

    doc = {**scorecard(render_repo), "record": None}
    (render_repo / "no-record.json").write_text(json.dumps(doc))
    code, out, err = cli("render", PACKET, "--out", "out-no-record", "--verdicts", "no-record.json")
    assert code == 0, (out, err)
    page = page_one(render_repo / "out-no-record" / CYCLE / "ada-render.pdf")
    assert "The manager's recommendation: not in this copy" in page


def test_round_two_has_its_place_beside_the_first(render_repo: Path) -> None:
    """Rounds are another change's; once the record holds them, page 1 prints a
    reviewer's round-two recommendation beside their first."""
    from rung.classes import replace
    from rung.render.html import packet_html

    ladders, _ = load_ladders(render_repo)
    packet, _ = parse_packet((render_repo / PACKET).read_text(encoding="utf-8"), PACKET)
    assert packet is not None
    panel = replace(
        panel_from_json(scorecard(render_repo)), recommendation_round_two={"gal": "promote"}
    )
    html, _ = packet_html(
        packet, ladders["thelotter"], None, render_repo / "templates", panel=panel
    )
    first = html[html.index("Reviewers' recommendations") :]
    assert "@gal</span> not yet (round two: promote)" in first[: first.index("</p>")]
