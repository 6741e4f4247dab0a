"""GitHub's answers kept between runs, by URL and ``updatedAt``, in one JSON file.

The default file is ``.rung-cache/evidence.json`` (``--cache`` or
``RUNG_EVIDENCE_CACHE`` choose another); a workflow keeps it with
``actions/cache``.  An entry is the work's canonical URL plus the candidate its
reviews were read for, GitHub's ``updatedAt`` and the answer.  An answer whose
facts can no longer change (``Work.settled``: a commit, a merged pull request,
a published release) is used without asking GitHub again, for up to
``max_age_days``; anything else is read again and its entry replaced.  Only
answers with the work are kept: "not found" and "no access" can change with
the token, so they are always asked again.

The file is data rung wrote, but a cache can be edited by anyone who can write
the workflow's cache: an entry that does not parse is dropped, never trusted
half-way, and a bad file is ignored with a warning.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rung.evidence.model import Work

DEFAULT_PATH = Path(".rung-cache") / "evidence.json"
VERSION = 1
MAX_AGE_DAYS = 30


def entry_key(link_key: str, candidate: str) -> str:
    """``GitHubLink.key`` (the URL, case-folded where GitHub ignores case) and the candidate."""
    return f"{link_key} {candidate.casefold()}"


@dataclass
class Cache:
    """Answers by entry key; ``dirty`` once something was added."""

    path: Path | None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_age_days: int = MAX_AGE_DAYS
    warning: str = ""  # why the file on disk was not used, for the command to print
    dirty: bool = False

    @classmethod
    def load(cls, path: Path | None, max_age_days: int = MAX_AGE_DAYS) -> Cache:
        cache = cls(path, max_age_days=max_age_days)
        if path is None or not path.exists():
            return cache
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as err:
            cache.warning = f"ignoring the evidence cache {path}: {err}"
            return cache
        if not isinstance(data, dict) or data.get("version") != VERSION:
            cache.warning = f"ignoring the evidence cache {path}: not version {VERSION}"
            return cache
        entries = data.get("entries")
        if isinstance(entries, dict):
            cache.entries = {k: v for k, v in entries.items() if isinstance(v, dict)}
        return cache

    def fresh(self, key: str, now: datetime) -> Work | None:
        """The cached answer when it can be used without asking GitHub, else None."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            work = Work.from_json(entry["work"])
            fetched = datetime.fromisoformat(entry["fetched"])
        except (KeyError, TypeError, ValueError):
            return None
        if not work.settled or now - fetched > timedelta(days=self.max_age_days):
            return None
        return work

    def put(self, key: str, work: Work, now: datetime) -> None:
        previous = self.entries.get(key, {})
        if previous.get("updatedAt") == work.updated and previous.get("work") == work.to_json():
            previous["fetched"] = now.astimezone(UTC).isoformat()
        else:
            self.entries[key] = {
                "updatedAt": work.updated,
                "fetched": now.astimezone(UTC).isoformat(),
                "work": work.to_json(),
            }
        self.dirty = True

    def save(self) -> None:
        """Write the file atomically (a cancelled job leaves the old one whole)."""
        if self.path is None or not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": VERSION, "entries": dict(sorted(self.entries.items()))}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".evidence-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump(payload, stream, indent=1, ensure_ascii=False)
                stream.write("\n")
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
