"""A local imitation of the AliExpress buyer pages, for dry runs, demos and tests.

It shares no code with the automation: only the visible words are the same.
"""

from .app import create_app
from .server import MockServer

__all__ = ["MockServer", "create_app"]
