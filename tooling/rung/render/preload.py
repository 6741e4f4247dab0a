"""Imported once by the bundle's forkserver, so every worker forks with WeasyPrint loaded.

Importing WeasyPrint costs about half a second; workers are replaced every few
dozen packets, and each would pay it again without this.
"""

from __future__ import annotations

import rung.render.packet  # noqa: F401 - loaded for the workers
from rung.render.pdf import load_weasyprint

load_weasyprint()
