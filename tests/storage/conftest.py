"""Storage tests use the database plugin's fixtures (tests/plugins/databases.py) on both backends.

`Staff` and `make_staff` stay importable from here for the test modules that name them.
"""

from __future__ import annotations

from tests.plugins.databases import Staff, make_staff

__all__ = ["Staff", "make_staff"]
