"""What the `reviewers` rule needs of the roster, kept in ``.rung-cache/`` (issue 29),
never changes a finding: warm or cold, stale, racy, corrupt or hostile, the JSON
output is the same bytes, and a warm run reads neither the roster nor a ladder the
packet does not use."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from paths import REPO
from rung import __version__
from rung.commands import validate_files
from rung.model import repo
from rung.validate import plan_cache
from rung.validate.cache_file import CACHE_DIR
from rung_bench.synth import write_distinct_copies

ONE = "packets/2026-H2/maya-azulay-00001.md"
CACHE = CACHE_DIR / plan_cache.CACHE_NAME


def repository(root: Path, quota: int = 9) -> None:
    """Three copies of an example packet, this repository's ladders, and its roster
    asking for ``quota`` reviewers: more than it has, so every packet is warned."""
    write_distinct_copies(root, REPO / "packets" / "2026-H2" / "maya-azulay.md", REPO, 3)
    roster = root / ".github" / "committee.yml"
    text = roster.read_text("utf-8").replace(
        "reviewers_per_packet: 3", f"reviewers_per_packet: {quota}"
    )
    roster.write_text(text, "utf-8")


def run(monkeypatch: pytest.MonkeyPatch, capsys: Any, root: Path, *args: str) -> bytes:
    from rung.cli import main

    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    main(["validate", "--format", "json", *args])
    out: str = capsys.readouterr().out
    return out.encode("utf-8")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the roster and ladder files read."""
    found: list[str] = []
    real_roster, real_ladder = validate_files.read_roster, repo.load_ladder_file

    def roster(path: Path, *args: Any) -> Any:
        found.append(path.name)
        return real_roster(path, *args)

    def ladder(path: Path, **kwargs: Any) -> Any:
        found.append(path.name)
        return real_ladder(path, **kwargs)

    monkeypatch.setattr(validate_files, "read_roster", roster)
    monkeypatch.setattr(repo, "load_ladder_file", ladder)
    return found


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_cache, "RACY_SECONDS", -(10**6))  # trust stamps at once


def test_a_warm_run_reads_only_the_packets_ladder(
    monkeypatch, capsys, tmp_path: Path, reads: list[str], trusting: None
) -> None:
    repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    assert b'"rule": "reviewers"' in cold and b"roster asks for 9" in cold
    assert sorted(reads) == ["beyond.yaml", "committee.yml", "dotnet.yaml", "thelotter.yaml"]
    assert (tmp_path / CACHE).is_file()
    reads.clear()
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert reads == ["thelotter.yaml"]
    (tmp_path / CACHE).unlink()
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold


def test_an_invalid_roster_is_cached_as_planning_nobody(
    monkeypatch, capsys, tmp_path: Path, reads: list[str], trusting: None
) -> None:
    repository(tmp_path)
    roster = tmp_path / ".github" / "committee.yml"
    roster.write_text(roster.read_text("utf-8").replace("thelotter: ic-l4", "thelotter: ic-l99"))
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    assert b'"rule": "reviewers"' not in cold
    assert json.loads((tmp_path / CACHE).read_bytes())["plan"] is None
    reads.clear()
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert "committee.yml" not in reads
    # Asked for (its path given), the roster is read and its findings reported.
    asked = run(monkeypatch, capsys, tmp_path, ONE, ".github/committee.yml")
    assert b"ic-l99" in asked and "committee.yml" in reads


def test_an_edited_roster_or_a_new_ladder_is_read_again(
    monkeypatch, capsys, tmp_path: Path, reads: list[str], trusting: None
) -> None:
    repository(tmp_path)
    warned = run(monkeypatch, capsys, tmp_path, ONE)
    roster = tmp_path / ".github" / "committee.yml"
    before = os.stat(roster)
    roster.write_text(roster.read_text("utf-8").replace("per_packet: 9", "per_packet: 1"))
    os.utime(roster, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime put back
    assert os.stat(roster).st_size == before.st_size
    reads.clear()
    quiet = run(monkeypatch, capsys, tmp_path, ONE)
    assert b'"rule": "reviewers"' not in quiet and "committee.yml" in reads
    (tmp_path / "ladders" / "new.yaml").write_text("id: new\n", "utf-8")  # broken: no matter
    reads.clear()
    assert run(monkeypatch, capsys, tmp_path, ONE) == quiet
    assert "committee.yml" in reads and "new.yaml" in reads
    assert warned != quiet


def test_a_racy_roster_is_not_cached(monkeypatch, capsys, tmp_path: Path) -> None:
    """Files changed within RACY_SECONDS of the run may change again in the same clock
    tick without a new stamp: nothing is kept until they are older."""
    repository(tmp_path)
    monkeypatch.setattr(plan_cache, "RACY_SECONDS", 10**6)
    run(monkeypatch, capsys, tmp_path, ONE)
    assert not (tmp_path / CACHE).exists()


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(plan={"quota": 0, "exclude_manager": True, "levels": {}}),
        lambda d: d.update(version=99),
        lambda d: d.update(rung="0.0.0"),
    ],
)
def test_a_foreign_or_hostile_cache_is_ignored(
    monkeypatch, capsys, tmp_path: Path, trusting: None, edit: Any
) -> None:
    """A cache committed to the repository says nobody is short of reviewers: its
    stamps are not this checkout's, so the roster is read again; another version's
    cache is ignored too."""
    repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    cache = tmp_path / CACHE
    data = json.loads(cache.read_bytes())
    hostile = dict(data)
    edit(hostile)
    hostile["files"] = {k: [*v[:3], v[3] + 1] for k, v in data["files"].items()}  # other inodes
    cache.write_text(json.dumps(hostile), "utf-8")
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    edit(data)  # the right stamps, but another version or content
    if data["version"] != plan_cache.VERSION or data["rung"] != __version__:
        cache.write_text(json.dumps(data), "utf-8")
        assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    cache.unlink()
    cache.symlink_to(tmp_path / "hostile.json")
    (tmp_path / "hostile.json").write_text(json.dumps(data), "utf-8")
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"version": 1}',
        b'{"version": 1, "rung": "0.1.0", "files": {}, "plan": []}',
    ],
)
def test_a_corrupt_cache_is_ignored(
    monkeypatch, capsys, tmp_path: Path, trusting: None, content: bytes
) -> None:
    repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    (tmp_path / CACHE).write_bytes(content)
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold


@pytest.mark.parametrize(
    "plan",
    [
        [],
        {"quota": True, "exclude_manager": True, "levels": {}},
        {"quota": 3, "exclude_manager": 1, "levels": {}},
        {"quota": 3, "exclude_manager": True, "levels": {"thelotter": {"ic-l5": "ann"}}},
        {"quota": 3, "exclude_manager": True, "levels": {"thelotter": {"ic-l5": [1]}}},
        {"quota": 3, "exclude_manager": True, "levels": {"thelotter": []}},
        {"quota": 3, "exclude_manager": True, "levels": []},
        {"quota": 3, "exclude_manager": True, "levels": None},
    ],
)
def test_a_malformed_plan_with_the_right_stamps_is_ignored(
    monkeypatch, capsys, tmp_path: Path, trusting: None, plan: object
) -> None:
    repository(tmp_path)
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    cache = tmp_path / CACHE
    data = json.loads(cache.read_bytes())
    data["plan"] = plan
    cache.write_text(json.dumps(data), "utf-8")
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
    assert json.loads(cache.read_bytes())["plan"] != plan  # written anew


def test_a_roster_that_is_a_symbolic_link_is_never_cached(
    monkeypatch, capsys, tmp_path: Path, trusting: None
) -> None:
    repository(tmp_path)
    roster = tmp_path / ".github" / "committee.yml"
    roster.rename(tmp_path / "real.yml")
    roster.symlink_to(tmp_path / "real.yml")
    run(monkeypatch, capsys, tmp_path, ONE)
    assert not (tmp_path / CACHE).exists()


def test_a_change_in_the_code_that_makes_the_plan_reads_the_roster_again(
    monkeypatch, capsys, tmp_path: Path, reads: list[str], trusting: None
) -> None:
    """An upgrade, or a checkout of another commit of rung, may decide eligibility
    otherwise: the plan is kept with the size and mtime of the code that made it."""
    code = tmp_path / "code" / "eligibility.py"
    code.parent.mkdir()
    code.write_text("x = 1\n", "utf-8")
    monkeypatch.setattr(plan_cache, "CODE", (*plan_cache.CODE, str(code.parent)))
    root = tmp_path / "repo"
    repository(root)
    cold = run(monkeypatch, capsys, root, ONE)
    reads.clear()
    assert run(monkeypatch, capsys, root, ONE) == cold
    assert "committee.yml" not in reads
    code.write_text("x = 22\n", "utf-8")
    assert run(monkeypatch, capsys, root, ONE) == cold
    assert "committee.yml" in reads
    assert str(code) in (root / CACHE).read_text("utf-8")


def test_ladders_below_a_symbolic_link_are_never_cached(
    monkeypatch, capsys, tmp_path: Path, trusting: None
) -> None:
    """Each ladder file is a regular file, but its folder is a link: not trusted."""
    repository(tmp_path)
    ladders = tmp_path / "ladders"
    ladders.rename(tmp_path / "real-ladders")
    ladders.symlink_to(tmp_path / "real-ladders")
    run(monkeypatch, capsys, tmp_path, ONE)
    assert not (tmp_path / CACHE).exists()


def test_the_plan_is_marked_with_every_file_of_the_code_that_makes_it(
    monkeypatch, capsys, tmp_path: Path, trusting: None
) -> None:
    """The roster's and ladders' reading and checking, their schemas, the eligibility
    rule and this cache: a change in any of them is another answer."""
    repository(tmp_path)
    run(monkeypatch, capsys, tmp_path, ONE)
    marked = {path for path, _, _ in json.loads((tmp_path / CACHE).read_bytes())["code"]}
    package = Path(plan_cache.__file__).parent.parent
    for part in ("committee", "ladder", "loaders", "schemas"):
        files = {str(p) for p in (package / part).iterdir() if p.suffix in {".py", ".json"}}
        assert files and files <= marked, part
    for part in ("validate/rules/reviewers.py", "validate/plan_cache.py"):
        assert str(package / part) in marked


@pytest.mark.parametrize("future", [False, True])
def test_the_racy_window_is_measured_from_the_later_of_mtime_and_ctime(
    tmp_path: Path, future: bool
) -> None:
    """A file last changed (its mtime, or its ctime when the mtime was set back or
    forward) RACY_SECONDS or less before the stamp is not trusted; a nanosecond more is."""
    roster = tmp_path / "committee.yml"
    roster.write_text("reviewers_per_packet: 3\n", "utf-8")
    now = os.stat(roster).st_ctime_ns
    shift = 3600 * 10**9 * (1 if future else -1)
    os.utime(roster, ns=(now + shift, now + shift))  # mtime after or before the ctime
    stamped = plan_cache.stamp(roster, {})
    assert stamped is not None
    size, mtime, ctime, _ = stamped.stamps[""]
    assert (mtime > ctime) is future
    window = 2_000_000_000  # FAT keeps mtimes to two seconds
    stamped.at_ns = max(mtime, ctime) + window
    plan_cache.write(tmp_path, stamped, None, {})
    assert not (tmp_path / CACHE).exists()
    stamped.at_ns += 1
    plan_cache.write(tmp_path, stamped, None, {})
    data = json.loads((tmp_path / CACHE).read_bytes())
    assert data["files"] == {"": stamped.stamps[""]} and data["plan"] is None
    assert data["files"][""][0] == size == len("reviewers_per_packet: 3\n")


@pytest.mark.parametrize("change", ["edit", "remove"])
def test_a_file_changed_while_the_plan_was_made_is_not_cached(tmp_path: Path, change: str) -> None:
    roster, ladder = tmp_path / "committee.yml", tmp_path / "l.yaml"
    roster.write_text("reviewers_per_packet: 3\n", "utf-8")
    ladder.write_text("id: l\n", "utf-8")
    stamped = plan_cache.stamp(roster, {"l": ladder})
    assert stamped is not None
    stamped.at_ns += 10**6 * 10**9  # long after: the stamps alone would be trusted
    if change == "edit":
        # Another size: an edit of the same size in the same clock tick keeps every
        # stamp (the racy window covers that case), and this test must not need time.
        ladder.write_text("id: mm\n", "utf-8")
    else:
        ladder.unlink()
    plan_cache.write(tmp_path, stamped, None, {})
    assert not (tmp_path / CACHE).exists()


def test_a_packet_for_a_level_the_ladder_lacks_is_left_to_reference_warm_or_cold(
    monkeypatch, capsys, tmp_path: Path, trusting: None
) -> None:
    repository(tmp_path)
    packet = tmp_path / ONE
    packet.write_text(packet.read_text("utf-8").replace("to: em-l4", "to: em-l99"), "utf-8")
    cold = run(monkeypatch, capsys, tmp_path, ONE)
    assert b"em-l99" in cold and b"roster asks for" not in cold
    assert (tmp_path / CACHE).is_file()
    assert run(monkeypatch, capsys, tmp_path, ONE) == cold
