"""`rung fmt` on the files a new user trips over (issue 28's rough edges): a byte-order
mark is fixed rather than failing the hook, an alias bomb or a YAML-only line break is
refused with one finding, and a claim with a no-break space is folded like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main

PACKET = (REPO / "packets" / "2026-H2" / "dana-levi.md").read_text("utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "packets").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_byte_order_mark_is_removed_and_the_run_is_clean(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "packets" / "p.md"
    path.write_bytes(b"\xef\xbb\xbf" + PACKET.encode())
    assert main(["fmt", "--check", "packets/p.md"]) == 1
    assert "would reformat packets/p.md" in capsys.readouterr().out
    assert main(["fmt", "packets/p.md"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("reformatted packets/p.md\n", "rung: 1 file reformatted\n")
    assert path.read_bytes() == PACKET.encode()
    assert main(["fmt", "--check", "packets/p.md"]) == 0


def bomb(levels: int) -> str:
    rows = ["---", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefghijklmnop", "bcdefghijklmnop"[:levels], strict=False):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join([*rows, "---", "", "body", ""])


def test_an_alias_bomb_is_refused_as_validate_refuses_it_without_expanding(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 9**12 leaves: a walk of the alias graph would never end.
    (repo / "packets" / "p.md").write_text(bomb(12), "utf-8")
    assert main(["fmt", "packets/p.md"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "packets/p.md:2:4: error: anchors (&a) are not allowed; repeat the value [yaml]\n"
    )
    assert err == "rung: 0 files reformatted\n"
    assert (repo / "packets" / "p.md").read_text("utf-8") == bomb(12)


@pytest.mark.parametrize(
    ("line", "column", "char", "name"),
    [
        ("# see\u2028below", 6, "2028", "line separator"),
        ("note: a\u2028b", 8, "2028", "line separator"),
        ("note: a\x85b", 8, "0085", "next line"),
        ("note: 'a\u2029b'", 9, "2029", "paragraph separator"),
    ],
)
def test_a_line_break_only_yaml_sees_is_one_finding_not_a_crash_or_a_hang(
    repo: Path, capsys: pytest.CaptureFixture[str], line: str, column: int, char: str, name: str
) -> None:
    text = PACKET.replace("---\n", f"---\n{line}\n", 1)
    (repo / "packets" / "p.md").write_text(text, "utf-8")
    assert main(["fmt", "packets/p.md"]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        f"packets/p.md:2:{column}: error: character U+{char} ({name}) in the front matter: "
        "YAML reads it as a line break; replace it with a space or a new line [yaml]\n"
    )
    assert (repo / "packets" / "p.md").read_text("utf-8") == text


def test_a_long_claim_with_a_no_break_space_is_folded(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = (
        "Owned payouts-v2 end to end, from the HLD through rollout behind a flag to removing "
        "the old code path, delivered in Q1\u00a02026."
    )
    old = "    - claim: >-\n        Wrote the HLD for the payouts-v2 epic"
    rest = PACKET[PACKET.index(old) + len(old) :]
    rest = rest[rest.index("      links:") :]
    text = PACKET[: PACKET.index(old)] + f"    - claim: {claim}\n" + rest
    (repo / "packets" / "p.md").write_text(text, "utf-8")
    assert main(["fmt", "packets/p.md"]) == 0
    formatted = (repo / "packets" / "p.md").read_text("utf-8")
    assert (
        "    - claim: >-\n"
        "        Owned payouts-v2 end to end, from the HLD through rollout behind a flag to "
        "removing the old\n"
        "        code path, delivered in Q1\u00a02026.\n"
    ) in formatted
