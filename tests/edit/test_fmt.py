"""`rung fmt`: values YAML would not read as written are quoted, long text folded,
nothing else changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paths import FIXTURES, REPO
from rung.cli import main
from rung.edit.fmt import format_packet
from rung.loaders.yamlload import load_yaml, split_front_matter

PACKETS = sorted((REPO / "packets").rglob("*.md"))
SLIPS = FIXTURES / "yaml-slips"
# The slips a quote fixes; the others (indentation, tabs, spaces) need the author.
QUOTABLE = [
    "comment-cuts-claim",
    "colon-in-value",
    "backquote",
    "at-sign",
    "percent",
    "asterisk",
    "ampersand",
    "pipe",
    "greater-than",
    "quote",
]


def data(text: str) -> Any:
    front, _ = split_front_matter(text, "p.md")
    assert front is not None
    doc, problems = load_yaml(front.yaml_text, "p.md", front.yaml_first_line)
    assert doc is not None, problems
    return doc.data


def body(text: str) -> str:
    front, _ = split_front_matter(text, "p.md")
    assert front is not None
    return front.body


def test_every_packet_of_the_repository_is_formatted(
    in_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fmt", "--check"]) == 0
    assert capsys.readouterr().err == "rung: 0 files would reformat\n"


@pytest.mark.parametrize("path", PACKETS, ids=[p.stem for p in PACKETS])
def test_formatting_is_idempotent_and_changes_no_value(path: Path) -> None:
    text = path.read_text("utf-8")
    once = format_packet(text, "p.md").text
    assert format_packet(once, "p.md").text == once
    assert body(once) == body(text)
    assert data(once) == data(text)


def test_a_claim_cut_by_a_comment_is_quoted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    packet = tmp_path / "packets" / "2026-H2" / "tamar-golan.md"
    text = packet.read_text("utf-8")
    first_claim = next(
        line
        for line in text.splitlines()
        if line.startswith("    - claim: ") and not line.endswith(">-")
    )
    cut = first_claim + " (see PR #812) and its rollout"
    packet.write_text(text.replace(first_claim, cut, 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "packets/2026-H2/tamar-golan.md"]) == 1
    assert main(["fmt", "--check", "packets/2026-H2/tamar-golan.md"]) == 1
    assert main(["fmt", "packets/2026-H2/tamar-golan.md"]) == 0
    capsys.readouterr()
    fixed = packet.read_text("utf-8")
    assert main(["validate", "packets/2026-H2/tamar-golan.md"]) == 0
    meant = cut.removeprefix("    - claim: ")
    claims = [
        item["claim"]
        for items in data(fixed)["evidence"].values()
        if isinstance(items, list)
        for item in items
    ]
    assert meant in claims
    # Only that claim's line changed: it is quoted (and folded when long).
    before = text.split(first_claim)
    assert fixed.startswith(before[0])
    assert fixed.endswith(before[1])


@pytest.mark.parametrize("name", QUOTABLE)
def test_slips_a_quote_fixes_are_fixed(name: str) -> None:
    text = (SLIPS / f"{name}.md").read_text("utf-8")
    result = format_packet(text, f"{name}.md")
    assert (result.repaired, result.problems) == (1, ())
    changed = [
        (a, b) for a, b in zip(text.splitlines(), result.text.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1
    old, new = changed[0]
    key, _, value = old.partition(": ")
    assert new == f"{key}: {json.dumps(value.rstrip(), ensure_ascii=False)}"


def test_a_slip_only_the_author_can_fix_is_reported_and_the_file_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.md"
    shutil.copy(SLIPS / "links-over-indented.md", path)
    before = path.read_bytes()
    assert main(["fmt", str(path)]) == 1
    assert "is indented 8 spaces" in capsys.readouterr().out
    assert path.read_bytes() == before


# Text like real packets: the characters YAML treats specially, non-ASCII names.
WORDS = st.text(
    alphabet=st.sampled_from(list("abcxyz ABC019#:&*!%@`'\"|>-[]{},?é–ש")), min_size=1, max_size=12
)
TEXT = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)


def _style(text: str, how: int) -> str:
    if how == 0:
        return json.dumps(text, ensure_ascii=False)
    if how == 1:
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text)  # ASCII escapes for the non-ASCII characters


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=st.lists(st.tuples(TEXT, st.integers(0, 2)), min_size=1, max_size=6), gap=TEXT)
def test_no_value_ever_changes(claims: list[tuple[str, int]], gap: str) -> None:
    lines = ["---", "candidate: dana-levi", "evidence:", "  a.b:"]
    for claim, how in claims:
        lines += [f"    - claim: {_style(claim, how)}", "      links: []"]
    lines += ["  a.c:", f"    gap: {_style(gap, 0)}", "---", "## Summary #1", "", "text  "]
    text = "\n".join(lines) + "\n"
    result = format_packet(text, "p.md")
    assert result.problems == ()
    assert data(result.text) == data(text)
    assert body(result.text) == body(text)
    assert format_packet(result.text, "p.md").text == result.text


# --- indentation, `!`, line endings -----------------------------------------------------


def _shifted(text: str) -> str:
    """Every front-matter line indented two more spaces below the top level."""
    head, sep, rest = text.partition("\n---\n")
    rows = [f"  {row}" if row.startswith("  ") else row for row in head.split("\n")]
    return "\n".join(rows) + sep + rest


def _zero_indented_lists(text: str) -> str:
    """Each criterion's list of items written level with its key (``key:`` then ``- ...``)."""
    head, sep, rest = text.partition("\n---\n")
    rows = head.split("\n")
    out, inside = [], False
    for i, row in enumerate(rows):
        indent = len(row) - len(row.lstrip(" "))
        if row.strip() and indent <= 2:
            below = [r for r in rows[i + 1 :] if r.strip() and not r.lstrip().startswith("#")]
            inside = indent == 2 and bool(below) and below[0].startswith("    - ")
            out.append(row)
        else:
            out.append(row[2:] if inside and row.startswith("    ") else row)
    return "\n".join(out) + sep + rest


@pytest.mark.parametrize("style", [_shifted, _zero_indented_lists])
@pytest.mark.parametrize("path", PACKETS, ids=[p.stem for p in PACKETS])
def test_fmt_brings_other_indentation_back_to_the_example_packet(
    path: Path, style: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = path.read_text("utf-8")
    other = style(original)  # type: ignore[operator]
    assert other != original
    assert data(other) == data(original)  # the same packet, indented otherwise
    copy = tmp_path / path.name
    copy.write_text(other, "utf-8")
    assert main(["fmt", "--check", str(copy)]) == 1
    assert main(["fmt", str(copy)]) == 0
    assert copy.read_text("utf-8") == original
    assert main(["fmt", "--check", str(copy)]) == 0
    capsys.readouterr()


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "packets" / "2026-H2" / "tamar-golan.md"


def _first_one_line_claim(text: str) -> str:
    return next(
        line
        for line in text.splitlines()
        if line.startswith("    - claim: ") and not line.endswith(">-")
    )


def _claims(text: str) -> list[str]:
    evidence = data(text)["evidence"]
    return [
        item["claim"] for items in evidence.values() if isinstance(items, list) for item in items
    ]


def test_a_value_starting_with_a_bang_is_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = _repo(tmp_path, monkeypatch)
    text = packet.read_text("utf-8")
    claim = _first_one_line_claim(text)
    meant = "!important: " + claim.removeprefix("    - claim: ")
    packet.write_text(text.replace(claim, f"    - claim: {meant}", 1), "utf-8")
    shown = "packets/2026-H2/tamar-golan.md"
    assert main(["validate", shown]) == 1
    assert main(["fmt", shown]) == 0
    assert main(["validate", shown]) == 0
    capsys.readouterr()
    fixed = packet.read_text("utf-8")
    assert meant in _claims(fixed)
    assert body(fixed) == body(text)


def test_a_crlf_file_is_formatted_and_stays_crlf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = _repo(tmp_path, monkeypatch)
    text = packet.read_text("utf-8")
    claim = _first_one_line_claim(text)
    cut = text.replace(claim, claim + " (see PR #812)", 1)
    packet.write_bytes(cut.replace("\n", "\r\n").encode("utf-8"))
    shown = "packets/2026-H2/tamar-golan.md"
    assert main(["fmt", shown]) == 0
    assert main(["validate", shown]) == 0
    capsys.readouterr()
    raw = packet.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") == raw.count(b"\r")
    fixed = raw.decode("utf-8").replace("\r\n", "\n")
    assert body(fixed) == body(text)  # byte for byte once the line ends are read back
    assert raw.endswith(body(text).replace("\n", "\r\n").encode("utf-8"))
    meant = claim.removeprefix("    - claim: ") + " (see PR #812)"
    assert meant in _claims(fixed)
    assert main(["fmt", "--check", shown]) == 0


def test_mixed_line_endings_are_a_finding_and_the_file_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = _repo(tmp_path, monkeypatch)
    rows = packet.read_text("utf-8").split("\n")
    mixed = ("\r\n".join(rows[:3]) + "\n" + "\n".join(rows[3:])).encode("utf-8")
    packet.write_bytes(mixed)
    assert main(["fmt", "packets/2026-H2/tamar-golan.md"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("packets/2026-H2/tamar-golan.md:3:0: error: line endings are mixed")
    assert packet.read_bytes() == mixed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    claims=st.lists(st.tuples(TEXT, st.integers(0, 2)), min_size=1, max_size=4),
    key=st.integers(1, 4),
    dash=st.integers(0, 3),
    gap=st.integers(0, 2),
    inner=st.integers(1, 4),
)
def test_any_indentation_formats_like_the_canonical_one(
    claims: list[tuple[str, int]], key: int, dash: int, gap: int, inner: int
) -> None:
    def packet(key: int, dash: int, gap: int, inner: int) -> str:
        k, d = " " * key, " " * (key + dash)
        item = " " * (key + dash + 2 + gap)
        lines = ["---", "candidate: dana-levi", "evidence:", f"{k}a.b:"]
        for claim, how in claims:
            lines += [f"{d}-{' ' * (1 + gap)}claim: {_style(claim, how)}", f"{item}links:"]
            lines += [f"{item}{' ' * inner}- https://x.example/{how}"]
        lines += [f"{k}a.c:", f"{k}{' ' * inner}gap: not yet", "---", "## Summary", "", "t"]
        return "\n".join(lines) + "\n"

    canonical, other = packet(2, 2, 0, 2), packet(key, dash, gap, inner)
    assert data(other) == data(canonical)
    result = format_packet(other, "p.md")
    assert result.problems == ()
    assert result.text == format_packet(canonical, "p.md").text
    assert data(result.text) == data(canonical)
    assert format_packet(result.text, "p.md").text == result.text
