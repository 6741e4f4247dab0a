"""Colour: the level word on a terminal only, never with NO_COLOR, always with FORCE_COLOR."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from paths import REPO
from rung.problems import Level
from rung.validate.colour import level_word, use_colour

RED_ERROR = "\x1b[1;31merror\x1b[0m"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("terminal", "env", "expected"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # no-color.org: set *and not empty*
        (False, {"FORCE_COLOR": "1"}, True),
        (False, {"FORCE_COLOR": "0"}, False),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # never with NO_COLOR
    ],
)
def test_when_to_colour(terminal: bool, env: dict[str, str], expected: bool) -> None:
    stream = _Terminal() if terminal else io.StringIO()
    assert use_colour(stream, env) is expected


def test_level_words() -> None:
    assert level_word(Level.ERROR, colour=True) == RED_ERROR
    assert level_word(Level.WARNING, colour=True) == "\x1b[33mwarning\x1b[0m"
    assert level_word(Level.NOTICE, colour=True) == "\x1b[36mnotice\x1b[0m"
    assert [level_word(lv, colour=False) for lv in Level] == ["notice", "warning", "error"]


def _invalid_packet(tmp_path: Path) -> Path:
    text = (REPO / "packets" / "2026-H2" / "dana-levi.md").read_text(encoding="utf-8")
    packet = tmp_path / "dana-levi.md"
    packet.write_text(text.replace("to: ic-l5\n", ""), encoding="utf-8")
    return packet


def _validate(packet: Path, env: dict[str, str], *, terminal: bool) -> str:
    """``rung validate PACKET``'s standard output, written to a pseudo-terminal or a pipe."""
    clean = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    argv = [sys.executable, "-m", "rung", "validate", str(packet), "--format", "text"]
    if not terminal:
        done = subprocess.run(
            argv, cwd=REPO, env={**clean, **env}, capture_output=True, text=True, check=False
        )
        assert done.returncode == 1
        return done.stdout
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            argv, cwd=REPO, env={**clean, **env}, stdout=follower, stderr=subprocess.DEVNULL
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the process ends (EIO on Linux)
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 1
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_validate_colours_the_level_on_a_terminal_only(tmp_path: Path) -> None:
    packet = _invalid_packet(tmp_path)
    on_terminal = _validate(packet, {}, terminal=True)
    assert f": {RED_ERROR}: missing required field(s): to [schema]" in on_terminal
    assert "\x1b[" not in _validate(packet, {"NO_COLOR": "1"}, terminal=True)
    piped = _validate(packet, {}, terminal=False)
    assert "\x1b[" not in piped
    assert ": error: missing required field(s): to [schema]\n" in piped
    assert f": {RED_ERROR}: missing required field(s): to" in _validate(
        packet, {"FORCE_COLOR": "1"}, terminal=False
    )
