"""`rung packet sync` through the command line: a criterion added to the ladder lands after
a final `gap: |` whose lines start with `#` (they stay the gap's text), and the run ends
with a one-line summary on standard error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paths import REPO
from rung.cli import main
from rung.model.packet import parse_packet

DANA = "packets/2026-H2/dana-levi.md"
LAST = "  ic-l5.culture.builds-strong-collaborative-relationships-in:\n"
GAP = "    gap: |\n      Not yet, and on purpose:\n      #1 the ledger pairing ends in May\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("ladders", "packets", ".github"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_new_criterion_goes_after_a_final_gap_block_and_the_run_says_what_it_did(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet = repo / DANA
    text = packet.read_text("utf-8")
    head, _ = text.split(LAST)
    _, body = text.split("\n---\n", 1)
    packet.write_text(head + LAST + GAP + "---\n" + body, "utf-8")
    ladder = repo / "ladders" / "thelotter.yaml"
    anchor = "          - id: ic-l5.execution.hld-for-epics\n"
    new = "          - id: ic-l5.execution.writes-runbooks\n            text: You write runbooks.\n"
    ladder.write_text(ladder.read_text("utf-8").replace(anchor, new + anchor), "utf-8")

    assert main(["packet", "sync", DANA]) == 0
    out, err = capsys.readouterr()
    assert out == f"synced {DANA}: added ic-l5.execution.writes-runbooks\n"
    assert err == "rung: 1 packet synced, 0 up to date\n"
    synced = packet.read_text("utf-8")
    assert synced == (
        head + LAST + GAP + "  # You write runbooks.\n  ic-l5.execution.writes-runbooks:\n"
        '    - claim: ""\n      links: []\n---\n' + body
    )
    parsed, _ = parse_packet(synced, DANA)
    assert parsed is not None
    gap = parsed.evidence["ic-l5.culture.builds-strong-collaborative-relationships-in"].gap
    assert gap == "Not yet, and on purpose:\n#1 the ledger pairing ends in May\n"

    assert main(["packet", "sync", "--check"]) == 0
    assert capsys.readouterr() == ("", "rung: 0 packets would change, 4 up to date\n")
