"""alarm log

Every alarm raised, acknowledged, snoozed and ended, with its time and who (issue 15). An
append-only table of its own: the database refuses UPDATE and DELETE, as for session events,
and an entry never touches the session row (its version stays).

Revision ID: a1a2b3c4d5e6
Revises: c3a9e1f0b7d2
Create Date: 2026-12-04 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a1a2b3c4d5e6"
down_revision: str | None = "c3a9e1f0b7d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_APPEND_ONLY = (
    """CREATE TRIGGER alarm_log_no_update BEFORE UPDATE ON alarm_log
       BEGIN SELECT RAISE(ABORT, 'the alarm log is append-only'); END""",
    """CREATE TRIGGER alarm_log_no_delete BEFORE DELETE ON alarm_log
       BEGIN SELECT RAISE(ABORT, 'the alarm log is append-only'); END""",
)
POSTGRES_APPEND_ONLY = (
    """CREATE FUNCTION alarm_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the alarm log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER alarm_log_no_change BEFORE UPDATE OR DELETE ON alarm_log
       FOR EACH ROW EXECUTE FUNCTION alarm_log_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "alarm_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("reasons", sa.String(length=400), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_alarm_log_session_id_infusion_sessions"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_alarm_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_log")),
    )
    with op.batch_alter_table("alarm_log", schema=None) as batch_op:
        batch_op.create_index("ix_alarm_log_session_at", ["session_id", "at"], unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_APPEND_ONLY if sqlite else POSTGRES_APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS alarm_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS alarm_log_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS alarm_log_no_change ON alarm_log")
        op.execute("DROP FUNCTION IF EXISTS alarm_log_append_only()")
    with op.batch_alter_table("alarm_log", schema=None) as batch_op:
        batch_op.drop_index("ix_alarm_log_session_at")
    op.drop_table("alarm_log")
