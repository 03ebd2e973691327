"""Where the program keeps its files: the platform's application-data folder.

QStandardPaths gives the right folder on Windows (%APPDATA%), macOS (~/Library/Application
Support) and Linux (~/.local/share). NURSE_MONITOR_DATA_DIR overrides it (tests, portable use).
"""

from __future__ import annotations

import os
from pathlib import Path

from nurse_monitor import APP_NAME, ORGANIZATION

DATABASE_FILE = "nurse-monitor.db"
DEMO_DATABASE_FILE = "nurse-monitor-demo.db"


def app_data_dir() -> Path:
    override = os.environ.get("NURSE_MONITOR_DATA_DIR")
    if override:
        return Path(override)
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def default_database_path(demo: bool = False) -> Path:
    return app_data_dir() / (DEMO_DATABASE_FILE if demo else DATABASE_FILE)
