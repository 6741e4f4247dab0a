"""The `reuse` index kept between runs in ``.rung-cache/`` (issue 29) never changes a
finding: warm or cold, stale, corrupt or hostile, the JSON output is the same bytes.

The golden file ``tests/fixtures/bench/findings.json`` was written by rung before
the validate speed work of issue 29, on the repository ``bench_repository`` writes;
it proves the findings unchanged by that work.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from paths import FIXTURES, REPO
from rung.cli import main
from rung.commands.validate_select import packet_files
from rung.validate import index_cache, index_table
from rung.validate.rules.reuse import CitationIndex
from rung_bench.synth import write_copies, write_distinct_copies

GOLDEN = FIXTURES / "bench" / "findings.json"
EXAMPLES = REPO / "packets" / "2026-H2"


def bench_repository(root: Path) -> list[Path]:
    """20 copies of the longest example citing their own work, and 3 copies of another
    that share all theirs (so `reuse` has notices to give), with the roster."""
    distinct = write_distinct_copies(root, EXAMPLES / "maya-azulay.md", REPO, 20)
    shared = write_copies(root, EXAMPLES / "dana-levi.md", REPO / "ladders", 3)
    return distinct + shared


def run(monkeypatch: pytest.MonkeyPatch, capsys: Any, root: Path, *paths: str) -> bytes:
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    main(["validate", "--format", "json", *paths])
    out: str = capsys.readouterr().out
    return out.encode("utf-8")


def no_cache(root: Path) -> None:
    (root / index_cache.CACHE_FILE).unlink(missing_ok=True)


def rows(root: Path) -> dict[str, index_table.Row]:
    """The cache's rows by shown path: (path, stamp, trusted, digest, candidate,
    cycle, hashes)."""
    table = index_cache.load(root)
    assert table is not None
    return {row[0]: row for row in table.rows()}


def rewrite(root: Path, changed: Mapping[str, index_table.Row]) -> None:
    index_cache.save(root, index_table.Table(changed.values()))


def test_the_findings_are_those_rung_gave_before_the_speed_work(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    bench_repository(tmp_path)
    assert run(monkeypatch, capsys, tmp_path) == GOLDEN.read_bytes()


ONE = "packets/2026-H2/dana-levi-00001.md"


def test_one_packet_gives_the_same_findings_with_and_without_the_cache(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    bench_repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    assert b'"rule": "reuse"' in cold
    cache = tmp_path / index_cache.CACHE_FILE
    assert cache.is_file()
    old_version = cache.parent / "reuse-index.json"
    old_version.write_text('{"version": 1, "entries": {}}', "utf-8")
    assert len(rows(tmp_path)) == 22  # every other packet of the cycle, not the one checked
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold  # warm
    no_cache(tmp_path)
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert not old_version.exists()  # the first version's file goes when one is written


def _age(root: Path, seconds: int = 60) -> None:
    """Make every packet's last change older than the racy window (mtime only: ctime
    cannot be set, so the test also moves the cache's clock)."""
    for path in packet_files(root / "packets"):
        old = os.stat(path).st_mtime_ns - seconds * 1_000_000_000
        os.utime(path, ns=(old, old))


def test_an_edited_packet_is_read_again(monkeypatch, capsys, tmp_path: Path) -> None:
    paths = bench_repository(tmp_path)
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))  # trust stamps at once
    first = run(monkeypatch, capsys, tmp_path, ONE)
    assert all(row[2] for row in rows(tmp_path).values())  # trusted
    # A distinct packet now cites a link of the checked packet; the same size.
    other = paths[3]
    text = other.read_text("utf-8")
    link = (
        "https://acme-00003.atlassian.net/wiki/spaces/DRW/pages/51110/Results+ingestion+ownership"
    )
    assert link in text
    shared = "https://acme.atlassian.net/browse/PAY-2210"
    assert shared in (tmp_path / ONE).read_text("utf-8")
    before = os.stat(other)
    other.write_text(text.replace(link, shared.ljust(len(link))), "utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime put back
    assert os.stat(other).st_size == before.st_size
    edited = run(monkeypatch, capsys, tmp_path, ONE)
    assert edited != first
    assert b"maya-azulay-00003" in edited
    stamp = rows(tmp_path)[str(other.relative_to(tmp_path))][1]
    assert stamp[:2] == (before.st_size, before.st_mtime_ns) and stamp[2] != before.st_ctime_ns
    no_cache(tmp_path)
    assert run(monkeypatch, capsys, tmp_path, ONE) == edited


def test_a_racy_entry_is_checked_by_its_hash(monkeypatch, capsys, tmp_path: Path) -> None:
    bench_repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    # Written seconds after the packets: not trusted on the stamps alone.
    assert not any(row[2] for row in rows(tmp_path).values())
    reads: list[str] = []
    real = index_cache.read_source  # type: ignore[attr-defined]

    def counting(path: Path, *args: Any) -> Any:
        reads.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(index_cache, "read_source", counting)
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert len(reads) == 22  # each context packet read and hashed, none parsed
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold  # now marked trusted
    reads.clear()
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert reads == []


def _table(rows: int, pairs: int, text: bytes, columns: int) -> bytes:
    return index_table.MAGIC + f"{rows} {pairs} {len(text)}\n".encode() + text + bytes(columns)


ROW = 32 + 1 + index_table.DIGEST_BYTES  # a row's columns
PAIR = 8 + index_table.OWNER_BYTES


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b"rung reuse-index 1\n{}\n",  # another version
        index_table.MAGIC + b"1 0\n",
        index_table.MAGIC + b"1 0 x\n",
        index_table.MAGIC + b"1 0 -1\n",
        _table(1, 0, b"code\0a\0\0", ROW - 1),  # a column cut short
        _table(1, 1, b"code\0a\0c\02026-H2", ROW + PAIR - 1),  # a pair cut short
        _table(1, 0, b"code\0a\0\0", ROW + 1),  # a byte too many
        _table(2, 0, b"code\0a\0a\0\0\0\0", 2 * ROW),  # a path twice
        _table(1, 0, b"code\0a\0\0\0", ROW),  # a text too many
        _table(1, 0, b"a\0\0", ROW),  # a text too few
        _table(1, 0, b"code\0a\xff\0\0", ROW),  # not UTF-8
        _table(0, 0, b"code\0a", 0),
        "\ud800".encode("utf-8", "surrogatepass"),
    ],
)
def test_a_corrupt_cache_is_ignored(monkeypatch, capsys, tmp_path: Path, content: bytes) -> None:
    bench_repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    (tmp_path / index_cache.CACHE_FILE).write_bytes(content)
    assert index_table.Table.from_bytes(content) is None
    assert index_cache.load(tmp_path) is None
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert len(rows(tmp_path)) == 22  # written anew


def test_a_table_naming_a_row_it_does_not_have_is_ignored(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    """Owners are checked when a hash is looked up: one out of range makes the whole
    table as if it were not there, and the next run writes a good one."""
    bench_repository(tmp_path)
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))  # trust stamps at once
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    assert b"dana-levi-00002" in cold
    table = index_cache.load(tmp_path)
    assert table is not None
    table.owners = array("i", [len(table.paths)] * len(table.owners))
    (tmp_path / index_cache.CACHE_FILE).write_bytes(table.to_bytes())
    assert index_cache.load(tmp_path) is not None
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    table = index_cache.load(tmp_path)
    assert table is not None and max(table.owners) < len(table.paths)


def test_only_packets_sharing_a_hash_with_the_checked_one_are_added(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    """From the cache, a context packet that holds none of the checked packet's link
    hashes is never added to the index: it cannot be named in a finding."""
    bench_repository(tmp_path)
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    added: list[str] = []
    real = CitationIndex.add_hashes

    def spy(self: Any, cited: Any, hashes: Any) -> None:
        added.append(cited.path)
        real(self, cited, hashes)

    monkeypatch.setattr(CitationIndex, "add_hashes", spy)
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    others = ["packets/2026-H2/dana-levi-00000.md", "packets/2026-H2/dana-levi-00002.md"]
    assert added == [ONE, *others]  # the checked packet, then the two sharing its links


def test_a_hostile_cache_cannot_hide_a_shared_link(monkeypatch, capsys, tmp_path: Path) -> None:
    """A cache committed to the repository claims no packet shares a link: its stamps
    are not this checkout's (inode, ctime), so every entry is read again."""
    bench_repository(tmp_path)
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    hostile_rows: dict[str, index_table.Row] = {
        shown: (shown, (*stamp[:3], stamp[3] + 1), True, digest, candidate, cycle, [])
        for shown, stamp, _, digest, candidate, cycle, _ in rows(tmp_path).values()
    }  # another machine's inodes, and no links
    rewrite(tmp_path, hostile_rows)
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    # A cache file that is a symbolic link is not read at all.
    cache = tmp_path / index_cache.CACHE_FILE
    hostile = tmp_path / "hostile"
    hostile.write_bytes(index_table.Table(hostile_rows.values()).to_bytes())
    cache.unlink()
    cache.symlink_to(hostile)
    assert index_cache.load(tmp_path) is None
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold


def test_a_context_packet_below_a_symbolic_link_is_never_taken_from_the_cache(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    """The checked candidate's earlier packet is context; once its folder is moved
    and a symbolic link put in its place, reading it is refused, cache or not."""
    bench_repository(tmp_path)
    earlier = tmp_path / "packets" / "2025-H2"
    earlier.mkdir()
    text = (tmp_path / ONE).read_text("utf-8").replace("cycle: 2026-H2", "cycle: 2025-H2")
    (earlier / Path(ONE).name).write_text(text, "utf-8")
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))
    with_earlier = run(monkeypatch, capsys, tmp_path, ONE)
    assert b"also cited in 2025-H2" in with_earlier
    earlier.rename(tmp_path / "moved")  # the file keeps its inode and ctime
    earlier.symlink_to(tmp_path / "moved")
    linked = run(monkeypatch, capsys, tmp_path, ONE)
    assert b"also cited in 2025-H2" not in linked
    no_cache(tmp_path)
    assert run(monkeypatch, capsys, tmp_path, ONE) == linked


def test_the_packet_listing_is_pathlibs(tmp_path: Path) -> None:
    """``packet_files`` lists what ``sorted(rglob("*.md"))`` did, in its order."""
    folder = tmp_path / "p"
    for name in ("a/x.md", "a-b/x.md", ".h/y.md", "README.md", ".md", "Z.MD", "d.md/z.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", "utf-8")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.md").write_text("x", "utf-8")
    (folder / "link").symlink_to(tmp_path / "real")
    (folder / "l.md").symlink_to(tmp_path / "real" / "r.md")
    (folder / "dead.md").symlink_to(tmp_path / "nowhere")
    for root in (folder, REPO / "tests", tmp_path / "none"):
        old = sorted(p for p in root.rglob("*.md") if p.is_file() and p.name.lower() != "readme.md")
        assert packet_files(root) == old


def test_shown_paths_from_a_packets_folder_and_with_accented_names(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    """The context packets' shown paths are built as strings: from the repository's
    root, an accented name; from inside packets/ (display_path per file), the same
    findings with the paths shown from there, warm and cold."""
    bench_repository(tmp_path)
    accented = tmp_path / "packets" / "2026-H2" / "zoë-00009.md"
    text = (tmp_path / ONE).read_text("utf-8")
    accented.write_text(text.replace("candidate: dana-levi", "candidate: zoe"), "utf-8")
    from_root = run(monkeypatch, capsys, tmp_path, ONE)
    assert "(packets/2026-H2/zoë-00009.md:15:15)".encode() in from_root
    assert run(monkeypatch, capsys, tmp_path, ONE) == from_root  # warm
    folder = tmp_path / "packets" / "2026-H2"
    name = ONE.rsplit("/", 1)[1]
    inside = run(monkeypatch, capsys, folder, name)
    assert inside == from_root.replace(b"packets/2026-H2/", b"")
    assert run(monkeypatch, capsys, folder, name) == inside  # warm
    no_cache(tmp_path)
    assert run(monkeypatch, capsys, folder, name) == inside


def test_a_cache_made_by_other_code_is_not_used(monkeypatch, capsys, tmp_path: Path) -> None:
    """Another commit of rung may hash links otherwise: the table is marked with the
    size and mtime of the code that made its rows."""
    code = tmp_path / "code" / "link_key.py"
    code.parent.mkdir()
    code.write_text("x = 1\n", "utf-8")
    monkeypatch.setattr(index_cache, "CODE", (*index_cache.CODE, str(code)))
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))
    root = tmp_path / "repo"
    bench_repository(root)
    cold = run(monkeypatch, capsys, root, ONE)
    assert index_cache.load(root) is not None
    code.write_text("x = 22\n", "utf-8")
    assert index_cache.load(root) is None
    table = index_table.Table.from_bytes((root / index_cache.CACHE_FILE).read_bytes())
    assert table is not None and str(code) in table.code
    assert run(monkeypatch, capsys, root, ONE) == cold
    assert index_cache.load(root) is not None  # written anew


@pytest.mark.parametrize("seed", range(4))
def test_warm_runs_give_the_findings_of_cold_ones_on_packets_sharing_links_at_random(
    monkeypatch, capsys, tmp_path: Path, seed: int
) -> None:
    """Twelve packets, each citing, on a random third of its lines, the work of
    another: one packet checked warm (rows from the cache, only those holding its
    hashes added) gives the bytes a cold run gives, for several packets in turn."""
    import random

    chance = random.Random(seed)
    paths = write_distinct_copies(tmp_path, EXAMPLES / "maya-azulay.md", REPO, 12)
    for index, path in enumerate(paths):
        lines = path.read_text("utf-8").split("\n")
        for n, line in enumerate(lines):
            if "acme-" in line and chance.random() < 0.33:
                lines[n] = line.replace(f"acme-{index:05d}", f"acme-{chance.randrange(12):05d}")
        path.write_text("\n".join(lines), "utf-8")
    monkeypatch.setattr(index_cache, "RACY_SECONDS", -(10**6))
    notices = 0
    for checked in chance.sample(paths, 3):
        shown = [str(checked.relative_to(tmp_path))]
        for asked in (shown, [*shown, *paths_of(tmp_path, 2)]):  # one packet, then three
            no_cache(tmp_path)
            cold = run(monkeypatch, capsys, tmp_path, *asked)
            assert run(monkeypatch, capsys, tmp_path, *asked) == cold  # warm
            notices += cold.count(b'"rule": "reuse"')
    assert notices > 10, notices


def paths_of(root: Path, count: int) -> list[str]:
    """The first ``count`` packets of the repository, as shown."""
    return [str(p.relative_to(root)) for p in packet_files(root / "packets")[:count]]


def test_the_table_is_marked_with_every_file_of_the_code_that_makes_its_rows(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    bench_repository(tmp_path)
    run(monkeypatch, capsys, tmp_path, ONE)
    table = index_table.Table.from_bytes((tmp_path / index_cache.CACHE_FILE).read_bytes())
    assert table is not None
    marked = {line.split(" ", 2)[2] for line in table.code.split("\n")}
    package = Path(index_cache.__file__).parent.parent
    for part in (
        "validate/rules/reuse.py",
        "model/githublink.py",
        "model/packet.py",
        "model/digest.py",
        "validate/index_table.py",
        "validate/index_cache.py",
    ):
        assert str(package / part) in marked, part
