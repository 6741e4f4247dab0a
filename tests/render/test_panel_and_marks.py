"""What the PDF adds from other commands: evidence marks per claim, the reviewers' panel.

- With the JSON of ``rung evidence --format json`` each claim shows its marks
  (issue 18); a claim no check ran on has no line, and the packet says so once
  ("not checked" at most once per packet, issue 25).
- ``--verdicts FILE`` (``rung scorecard --format json``) shows the panel, and
  its verdicts are the scorecard's, criterion by criterion (issue 16, item 2).
  Without it the PDF says there are no verdicts; ``--audience candidate``
  names no reviewer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from paths import REPO
from rung.committee.roster import Member, Roster
from rung.model.coverage import move_coverage
from rung.model.packet import parse_packet
from rung.model.repo import load_ladders
from rung.render.verdicts import panel_from_json
from rung.scorecard.collate import ReviewComment, build_scorecard, criterion_ranges

CYCLE = "2026-H2"
PACKET = f"packets/{CYCLE}/ada-render.md"
GLYPHS = "✓⚠◐○✗↗"


def squeeze(text: str) -> str:
    return "".join(text.replace("\u200b", "").split())


def text_of(path: Path) -> str:
    return squeeze("".join(page.extract_text() for page in PdfReader(path).pages))


def claims_of(root: Path, path: str) -> int:
    packet, _ = parse_packet((root / path).read_text(encoding="utf-8"), path)
    assert packet is not None
    return sum(len(e.items) for e in packet.evidence.values())


def test_the_font_has_every_glyph_the_pdf_prints() -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"):
        font = Path("/usr/share/fonts/truetype/dejavu") / name
        if not font.is_file():
            pytest.skip("DejaVu fonts are not installed (Debian: fonts-dejavu-core)")
        cmap = TTFont(font).getBestCmap()
        assert [g for g in GLYPHS if ord(g) not in cmap] == [], name


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "packets" / CYCLE).glob("*.md")))
def test_not_checked_is_said_once_per_packet(name: str, examples: Path) -> None:
    text = text_of(examples / CYCLE / name.replace(".md", ".pdf"))
    claims = claims_of(REPO, f"packets/{CYCLE}/{name}")
    assert claims > 5
    # Without --evidence no check ran: said once for the packet, not under each claim.
    assert text.count("Evidencecheck:") == 0
    assert text.count("notchecked") == 1
    assert squeeze("Evidence links: not checked in this copy.") in text


def evidence_doc(root: Path) -> dict:  # type: ignore[type-arg]
    """A ``rung evidence --format json`` document for ada-render: two links judged."""
    packet, _ = parse_packet((root / PACKET).read_text(encoding="utf-8"), PACKET)
    assert packet is not None
    first, second = list(packet.evidence)[:2]
    link = {"index": 0, "line": 0, "column": 0, "url": "https://github.com/acme/payments/pull/1"}
    return {
        "version": 1, "packet": PACKET, "candidate": "ada-render", "cycle": CYCLE,
        "links": [
            {**link, "criterion": first, "item": 0, "status": "verified",
             "mark": "✓ authored by @ada-render, merged 2026-03-02"},
            {**link, "criterion": second, "item": 0, "status": "warning",
             "mark": "⚠ authored by @someone-else"},
        ],
    }  # fmt: skip


def test_evidence_marks_are_printed_under_their_claims(cli, render_repo: Path) -> None:
    (render_repo / "evidence.json").write_text(json.dumps(evidence_doc(render_repo)))
    code, out, err = cli("render", PACKET, "--out", "out-marks", "--evidence", "evidence.json")
    assert code == 0, (out, err)
    text = text_of(render_repo / "out-marks" / CYCLE / "ada-render.pdf")
    assert squeeze("Evidence check: ✓ authored by @ada-render, merged 2026-03-02") in text
    assert squeeze("Evidence check: ⚠ authored by @someone-else") in text
    # A line only where a check ran; the rest are named once.
    assert text.count("Evidencecheck:") == 2
    assert text.count("notchecked") == 1
    assert squeeze("A claim without an evidence check line was not checked.") in text


def test_an_evidence_file_for_another_packet_is_refused(cli, render_repo: Path) -> None:
    doc = {**evidence_doc(render_repo), "packet": f"packets/{CYCLE}/ben-render.md"}
    (render_repo / "other.json").write_text(json.dumps(doc))
    code, _, err = cli("render", PACKET, "--out", "out-marks", "--evidence", "other.json")
    assert code == 2
    assert "is for packets/2026-H2/ben-render.md, which is not among the packets rendered" in err


# --- the panel -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scorecard_json(render_repo: Path) -> dict:  # type: ignore[type-arg]
    """The scorecard's own JSON for ada-render, collated from review comments."""
    ladders, _ = load_ladders(render_repo)
    packet, _ = parse_packet((render_repo / PACKET).read_text(encoding="utf-8"), PACKET)
    assert packet is not None
    ranges = criterion_ranges(packet)
    ids = list(ranges)
    roster = Roster(
        tuple(Member(login, {"thelotter": "ic-l6"}) for login in ("noa-shapiro", "gal", "omer"))
    )

    def at(cid: int, login: str, body: str, criterion: str) -> ReviewComment:
        return ReviewComment(
            id=cid, login=login, body=body, path=PACKET, line=ranges[criterion][0],
            created_at=f"2026-07-01T10:{cid:02d}:00Z",
        )  # fmt: skip

    comments = [
        at(1, "noa-shapiro", "/meets clear HLD", ids[0]),
        at(2, "gal", "/not-yet one epic only", ids[0]),
        at(3, "noa-shapiro", "/meets", ids[1]),
        at(4, "gal", "/meets", ids[2]),
        at(5, "gal", "/not-yet no design doc & no review yet", ids[3]),
    ]
    card = build_scorecard(
        packet, move_coverage(packet, ladders["thelotter"]), roster, comments,
        ladder=ladders["thelotter"], requested=("noa-shapiro", "gal", "omer"),
    )  # fmt: skip
    doc = card.to_json()
    assert doc["rows"][0]["verdicts"] == {"noa-shapiro": "meets", "gal": "not-yet"}
    return doc


def test_the_panel_shows_the_scorecards_verdicts(
    cli, render_repo: Path, scorecard_json: dict[str, Any]
) -> None:
    (render_repo / "scorecard.json").write_text(json.dumps(scorecard_json))
    code, out, err = cli(
        "render", PACKET, "--out", "out-panel", "--verdicts", "scorecard.json", "--html"
    )
    assert code == 0, (out, err)
    text = text_of(render_repo / "out-panel" / CYCLE / "ada-render.pdf")
    panel = panel_from_json(scorecard_json)
    assert panel.reviewers == ("gal", "noa-shapiro", "omer")  # requested ones without verdicts too
    words = {"meets": "✓ meets", "not-yet": "✗ not yet"}
    html = (render_repo / "out-panel" / CYCLE / "ada-render.html").read_text()
    for row in scorecard_json["rows"]:
        given = [words.get(row["verdicts"].get(r, ""), "– not given") for r in panel.reviewers]
        # the row's cells, in reviewer order, as the HTML gave them to the PDF
        tr = html.split(f'data-criterion="{row["criterion"]}"', 1)[1].split("</tr>", 1)[0]
        cells = re.findall(r'<td class="verdict-[a-z-]+">([^<]*)</td>', tr)
        assert cells == given, row["criterion"]
    first = scorecard_json["rows"][0]["criterion"]
    assert panel.verdict(first, "gal") == "not yet"
    assert squeeze("1.1 Perform HLD for epics ✗ not yet ✓ meets – not given") in text
    assert squeeze("@omer not given") in text  # no recommendation yet
    assert (
        squeeze(f"{len(scorecard_json['rows'])} of {len(scorecard_json['rows'])} not given") in text
    )


def test_recommendations_from_the_newer_shape(
    cli, render_repo: Path, scorecard_json: dict[str, Any]
) -> None:
    newer = {
        **scorecard_json,
        "packet": PACKET,
        "recommendations": {"noa-shapiro": "promote", "gal": "defer"},
    }
    (render_repo / "newer.json").write_text(json.dumps(newer))
    code, out, err = cli("render", PACKET, "--out", "out-newer", "--verdicts", "newer.json")
    assert code == 0, (out, err)
    text = text_of(render_repo / "out-newer" / CYCLE / "ada-render.pdf")
    assert squeeze("@gal defer") in text
    assert squeeze("@noa-shapiro promote") in text
    assert squeeze("@omer not given") in text


def test_without_verdicts_the_pdf_says_so(
    rendered: tuple[int, str, str], render_repo: Path
) -> None:
    assert rendered[0] == 0, rendered
    text = text_of(render_repo / "out-render" / CYCLE / "ada-render.pdf")
    assert squeeze("No reviewer verdicts in this copy") in text


def test_a_candidate_copy_names_no_reviewer(
    cli, render_repo: Path, scorecard_json: dict[str, Any], rendered: tuple[int, str, str]
) -> None:
    (render_repo / "scorecard.json").write_text(json.dumps(scorecard_json))
    code, _, err = cli("render", PACKET, "--out", "out-c", "--verdicts", "scorecard.json",
                       "--audience", "candidate")  # fmt: skip
    assert code == 2 and "exclude each other" in err
    code, out, _ = cli("render", PACKET, "--out", "out-c", "--audience", "candidate")
    assert code == 0, out
    reader = PdfReader(render_repo / "out-c" / CYCLE / "ada-render.pdf")
    text = text_of(render_repo / "out-c" / CYCLE / "ada-render.pdf")
    for login in ("noa-shapiro", "gal", "omer"):
        assert login not in text
    # The candidate's own document: its footer on every page, its title and subject,
    # and no word of the committee's (no panel, no "for the calibration committee").
    assert text.count(squeeze("Confidential — the candidate's own copy")) == len(reader.pages)
    # (The candidate's own narrative may speak of the committee: that is theirs.)
    for said in ("calibrationcommittee", "committee's", "thepanel", "reviewer"):
        assert said not in text.casefold(), said
    assert text.count("notchecked") == 1 and "--evidence" not in text  # no rung jargon
    assert reader.metadata is not None
    assert str(reader.metadata.title).startswith("Your promotion packet, as you wrote it: ")
    assert str(reader.metadata.subject).startswith("Ada Lindqvist's own copy: Promotion from ")
    committee = PdfReader(render_repo / "out-render" / CYCLE / "ada-render.pdf").metadata
    assert committee is not None and committee.title != reader.metadata.title
    assert committee.subject != reader.metadata.subject


# --- page 1 decides --------------------------------------------------------------------


def page_one(path: Path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split())


def test_page_one_with_verdicts_decides(
    cli, render_repo: Path, scorecard_json: dict[str, Any]
) -> None:
    newer = {**scorecard_json, "recommendations": {"noa-shapiro": "promote", "gal": "not-yet"}}
    (render_repo / "decide.json").write_text(json.dumps(newer))
    code, out, err = cli("render", PACKET, "--out", "out-decide", "--verdicts", "decide.json")
    assert code == 0, (out, err)
    page = page_one(render_repo / "out-decide" / CYCLE / "ada-render.pdf")
    texts = {row["criterion"]: row["text"] for row in scorecard_json["rows"]}
    ids = list(texts)
    n = len(ids)
    block = page[page.index("The panel's view") : page.index("Summary")]
    # Each reviewer's recommendation, and how many verdicts each gave.
    assert (
        f"Reviewers' recommendations: @gal not yet (3 of {n} verdicts); @noa-shapiro promote "
        f"(2 of {n} verdicts); @omer not given (0 of {n} verdicts)."
    ) in block
    # Per-area tallies: three reviewers times the area's criteria, split three ways.
    # (beside the evidence, which page 1 then shows here, once).
    assert re.search(
        r"Area Evidenced Meets Not yet Not given 1 [A-Z][\w ]+ \d+ / \d+ 3 2 \d+", block
    )
    assert f"All areas 31 / {n} 3 2 {3 * n - 5}" in block
    assert page.count("Evidence by area") == 0
    # The split criterion and the one where every verdict said not yet, with the reasons.
    assert (
        f"Where the reviewers split or all said not yet: 1.1 {texts[ids[0]]} — split: "
        "1 meets, 1 not yet, 1 not given. @gal (not yet): “one epic only”; "
        "@noa-shapiro (meets): “clear HLD”"
    ) in block
    assert f"{texts[ids[3]]} — all not yet: 1 not yet, 2 not given. " in block
    assert "@gal (not yet): “no design doc & no review yet”" in block
    assert texts[ids[1]] not in block  # agreed: not listed


def test_page_one_without_verdicts_says_the_panel_has_not_reported(
    rendered: tuple[int, str, str], render_repo: Path
) -> None:
    page = page_one(render_repo / "out-render" / CYCLE / "ada-render.pdf")
    assert "The panel has not reported in this copy: see the pull request's scorecard." in page
    assert page.index("The panel has not reported") < page.index("Summary")
