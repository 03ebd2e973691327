"""nurse_monitor: chair-side infusion monitoring for infusion nurses."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("nurse-monitor")
except _metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

APP_NAME = "nurse-monitor"
APP_DISPLAY_NAME = "Nurse Monitor"
ORGANIZATION = "NurseMonitor"
