"""Where the program's files are: resources/ and migrations/ from the source tree or a bundle.

This is the one place that knows the layout, so a PyInstaller one-folder build (which unpacks
data files under `sys._MEIPASS`) and a source checkout resolve the same names.
"""

from __future__ import annotations

import sys
from pathlib import Path


def project_root() -> Path:
    """The folder that holds resources/ and migrations/."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return project_root() / "resources"


def protocols_dir() -> Path:
    return resources_dir() / "protocols"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def migrations_dir() -> Path:
    return project_root() / "migrations"


def resource(relative: str) -> Path:
    """A file under resources/, which must exist (a missing resource is a packaging bug)."""
    path = resources_dir() / relative
    if not path.exists():
        raise FileNotFoundError(f"resource missing from this installation: {relative}")
    return path
