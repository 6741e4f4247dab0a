"""The fake GitHub's Git database: trees and blobs built from its file contents.

``GET /repos/{o}/{r}/git/trees/{sha}`` answers for a commit (the root tree of
the files added at that ref) or for a tree it handed out before; ``GET
/repos/{o}/{r}/git/blobs/{sha}`` for a blob of one of those trees.  Shapes are
GitHub's ``git-tree`` and ``blob``.  A symbolic link is a tree entry of mode
``120000`` whose blob is the target, as in Git; the contents API, like GitHub's,
follows a link whose target is a file in the repository.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
from typing import Any

FILE_MODE, TREE_MODE, LINK_MODE = "100644", "040000", "120000"


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class GitData:
    """Mixed into FakeGitHub: needs ``contents``, ``_repo_api`` and ``_error``."""

    contents: dict[tuple[str, str], bytes]
    links: dict[tuple[str, str], str]  # (ref, path) -> link target
    _trees: dict[str, tuple[str, str]]  # tree sha -> (ref, folder)
    _blobs: dict[str, bytes]

    @property
    def _repo_api(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    def add_symlink(self, path: str, target: str, ref: str) -> None:
        """A committed symbolic link at ``path`` (a file's or a folder's place)."""
        self.links[(ref, path)] = target

    def has_ref(self, ref: str) -> bool:
        return any(r == ref for r, _ in (*self.contents, *self.links))

    def follow(self, ref: str, path: str) -> bytes | None:
        """What the contents API serves for ``path``: links inside the repository followed."""
        for _ in range(8):
            if (ref, path) in self.contents:
                return self.contents[(ref, path)]
            target = self.links.get((ref, path))
            if target is None:
                return None
            path = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        return None

    def _entries(self, ref: str, folder: str) -> list[dict[str, Any]]:
        prefix = f"{folder}/" if folder else ""
        names: dict[str, tuple[str, bytes | None]] = {}
        for (r, path), data in self.contents.items():
            if r == ref and path.startswith(prefix):
                name, sep, _ = path[len(prefix) :].partition("/")
                names[name] = (TREE_MODE, None) if sep else (FILE_MODE, data)
        for (r, path), target in self.links.items():
            if r == ref and path.startswith(prefix) and "/" not in path[len(prefix) :]:
                names[path[len(prefix) :]] = (LINK_MODE, target.encode("utf-8"))
        entries: list[dict[str, Any]] = []
        for name, (mode, blob) in sorted(names.items()):
            if blob is None:
                sha = self._tree_sha(ref, prefix + name)
                entries.append({"path": name, "mode": mode, "type": "tree", "sha": sha})
                entries[-1]["url"] = f"{self._repo_api}/git/trees/{sha}"
                continue
            sha = blob_sha(blob)
            self._blobs[sha] = blob
            entries.append(
                {
                    "path": name,
                    "mode": mode,
                    "type": "blob",
                    "sha": sha,
                    "size": len(blob),
                    "url": f"{self._repo_api}/git/blobs/{sha}",
                }
            )
        return entries

    def _tree_sha(self, ref: str, folder: str) -> str:
        sha = hashlib.sha1(f"tree {ref} {folder}".encode()).hexdigest()
        self._trees[sha] = (ref, folder)
        return sha

    def git_route(self, rest: str) -> tuple[int, dict[str, str], Any] | None:
        """The answer for ``GET /git/...`` below the repository, or None when not found."""
        if rest.startswith("/git/trees/"):
            key = rest[len("/git/trees/") :]
            if key in self._trees:
                ref, folder = self._trees[key]
            elif self.has_ref(key):
                ref, folder = key, ""
            else:
                return None
            sha = self._tree_sha(ref, folder)
            tree = {
                "sha": sha,
                "url": f"{self._repo_api}/git/trees/{sha}",
                "tree": self._entries(ref, folder),
                "truncated": False,
            }
            return 200, {}, tree
        if rest.startswith("/git/blobs/"):
            sha = rest[len("/git/blobs/") :]
            data = self._blobs.get(sha)
            if data is None:
                return None
            encoded = base64.b64encode(data).decode("ascii")
            blob = {
                "content": "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)),
                "encoding": "base64",
                "url": f"{self._repo_api}/git/blobs/{sha}",
                "sha": sha,
                "size": len(data),
                "node_id": f"B_{sha[:12]}",
            }
            return 200, {}, blob
        return None
