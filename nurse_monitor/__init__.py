"""nurse_monitor: chair-side infusion monitoring for infusion nurses."""

from functools import cache as _cache


def __getattr__(name: str) -> str:
    # `__version__` is read from the installed package's metadata on first use: importing
    # importlib.metadata costs about 20 ms, which the start of the window does not need.
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@_cache
def _installed_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("nurse-monitor")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


APP_NAME = "nurse-monitor"
APP_DISPLAY_NAME = "Nurse Monitor"
ORGANIZATION = "NurseMonitor"
