"""The fake GitHub's writable Git database: a real bare repository behind the Git Data API.

Routes (below ``/repos/{o}/{r}``), in GitHub's shapes (``short-blob``, ``blob``,
``git-tree``, ``git-commit``, ``git-ref``) and with GitHub's refusals::

    POST  /git/blobs                 git hash-object -w (content utf-8 or base64)
    GET   /git/blobs/{sha}           for objects of this repository
    POST  /git/trees                 git mktree, nested paths and base_tree honoured,
                                     a null sha deletes
    GET   /git/trees/{sha}
    POST  /git/commits               git commit-tree (the fake's clock for dates)
    GET   /git/commits/{sha}
    GET   /git/ref/heads/{name}      404 when there is no such ref
    POST  /git/refs                  422 "Reference already exists"
    PATCH /git/refs/heads/{name}     422 "Update is not a fast forward" unless force

A ref moves only through ``git update-ref REF NEW OLD``: the old value is the one
the fast-forward check saw, so a move that races another is refused by git itself,
atomically, as GitHub refuses it.  ``git_dir`` is the bare repository, for a test
to read with git or to tamper with as an admin could (``force_file``).
"""

from __future__ import annotations

import base64
import binascii
import subprocess
import threading
import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fakegitrepo import MODES, BareRepository, commit_env

_LOCK = threading.Lock()
DOCS = "https://docs.github.com/rest/git"


def _error(status: int, message: str, page: str) -> dict[str, Any]:
    return {"message": message, "documentation_url": f"{DOCS}/{page}", "status": str(status)}


class GitDatabase:
    """Mixed into FakeGitHub: needs ``_repo_api``, ``html_url``, ``login`` and ``_now``."""

    @property
    def html_url(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    login: str
    _gitdb: BareRepository | None = None  # made by the first write

    @property
    def _repo_api(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    def _now(self) -> str:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    # --- the repository ---------------------------------------------------------------

    @property
    def gitdb(self) -> BareRepository:
        """The bare repository (made on first use; stopped and removed with the fake)."""
        with _LOCK:
            if self._gitdb is None:
                self._gitdb = BareRepository()
                weakref.finalize(self, self._gitdb.close)  # no ResourceWarning either
        return self._gitdb

    @property
    def git_dir(self) -> Path:
        return self.gitdb.path

    def git(self, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run git in the bare repository, isolated from the machine's configuration."""
        return self.gitdb.run(*args, data=data)

    def _type(self, sha: object) -> str | None:
        """The type of object ``sha`` (None before the first write made the repository)."""
        return self._gitdb.type(str(sha)) if self._gitdb is not None else None

    def ref_sha(self, ref: str) -> str | None:
        """What ``refs/heads/<ref>`` points at, or None."""
        if self._gitdb is None:
            return None
        return self._gitdb.ref(f"refs/heads/{ref}")

    def file_at(self, ref: str, path: str) -> bytes | None:
        """The file at ``path`` on branch ``ref``, as git has it."""
        if self._gitdb is None:
            return None
        done = self.git("cat-file", "blob", f"refs/heads/{ref}:{path}")
        return done.stdout if done.returncode == 0 else None

    def force_file(self, ref: str, path: str, data: bytes, *, amend: bool = False) -> str:
        """Write ``path`` on ``ref`` as an admin could: a commit on top (or, with
        ``amend``, in place of the tip: history rewritten), the ref forced there."""
        repo, head = self.gitdb, self.ref_sha(ref)
        assert head is not None
        files = repo.flatten(repo.out("rev-parse", f"{head}^{{tree}}"))
        files[path] = ("100644", "blob", repo.out("hash-object", "-w", "--stdin", data=data))
        env = commit_env({"name": "admin"}, {"name": "admin"}, self._now())
        parents = repo.parents(head) if amend else [head]
        commit = repo.commit(repo.mktree(files), parents, "admin", env)
        repo.out("update-ref", f"refs/heads/{ref}", commit)
        return commit

    # --- routing ----------------------------------------------------------------------

    def git_database_route(self, call: Any, rest: str) -> tuple[int, dict[str, str], Any] | None:
        """The answer for a Git Data API request below the repository, or None (not ours)."""
        m, body = call.method, call.body if isinstance(call.body, dict) else {}
        if m != "GET":
            self.gitdb  # noqa: B018 - the repository is made by the first write
        if m == "POST" and rest == "/git/blobs":
            return self._create_blob(body)
        if m == "POST" and rest == "/git/trees":
            return self._create_tree(body)
        if m == "POST" and rest == "/git/commits":
            return self._create_commit(body)
        if m == "POST" and rest == "/git/refs":
            return self._refused(call, str(body.get("ref", ""))) or self._create_ref(body)
        if m == "PATCH" and rest.startswith("/git/refs/heads/"):
            name = rest.removeprefix("/git/refs/heads/")
            return self._refused(call, f"refs/heads/{name}") or self._update_ref(name, body)
        if m == "GET" and rest.startswith("/git/ref/"):
            name = rest.removeprefix("/git/ref/")
            sha = self.ref_sha(name.removeprefix("heads/")) if name.startswith("heads/") else None
            if sha is None:
                return 404, {}, _error(404, "Not Found", "refs#get-a-reference")
            return 200, {}, self._ref_shape(name, sha)
        if m != "GET":
            return None
        kind, _, sha = rest.removeprefix("/git/").partition("/")
        if kind in ("blobs", "trees", "commits") and self._type(sha) == kind[:-1]:
            return 200, {}, getattr(self, f"_{kind[:-1]}_shape")(sha)
        return None

    # --- writes -----------------------------------------------------------------------

    def _create_blob(self, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        content, encoding = body.get("content"), body.get("encoding", "utf-8")
        if not isinstance(content, str) or encoding not in ("utf-8", "base64"):
            return 422, {}, _error(422, "Invalid request.", "blobs#create-a-blob")
        try:
            data = base64.b64decode(content) if encoding == "base64" else content.encode()
        except binascii.Error:
            return 422, {}, _error(422, "Invalid request.", "blobs#create-a-blob")
        sha = self.gitdb.out("hash-object", "-w", "--stdin", data=data)
        url = f"{self._repo_api}/git/blobs/{sha}"
        return 201, {"Location": url}, {"url": url, "sha": sha}

    def _create_tree(self, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        invalid: tuple[int, dict[str, str], Any] = (
            422,
            {},
            _error(422, "Invalid tree info", "trees#create-a-tree"),
        )
        base, entries = body.get("base_tree"), body.get("tree")
        if not isinstance(entries, list) or (base is not None and self._type(base) != "tree"):
            return invalid
        repo = self.gitdb
        files = repo.flatten(base) if base is not None else {}
        for entry in entries:
            path, mode, kind = entry.get("path"), entry.get("mode"), entry.get("type")
            sha, content = entry.get("sha"), entry.get("content")
            if not isinstance(path, str) or not path or MODES.get(mode) != kind:
                return invalid
            for name in [p for p in files if p == path or p.startswith(path + "/")]:
                del files[name]
            if content is not None:
                sha = repo.out("hash-object", "-w", "--stdin", data=str(content).encode())
            elif sha is None:
                continue  # a null sha deletes the path
            elif kind != "commit" and self._type(sha) != kind:
                return invalid
            if kind == "tree":
                files.update({f"{path}/{p}": v for p, v in repo.flatten(sha).items()})
            else:
                files[path] = (mode, kind, sha)
        tree = repo.mktree(files)
        return 201, {"Location": f"{self._repo_api}/git/trees/{tree}"}, self._tree_shape(tree)

    def _create_commit(self, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        tree, parents, message = body.get("tree"), body.get("parents", []), body.get("message")
        page = "commits#create-a-commit"
        if not isinstance(message, str) or self._type(tree) != "tree":
            return 422, {}, _error(422, "Tree SHA does not exist", page)
        if not isinstance(parents, list) or any(self._type(p) != "commit" for p in parents):
            return 422, {}, _error(422, "Parent SHA does not exist or is not a commit object", page)
        author = body.get("author") or {"name": self.login}
        env = commit_env(author, body.get("committer") or author, self._now())
        sha = self.gitdb.commit(str(tree), parents, message, env)
        url = f"{self._repo_api}/git/commits/{sha}"
        return 201, {"Location": url}, self._commit_shape(sha)

    def _refused(self, call: Any, ref: str) -> tuple[int, dict[str, str], Any] | None:
        """GitHub's answer to a ruleset-protected branch written by anyone but the App."""
        protected: set[str] = getattr(self, "protected_refs", set())
        if ref.removeprefix("refs/heads/") not in protected or self.by_app(call):
            return None
        message = "Repository rule violations found\n\nCannot update this protected ref.\n\n"
        return 422, {}, _error(422, message, "refs#update-a-reference")

    def by_app(self, call: Any) -> bool:  # pragma: no cover - provided by FakeGitHub
        raise NotImplementedError

    def _create_ref(self, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        ref, sha = body.get("ref"), body.get("sha")
        page = "refs#create-a-reference"
        if not isinstance(ref, str) or not ref.startswith("refs/") or ref.count("/") < 2:
            return 422, {}, _error(422, "Reference name is not valid", page)
        if self._type(sha) != "commit":
            return 422, {}, _error(422, "Object does not exist", page)
        if self.git("update-ref", ref, str(sha), "").returncode != 0:
            return 422, {}, _error(422, "Reference already exists", page)
        name = ref.removeprefix("refs/")
        headers = {"Location": f"{self._repo_api}/git/refs/{name}"}
        return 201, headers, self._ref_shape(name, str(sha))

    def _update_ref(self, name: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        sha, force = body.get("sha"), body.get("force", False)
        page = "refs#update-a-reference"
        current = self.ref_sha(name)
        if current is None:
            return 422, {}, _error(422, "Reference does not exist", page)
        if self._type(sha) != "commit":
            return 422, {}, _error(422, "Object does not exist", page)
        fast = self.gitdb.is_ancestor(current, str(sha))
        # The old value makes git refuse a move that raced another, atomically.
        if (
            not (force or fast)
            or self.git("update-ref", f"refs/heads/{name}", str(sha), current).returncode
        ):
            return 422, {}, _error(422, "Update is not a fast forward", page)
        return 200, {}, self._ref_shape(f"heads/{name}", str(sha))

    # --- GitHub's shapes --------------------------------------------------------------

    def _ref_shape(self, name: str, sha: str) -> dict[str, Any]:
        """``git-ref``; ``name`` below ``refs/`` (``heads/rung-record``)."""
        return {
            "ref": f"refs/{name}",
            "node_id": "REF_" + base64.b64encode(name.encode()).decode().rstrip("="),
            "url": f"{self._repo_api}/git/refs/{name}",
            "object": {"type": "commit", "sha": sha, "url": f"{self._repo_api}/git/commits/{sha}"},
        }

    def _blob_shape(self, sha: str) -> dict[str, Any]:
        data = self.gitdb.object(sha)[1]  # type: ignore[index]
        encoded = base64.b64encode(data).decode("ascii")
        return {
            "content": "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)),
            "encoding": "base64",
            "url": f"{self._repo_api}/git/blobs/{sha}",
            "sha": sha,
            "size": len(data),
            "node_id": f"B_{sha[:12]}",
        }

    def _tree_shape(self, sha: str) -> dict[str, Any]:
        entries = []
        for mode, kind, object_sha, path in self.gitdb.entries(sha):
            entry: dict[str, Any] = {"path": path, "mode": mode, "type": kind, "sha": object_sha}
            if kind == "blob":
                entry["size"] = len(self.gitdb.object(object_sha)[1])  # type: ignore[index]
            entry["url"] = f"{self._repo_api}/git/{kind}s/{object_sha}"
            entries.append(entry)
        return {
            "sha": sha,
            "url": f"{self._repo_api}/git/trees/{sha}",
            "tree": entries,
            "truncated": False,
        }

    def _commit_shape(self, sha: str) -> dict[str, Any]:
        raw = self.gitdb.object(sha)[1].decode()  # type: ignore[index]
        head, _, message = raw.partition("\n\n")
        fields: dict[str, list[str]] = {}
        for line in head.split("\n"):
            key, _, value = line.partition(" ")
            fields.setdefault(key, []).append(value)
        return {
            "sha": sha,
            "node_id": f"C_{sha[:16]}",
            "url": f"{self._repo_api}/git/commits/{sha}",
            "html_url": f"{self.html_url}/commit/{sha}",
            "author": _person(fields["author"][0]),
            "committer": _person(fields["committer"][0]),
            "message": message,
            "tree": {
                "sha": fields["tree"][0],
                "url": f"{self._repo_api}/git/trees/{fields['tree'][0]}",
            },
            "parents": [
                {
                    "sha": p,
                    "url": f"{self._repo_api}/git/commits/{p}",
                    "html_url": f"{self.html_url}/commit/{p}",
                }
                for p in fields.get("parent", [])
            ],
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        }


def _person(line: str) -> dict[str, str]:
    """``Name <email> 1719824400 +0000`` as GitHub's ``git-user``."""
    name, _, rest = line.partition(" <")
    email, _, stamp = rest.partition("> ")
    seconds = int(stamp.split()[0])
    date = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"name": name, "email": email, "date": date}
