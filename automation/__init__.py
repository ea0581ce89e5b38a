"""aliexit: close AliExpress accounts through the pages a person uses, with evidence."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aliexit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
