"""initial record store

Revision ID: f9162c5e5ea6
Revises:
Create Date: 2026-11-21 05:36:06.220578
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

revision: str = "f9162c5e5ea6"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Session events are append-only: the database itself refuses UPDATE and DELETE on them, so no
# code path (ours or a hand-run query) can rewrite what happened at the chair.
SQLITE_APPEND_ONLY = (
    """CREATE TRIGGER session_events_no_update BEFORE UPDATE ON session_events
       BEGIN SELECT RAISE(ABORT, 'session events are append-only'); END""",
    """CREATE TRIGGER session_events_no_delete BEFORE DELETE ON session_events
       BEGIN SELECT RAISE(ABORT, 'session events are append-only'); END""",
)
POSTGRES_APPEND_ONLY = (
    """CREATE FUNCTION session_events_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'session events are append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER session_events_no_change BEFORE UPDATE OR DELETE ON session_events
       FOR EACH ROW EXECUTE FUNCTION session_events_append_only()""",
)


def _append_only_up() -> None:
    dialect = op.get_bind().dialect.name
    statements = SQLITE_APPEND_ONLY if dialect == "sqlite" else POSTGRES_APPEND_ONLY
    for statement in statements:
        op.execute(statement)


def _append_only_down() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS session_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS session_events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS session_events_no_change ON session_events")
        op.execute("DROP FUNCTION IF EXISTS session_events_append_only()")


def upgrade() -> None:
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_number", sa.String(length=32), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("allergies", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "weight_kg IS NULL OR (weight_kg >= 20 AND weight_kg <= 300)",
            name=op.f("ck_patients_weight"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("record_number", name=op.f("uq_patients_record_number")),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patients_family_name"), ["family_name"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("credentials", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('nurse', 'charge_nurse', 'admin')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_log_record", ["record_type", "record_id"], unique=False)
        batch_op.create_index("ix_audit_log_user_id", ["user_id"], unique=False)

    op.create_table(
        "infusion_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("infusion_number", sa.Integer(), nullable=False),
        sa.Column("chair", sa.String(length=32), nullable=False),
        sa.Column("dose_mg", sa.Float(), nullable=False),
        sa.Column("lot_number", sa.String(length=64), nullable=True),
        sa.Column("lot_expiry", sa.Date(), nullable=True),
        sa.Column("bag_volume_ml", sa.Float(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("nurse_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cosigned_by_id", sa.Integer(), nullable=True),
        sa.Column("cosigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cosign_comment", sa.Text(), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'ended', 'signed', 'cosigned')",
            name=op.f("ck_infusion_sessions_status"),
        ),
        sa.CheckConstraint(
            "bag_volume_ml IS NULL OR bag_volume_ml > 0",
            name=op.f("ck_infusion_sessions_bag_volume"),
        ),
        sa.CheckConstraint("dose_mg > 0", name=op.f("ck_infusion_sessions_dose")),
        sa.CheckConstraint(
            "infusion_number >= 1", name=op.f("ck_infusion_sessions_infusion_number")
        ),
        sa.ForeignKeyConstraint(
            ["cosigned_by_id"], ["users.id"], name=op.f("fk_infusion_sessions_cosigned_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["nurse_id"], ["users.id"], name=op.f("fk_infusion_sessions_nurse_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_infusion_sessions_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"], ["users.id"], name=op.f("fk_infusion_sessions_signed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusion_sessions")),
    )
    with op.batch_alter_table("infusion_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_infusion_sessions_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_infusion_sessions_nurse_id"), ["nurse_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_infusion_sessions_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_infusion_sessions_protocol_id"), ["protocol_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_infusion_sessions_status"), ["status"], unique=False)

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column(
            "original_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "new_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("amended_by_id", sa.Integer(), nullable=False),
        sa.Column("amended_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amended_by_id"], ["users.id"], name=op.f("fk_amendments_amended_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_amendments_session_id_infusion_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendments_session_id"), ["session_id"], unique=False)
        batch_op.create_index("ix_amendments_target", ["target_type", "target_id"], unique=False)

    op.create_table(
        "drug_discontinuations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("drug", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("discontinued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_drug_discontinuations_patient_id_patients"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_drug_discontinuations_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_drug_discontinuations_session_id_infusion_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drug_discontinuations")),
    )
    with op.batch_alter_table("drug_discontinuations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_drug_discontinuations_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "session_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_session_events_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_session_events_session_id_infusion_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_events")),
    )
    with op.batch_alter_table("session_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_session_events_session_occurred", ["session_id", "occurred_at"], unique=False
        )

    op.create_table(
        "reactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("onset_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("ctcae_grade", sa.Integer(), nullable=True),
        sa.Column(
            "symptoms",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column(
            "interventions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("restart_rate_ml_h", sa.Float(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "severity IN ('mild', 'moderate', 'severe', 'life_threatening')",
            name=op.f("ck_reactions_severity"),
        ),
        sa.CheckConstraint(
            "ctcae_grade IS NULL OR (ctcae_grade BETWEEN 1 AND 5)", name=op.f("ck_reactions_grade")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["session_events.id"], name=op.f("fk_reactions_event_id_session_events")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_reactions_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_reactions_session_id_infusion_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reactions")),
    )
    with op.batch_alter_table("reactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reactions_session_id"), ["session_id"], unique=False)

    op.create_table(
        "vital_sign_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.Column("heart_rate", sa.Integer(), nullable=True),
        sa.Column("respiratory_rate", sa.Integer(), nullable=True),
        sa.Column("temperature_c", sa.Float(), nullable=True),
        sa.Column("spo2", sa.Integer(), nullable=True),
        sa.Column("on_oxygen", sa.Boolean(), nullable=False),
        sa.Column("consciousness", sa.String(length=20), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("news2_total", sa.Integer(), nullable=True),
        sa.Column("news2_band", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "diastolic IS NULL OR systolic IS NULL OR diastolic < systolic",
            name=op.f("ck_vital_sign_readings_bp"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["session_events.id"],
            name=op.f("fk_vital_sign_readings_event_id_session_events"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_vital_sign_readings_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["infusion_sessions.id"],
            name=op.f("fk_vital_sign_readings_session_id_infusion_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vital_sign_readings")),
    )
    with op.batch_alter_table("vital_sign_readings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_vital_sign_readings_session_taken", ["session_id", "taken_at"], unique=False
        )
    _append_only_up()


def downgrade() -> None:
    _append_only_down()
    with op.batch_alter_table("vital_sign_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_vital_sign_readings_session_taken")

    op.drop_table("vital_sign_readings")
    with op.batch_alter_table("reactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reactions_session_id"))

    op.drop_table("reactions")
    with op.batch_alter_table("session_events", schema=None) as batch_op:
        batch_op.drop_index("ix_session_events_session_occurred")

    op.drop_table("session_events")
    with op.batch_alter_table("drug_discontinuations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drug_discontinuations_patient_id"))

    op.drop_table("drug_discontinuations")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index("ix_amendments_target")
        batch_op.drop_index(batch_op.f("ix_amendments_session_id"))

    op.drop_table("amendments")
    with op.batch_alter_table("infusion_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infusion_sessions_status"))
        batch_op.drop_index(batch_op.f("ix_infusion_sessions_protocol_id"))
        batch_op.drop_index(batch_op.f("ix_infusion_sessions_patient_id"))
        batch_op.drop_index(batch_op.f("ix_infusion_sessions_nurse_id"))
        batch_op.drop_index("ix_infusion_sessions_created_at")

    op.drop_table("infusion_sessions")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_user_id")
        batch_op.drop_index("ix_audit_log_record")
        batch_op.drop_index("ix_audit_log_at")

    op.drop_table("audit_log")
    op.drop_table("users")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patients_family_name"))

    op.drop_table("patients")
