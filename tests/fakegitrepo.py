"""A bare git repository for the fake GitHub's Git database (tests/fakegitdata.py).

Real git does the work that matters: objects are written by ``git hash-object``,
``git mktree`` and ``git commit-tree``, and a ref moves only through ``git
update-ref REF NEW OLD``, which refuses atomically when the ref is no longer at
OLD.  Two long-running processes (``cat-file --batch``, ``mktree --batch``) keep
a request to a few pipe writes rather than a dozen process starts; objects never
change, so each is read once and kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

MODES = {"100644": "blob", "100755": "blob", "120000": "blob", "040000": "tree", "160000": "commit"}
Files = dict[str, tuple[str, str, str]]  # path -> (mode, type, sha), files only


class BareRepository:
    """A bare repository in a temporary folder; ``close`` stops its processes and removes it."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="fake-github-git-"))
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.path),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }
        self.run("init", "--bare", "--quiet", "--initial-branch=main", ".")
        self.objects: dict[str, tuple[str, bytes]] = {}
        self.lock = threading.Lock()
        self.cat = self._pipe("cat-file", "--batch")
        self.mk = self._pipe("mktree", "--batch")

    def _pipe(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["git", *args], cwd=self.path, env=self.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip

    def run(
        self, *args: str, data: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        """git in the repository, isolated from the machine's configuration."""
        return subprocess.run(
            ["git", *args], cwd=self.path, input=data, capture_output=True,
            env={**self.env, **(env or {})}, check=False,
        )  # fmt: skip

    def out(self, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> str:
        done = self.run(*args, data=data, env=env)
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode().strip()

    def object(self, sha: object) -> tuple[str, bytes] | None:
        """``(type, content)`` of object ``sha``, or None."""
        if not isinstance(sha, str) or len(sha) != 40:
            return None
        with self.lock:
            if sha not in self.objects:
                assert self.cat.stdin is not None and self.cat.stdout is not None
                self.cat.stdin.write(f"{sha}\n".encode())
                self.cat.stdin.flush()
                header = self.cat.stdout.readline().decode().split()
                if len(header) != 3:
                    return None  # "<sha> missing"
                data = self.cat.stdout.read(int(header[2]) + 1)[:-1]
                self.objects[sha] = (header[1], data)
            return self.objects[sha]

    def type(self, sha: str) -> str | None:
        found = self.object(sha)
        return found[0] if found else None

    def ref(self, name: str) -> str | None:
        """A ref's commit: git writes refs as loose files here and never packs them."""
        try:
            return (self.path / name).read_text().strip() or None
        except OSError:
            return None

    # --- trees and commits ------------------------------------------------------------

    def entries(self, tree: str) -> list[tuple[str, str, str, str]]:
        """``(mode, type, sha, name)`` of each entry of ``tree`` (git's binary format)."""
        data = (self.object(tree) or ("", b""))[1]
        found = []
        while data:
            mode, _, data = data.partition(b" ")
            name, _, data = data.partition(b"\0")
            digest, data = data[:20].hex(), data[20:]
            mode_text = mode.decode().rjust(6, "0")
            found.append((mode_text, MODES[mode_text], digest, name.decode()))
        return found

    def flatten(self, tree: str, prefix: str = "") -> Files:
        """Every file below ``tree``."""
        files: Files = {}
        for mode, kind, sha, name in self.entries(tree):
            if kind == "tree":
                files.update(self.flatten(sha, f"{prefix}{name}/"))
            else:
                files[prefix + name] = (mode, kind, sha)
        return files

    def mktree(self, files: Files) -> str:
        """The tree holding ``files`` (folders made from the paths), written with mktree."""
        here: Files = {}
        below: dict[str, Files] = {}
        for path, entry in files.items():
            head, sep, tail = path.partition("/")
            if sep:
                below.setdefault(head, {})[tail] = entry
            else:
                here[head] = entry
        for folder, inside in below.items():
            here[folder] = ("040000", "tree", self.mktree(inside))
        lines = "".join(f"{m} {k} {s}\t{n}\n" for n, (m, k, s) in sorted(here.items()))
        with self.lock:
            assert self.mk.stdin is not None and self.mk.stdout is not None
            self.mk.stdin.write(f"{lines}\n".encode())
            self.mk.stdin.flush()
            return self.mk.stdout.readline().decode().strip()

    def parents(self, commit: str) -> list[str]:
        raw = (self.object(commit) or ("", b""))[1].decode()
        head = raw.partition("\n\n")[0].split("\n")
        return [line[7:] for line in head if line.startswith("parent ")]

    def is_ancestor(self, old: str, new: str) -> bool:
        """``git merge-base --is-ancestor old new``, from the commits already read."""
        seen, todo = set(), [new]
        while todo:
            sha = todo.pop()
            if sha == old:
                return True
            if sha not in seen:
                seen.add(sha)
                todo += self.parents(sha)
        return False

    def commit(self, tree: str, parents: list[str], message: str, env: dict[str, str]) -> str:
        args = [a for p in parents for a in ("-p", p)]
        return self.out("commit-tree", tree, *args, data=message.encode(), env=env)

    def close(self) -> None:
        for proc in (self.cat, self.mk):
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        shutil.rmtree(self.path, ignore_errors=True)


def commit_env(author: dict[str, Any], committer: dict[str, Any], now: str) -> dict[str, str]:
    """git's variables for ``author`` and ``committer`` (GitHub's ``name``/``email``/``date``);
    a missing date is ``now``, as GitHub dates a commit when it is made."""
    env = {}
    for role, person in (("AUTHOR", author), ("COMMITTER", committer)):
        name = str(person.get("name") or "unknown")
        env[f"GIT_{role}_NAME"] = name
        env[f"GIT_{role}_EMAIL"] = str(person.get("email") or f"{name}@users.noreply.github.com")
        env[f"GIT_{role}_DATE"] = (
            f"@{int(datetime.fromisoformat(str(person.get('date') or now)).timestamp())} +0000"
        )
    return env
