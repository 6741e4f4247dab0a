"""``rung validate`` of one packet starts without the standard-library modules it stopped
importing (docs/benchmarks.md, "Cold start, a third round"): the gain, guarded without
timing anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paths import REPO
from rung_bench.synth import write_repository

# dataclasses (with inspect, ast, dis, tokenize): rung.classes instead; typing: only
# under TYPE_CHECKING; copy: only where a schema is copied; hashlib (OpenSSL): the
# built-in hashes of rung.model.digest.
NOT_AT_START = ("dataclasses", "inspect", "ast", "dis", "tokenize", "typing", "copy", "hashlib")


@pytest.mark.parametrize(
    ("where", "argv"),
    [
        # The benchmark's small repository: a ladder and a packet.
        ("small", ["validate", "packets/2026-H2/engineer-00000.md"]),
        ("small", ["validate", "--format", "json", "packets/2026-H2/engineer-00000.md"]),
        ("small", ["validate", "--help"]),
        # This repository: three ladders and the committee roster, whose modules load too.
        ("this", ["validate", "packets/2026-H2/dana-levi.md"]),
    ],
)
def test_validating_one_packet_imports_none_of_them(
    where: str, argv: list[str], tmp_path: Path
) -> None:
    if where == "small":
        write_repository(tmp_path, 1)
    code = (
        "import sys\n"
        "from rung.cli import main\n"
        f"try:\n    code = main({argv!r})\nexcept SystemExit as exit:\n    code = exit.code\n"
        f"print(code, sorted(m for m in {NOT_AT_START!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path if where == "small" else REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},  # no coverage in the child: it imports them all
    )
    assert done.stdout.splitlines()[-1].split(" ", 1)[1] == "[]", done.stderr
    assert done.stdout.splitlines()[-1].split(" ", 1)[0] in {"0", "1"}, done.stderr
