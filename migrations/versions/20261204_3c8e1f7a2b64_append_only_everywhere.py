"""append-only triggers on readings, amendments and the audit log

The first revision guarded session events only; vital sign readings, amendments and audit
entries could be rewritten or deleted by any query. The database now refuses UPDATE and DELETE
on all four (issue 16, defect 7a), on SQLite and PostgreSQL alike.

Revision ID: 3c8e1f7a2b64
Revises: e18f0c11a2b3
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "3c8e1f7a2b64"
down_revision: str | None = "e18f0c11a2b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the words of the refusal (session_events is guarded since f9162c5e5ea6)
GUARDED = {
    "vital_sign_readings": "vital sign readings are append-only",
    "amendments": "amendments are append-only",
    "audit_log": "audit entries are append-only",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, words in GUARDED.items():
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{words}'); END"
                )
        return
    for table, words in GUARDED.items():
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{words}'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        # A row trigger does not fire on TRUNCATE: a statement trigger refuses it too.
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
    op.execute(
        "CREATE TRIGGER session_events_no_truncate BEFORE TRUNCATE ON session_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION session_events_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in GUARDED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        return
    op.execute("DROP TRIGGER IF EXISTS session_events_no_truncate ON session_events")
    for table in GUARDED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
