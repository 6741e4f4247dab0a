"""``rung render``: what the committee reads is in the PDF, and the PDF is what we claim."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from rung.ladder.model import required_criteria
from rung.model.packet import parse_packet
from rung.model.repo import load_ladders
from rung.problems import FatalError
from stall import expire, stalled_fetches, wait_for_the_alarm

Cli = Callable[..., tuple[int, str, str]]
CYCLE = "2026-H2"
NAMES = ("ada-render", "ben-render", "cleo-render")  # conftest.rendered renders them once


def squeeze(text: str) -> str:
    """Text without any whitespace: immune to where the PDF wrapped its lines."""
    return "".join(text.replace("\u200b", "").split())


def pdf_text(reader: PdfReader) -> str:
    return squeeze("".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def readers(rendered: tuple[int, str, str], render_repo: Path) -> dict[str, PdfReader]:
    folder = render_repo / "out-render" / CYCLE
    return {name: PdfReader(folder / f"{name}.pdf") for name in NAMES}


def packet_of(render_repo: Path, name: str):
    path = f"packets/{CYCLE}/{name}.md"
    packet, problems = parse_packet((render_repo / path).read_text(), path)
    assert packet is not None, problems
    return packet


def test_render_writes_each_packet_and_reports_it(rendered: tuple[int, str, str]) -> None:
    code, out, _ = rendered
    assert code == 0
    lines = out.splitlines()
    assert [re.sub(r"\(\d+ pages\)", "(N pages)", line) for line in lines] == [
        f"wrote out-render/{CYCLE}/{name}.pdf (N pages)" for name in NAMES
    ]


@pytest.mark.parametrize("name", NAMES)
def test_pdf_text_has_the_whole_case(
    name: str, readers: dict[str, PdfReader], render_repo: Path, head: str
) -> None:
    packet = packet_of(render_repo, name)
    ladder = load_ladders(render_repo)[0][packet.ladder]
    text = pdf_text(readers[name])
    expected = [packet.name, f"@{packet.candidate}", head, "2026-06-30 14:03 (UTC+02:00)"]
    expected += [ladder.level(packet.from_level).title, ladder.level(packet.to_level).title]  # type: ignore[union-attr]
    for criterion in required_criteria(ladder, packet.from_level, packet.to_level):
        expected.append(criterion.text)
        evidence = packet.evidence[criterion.id]
        if evidence.gap is not None:
            expected.append(evidence.gap)
        for item in evidence.items:
            expected.append(item.claim)
            expected.extend(item.links)
    missing = [phrase for phrase in expected if squeeze(phrase) not in text]
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_every_link_is_clickable(
    name: str, readers: dict[str, PdfReader], render_repo: Path
) -> None:
    packet = packet_of(render_repo, name)
    wanted = {link for e in packet.evidence.values() for item in e.items for link in item.links}
    uris = {
        str(annot.get_object()["/A"]["/URI"])
        for page in readers[name].pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    }
    assert wanted <= uris
    narrative = {"https://wiki.example.com/payments"} if name == "ada-render" else set()
    assert uris - wanted == narrative


def test_packet_source_is_attached(readers: dict[str, PdfReader], render_repo: Path) -> None:
    source = (render_repo / "packets" / CYCLE / "ada-render.md").read_bytes()
    assert readers["ada-render"].attachments == {"ada-render.md": [source]}


def test_outline_follows_the_headings(readers: dict[str, PdfReader]) -> None:
    reader = readers["ada-render"]

    def titles(items: list) -> list:  # type: ignore[type-arg]
        return [titles(i) if isinstance(i, list) else i.title for i in items]

    outline = titles(reader.outline)
    evidence = outline[1][7]
    areas, criteria = evidence[0::2], evidence[1::2]
    assert outline == [
        "Ada Lindqvist — L4 IC - Software Engineer → L5 IC - Software Engineer",  # titles
        [
            "Summary",
            "Key results",
            "Gaps the candidate states",
            "Evidence by area",
            "The panel",
            "Coverage at a glance",
            "Evidence by criterion",
            evidence,
            "Narrative",
            ["Gaps"],  # Summary and Impact are on the first page
            "About this document",
        ],
    ]
    assert areas == [
        "1 Execution",
        "2 Technical Proficiency",
        "3 Leadership & Collaboration - You and your Team",
        "4 Leadership & Collaboration - You and the R&D",
        "5 Leadership & Collaboration - You and the company",
        "6 Business / Domain Knowledge",
        "7 Culture",
    ]
    # every criterion is a heading under its area, numbered as in the grid
    assert criteria[0][0] == "1.1 You are able to perform HLD for epics"
    for number, under in enumerate(criteria, start=1):
        assert [t.split(" ", 1)[0] for t in under] == [
            f"{number}.{i}" for i in range(1, len(under) + 1)
        ]
    assert sum(len(under) for under in criteria) == 33


def test_metadata_and_tags(readers: dict[str, PdfReader], head: str) -> None:
    reader = readers["ada-render"]
    assert reader.pdf_header == "%PDF-1.7"
    meta: Any = reader.metadata
    assert meta is not None
    assert (
        meta.title
        == "Promotion packet: Ada Lindqvist — L4 IC - Software Engineer → L5 IC - Software Engineer"
    )
    assert meta.author == "Ada Lindqvist"
    assert meta.subject == (
        "Promotion from L4 IC - Software Engineer to L5 IC - Software Engineer "
        "(theLotter Software Engineers), cycle 2026-H2"
    )
    assert meta["/Keywords"] == "promotion packet, 2026-H2, thelotter, ic-l4, ic-l5, ada-render"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20260630140311+02'00"
    assert meta["/rungcommit"] == head
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


def test_ratings_chart_and_checkpoints(readers: dict[str, PdfReader], render_repo: Path) -> None:
    html = (render_repo / "out-render" / CYCLE / "ben-render.html").read_text()
    for competency, line in (
        ("Team Contributor", r"4 \(expected 3\)"),
        ("Technical Leadership", r"4 \(expected 5\) below"),  # in words, not only in amber
        ("People Management", r"2 \(expected 5\) below"),
    ):
        assert re.search(
            rf"<th scope=\"row\">{competency}</th>\s*<td class=\"chart-numbers\">{line}</td>", html
        )
    assert squeeze("Competency ratings") in pdf_text(readers["ben-render"])
    assert (
        "Competency ratings"
        not in (render_repo / "out-render" / CYCLE / "ada-render.html").read_text()
    )
    cleo = pdf_text(readers["cleo-render"]).lower()  # the status pill is upper-cased by CSS
    assert squeeze("checkpoint 3 of 3") in cleo
    assert cleo.count("checkpoint3of3") == 2  # tlm has two checkpoints that need 3 items
    assert cleo.count("✓3of3items") == 2  # their cells in the coverage grid


def test_templates_set_no_inline_style(render_repo: Path) -> None:
    for name in NAMES:
        html = (render_repo / "out-render" / CYCLE / f"{name}.html").read_text()
        assert "style=" not in html
        assert "<style" not in html


def test_same_packet_and_commit_give_the_same_bytes(
    cli: Cli, render_repo: Path, readers: dict[str, Any]
) -> None:
    code, _, _ = cli("render", f"packets/{CYCLE}/ada-render.md", "--out", "out-again")
    assert code == 0
    first = (render_repo / "out-render" / CYCLE / "ada-render.pdf").read_bytes()
    again = (render_repo / "out-again" / CYCLE / "ada-render.pdf").read_bytes()
    assert first == again


def test_invalid_packet_is_refused_with_its_findings(cli: Cli, render_repo: Path) -> None:
    good = (render_repo / "packets" / CYCLE / "ada-render.md").read_text()
    bad = render_repo / "packets" / CYCLE / "zed-broken.md"
    bad.write_text(
        good.replace("candidate: ada-render", "candidate: zed-broken").replace(
            "to: ic-l5", "to: ic-l6"
        )
    )
    try:
        code, out, _ = cli("render", f"packets/{CYCLE}/zed-broken.md", "--out", "out-bad")
    finally:
        bad.unlink()
    assert code == 1
    assert f"packets/{CYCLE}/zed-broken.md:7:5: error: " in out
    assert "[step]" in out
    assert not (render_repo / "out-bad").exists()


def test_time_limit_turns_into_a_finding(cli: Cli, render_repo: Path) -> None:
    # The render never finishes (its stylesheet never arrives); the limit passes meanwhile.
    with stalled_fetches() as stalled:
        code, out, _ = cli(
            "render", f"packets/{CYCLE}/ada-render.md", "--out", "out-slow", "--time-limit", "30"
        )
    assert stalled == [(render_repo / "templates" / "print.css").resolve().as_uri()]
    assert code == 1
    assert out == (
        f"packets/{CYCLE}/ada-render.md:0:0: error: cannot render: "
        "rendering took longer than 30 s [render]\n"
    )
    assert not (render_repo / "out-slow").exists()


def test_output_path_stays_under_out(tmp_path: Path) -> None:
    from rung.commands.render_shared import output_path

    out = tmp_path / "out"
    assert output_path(out, "2026-H2", "dana-levi", ".pdf") == out / "2026-H2" / "dana-levi.pdf"
    for cycle, candidate in (
        ("..", "x"),
        ("2026-H2", "../../etc/cron.d/x"),
        ("/etc", "x"),
        ("a", ".hidden"),
    ):
        with pytest.raises(FatalError, match="refusing to write"):
            output_path(out, cycle, candidate, ".pdf")
    (tmp_path / "elsewhere").mkdir()
    out.mkdir()
    (out / "2026-H2").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FatalError, match="folder resolves outside"):
        output_path(out, "2026-H2", "dana-levi", ".pdf")


def test_a_planted_symlink_is_never_written_through(cli: Cli, render_repo: Path) -> None:
    # The committed link sits where the old writer put its temporary file.
    victim = render_repo / "victim.txt"
    victim.write_text("keep me")
    folder = render_repo / "out-link" / CYCLE
    folder.mkdir(parents=True)
    (folder / "ada-render.pdf.tmp").symlink_to(victim)
    (folder / "ben-render.pdf").symlink_to(victim)  # a link at the file itself
    code, out, _ = cli(
        "render", f"packets/{CYCLE}/ada-render.md", f"packets/{CYCLE}/ben-render.md",
        "--out", "out-link",
    )  # fmt: skip
    assert code == 0, out
    assert victim.read_text() == "keep me"
    for name in ("ada-render", "ben-render"):
        written = folder / f"{name}.pdf"
        assert not written.is_symlink()
        assert written.read_bytes().startswith(b"%PDF-")
    assert (folder / "ada-render.pdf.tmp").is_symlink()  # left alone
    assert sorted(p.name for p in folder.iterdir()) == [
        "ada-render.pdf", "ada-render.pdf.tmp", "ben-render.pdf",
    ]  # fmt: skip  # no temporary file left behind


def test_page_one_is_the_brief(readers: dict[str, PdfReader]) -> None:
    first = squeeze(readers["ada-render"].pages[0].extract_text())
    for part in ("Ada Lindqvist", "Summary", "Key results", "Gaps the candidate states",
                 "Evidence by area", "All areas", "Time in"):  # fmt: skip
        assert squeeze(part) in first, part
    assert "Commit" not in first  # provenance is in "About this document", at the end
    last = squeeze(readers["ada-render"].pages[-1].extract_text())
    assert squeeze("About this document") in last


def test_an_alarm_inside_a_finalizer_is_dropped_and_the_next_one_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from rung.render.pdf import RenderTimeout, time_limit

    reported: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    landed: list[str] = []

    class Stuck:
        def __del__(self) -> None:
            expire()  # the limit passes while a finalizer runs, where it cannot escape
            try:
                wait_for_the_alarm()
            except RenderTimeout:
                landed.append("finalizer")
                raise

    with pytest.raises(RenderTimeout), time_limit(3600):
        Stuck()
        wait_for_the_alarm()  # only the repeated alarm ends this
    assert landed == ["finalizer"]  # the first alarm did land in the finalizer
    assert reported == []  # and nothing was printed about it
    assert sys.unraisablehook == reported.append  # the hook is given back
