"""``rung bundle``: one committee PDF per cycle, the same whether rendered whole or in shards."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from rung.commands.bundle import _progress
from rung.problems import FatalError
from rung.render.bundle import parse_shard, shard_of

Cli = Callable[..., tuple[int, str, str]]
CYCLE = "2026-H2"
PACKETS = [  # sorted by path, the bundle's order
    (
        "Ada Lindqvist",
        "ada-render",
        "L4 IC - Software Engineer → L5 IC - Software Engineer",
        "ic-l4 → ic-l5",
    ),
    ("Ben Okafor", "ben-render", "Tech Lead (TL2) → Tech Lead (TL4)", "tl2 → tl4"),
    (
        "Cleo Marchetti",
        "cleo-render",
        "Sr Software Engineer 1 → Technical Lead Manager",
        "sse1 → tlm",
    ),
    (
        "Dov Ben-Ami",
        "dov-render",
        "L4 IC - Software Engineer → L4 EM - Software Engineer",
        "ic-l4 → em-l4",
    ),
]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def runs(cli: Cli) -> dict[str, tuple[int, str, str]]:
    return {
        "single": cli("bundle", CYCLE, "--out", "out-bundle/single.pdf", "--jobs", "2"),
        "shard1": cli(
            "bundle", CYCLE, "--shard", "1/2", "--out", "out-bundle/part1.zip", "--jobs", "2"
        ),
        "shard2": cli(
            "bundle", CYCLE, "--shard", "2/2", "--out", "out-bundle/part2.zip", "--jobs", "1"
        ),
        "merge": cli(
            "bundle",
            "merge",
            "out-bundle/part2.zip",
            "out-bundle/part1.zip",
            "--out",
            "out-bundle/merged.pdf",
        ),
    }


@pytest.fixture(scope="module")
def single(runs: dict[str, tuple[int, str, str]], render_repo: Path) -> PdfReader:
    return PdfReader(render_repo / "out-bundle" / "single.pdf")


@pytest.fixture(scope="module")
def merged(runs: dict[str, tuple[int, str, str]], render_repo: Path) -> PdfReader:
    return PdfReader(render_repo / "out-bundle" / "merged.pdf")


def test_commands_report_what_they_wrote(
    runs: dict[str, tuple[int, str, str]], single: PdfReader
) -> None:
    pages = len(single.pages)
    assert runs["single"][:2] == (0, f"wrote out-bundle/single.pdf (4 packets, {pages} pages)\n")
    assert runs["shard1"][:2] == (0, "wrote out-bundle/part1.zip (shard 1/2: 2 packets)\n")
    assert runs["shard2"][:2] == (0, "wrote out-bundle/part2.zip (shard 2/2: 2 packets)\n")
    assert runs["merge"][:2] == (0, f"wrote out-bundle/merged.pdf (4 packets, {pages} pages)\n")
    # stderr is not a terminal here: no progress bar
    assert all("rendering packets" not in err for _, _, err in runs.values())


def test_merged_shards_are_the_single_run(
    single: PdfReader, merged: PdfReader, render_repo: Path
) -> None:
    assert len(merged.pages) == len(single.pages)
    assert [p.extract_text() for p in merged.pages] == [p.extract_text() for p in single.pages]
    out = render_repo / "out-bundle"
    assert (out / "merged.pdf").read_bytes() == (out / "single.pdf").read_bytes()


def test_the_bundle_is_about_the_size_of_its_packets(
    runs: dict[str, tuple[int, str, str]], render_repo: Path
) -> None:
    """Issue 25: pypdf wrote the bundle 3.8 times its packets; qpdf packs it into object
    streams and keeps one copy of each identical font file."""
    out = render_repo / "out-bundle"
    packets = 0
    for part in ("part1.zip", "part2.zip"):
        with zipfile.ZipFile(out / part) as archive:
            packets += sum(i.file_size for i in archive.infolist() if i.filename.startswith("pdf/"))
    bundle = (out / "single.pdf").read_bytes()
    assert len(bundle) <= 1.15 * packets, (len(bundle), packets)
    assert b"/Type /ObjStm" in bundle
    files, descriptors = set(), set()
    with pikepdf.open(out / "single.pdf") as document:
        for page in document.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                for part in [font, *font.get("/DescendantFonts", [])]:
                    descriptor = part.get("/FontDescriptor")
                    if descriptor is not None:
                        descriptors.add(descriptor.objgen)
                        files.add(descriptor.get("/FontFile2", descriptor.get("/FontFile3")).objgen)
    assert len(files) < len(descriptors)  # a byte-identical subset is kept once


def starts(reader: Any) -> dict[str, int]:
    """Outline title -> 1-based page, for the top level of the outline."""
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


def test_index_lists_every_packet_with_its_page(single: PdfReader) -> None:
    outline = starts(single)
    assert list(outline) == ["Index"] + [f"{name} — {move}" for name, _, move, _ in PACKETS]
    index = squeeze(single.pages[0].extract_text())
    for number, (name, login, move, _) in enumerate(PACKETS, start=1):
        page = outline[f"{name} — {move}"]  # level titles, as on page 1
        assert squeeze(f"{number}{name}@{login}{move}") in index
        cover = squeeze(single.pages[page - 1].extract_text())
        assert cover.startswith(squeeze(f"PROMOTION CYCLE {CYCLE} CONFIDENTIAL {name} @{login}"))
    assert squeeze("31 of 33 evidenced 2 gaps") in index
    assert index.count(squeeze("Lateral track change — not a promotion")) == 1


def test_index_rows_jump_to_their_packet(single: PdfReader) -> None:
    outline = starts(single)
    pages: Any = single.pages
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(pages, start=1)}
    targets = []
    for ref in pages[0]["/Annots"]:
        annot = ref.get_object()
        assert "/A" not in annot  # no placeholder URI left behind
        targets.append((page_of[annot["/Dest"][0].idnum], str(annot["/Contents"])))
    expected = {
        (
            outline[f"{name} — {move}"],
            f"Go to the packet of {name}, page {outline[f'{name} — {move}']}",
        )
        for name, _, move, _ in PACKETS
    }
    assert set(targets) == expected


def test_bundle_carries_every_source_and_its_metadata(single: PdfReader, render_repo: Path) -> None:
    folder = render_repo / "packets" / CYCLE
    assert single.attachments == {
        f"{login}.md": [(folder / f"{login}.md").read_bytes()] for _, login, _, _ in PACKETS
    }
    meta: Any = single.metadata
    assert meta is not None
    assert meta.title == f"Promotion packets, cycle {CYCLE}"
    assert meta.subject == f"Calibration committee bundle: 4 promotion packets, cycle {CYCLE}"
    assert meta["/CreationDate"] == "D:20260630120311Z"
    root: Any = single.trailer["/Root"]
    assert root["/Lang"] == "en"


def test_merge_refuses_an_incomplete_or_foreign_set(
    cli: Cli, runs: dict[str, Any], render_repo: Path
) -> None:
    code, _, err = cli("bundle", "merge", "out-bundle/part1.zip")
    assert (code, err) == (
        2,
        "rung: error: need each of the 2 shards exactly once; got shards [1], missing [2]\n",
    )
    code, _, err = cli(
        "bundle", "merge", "out-bundle/part1.zip", "out-bundle/part1.zip", "out-bundle/part2.zip"
    )
    assert (code, err) == (
        2,
        "rung: error: need each of the 2 shards exactly once; got shards [1, 1, 2]\n",
    )
    code, _, err = cli("bundle", "merge", "out-bundle/single.pdf")
    assert code == 2
    assert err.startswith(
        "rung: error: out-bundle/single.pdf: not a readable rung bundle part (BadZipFile"
    )


def test_invalid_packet_blocks_the_bundle(cli: Cli, render_repo: Path) -> None:
    broken = render_repo / "packets" / CYCLE / "zed-broken.md"
    broken.write_text("---\ncandidate: zed-broken\n---\n")
    try:
        code, out, err = cli("bundle", CYCLE, "--out", "out-bundle/never.pdf")
    finally:
        broken.unlink()
    assert code == 1
    assert out.startswith(f"packets/{CYCLE}/zed-broken.md:")
    assert err == "rung: no bundle written: every packet of the cycle must pass 'rung validate'\n"
    assert not (render_repo / "out-bundle" / "never.pdf").exists()


def test_bundle_refuses_a_name_that_is_no_cycle(cli: Cli) -> None:
    assert cli("bundle", "../../etc") == (
        2,
        "",
        "rung: error: '../../etc' is not a cycle; cycles look like 2026-H2, 2026-Q3 or 2026-11\n",
    )


def test_shards_are_deterministic_and_balanced() -> None:
    paths = [Path(f"packets/2026-H2/{name}.md") for name in "gfedcba"]
    assert [p.stem for p in shard_of(paths, 1, 3)] == ["a", "b"]
    assert [p.stem for p in shard_of(paths, 2, 3)] == ["c", "d"]
    assert [p.stem for p in shard_of(paths, 3, 3)] == ["e", "f", "g"]
    # A packet added moves each boundary by at most one: the shards keep their packets.
    grown = [*paths, Path("packets/2026-H2/ab.md")]
    assert [p.stem for p in shard_of(grown, 2, 3)] == ["b", "c", "d"]
    assert [p.stem for p in shard_of(grown, 3, 3)] == ["e", "f", "g"]
    for count in range(1, 9):
        shards = [shard_of(paths, i, count) for i in range(1, count + 1)]
        assert sorted(p for shard in shards for p in shard) == sorted(paths)
        assert max(map(len, shards)) - min(map(len, shards)) <= 1
    assert parse_shard("2/3") == (2, 3)
    for bad in ("0/2", "3/2", "1/0", "1-2", "x/y", ""):
        with pytest.raises(FatalError, match="--shard takes I/N"):
            parse_shard(bad)


def test_progress_is_one_updating_line(capsys: pytest.CaptureFixture[str]) -> None:
    _progress(1, 2)
    _progress(2, 2)
    assert capsys.readouterr().err == "\rrendering packets: 1/2\rrendering packets: 2/2\n"
