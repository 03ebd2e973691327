"""follow-up calls and site settings

After the infusion (issue 18): the site settings every station reads alike (centre name, phone
numbers, closed days, the follow-up triage questions), the follow-up call entries (append-only:
the database refuses UPDATE and DELETE, and an entry never touches the session row), and the
patient's phone number for the call.

Revision ID: e18f0c11a2b3
Revises: c3a9d7e1f2b4
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "e18f0c11a2b3"
down_revision: str | None = "c3a9d7e1f2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_APPEND_ONLY = (
    """CREATE TRIGGER follow_up_entries_no_update BEFORE UPDATE ON follow_up_entries
       BEGIN SELECT RAISE(ABORT, 'follow-up entries are append-only'); END""",
    """CREATE TRIGGER follow_up_entries_no_delete BEFORE DELETE ON follow_up_entries
       BEGIN SELECT RAISE(ABORT, 'follow-up entries are append-only'); END""",
)
POSTGRES_APPEND_ONLY = (
    """CREATE FUNCTION follow_up_entries_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'follow-up entries are append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER follow_up_entries_no_change BEFORE UPDATE OR DELETE ON follow_up_entries
       FOR EACH ROW EXECUTE FUNCTION follow_up_entries_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "site_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_site_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_settings")),
    )
    op.create_table(
        "follow_up_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("by_name", sa.String(length=160), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('added', 'cancelled', 'attempt', 'call')",
            name=op.f("ck_follow_up_entries_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_follow_up_entries_session_id_infusion_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_follow_up_entries_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_entries")),
    )
    with op.batch_alter_table("follow_up_entries", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_entries_session_at", ["session_id", "at"], unique=False)
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("phone", sa.String(length=40), server_default="", nullable=False)
        )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_APPEND_ONLY if sqlite else POSTGRES_APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS follow_up_entries_no_update")
        op.execute("DROP TRIGGER IF EXISTS follow_up_entries_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS follow_up_entries_no_change ON follow_up_entries")
        op.execute("DROP FUNCTION IF EXISTS follow_up_entries_append_only()")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_column("phone")
    with op.batch_alter_table("follow_up_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_entries_session_at")
    op.drop_table("follow_up_entries")
    op.drop_table("site_settings")
