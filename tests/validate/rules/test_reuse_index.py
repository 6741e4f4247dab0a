"""`reuse`'s two-pass index: hashes first, real link keys for the packets that share one.

The index keeps 64-bit hashes of link keys and parses again only the packets
whose hashes meet; these tests check that a hash collision never makes a
notice, and that the worst case (every packet shares every link) names the same
packets, lines and columns as comparing the links themselves.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import FIXTURES, REPO
from rung.cli import main
from rung.validate.rules import reuse
from rung_bench.synth import write_copies

REPOSITORY = REPO


def findings(monkeypatch: pytest.MonkeyPatch, capsys: Any, root: Path) -> list[dict[str, Any]]:
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["validate", "--format", "json"]) == 0
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return found


def test_colliding_hashes_make_no_false_notice(monkeypatch, capsys) -> None:
    honest = findings(monkeypatch, capsys, FIXTURES / "reuse")
    assert sum(f["rule"] == "reuse" for f in honest) == 3
    monkeypatch.setattr(reuse, "key_hash", lambda key: 0)  # every link collides
    assert findings(monkeypatch, capsys, FIXTURES / "reuse") == honest


def test_a_lone_surrogate_in_a_link_is_hashed() -> None:
    assert reuse.key_hash("https://example.com/\ud800") != reuse.key_hash("https://example.com/")


def test_copies_of_one_packet_name_each_other_on_every_link(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    example = REPOSITORY / "packets" / "2026-H2" / "dana-levi.md"
    write_copies(tmp_path, example, REPOSITORY / "ladders", 3)
    found = findings(monkeypatch, capsys, tmp_path)
    assert {f["rule"] for f in found} == {"reuse"}
    per_packet = Counter(f["path"] for f in found)
    paths = [f"packets/2026-H2/dana-levi-{i:05d}.md" for i in range(3)]
    # One notice per distinct link of the packet, as the index of link strings gave.
    assert per_packet == dict.fromkeys(paths, 33)
    quoted = {p: {f["message"].split('"')[1] for f in found if f["path"] == p} for p in paths}
    assert len(quoted[paths[0]]) == 33
    assert quoted[paths[0]] == quoted[paths[1]] == quoted[paths[2]]
    for f in found:
        others = [p for p in paths if p != f["path"]]
        named = re.findall(r"\((packets/[^:]+):(\d+):(\d+)\)", f["message"])
        # The other two copies, at the same line and column (the files are equal).
        assert named == [(p, str(f["line"]), str(f["column"])) for p in others]
        assert f["message"].endswith(
            "this cycle; shared work is fine, say what your part in it was"
        )


@pytest.mark.parametrize("part_size", [1, 3, 7, reuse.PART_SIZE])
@settings(max_examples=150, deadline=None)
@given(hashes=st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-5, 5), max_size=60))
def test_the_hashes_added_twice_are_found_in_any_number_of_parts(
    hashes: list[int], part_size: int
) -> None:
    """One sort for few hashes, up to PARTS for many: always the hashes seen twice."""
    index = reuse.CitationIndex()
    index.hashes.extend(hashes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reuse, "PART_SIZE", part_size)
        found = index._shared_by_sorting()
    assert found == {h for h, n in Counter(hashes).items() if n > 1}
