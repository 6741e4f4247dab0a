"""The promotion record on its ref, read and appended through GitHub's Git Data API.

Never a checkout: reading is ref -> commit -> tree -> blob; appending writes a
blob, a tree on the ref's tree (``base_tree``), a commit whose parent is the ref's
commit, then moves the ref with ``force: false``.  Requests per append: 6 reads
(ref, commit, three trees, blob) and 4 writes; one more round per conflict.

Concurrent runs (two workflow runs recording at once) cannot lose an event:
GitHub moves the ref only to a descendant of where it is, so of two appends read
at the same commit one is refused with 422 "Update is not a fast forward"; the
refused one reads the new tail, drops what is already recorded, chains its lines
onto the new last line and tries again (bounded, with a jittered wait).  Each
refusal means another append got in, so with N appenders of M events each no
append is refused more than (N - 1) * M times.  The objects created before a
refusal are left unreferenced, which costs nothing.

Idempotent: an event already in the file (same content, apart from when and
where it was recorded) is not appended again, so a rerun after a failure in the
middle, or a retried request GitHub had already carried out, records nothing twice.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests
from github import GithubException

from rung.classes import replace
from rung.github.client import GitHubClient
from rung.github.context import GitHubError
from rung.github.retry import retry_wait
from rung.problems import FatalError
from rung.record.chain import (
    RecordBroken,
    RecordFile,
    chain_lines,
    decode_bytes,
    unrecorded,
)
from rung.record.compare import CommentKey, SeenComment, pulls_to_read, recorded_comments
from rung.record.events import Entry, Event, body_sha256
from rung.record.files import DEFAULT_REF, check_ref

REF_ENV = "RUNG_RECORD_REF"
ATTEMPTS = 10  # rounds of read-append-move before giving up (each refusal: another got in)


def record_ref(env: Mapping[str, str]) -> str:
    """The record's branch: ``$RUNG_RECORD_REF`` or ``rung-record``."""
    try:
        return check_ref(env.get(REF_ENV) or DEFAULT_REF)
    except ValueError as err:
        raise FatalError(f"{REF_ENV}: {err}") from None


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class NotYetThere(GitHubError):
    """An object the ref leads to could not be read (GitHub's replicas can lag a write)."""


@dataclass(frozen=True)
class AppendOutcome:
    appended: tuple[str, ...]  # the lines written, in order
    skipped: int  # events already in the record
    commit: str | None  # the ref's commit afterwards
    attempts: int  # rounds taken (1 when nobody else was writing)


class RecordStore:
    """The record files on one ref of the client's repository."""

    def __init__(
        self,
        client: GitHubClient,
        ref: str = DEFAULT_REF,
        *,
        attempts: int = ATTEMPTS,
        clock: Callable[[], str] = utc_now,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.ref = check_ref(ref)
        self.attempts = attempts
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not a secret
        self.base = f"/repos/{client.repository}/git"

    # --- reading ----------------------------------------------------------------------

    def _get(self, url: str, what: str, *, optional: bool = False) -> dict[str, Any] | None:
        """GitHub's JSON for a GET.  404 (and 409, an empty repository) is None only when
        ``optional``; otherwise NotYetThere, never an empty answer: a tree or blob read as
        missing would make an append write the file anew, without its earlier lines."""
        try:
            _, data = self.client.github.requester.requestJsonAndCheck("GET", url)
        except GithubException as err:
            if err.status in (404, 409) and optional:
                return None
            if err.status == 404:
                raise NotYetThere(f"{what}: GitHub answered 404 for {url}", 404) from None
            raise self.client.translate(err, what) from None
        except requests.RequestException as err:
            raise self.client.translate(err, what) from None
        if not isinstance(data, dict):
            raise GitHubError(f"{what}: GitHub answered without the object asked for")
        return data

    def head(self) -> str | None:
        """The commit the ref points at, or None when there is no ref yet."""
        url, what = f"{self.base}/ref/heads/{self.ref}", f"reading the ref {self.ref}"
        found = self._get(url, what, optional=True)
        if found is None:
            return None
        return str((found.get("object") or {}).get("sha") or "") or None

    def read(self, path: str) -> RecordFile:
        """The record file ``path`` (``records/C/L.jsonl``) at the ref's current commit."""
        return self._read_at(self.head(), path)

    def _read_at(self, commit: str | None, path: str) -> RecordFile:
        if commit is None:
            return RecordFile(path, "", [], None, None, None)
        what = f"reading {path} on {self.ref}"
        found = self._get(f"{self.base}/commits/{commit}", what)
        tree = str(((found or {}).get("tree") or {}).get("sha") or "")
        if not tree:
            raise GitHubError(f"{what}: commit {commit} has no tree")
        sha: str | None = tree
        *folders, name = path.split("/")
        for part in folders:
            sha = self._entry(sha, part, "tree", what) if sha else None
        blob = self._entry(sha, name, "blob", what) if sha else None
        if blob is None:
            return RecordFile(path, "", [], commit, tree, None)
        return replace(self._blob(commit, path, blob), tree=tree)

    def files_under(self, folder: str) -> list[RecordFile]:
        """Every record file (``*.jsonl``) under ``folder`` at the ref's current commit."""
        commit = self.head()
        if commit is None:
            return []
        what = f"listing {folder} on {self.ref}"
        found = self._get(f"{self.base}/commits/{commit}", what) or {}
        sha: str | None = str((found.get("tree") or {}).get("sha") or "") or None
        for part in folder.split("/"):
            sha = self._entry(sha, part, "tree", what) if sha else None
        blobs = sorted(self._walk(sha, folder, what)) if sha else []
        return [self._blob(commit, path, blob) for path, blob in blobs]

    def _walk(self, tree: str, prefix: str, what: str) -> list[tuple[str, str]]:
        listing = self._get(f"{self.base}/trees/{tree}", what) or {}
        found: list[tuple[str, str]] = []
        for entry in listing.get("tree") or []:
            name, kind = f"{prefix}/{entry.get('path')}", entry.get("type")
            if kind == "tree":
                found += self._walk(str(entry.get("sha")), name, what)
            elif kind == "blob" and name.endswith(".jsonl"):
                found.append((name, str(entry.get("sha"))))
        return found

    def _blob(self, commit: str, path: str, blob: str) -> RecordFile:
        data = self._get(f"{self.base}/blobs/{blob}", f"reading {path} on {self.ref}") or {}
        if data.get("encoding") not in ("base64", "utf-8"):
            raise GitHubError(
                f"reading {path} on {self.ref}: GitHub sent the blob without its content"
            )
        content = str(data.get("content") or "")
        raw = base64.b64decode(content) if data.get("encoding") == "base64" else content.encode()
        text, problems = decode_bytes(raw, path)
        return RecordFile(path, text, problems, commit, None, blob)

    def _entry(self, tree: str, name: str, kind: str, what: str) -> str | None:
        listing = self._get(f"{self.base}/trees/{tree}", what) or {}
        for entry in listing.get("tree") or []:
            if entry.get("path") == name and entry.get("type") == kind:
                return str(entry.get("sha"))
        return None

    # --- appending --------------------------------------------------------------------

    def append(self, path: str, events: Sequence[Event], message: str = "") -> AppendOutcome:
        """Append the events not yet recorded to ``path``; RecordBroken when its chain has
        findings, GitHubError when no round succeeded."""
        for attempt in range(1, self.attempts + 1):
            try:
                current = self._read_at(self.head(), path)
            except NotYetThere:
                self.client.sleep(self.rng.uniform(0, self.client.settings.backoff_wait(attempt)))
                continue  # read again: never append to what could not be read
            entries, problems = current.chain()
            if problems:
                raise RecordBroken(path, problems)
            fresh = unrecorded([e for _, e in entries], events)
            if not fresh:
                return AppendOutcome((), len(events), current.commit, attempt)
            lines = chain_lines(current.text, fresh, self.clock(), path)
            commit = self._commit(current, lines, message)
            if self._move(current.commit, commit):
                return AppendOutcome(tuple(lines), len(events) - len(fresh), commit, attempt)
            wait = self.client.settings.backoff_wait(attempt)
            self.client.sleep(self.rng.uniform(0, wait))  # jitter: racing runs spread out
        raise GitHubError(
            f"appending to {path}: {self.attempts} rounds without success (the ref {self.ref} "
            "kept moving, or GitHub could not yet serve what it leads to); nothing was lost "
            "(rerun: what is recorded already is not appended again)"
        )

    def _commit(self, current: RecordFile, lines: list[str], message: str) -> str:
        data = (current.text + "".join(f"{line}\n" for line in lines)).encode("utf-8")
        what = f"writing {current.path} on {self.ref}"
        encoded = {"content": base64.b64encode(data).decode("ascii"), "encoding": "base64"}
        blob = self._post("blobs", encoded, what)
        entry = {"path": current.path, "mode": "100644", "type": "blob", "sha": blob}
        body: dict[str, Any] = {"tree": [entry]}
        if current.tree is not None:
            body["base_tree"] = current.tree
        tree = self._post("trees", body, what)
        first = current.text.count("\n") + 1
        span = f"{first}" if len(lines) == 1 else f"{first}-{first + len(lines) - 1}"
        subject = message or f"rung record: {current.path} line {span}"
        parents = [current.commit] if current.commit else []
        return self._post("commits", {"message": subject, "tree": tree, "parents": parents}, what)

    def _post(self, kind: str, body: dict[str, Any], what: str) -> str:
        """Create a Git object; its SHA.  Objects are named by their content, so a POST
        retried after GitHub already stored it creates nothing new."""
        attempt = 1
        while True:
            try:
                answer = self.client.write("POST", f"{self.base}/{kind}", body, 201)
                sha = answer.get("sha")
                if not isinstance(sha, str) or len(sha) != 40:
                    raise GitHubError(f"{what}: GitHub's answer holds no SHA")
                return sha
            except (GithubException, requests.RequestException) as err:
                wait = retry_wait(err, attempt, self.client.settings)
                if wait is None:
                    raise self.client.translate(err, what) from None
                self.client.sleep(wait)
            attempt += 1

    def _move(self, old: str | None, new: str) -> bool:
        """Point the ref at ``new`` if it still is where it was read (``old``); False when
        another run moved (or made) it first."""
        what = f"moving {self.ref} to {new}"
        try:
            if old is None:
                body = {"ref": f"refs/heads/{self.ref}", "sha": new}
                self.client.write("POST", f"{self.base}/refs", body, 201)
            else:
                url = f"{self.base}/refs/heads/{self.ref}"
                self.client.write("PATCH", url, {"sha": new, "force": False}, 200)
        except GithubException as err:
            message = str((err.data or {}).get("message", "")) if isinstance(err.data, dict) else ""
            if err.status == 422 and "rule" in message.casefold():
                raise GitHubError(
                    f"{what}: GitHub refused it under the branch's rules; only the GitHub App "
                    f"may write {self.ref} (set RUNG_RECORD_TOKEN to the App's token; "
                    "docs/github-setup.md)",
                    422,
                ) from None
            # 422: not a fast forward, or made meanwhile.  5xx: GitHub may have moved it
            # anyway.  Either way the next round reads the ref again and appends only
            # what is still missing.
            if err.status == 422 or err.status >= 500:
                return False
            raise self.client.translate(err, what) from None
        except (requests.ConnectionError, requests.Timeout):
            return False
        return True


# --- what GitHub shows now, for `rung record verify` ------------------------------------

_LISTS = (
    ("review-comment", "pulls/{n}/comments"),
    ("review", "pulls/{n}/reviews"),
    ("issue-comment", "issues/{n}/comments"),
)


def comments_now(
    client: GitHubClient, entries: Sequence[tuple[int, Entry]]
) -> dict[CommentKey, SeenComment]:
    """Every comment of the pull requests the record's verdicts came from, as GitHub
    shows it now; who last edited those that differ from the record (GraphQL)."""
    seen: dict[CommentKey, SeenComment] = {}
    for number in pulls_to_read(entries):
        for source, pattern in _LISTS:
            url = f"/repos/{client.repository}/{pattern.format(n=number)}"
            with client.errors(f"reading the {source}s of #{number}"):
                items = client.paginate(url)
            for item in items:
                if source == "review" and item.get("state") == "PENDING":
                    continue
                when = item.get("updated_at") or item.get("submitted_at")
                key = (source, int(item.get("id") or 0))
                seen[key] = SeenComment(body_sha256(item.get("body")), when and str(when))
    recorded = recorded_comments(entries)
    differ = {
        r.verdict.node_id: key
        for key, r in recorded.items()
        if key in seen and seen[key].body_sha256 != r.body_sha256
    }
    for node_id, edit in client.edits(list(differ)).items():
        key = differ[node_id]
        seen[key] = SeenComment(seen[key].body_sha256, seen[key].updated_at, edit.editor)
    return seen
