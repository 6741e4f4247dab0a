"""Where a packet's record lives: ``records/<cycle>/<login>.jsonl`` on the record ref."""

from __future__ import annotations

import re

from rung.model.cycles import cycle_date

RECORDS_DIR = "records"
DEFAULT_REF = "rung-record"  # the branch only the App may move (docs/security.md)
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\Z")
_RECORD_PATH = re.compile(r"(?:.*/)?records/([^/]+)/([^/]+)\.jsonl")
# A branch name GitHub and git both accept, without the forms that could mean
# something else (``..``, a leading dash, ``.lock``, ``@{``).
_REF = re.compile(r"(?!.*\.\.)(?!.*\.lock(?:/|\Z))[A-Za-z0-9_][A-Za-z0-9._/-]*(?<![./])\Z")


def record_path(cycle: str, login: str) -> str:
    """The record file of ``login``'s packet in ``cycle``; ValueError for names that are not."""
    if cycle_date(cycle) is None:
        raise ValueError(
            f"'{cycle}' is not a cycle name; use YYYY-H1, YYYY-H2, YYYY-Q1..Q4 or YYYY-MM"
        )
    if not _LOGIN.match(login):
        raise ValueError(f"'{login}' is not a GitHub login")
    return f"{RECORDS_DIR}/{cycle}/{login}.jsonl"


def packet_of(path: str) -> str | None:
    """The packet a record file is about: ``records/C/L.jsonl`` -> ``packets/C/L.md``."""
    match = _RECORD_PATH.fullmatch(path)
    return f"packets/{match.group(1)}/{match.group(2)}.md" if match else None


def check_ref(name: str) -> str:
    """``name`` when it is a plain branch name; ValueError otherwise."""
    if not _REF.match(name) or "//" in name:
        raise ValueError(f"'{name}' is not a branch name for the record (e.g. {DEFAULT_REF})")
    return name


def record_of_packet(path: str) -> str:
    """The record file of the packet at ``path`` (``packets/C/L.md``); ValueError otherwise."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != "packets" or not parts[2].endswith(".md"):
        raise ValueError(f"'{path}' is not a packet path (packets/CYCLE/LOGIN.md)")
    return record_path(parts[1], parts[2].removesuffix(".md"))
