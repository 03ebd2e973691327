"""sessions ended_at index

The follow-up worklist asks for the sessions that ended in its look-back window. Without an
index on `ended_at` that read scanned every session: 47 ms of the start to the chair board on a
100,000-session record (benchmarks/start_to_board.py), 0.1 ms with it. Only an index: no row
changes; plain CREATE INDEX on both databases (no table rebuild on SQLite).

Revision ID: a7c4e2d91b35
Revises: f0c4a11d7b2e
Create Date: 2026-12-05 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a7c4e2d91b35"
down_revision: str | None = "f0c4a11d7b2e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_infusion_sessions_ended_at", "infusion_sessions", ["ended_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_infusion_sessions_ended_at", table_name="infusion_sessions")
