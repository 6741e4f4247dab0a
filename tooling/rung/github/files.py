"""Reading a file of the repository at a commit: as data, through git trees, never a link."""

from __future__ import annotations

import base64
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import quote

import requests
from github import Github, GithubException

from rung.github.context import GitHubError
from rung.loaders.sources import MAX_FILE_BYTES, Source, decode
from rung.model.packet import Packet, parse_packet
from rung.problems import FatalError, Problem
from rung.scorecard.inputs import ReviewComment

LINK_MODE = "120000"  # a symbolic link in a git tree
FILE_MODES = frozenset({"100644", "100755"})


class RepositoryFiles:
    """Mixed into GitHubClient, which provides these."""

    github: Github
    repository: str
    _files: dict[tuple[str, str], tuple[Source | None, list[Problem]]]
    blob_shas: dict[tuple[str, str], str]  # (path, ref) -> the blob file_text read
    errors: Callable[[str], AbstractContextManager[None]]
    translate: Callable[[Exception, str], Exception]

    def earlier_packets(self, path: str, comments: list[ReviewComment]) -> dict[str, Packet | None]:
        """The packet at each commit an outdated comment on it was written against."""
        commits = {
            c.original_commit_id
            for c in comments
            if c.line is None and c.path == path and len(c.original_commit_id) == 40
        }
        earlier: dict[str, Packet | None] = {}
        for sha in sorted(commits):
            try:
                source, _ = self.file_text(path, sha)
            except FatalError:
                source = None  # gone, or a link there: such comments are listed, not placed
            earlier[sha] = parse_packet(source.text, path)[0] if source is not None else None
        return earlier

    def _get(self, url: str) -> Any:
        """The JSON GitHub sends for a GET below the API root, exactly as sent."""
        _, data = self.github.requester.requestJsonAndCheck("GET", url)
        return data

    def file_text(self, path: str, ref: str) -> tuple[Source | None, list[Problem]]:
        """A file's text at ``ref``: data, never checked out, and never through a link.

        The tree is walked from the commit down (git trees, then the blob) rather
        than asked of the contents API, which follows a symbolic link to a file in
        the repository and so would serve ``dana-levi.md`` as ``eve.md``.  Any
        entry of mode 120000 on the way is refused.
        """
        key = (path, ref)
        if key not in self._files:
            self._files[key] = self._file_text(path, ref)
        return self._files[key]

    def _file_text(self, path: str, ref: str) -> tuple[Source | None, list[Problem]]:
        what = f"reading {path} at {ref[:12]}"
        parts = path.split("/")
        tree_url = f"/repos/{self.repository}/git/trees/{quote(ref, safe='')}"
        for depth, name in enumerate(parts):
            try:
                tree = self._get(tree_url)
            except (GithubException, requests.RequestException) as err:
                if isinstance(err, GithubException) and err.status in (404, 422):
                    raise FatalError(
                        f"{path} does not exist at {ref[:12]} in {self.repository}"
                    ) from None
                raise self.translate(err, what) from None
            entries = tree.get("tree") if isinstance(tree, dict) else None
            found = next(
                (e for e in entries or [] if isinstance(e, dict) and e.get("path") == name), None
            )
            where = "/".join(parts[: depth + 1])
            if found is None:
                raise FatalError(f"{path} does not exist at {ref[:12]} in {self.repository}")
            entry: dict[str, Any] = found
            if entry.get("mode") == LINK_MODE:
                raise FatalError(
                    f"{where} at {ref[:12]} is a symbolic link; rung never follows links "
                    "(another file would be read in its place): commit the file itself"
                )
            if depth < len(parts) - 1:
                if entry.get("type") != "tree":
                    raise FatalError(f"{path} does not exist at {ref[:12]} in {self.repository}")
                tree_url = f"/repos/{self.repository}/git/trees/{quote(str(entry['sha']))}"
        if entry.get("type") != "blob" or entry.get("mode") not in FILE_MODES:
            raise FatalError(f"{path} at {ref[:12]} is not a file")
        size = int(entry.get("size") or 0)
        if size > MAX_FILE_BYTES:
            raise FatalError(
                f"{path} at {ref[:12]} is {size:,} bytes; rung refuses packets over "
                f"{MAX_FILE_BYTES:,} bytes: move long material to linked documents"
            )
        self.blob_shas[(path, ref)] = str(entry["sha"])
        with self.errors(what):
            blob = self._get(f"/repos/{self.repository}/git/blobs/{quote(str(entry['sha']))}")
        if not isinstance(blob, dict) or blob.get("encoding") != "base64":
            raise GitHubError(f"{what}: GitHub sent the blob in an unexpected encoding")
        return decode(base64.b64decode(str(blob.get("content") or "")), path)
