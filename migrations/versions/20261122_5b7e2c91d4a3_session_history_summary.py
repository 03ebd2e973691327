"""session history summary columns

Denormalised summary of each session (start, end, duration, volume, highest NEWS2, worst reaction
grade, amended) so the history window can filter and sort 100,000 sessions in SQL, with the
indexes its filters and sorts use. Existing rows are filled from their events, readings,
reactions and amendments (volume is left empty: only the engine computes it).

Revision ID: 5b7e2c91d4a3
Revises: f9162c5e5ea6
Create Date: 2026-11-22 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b7e2c91d4a3"
down_revision: str | None = "f9162c5e5ea6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXED = (
    "started_at",
    "duration_min",
    "volume_infused_ml",
    "highest_news2",
    "worst_grade",
    "chair",
)

BACKFILL = """
UPDATE infusion_sessions SET
  started_at = (SELECT min(e.occurred_at) FROM session_events e
                WHERE e.session_id = infusion_sessions.id AND e.type = 'infusion_started'),
  ended_at = (SELECT max(e.occurred_at) FROM session_events e
              WHERE e.session_id = infusion_sessions.id
                AND e.type IN ('infusion_ended', 'infusion_stopped')),
  highest_news2 = (SELECT max(r.news2_total) FROM vital_sign_readings r
                   WHERE r.session_id = infusion_sessions.id),
  worst_grade = (SELECT max(x.ctcae_grade) FROM reactions x
                 WHERE x.session_id = infusion_sessions.id),
  amended = EXISTS (SELECT 1 FROM amendments a WHERE a.session_id = infusion_sessions.id)
"""
DURATION = {
    "sqlite": "UPDATE infusion_sessions SET duration_min = CAST(ROUND("
    "(julianday(ended_at) - julianday(started_at)) * 1440) AS INTEGER) "
    "WHERE started_at IS NOT NULL AND ended_at IS NOT NULL",
    "postgresql": "UPDATE infusion_sessions SET duration_min = "
    "ROUND(EXTRACT(EPOCH FROM (ended_at - started_at)) / 60)::integer "
    "WHERE started_at IS NOT NULL AND ended_at IS NOT NULL",
}


def upgrade() -> None:
    with op.batch_alter_table("infusion_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("duration_min", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("volume_infused_ml", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("highest_news2", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("worst_grade", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("amended", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        for column in INDEXED:
            batch_op.create_index(f"ix_infusion_sessions_{column}", [column], unique=False)
        batch_op.create_index(
            "ix_infusion_sessions_reaction_created",
            ["created_at"],
            unique=False,
            sqlite_where=sa.text("worst_grade IS NOT NULL"),
            postgresql_where=sa.text("worst_grade IS NOT NULL"),
        )
    op.execute(BACKFILL)
    dialect = op.get_bind().dialect.name
    if dialect in DURATION:
        op.execute(DURATION[dialect])


def downgrade() -> None:
    with op.batch_alter_table("infusion_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_infusion_sessions_reaction_created")
        for column in reversed(INDEXED):
            batch_op.drop_index(f"ix_infusion_sessions_{column}")
        batch_op.drop_column("amended")
        batch_op.drop_column("worst_grade")
        batch_op.drop_column("highest_news2")
        batch_op.drop_column("volume_infused_ml")
        batch_op.drop_column("duration_min")
        batch_op.drop_column("ended_at")
        batch_op.drop_column("started_at")
