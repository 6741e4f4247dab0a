"""Which commit a PDF is rendered from, and that commit's date (never the clock).

The *head* is ``--commit``, then ``GITHUB_SHA`` (set in GitHub Actions), then
``git rev-parse HEAD`` in the packet's directory, else no commit.  A packet is
stamped with the last commit, up to the head, that changed what its PDF is
drawn from (:func:`stamp_packets`): its file, its ladder file, anything under
``templates/``.  So its PDF, and the render cache's key, change only when
those do, never because another packet was committed.  The date is git's
committer date of that commit; when git does not know the commit (a shallow
clone without it, no git at all), ``SOURCE_DATE_EPOCH`` is used if set, else
the PDF carries no date.  A packet file that differs from that commit (edited,
staged, or not in it at all) is stamped "uncommitted changes on top of <sha>":
the PDF must not claim a commit it was not rendered from.  git runs as a subprocess with an argument list, never
through a shell, and the SHA is checked to be hex before git sees it.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from rung.classes import replace
from rung.problems import FatalError
from rung.render.context import CommitInfo

_SHA = re.compile(r"[0-9a-fA-F]{7,64}\Z")
GIT_TIMEOUT = 20


def _git(directory: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


def _epoch_date(environ: Mapping[str, str]) -> str | None:
    value = environ.get("SOURCE_DATE_EPOCH", "")
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), UTC).isoformat().replace("+00:00", "Z")


def resolve_commit(
    explicit: str | None, directory: Path, environ: Mapping[str, str] = os.environ
) -> CommitInfo | None:
    """The commit to stamp on PDFs rendered from files in ``directory``."""
    sha = explicit or environ.get("GITHUB_SHA") or _git(directory, "rev-parse", "HEAD")
    if not sha:
        return None
    if not _SHA.match(sha):
        source = "--commit" if explicit else "GITHUB_SHA" if environ.get("GITHUB_SHA") else "git"
        raise FatalError(
            f"{source} gave '{sha[:80]}', which is not a commit SHA (7 to 64 hex digits)"
        )
    full = _git(directory, "rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}") or sha
    date = _git(directory, "show", "-s", "--format=%cI", full, "--") or _epoch_date(environ)
    return CommitInfo(full.lower(), date)


def with_worktree_state(commit: CommitInfo | None, packet: Path) -> CommitInfo | None:
    """``commit``, marked ``dirty`` when ``packet`` on disk is not the file at that commit.

    Compares blob ids (``git rev-parse SHA:./NAME`` against ``git hash-object``,
    which applies the repository's filters, so line-ending settings do not count
    as changes).  When git does not know the commit (a shallow clone without it,
    no git), nothing is claimed either way.
    """
    if commit is None:
        return None
    folder, name = packet.resolve().parent, packet.name
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{commit.sha}^{{commit}}") is None:
        return commit
    committed = _git(folder, "rev-parse", "--verify", "--quiet", f"{commit.sha}:./{name}")
    on_disk = _git(folder, "hash-object", "--", name)
    return replace(commit, dirty=committed is None or committed != on_disk)


# --- one stamp per packet ------------------------------------------------------------------


def _literal(path: str) -> str:
    """A pathspec that matches ``path`` itself: ``*`` or ``[`` in a file name is not a glob."""
    return f":(literal){path}"


def _log(root: Path, head: str, pathspecs: Sequence[str]) -> Iterator[tuple[str, str, list[str]]]:
    """``(sha, committer date, changed paths)`` for each commit up to ``head`` that changed
    one of ``pathspecs``, newest first, read as git writes it (the caller stops early).

    A merge lists what it changed against its first parent; renames are a deletion
    and an addition (``--no-renames``: the same answer whatever ``diff.renames`` says);
    ``--relative`` names paths from ``root`` as the caller does.  Each commit starts
    with a random marker: a file name (anyone may push one) cannot pose as a commit."""
    marker = f"rung-{secrets.token_hex(16)}:".encode()
    argv = ["git", "-C", str(root), "log", f"--format={marker.decode()}%H %cI", "--name-only", "-z",
            "--no-renames", "--relative", "--diff-merges=first-parent", head, "--",
            *map(_literal, pathspecs)]  # fmt: skip
    try:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return
    assert process.stdout is not None
    pending = b""
    try:
        while chunk := process.stdout.read(1 << 16):
            *done, pending = (pending + chunk).split(marker)
            for record in done:
                if record:
                    yield _record(record)
        if pending:
            yield _record(pending)
    finally:
        process.kill()  # the caller may stop before git is done walking the history
        process.stdout.close()
        process.wait()


def _record(record: bytes) -> tuple[str, str, list[str]]:
    header, _, names = record.partition(b"\0")
    sha, _, date = header.decode("ascii", "replace").partition(" ")
    return sha, date, [os.fsdecode(n) for n in names.lstrip(b"\n").split(b"\0") if n]


def _blobs_at(root: Path, sha: str, folders: Sequence[str]) -> dict[str, str]:
    """Path -> blob id of every file under ``folders`` in commit ``sha``."""
    argv = ["git", "-C", str(root), "ls-tree", "-r", "-z", sha, "--", *map(_literal, folders)]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    blobs = {}
    for line in done.stdout.split(b"\0"):
        meta, _, name = line.partition(b"\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == b"blob":
            blobs[os.fsdecode(name)] = fields[2].decode()
    return blobs


def _blobs_on_disk(root: Path, paths: Sequence[str]) -> dict[str, str]:
    """Path -> the blob id ``git add`` would give the file on disk (filters applied)."""
    listed = [p for p in paths if "\n" not in p]  # one name per line on git's stdin
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "hash-object", "--stdin-paths"],
            input="".join(f"{p}\n" for p in listed).encode(errors="surrogateescape"),
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    ids = done.stdout.decode().split()
    return dict(zip(listed, ids, strict=False)) if done.returncode == 0 else {}


def stamp_packets(
    head: CommitInfo | None, root: Path, packets: Sequence[tuple[str, str | None]], templates: str
) -> list[CommitInfo | None]:
    """Each packet's stamp, for packets given as ``(packet path, ladder path)`` relative to
    ``root`` (``templates`` too): the newest commit up to ``head`` that changed the
    packet, its ladder or a template, marked ``dirty`` when the packet on disk is not
    the file at ``head``.  Two calls of ``git log`` / ``ls-tree`` / ``hash-object`` in
    all, however many packets.  A packet none of whose inputs git has seen is
    stamped with ``head``; when git does not know ``head`` (a shallow clone without
    it, no git), every packet is stamped with ``head`` and nothing is claimed."""
    if head is None:
        return [None] * len(packets)
    if _git(root, "rev-parse", "--verify", "--quiet", f"{head.sha}^{{commit}}") is None:
        return [head] * len(packets)
    wanted = {p for pair in packets for p in pair if p is not None}
    folders = sorted({str(Path(p).parent) for p, _ in packets})
    pathspecs = sorted({*folders, *(ladder for _, ladder in packets if ladder), templates})
    # path (or the templates folder) -> (age: 0 for the newest commit, sha, date)
    found: dict[str, tuple[int, str, str]] = {}
    prefix = templates.rstrip("/") + "/"
    for age, (sha, date, names) in enumerate(_log(root, head.sha, pathspecs)):
        if not _SHA.match(sha):
            break  # not git's log: stamp from what was read so far
        for name in names:
            key = templates if name.startswith(prefix) else name
            if key not in found and (key in wanted or key == templates):
                found[key] = (age, sha, date)
        if len(found) == len(wanted) + 1:
            break  # every input's last change is known: older history cannot change that
    committed = _blobs_at(root, head.sha, folders)
    on_disk = _blobs_on_disk(root, [p for p, _ in packets])
    stamps: list[CommitInfo | None] = []
    for packet, ladder in packets:
        changes = [found[k] for k in (packet, ladder, templates) if k is not None and k in found]
        dirty = committed.get(packet) is None or committed.get(packet) != on_disk.get(packet)
        if changes:
            _, sha, date = min(changes)
            stamps.append(CommitInfo(sha.lower(), date or None, dirty))
        else:
            stamps.append(replace(head, dirty=dirty))
    return stamps
