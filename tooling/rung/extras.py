"""Which optional parts of rung are installed.

`pip install rung` brings only what validation needs; rendering, GitHub and the
ladder importer are extras.  A command whose extra is missing stops with one line
that names the extra, instead of an ImportError from deep inside it.
"""

from __future__ import annotations

from importlib.util import find_spec

from rung.problems import FatalError

# extra -> the modules it brings that rung imports
EXTRAS = {
    "render": ("jinja2", "weasyprint", "markdown_it", "nh3", "pikepdf"),
    "github": ("github", "markdown_it"),
    "import": ("markdown_it", "html5lib"),
}


def require(extra: str, command: str) -> None:
    """Raise FatalError (exit 2) naming the extra when any of its modules is missing."""
    missing = [name for name in EXTRAS[extra] if find_spec(name) is None]
    if missing:
        raise FatalError(
            f"`rung {command}` needs the '{extra}' extra ({', '.join(missing)} not installed); "
            f"install it with: pip install 'rung[{extra}]'"
        )
