"""The scorecard: rows, verdicts, Markdown and JSON, from plain data (no HTTP)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from rung.committee.roster import Roster
from rung.ladder.model import Ladder
from rung.model.coverage import move_coverage
from rung.model.packet import Packet
from rung.scorecard.collate import (
    MARKER,
    Review,
    ReviewComment,
    Scorecard,
    blob_url,
    build_scorecard,
    criterion_ranges,
)
from rung.scorecard.markdown import escape, render_markdown

PATH = "packets/2026-H2/dana-levi.md"
OLD = "0" * 40  # the commit an outdated comment was written on: the same packet
FILE_URL = "https://ghe.example.com/acme/promotions/blob/abc123/packets/2026-H2/dana-levi.md"
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "scorecard"


def comment(cid: int, login: str | None, body: str, line: int | None, **kw: Any) -> ReviewComment:
    created = f"2026-07-0{1 + cid // 10}T10:{cid % 10:02d}:00Z"
    return ReviewComment(
        id=cid,
        login=login,
        body=body,
        path=kw.pop("path", PATH),
        line=line,
        created_at=created,
        **kw,
    )


COMMENTS = [
    comment(1, "bob", "/meets Clear HLD for payouts.", 13),
    comment(2, "carol", "/meets on the ladder's words above the key", 11),
    comment(3, "eve", "/not-yet I am not on the committee", 17),
    comment(
        4, "ann", "/meets the review doc is good", None, original_line=20, original_commit_id=OLD
    ),
    comment(5, "bob", "/not-yet on second thought, one feature is not enough", 15),
    comment(6, "dana-levi", "/meets I agree with myself", 23),
    comment(7, "mkatz", "/meets as her manager", 24),
    comment(8, "bob", "Could you link the follow-ups?", 21),
    comment(9, "bob", "/meets on the base side", 12, side="LEFT"),
    comment(10, "bob", "/meets another file", 12, path="packets/2026-H2/other.md"),
    comment(11, "carol", "a remark on the candidate line", 5),
    comment(12, None, "/meets from a deleted account", 12),
    comment(13, "carol", "/meetsX is no verdict", 22),
    comment(14, "dave", "  /not-yet two mentees, both in the same month", 24),
]
REVIEWS = [
    Review(1, "ann", "APPROVED", "2026-07-02T09:00:00Z"),
    Review(2, "ann", "COMMENTED", "2026-07-02T10:00:00Z"),
    Review(3, "bob", "CHANGES_REQUESTED", "2026-07-02T09:30:00Z"),
    Review(4, "carol", "APPROVED", "2026-07-02T09:00:00Z"),
    Review(5, "carol", "DISMISSED", "2026-07-02T11:00:00Z"),
    Review(6, "eve", "APPROVED", "2026-07-02T09:00:00Z"),
]


@pytest.fixture
def card(packet: Packet, acme: Ladder, roster: Roster) -> Scorecard:
    return build_scorecard(
        packet,
        move_coverage(packet, acme),
        roster,
        COMMENTS,
        ladder=acme,
        author="dana-levi",
        reviews=REVIEWS,
        requested=["Dave"],
        path=PATH,
        file_url=FILE_URL,
        earlier={OLD: packet},
    )


def test_each_criterion_owns_its_key_the_comment_above_it_and_its_items(packet: Packet) -> None:
    assert criterion_ranges(packet) == {
        "ic-2.delivery.leads-features": (11, 15),
        "ic-2.delivery.plans-quarters": (16, 18),
        "ic-2.delivery.runs-incidents": (19, 21),
        "ic-2.team.mentors": (22, 24),  # up to the line before `ratings:`
    }


def test_rows_count_comments_and_keep_the_latest_member_verdicts(card: Scorecard) -> None:
    rows = {row.criterion.id: row for row in card.rows}
    assert [row.criterion.id for row in card.rows] == list(rows)
    leads = rows["ic-2.delivery.leads-features"]
    assert (leads.status, leads.evidence, leads.gap, leads.line, leads.comments) == (
        "met",
        2,
        None,
        12,
        4,
    )
    assert {k: v.value for k, v in leads.verdicts.items()} == {"bob": "not-yet", "carol": "meets"}
    assert leads.verdicts["bob"].comment_id == 5
    plans = rows["ic-2.delivery.plans-quarters"]
    assert (plans.status, plans.comments, dict(plans.verdicts)) == ("gap", 1, {})
    runs = rows["ic-2.delivery.runs-incidents"]
    assert (runs.status, runs.evidence, runs.comments) == ("partial", 1, 2)
    assert runs.verdicts["ann"].value == "meets" and runs.verdicts["ann"].outdated
    mentors = rows["ic-2.team.mentors"]
    assert mentors.comments == 4
    assert {k: v.value for k, v in mentors.verdicts.items()} == {"dave": "not-yet"}
    assert card.unplaced == 1


def test_every_command_is_counted_or_listed_with_its_reason(card: Scorecard) -> None:
    assert [
        (n.login, n.criterion, n.command, n.reason, n.comment_id) for n in card.not_counted
    ] == [
        ("eve", "ic-2.delivery.plans-quarters", "/not-yet", "not on the committee", 3),
        (
            "dana-levi",
            "ic-2.team.mentors",
            "/meets",
            "is the candidate; is the pull-request author; holds acme ic-1, below ic-2 (rank 2)",
            6,
        ),
        ("mkatz", "ic-2.team.mentors", "/meets", "is the candidate's manager", 7),
        ("bob", "", "/meets", "on the old side of the diff", 9),
        ("bob", "", "/meets", "on another file, not the packet", 10),
        ("ghost", "ic-2.delivery.leads-features", "/meets", "the account was deleted", 12),
        ("bob", "ic-2.delivery.leads-features", "/meets", "superseded by their later one", 1),
    ]


def test_pending_reviewers_and_standing_reviews(card: Scorecard) -> None:
    # requested (dave) and committee members who reviewed, with criteria still missing
    assert dict(card.pending) == {"ann": 3, "bob": 3, "carol": 3, "dave": 3}
    # ann's later COMMENTED review leaves her approval; carol's approval was dismissed
    assert dict(card.reviews) == {"ann": "APPROVED", "bob": "CHANGES_REQUESTED"}


def test_json_output(card: Scorecard) -> None:
    expected = json.loads((EXPECTED / "dana-levi.json").read_text(encoding="utf-8"))
    assert card.to_json() == expected


def test_markdown_output(card: Scorecard) -> None:
    assert render_markdown(card) == (EXPECTED / "dana-levi.md").read_text(encoding="utf-8")


def test_no_link_without_a_file_url(packet: Packet, acme: Ladder, roster: Roster) -> None:
    card = build_scorecard(packet, move_coverage(packet, acme), roster, [], ladder=acme, path=PATH)
    assert card.to_json()["rows"][0]["link"] is None
    assert "| 1 | ic-2.delivery.leads-features<br>" in render_markdown(card)
    assert card.pending == {}
    assert "**Verdicts still to give:** none" in render_markdown(card)


def test_blob_url_follows_the_api_html_url_and_quotes_the_path() -> None:
    assert blob_url("http://127.0.0.1:8080/acme/promotions/", "abc", "packets/a b#1.md") == (
        "http://127.0.0.1:8080/acme/promotions/blob/abc/packets/a%20b%231.md"
    )


def test_a_long_scorecard_is_cut_at_a_row_with_a_pointer(card: Scorecard) -> None:
    full = render_markdown(card)
    artifacts = "https://github.com/acme/promotions/actions/runs/42#artifacts"
    cut = render_markdown(card, artifacts_url=artifacts, max_chars=2000)
    assert len(full) > 2000 >= len(cut)
    assert cut.startswith(MARKER + "\n")
    note = f"the table is cut here.** The full report: the workflow run's artifacts: {artifacts}\n"
    assert note in cut
    kept_rows = [line for line in cut.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert 0 < len(kept_rows) < 4
    assert all(line in full.splitlines() for line in kept_rows)  # whole rows only
    assert cut.endswith(full[full.index("\n**Verdicts still to give:**") :])  # the footer stays
    tight = render_markdown(card, max_chars=900)
    assert len(tight) <= 900 and "\n| 1 | " in tight and "Verdicts still to give" not in tight
    assert tight.endswith(f"The full report: run rung scorecard {PATH} --pr N\n")
    assert render_markdown(card, max_chars=100) == (
        MARKER + f"\n**This scorecard is {len(full):,} characters, more than a comment holds; "
        f"the table is cut here.** The full report: run rung scorecard {PATH} --pr N\n"
    )


# --- untrusted text ------------------------------------------------------------------


def test_escape_neutralises_markup_html_pipes_and_mentions() -> None:
    text = "a | b\nc <script> --> @mkatz `x` [l](http://e) &amp;"
    assert escape(text) == (
        "a &#124; b c &lt;script&gt; --&gt; @\u200bmkatz \\`x\\` \\[l\\]\\(http://e\\) &amp;amp;"
    )


def test_escape_shortens_long_text() -> None:
    assert escape("x" * 400) == "x" * 299 + "…"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80))
def test_untrusted_text_never_breaks_the_table_or_the_marker(text: str) -> None:
    cell = escape(text)
    assert "-->" not in cell and "<" not in cell and "|" not in cell and "\n" not in cell
    markdown = f"{MARKER}\n\n| a | b |\n|---|---|\n| {cell} | x |\n"
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert html.count("<td>") == 2 and html.count("<tr>") == 2  # one header row, one body row
    assert "<script" not in html
