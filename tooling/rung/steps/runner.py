"""The files the Actions runner hands a step, read and written without trusting the record.

``GITHUB_EVENT_PATH`` is written by the runner from GitHub's event.  The
triggering run's record is an artifact that pull-request code uploaded: it is
read only if it is a regular file (not a link, a pipe or a device), and never
more than ``RECORD_LIMIT + 1`` bytes of it, so a file of many megabytes costs
nothing and a link cannot make rung read another file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from rung.problems import FatalError
from rung.steps.locate import NO_PULL, RECORD_LIMIT, Stop
from rung.validate.report import escape_data, escape_property

OUTPUT_VALUE = re.compile(r"[A-Za-z0-9._/ -]*")  # nothing that could end a line or a value


def read_event(path: Path) -> object:
    """The event GitHub started the workflow with (GITHUB_EVENT_PATH)."""
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise FatalError(f"cannot read the event at {path}: {err}") from None


def read_record(path: Path | None) -> bytes | Stop | None:
    """The record's first ``RECORD_LIMIT + 1`` bytes; None when there is none (a run
    of a same-repository branch, or a download that found no artifact)."""
    if path is None:
        return None
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return Stop(f"the pull-request record cannot be read; {NO_PULL}")
    if not stat.S_ISREG(mode):
        return Stop(f"the pull-request record is not a regular file; {NO_PULL}")
    try:
        with path.open("rb") as stream:
            return stream.read(RECORD_LIMIT + 1)
    except OSError:
        return Stop(f"the pull-request record cannot be read; {NO_PULL}")


def runner_file(given: Path | None, variable: str) -> Path:
    """``given``, else the file the runner names in ``variable`` (GITHUB_OUTPUT, ...)."""
    if given is not None:
        return given
    value = os.environ.get(variable)
    if not value:
        raise FatalError(f"{variable} is not set: run this in a workflow step, or pass its option")
    return Path(value)


def output_text(values: dict[str, str]) -> str:
    """``name=value`` lines for ``$GITHUB_OUTPUT``; a value that could forge a line is a bug."""
    for name, value in values.items():
        if not OUTPUT_VALUE.fullmatch(name) or " " in name or not OUTPUT_VALUE.fullmatch(value):
            raise ValueError(f"refusing to write output {name!r}={value!r}")
    return "".join(f"{name}={value}\n" for name, value in values.items())


def append(path: Path, text: str) -> None:
    """Append to a runner file (``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY``)."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as err:
        raise FatalError(f"cannot write to {path}: {err}") from None


def write_outputs(path: Path, values: dict[str, str]) -> None:
    """Append ``values`` to ``$GITHUB_OUTPUT``."""
    append(path, output_text(values))


def command(kind: str, title: str, message: str) -> str:
    """A workflow command line (``::notice``, ``::error``) that text cannot break out of."""
    return f"::{kind} title={escape_property(title)}::{escape_data(message)}\n"
