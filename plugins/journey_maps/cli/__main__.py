"""`python -m journey_maps.cli`: the `journey-maps` command without the console script."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
