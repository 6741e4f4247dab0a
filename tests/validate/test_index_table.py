"""The file of the `reuse` index cache (``index_table``) as a unit: rows read back
as written, rows put in place, and the look-up that refuses a row it does not have.
The cache's use by `rung validate` is tests/validate/test_index_cache.py."""

from __future__ import annotations

from array import array

import pytest

from rung.validate import index_table


def test_a_table_reads_back_as_written() -> None:
    """Rows with accented and escaped names, a file that is no packet, hashes shared
    between rows and none; and the empty table."""
    digest = bytes(range(index_table.DIGEST_BYTES))
    written: list[index_table.Row] = [
        ("packets/2026-H2/zoë.md", (1, 2, 3, 4), True, digest, "zoe", "2026-H2", [-7, 5]),
        ("packets/x\\xff.md", (0, 0, 0, 1), False, digest, None, None, []),
        ("packets/x\udcff.md", (0, 0, 0, 2), False, digest, None, None, []),  # undecodable
        ("packets/2025-H2/a.md", (9, 2**62, 2**62, 7), True, digest, "a", "2025-H2", [-7]),
    ]
    table = index_table.Table.from_bytes(index_table.Table(written).to_bytes())
    assert table is not None
    assert list(table.rows()) == [(*row[:6], list(row[6])) for row in written]  # hashes sorted
    assert table.holding([-7, 8]) == {0: [-7], 3: [-7]}
    empty = index_table.Table.from_bytes(index_table.Table().to_bytes())
    assert empty is not None and list(empty.rows()) == []


def test_a_row_that_cannot_be_read_back_is_not_kept() -> None:
    digest = bytes(index_table.DIGEST_BYTES)
    assert not index_table.writable(("a\0b", (0, 0, 0, 0), True, digest, None, None, []))
    assert not index_table.writable(("a", (0, 0, 0, 0), True, digest, "", "2026-H2", []))
    assert index_table.writable(("a", (0, 0, 0, 0), True, digest, None, None, []))


@pytest.mark.parametrize("seed", range(20))
def test_a_table_updated_in_place_holds_what_one_built_anew_holds(seed: int) -> None:
    """``Table.updated`` (a few rows changed or added) against building the table
    from all its rows again: the same rows, the same rows holding each hash."""
    import random

    chance = random.Random(seed)

    def row(name: str) -> index_table.Row:
        digest = bytes([chance.randrange(256)]) * index_table.DIGEST_BYTES
        hashes = sorted(chance.sample(range(-20, 20), chance.randrange(4)))
        stamp = (chance.randrange(9), 1, 2, 3)
        packet = chance.random() < 0.9
        cited = ("c", "2026-H2") if packet else (None, None)
        return (name, stamp, chance.random() < 0.5, digest, *cited, hashes if packet else [])

    old = [row(f"p{i}.md") for i in range(chance.randrange(1, 8))]
    changed = [row(f"p{i}.md") for i in chance.sample(range(10), chance.randrange(4))]
    loaded = index_table.Table.from_bytes(index_table.Table(old).to_bytes())
    assert loaded is not None
    rows = {r[0]: j for j, r in enumerate(old)}
    updated = index_table.Table.from_bytes(loaded.updated(rows, changed).to_bytes())
    by_path = {r[0]: r for r in [*old, *changed]}
    anew = index_table.Table(by_path.values())
    assert updated is not None
    assert {r[0]: r for r in updated.rows()} == {r[0]: (*r[:6], list(r[6])) for r in anew.rows()}
    wanted = range(-20, 20)
    held = updated.holding(wanted)
    assert held is not None
    assert {updated.paths[j]: sorted(h) for j, h in held.items()} == {
        anew.paths[j]: sorted(h) for j, h in (anew.holding(wanted) or {}).items()
    }


@pytest.mark.parametrize("owner", [-1, 2])
def test_a_table_naming_a_row_out_of_range_holds_nothing(owner: int) -> None:
    digest = bytes(index_table.DIGEST_BYTES)
    rows: list[index_table.Row] = [
        ("a.md", (1, 2, 3, 4), True, digest, "a", "2026-H2", [5]),
        ("b.md", (1, 2, 3, 5), True, digest, "b", "2026-H2", [6]),
    ]
    table = index_table.Table.from_bytes(index_table.Table(rows).to_bytes())
    assert table is not None and table.holding([5, 6]) == {0: [5], 1: [6]}
    table.owners = array(index_table.OWNER, [0, owner])
    assert table.holding([5]) == {0: [5]}  # only the rows looked up are checked
    assert table.holding([5, 6]) is None


@pytest.mark.parametrize("head", [index_table.MAGIC, b"rung reuse-index 9 "])
def test_a_file_without_the_line_of_sizes_is_refused(head: bytes) -> None:
    """Without the newline that ends "rows pairs text-bytes", the bytes that would be
    those sizes, read to the end of the file, are not taken for them."""
    data = head + b"0 0 26" + b"y"
    assert len(head) == len(index_table.MAGIC) and len(data) == 26
    assert index_table.Table.from_bytes(data) is None


def test_another_versions_file_is_refused() -> None:
    digest = bytes(index_table.DIGEST_BYTES)
    data = index_table.Table([("a.md", (1, 2, 3, 4), True, digest, "a", "2026-H2", [5])]).to_bytes()
    assert index_table.Table.from_bytes(data) is not None
    other = data.replace(index_table.MAGIC, b"rung reuse-index 3\n", 1)
    assert len(other) == len(data) and index_table.Table.from_bytes(other) is None
