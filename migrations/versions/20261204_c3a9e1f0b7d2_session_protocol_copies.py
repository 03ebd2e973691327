"""session protocol copies

Each session keeps the exact protocol file it began with (its text and SHA-256), so editing a
protocol file never changes what an old session shows or computes. Sessions from before this
revision have no copy and keep reading the library.

Revision ID: c3a9e1f0b7d2
Revises: 5b7e2c91d4a3
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3a9e1f0b7d2"
down_revision: str | None = "5b7e2c91d4a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A pinned copy is written once and never changed: the database refuses UPDATE and DELETE.
SQLITE_APPEND_ONLY = (
    """CREATE TRIGGER session_protocols_no_update BEFORE UPDATE ON session_protocols
       BEGIN SELECT RAISE(ABORT, 'session protocol copies are append-only'); END""",
    """CREATE TRIGGER session_protocols_no_delete BEFORE DELETE ON session_protocols
       BEGIN SELECT RAISE(ABORT, 'session protocol copies are append-only'); END""",
)
POSTGRES_APPEND_ONLY = (
    """CREATE FUNCTION session_protocols_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'session protocol copies are append-only'; END $$
       LANGUAGE plpgsql""",
    """CREATE TRIGGER session_protocols_no_change BEFORE UPDATE OR DELETE ON session_protocols
       FOR EACH ROW EXECUTE FUNCTION session_protocols_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "session_protocols",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_session_protocols_session_id_infusion_sessions"),
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_protocols")),
    )
    with op.batch_alter_table("session_protocols", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_protocols_sha256"), ["sha256"], unique=False
        )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_APPEND_ONLY if sqlite else POSTGRES_APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS session_protocols_no_update")
        op.execute("DROP TRIGGER IF EXISTS session_protocols_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS session_protocols_no_change ON session_protocols")
        op.execute("DROP FUNCTION IF EXISTS session_protocols_append_only()")
    with op.batch_alter_table("session_protocols", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_protocols_sha256"))
    op.drop_table("session_protocols")
