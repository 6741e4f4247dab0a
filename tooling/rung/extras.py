"""Which optional parts of rung are installed, and where this rung was installed from.

The core (``rung`` with no extra) brings only what validation needs; rendering,
GitHub and the ladder importer are extras.  A command whose extra is missing
stops with one line that names the extra and how to add it, instead of an
ImportError from deep inside it.  rung is not on a package index: it is
installed from a git URL, a wheel or a clone of its repository (README,
"Install"), so the hint says how to add an extra to each of those.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from importlib.util import find_spec

from rung.problems import FatalError

# extra -> the modules it brings that rung imports
EXTRAS = {
    "render": ("jinja2", "weasyprint", "markdown_it", "nh3", "pikepdf"),
    "github": ("github", "markdown_it"),
    "import": ("markdown_it", "html5lib"),
}
_GITHUB_URL = re.compile(r"https://github\.com/([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?/?")
_SHA = re.compile(r"[0-9a-f]{40}")


def installed_from_git() -> tuple[str, str] | None:
    """(owner/name, commit) when pip installed rung from a GitHub git URL, as its
    ``direct_url.json`` records; None for a wheel, a folder or an unknown source."""
    try:
        text = metadata.distribution("rung").read_text("direct_url.json")
        data = json.loads(text or "null")
        url, sha = str(data["url"]), str(data["vcs_info"]["commit_id"])
    except (metadata.PackageNotFoundError, ValueError, KeyError, TypeError):
        return None
    found = _GITHUB_URL.fullmatch(url)
    return (found.group(1), sha) if found and _SHA.fullmatch(sha) else None


def install_hint(extra: str) -> str:
    source = installed_from_git()
    if source is not None:
        repository, sha = source
        return f"pip install 'rung[{extra}] @ git+https://github.com/{repository}@{sha}'"
    return (
        f"pip install '.[{extra}]' in a clone of rung's repository (or its wheel, "
        f"'rung-…-py3-none-any.whl[{extra}]'); rung is not on a package index (README, Install)"
    )


def require(extra: str, command: str) -> None:
    """Raise FatalError (exit 2) naming the extra when any of its modules is missing."""
    missing = [name for name in EXTRAS[extra] if find_spec(name) is None]
    if missing:
        raise FatalError(
            f"`rung {command}` needs the '{extra}' extra ({', '.join(missing)} not installed); "
            f"install it with: {install_hint(extra)}"
        )
