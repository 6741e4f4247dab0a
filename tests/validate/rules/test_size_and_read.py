"""`size` and `read`: one finding, nothing parsed further."""

from __future__ import annotations

from pathlib import Path

from rung.loaders.sources import decode, read_source
from rung.problems import Level


def test_front_matter_over_256_kib(lint, clean: str) -> None:
    filler = "# " + "x" * 100 + "\n"
    text = clean.replace("---\n", "---\n" + filler * 2700, 1)
    assert lint(text) == [
        (
            1,
            1,
            Level.ERROR,
            "size",
            "front matter is 278,653 bytes, over the 262,144-byte limit; keep claims short and "
            "link to the details",
        )
    ]


def test_file_over_1_mib(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"---\n" + b"a" * (1024 * 1024))
    source, problems = read_source(big)
    assert source is None
    assert [(p.line, p.column, p.level, p.rule, p.message) for p in problems] == [
        (
            1,
            1,
            Level.ERROR,
            "size",
            "file is 1,048,580 bytes, over the 1,048,576-byte limit; move long material to "
            "linked documents",
        )
    ]


def test_invalid_utf8_points_at_the_byte() -> None:
    source, problems = decode(b"---\nname: L\xe9vi\n", "p.md")
    assert source is None
    assert [(p.line, p.column, p.level, p.rule, p.message) for p in problems] == [
        (
            2,
            8,
            Level.ERROR,
            "read",
            "not valid UTF-8 (byte 0xE9 at offset 11); save the file as UTF-8",
        )
    ]


def test_a_bom_is_a_warning_and_the_packet_is_still_checked(lint, clean: str) -> None:
    assert lint("\ufeff" + clean) == [
        (
            1,
            1,
            Level.WARNING,
            "read",
            "file starts with a UTF-8 byte-order mark; save it without one",
        )
    ]


def test_crlf_keeps_line_numbers(lint, clean: str) -> None:
    text = clean.replace("ladder: mini", "ladder: minni").replace("\n", "\r\n")
    assert [f[:2] for f in lint(text)] == [(5, 9)]
