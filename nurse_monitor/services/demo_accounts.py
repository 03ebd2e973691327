"""The demo record's accounts: who signs in on demo data (and whom `seed` may sign as)."""

from __future__ import annotations

DEMO_NURSE = "demo.nurse"

DEMO_STAFF = (
    (DEMO_NURSE, "Dana Whitfield", "RN", "nurse"),
    ("demo.charge", "Marcus Oyelaran", "RN, CRNI", "charge_nurse"),
    ("demo.admin", "Priya Raman", "", "admin"),
)
