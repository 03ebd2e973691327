"""Service tests use the database plugin's fixtures (tests/plugins/databases.py): `db`, `staff`,
`alice` on both backends. `ALICE` stays importable from here for the modules that name her."""

from __future__ import annotations

from tests.plugins.databases import ALICE

__all__ = ["ALICE"]
