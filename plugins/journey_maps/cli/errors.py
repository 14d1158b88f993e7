"""The one error every subcommand raises for a command line that cannot be done.

`main` turns it into a message and exit status 2; a module of its own so that the
subcommands can raise it without importing the parser.
"""

from __future__ import annotations

from ..errors import JourneyMapsException

__all__ = ["UsageError"]


class UsageError(JourneyMapsException):
    """The command line asks for something that cannot be done; exit status 2."""
