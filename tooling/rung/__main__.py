from __future__ import annotations

import sys

from rung.cli import main

sys.exit(main())
