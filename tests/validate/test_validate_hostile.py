"""Hostile inputs: each gives one clean finding and the right exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from paths import REPO
from rung.cli import main

FIXTURES = REPO / "tests" / "fixtures" / "packets"
CLEAN = (FIXTURES / "2026-H2" / "clean.md").read_bytes()
HEAD = b"---\ncandidate: x\n"

BOMB = (
    HEAD
    + b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + b"".join(
        b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 9) + b"]\n" for i in range(1, 10)
    )
    + b"---\n"
)

CASES = {
    # name: (bytes, exit code, expected output with PATH for the file's path)
    "bomb": (BOMB, 1, "PATH:3:5: error: anchors (&a0) are not allowed; repeat the value [yaml]"),
    "huge": (
        HEAD + b"claim: " + b"x" * (10 * 1024 * 1024) + b"\n---\n",
        1,
        "PATH:1:1: error: file is 10,485,789 bytes, over the 1,048,576-byte limit; move long "
        "material to linked documents [size]",
    ),
    "deep-lists": (
        HEAD + b"evidence: " + b"[" * 10000 + b"]" * 10000 + b"\n---\n",
        1,
        "PATH:3:74: error: nesting deeper than 64 levels [yaml]",
    ),
    "deep-mappings": (
        HEAD + b"evidence: " + b"{a: " * 10000 + b"}" * 10000 + b"\n---\n",
        1,
        "PATH:3:263: error: nesting deeper than 64 levels [yaml]",
    ),
    "binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        1,
        "PATH:1:1: error: not valid UTF-8 (byte 0x89 at offset 0); save the file as UTF-8 [read]",
    ),
    "nul": (
        HEAD + b"name: a\x00b\n---\n",
        1,
        "PATH:3:8: error: file contains a NUL byte; it is not text [read]",
    ),
    "bom": (
        b"\xef\xbb\xbf" + CLEAN,
        0,
        "PATH:1:1: warning: file starts with a UTF-8 byte-order mark; save it without one [read]",
    ),
    "crlf": (
        CLEAN.replace(b"ladder: mini", b"ladder: minni").replace(b"\n", b"\r\n"),
        1,
        "PATH:5:9: error: unknown ladder 'minni'; did you mean 'mini'? (known ladders: mini) "
        "[reference]",
    ),
    "tabs": (
        CLEAN.replace(b"  craft: 4", b"\tcraft: 4"),
        1,
        "PATH:11:1: error: YAML syntax: a tab character; indent with spaces [yaml]",
    ),
    "unclosed": (
        CLEAN.replace(b"\n---\n", b"\n\n"),
        1,
        "PATH:1:1: error: the front matter opened on line 1 is never closed; add a line '---' "
        "after it [yaml]",
    ),
    "empty": (
        b"",
        1,
        "PATH:1:1: error: the file must start with '---' and YAML front matter [yaml]",
    ),
}


def _named(data: bytes, name: str) -> bytes:
    """The packet's candidate matches its file name, so `path` has nothing to say.

    Its links are made its own too: the clean packet's links cited by every case
    would be a `reuse` notice in each.
    """
    data = data.replace(
        b"https://github.com/acme/shop/", b"https://github.com/acme/" + name.encode() + b"/"
    )
    data = data.replace(
        b"https://docs.example.com/", b"https://docs.example.com/" + name.encode() + b"/"
    )
    return data.replace(b"candidate: clean", b"candidate: " + name.encode())


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_bytes(
        (FIXTURES / "ladders" / "mini.yaml").read_bytes()
    )
    (tmp_path / "packets" / "2026-H2").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_clean_finding_and_the_exit_code(
    name: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, code, expected = CASES[name]
    path = f"packets/2026-H2/{name}.md"
    (repo / path).write_bytes(_named(data, name))
    assert main(["validate", path]) == code
    captured = capsys.readouterr()
    assert captured.out == expected.replace("PATH", path) + "\n"
    assert "Traceback" not in captured.err


def test_crlf_alone_is_no_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "packets" / "2026-H2" / "clean.md").write_bytes(CLEAN.replace(b"\n", b"\r\n"))
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == ""


def test_a_file_that_cannot_be_opened_exits_2(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "packets" / "2026-H2" / "gone.md").symlink_to(repo / "nowhere.md")
    assert main(["validate", "packets/2026-H2/gone.md"]) == 2
    assert (
        capsys.readouterr().err == "rung: error: no such file or folder: packets/2026-H2/gone.md\n"
    )
    capsys.readouterr()
    assert main(["validate", "/dev/zero"]) == 2
    assert capsys.readouterr().err == "rung: error: not a regular file: /dev/zero\n"


def test_all_of_them_at_once_in_a_real_process(repo: Path) -> None:
    """The installed command, as CI runs it: exact output, exit 1, no traceback."""
    for name, (data, _, _) in CASES.items():
        (repo / "packets" / "2026-H2" / f"{name}.md").write_bytes(_named(data, name))
    done = subprocess.run(
        [sys.executable, "-m", "rung", "validate"], capture_output=True, text=True, check=False
    )
    expected = sorted(
        e.replace("PATH", f"packets/2026-H2/{n}.md") for n, (_, _, e) in CASES.items()
    )
    assert done.stdout.splitlines() == expected
    assert done.stderr == (
        f"rung: checked {len(CASES)} packets, 1 ladder: 10 errors, 1 warning, 0 notices\n"
    )
    assert done.returncode == 1


def test_a_file_that_cannot_be_read_is_reported_and_exits_2(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Permissions cannot be tested as root: make reading this one file fail instead."""
    locked = repo / "packets" / "2026-H2" / "locked.md"
    locked.write_bytes(_named(CLEAN, "locked"))
    (repo / "packets" / "2026-H2" / "clean.md").write_bytes(CLEAN)
    real = os.open

    def refuse_locked(path: Any, flags: int, *args: Any) -> int:
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_locked)
    assert main(["validate"]) == 2
    assert capsys.readouterr().out == (
        "packets/2026-H2/locked.md:0:0: error: cannot read file: Permission denied [read]\n"
    )
