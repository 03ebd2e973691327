"""pump link: pump bindings, pump observations, the pump message log and allowed gateways

Issue 19. New tables only; nothing existing changes. The message log is for IT and lies outside
the clinical record (purged after 30 days by `nurse-monitor pump purge-log`).

Revision ID: c3a9d7e1f2b4
Revises: a1a2b3c4d5e6
Create Date: 2026-12-04 18:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3a9d7e1f2b4"
down_revision: str | None = "a1a2b3c4d5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pump_bindings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pump_id", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("bound_at", WHEN, nullable=False),
        sa.Column("bound_by_id", sa.Integer(), nullable=False),
        sa.Column("unbound_at", WHEN, nullable=True),
        sa.Column("unbound_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_pump_bindings_session_id_infusion_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["bound_by_id"], ["users.id"], name=op.f("fk_pump_bindings_bound_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["unbound_by_id"], ["users.id"], name=op.f("fk_pump_bindings_unbound_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pump_bindings")),
    )
    op.create_index(
        "ix_pump_bindings_pump_active", "pump_bindings", ["pump_id", "unbound_at"], unique=False
    )
    op.create_index(
        op.f("ix_pump_bindings_session_id"), "pump_bindings", ["session_id"], unique=False
    )
    op.create_table(
        "pump_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("binding_id", sa.Integer(), nullable=False),
        sa.Column("pump_id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("received_at", WHEN, nullable=False),
        sa.Column("observed_at", WHEN, nullable=True),
        sa.Column("rate_ml_h", sa.Float(), nullable=True),
        sa.Column("current_rate_ml_h", sa.Float(), nullable=True),
        sa.Column("volume_to_infuse_ml", sa.Float(), nullable=True),
        sa.Column("delivered_ml", sa.Float(), nullable=True),
        sa.Column("remaining_ml", sa.Float(), nullable=True),
        sa.Column("minutes_remaining", sa.Float(), nullable=True),
        sa.Column("infusing", sa.Boolean(), nullable=True),
        sa.Column("event", sa.String(length=40), nullable=True),
        sa.Column("alarm", sa.String(length=200), nullable=True),
        sa.Column("reported_patient", sa.String(length=64), nullable=True),
        sa.Column("patient_mismatch", sa.Boolean(), nullable=False),
        sa.Column("charted_event_id", sa.Integer(), nullable=True),
        sa.Column("charted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_pump_observations_session_id_infusion_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["binding_id"],
            ["pump_bindings.id"],
            name=op.f("fk_pump_observations_binding_id_pump_bindings"),
        ),
        sa.ForeignKeyConstraint(
            ["charted_event_id"],
            ["session_events.id"],
            name=op.f("fk_pump_observations_charted_event_id_session_events"),
        ),
        sa.ForeignKeyConstraint(
            ["charted_by_id"], ["users.id"], name=op.f("fk_pump_observations_charted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pump_observations")),
    )
    op.create_index(
        "ix_pump_observations_session_received",
        "pump_observations",
        ["session_id", "received_at"],
        unique=False,
    )
    op.create_table(
        "pump_message_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", WHEN, nullable=False),
        sa.Column("peer", sa.String(length=64), nullable=False),
        sa.Column("pump_id", sa.String(length=64), nullable=False),
        sa.Column("control_id", sa.String(length=64), nullable=False),
        sa.Column("ack_code", sa.String(length=2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pump_message_log")),
    )
    op.create_index(
        "ix_pump_message_log_received_at", "pump_message_log", ["received_at"], unique=False
    )
    op.create_index(
        "ix_pump_message_log_pump_control",
        "pump_message_log",
        ["pump_id", "control_id"],
        unique=False,
    )
    op.create_table(
        "pump_gateways",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_pump_gateways_added_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pump_gateways")),
        sa.UniqueConstraint("address", name=op.f("uq_pump_gateways_address")),
    )


def downgrade() -> None:
    op.drop_table("pump_gateways")
    op.drop_index("ix_pump_message_log_pump_control", table_name="pump_message_log")
    op.drop_index("ix_pump_message_log_received_at", table_name="pump_message_log")
    op.drop_table("pump_message_log")
    op.drop_index("ix_pump_observations_session_received", table_name="pump_observations")
    op.drop_table("pump_observations")
    op.drop_index(op.f("ix_pump_bindings_session_id"), table_name="pump_bindings")
    op.drop_index("ix_pump_bindings_pump_active", table_name="pump_bindings")
    op.drop_table("pump_bindings")
