"""The root of every error the package raises on purpose.

`except JourneyMapsException` catches bad input, bad options and refused writes from any
layer (problems in journey files, a refused import, a command line that cannot be done, an
embed block that cannot be shown, a write outside the owned folder); anything else that
escapes is a bug. Each layer defines its own subclass next to the code that raises it.
Nothing here imports the rest of the package, so every layer can use it.
"""

from __future__ import annotations

__all__ = ["JourneyMapsException"]


class JourneyMapsException(Exception):
    """Something the user can fix: the message says what and where."""
