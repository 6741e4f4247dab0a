"""rung: Git-native promotion packets checked against versioned career ladders."""

from __future__ import annotations

__version__ = "0.1.0"
