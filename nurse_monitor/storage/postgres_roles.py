"""PostgreSQL's two roles: the owner that migrates, and the runtime role the program runs as.

Issue 16, defect 7c. The owner (the role that runs `nurse-monitor db upgrade`) owns every table,
trigger and function. The runtime role, `nurse_monitor_runtime` (a group role the station's login
roles are members of), may read every table, add rows, and change only the tables that are not
append-only. It cannot alter the schema, disable or drop a trigger (both need ownership),
truncate, or update or delete an event, reading, amendment, audit entry or chain head.

The grants are (re)applied after every upgrade, so tables a later migration adds are covered;
they are skipped when the DBA has not created the role (README: "A shared record on PostgreSQL").
"""

from __future__ import annotations

from sqlalchemy import Connection, text

RUNTIME_ROLE = "nurse_monitor_runtime"
APPEND_ONLY_TABLES = (
    "session_events",
    "vital_sign_readings",
    "amendments",
    "audit_log",
    "record_chain_heads",
)
# Append-only too (guarded by triggers), outside the record chain.
INSERT_ONLY_TABLES = ("session_protocols", "alarm_log", "follow_up_entries", "recorded_actions")
READ_ONLY_TABLES = ("alembic_version",)


def runtime_role_exists(conn: Connection) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": RUNTIME_ROLE})
    return found.first() is not None


def grant_runtime_privileges(conn: Connection) -> bool:
    """Give the runtime role exactly what the program needs; False when it does not exist."""
    if conn.dialect.name != "postgresql" or not runtime_role_exists(conn):
        return False
    tables = [
        str(name)
        for name in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    ]
    role = RUNTIME_ROLE
    schema = _schema(conn)
    conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}'))
    for table in tables:
        conn.execute(text(f'REVOKE ALL ON TABLE "{table}" FROM {role}'))
        if table in READ_ONLY_TABLES:
            rights = "SELECT"
        elif table in APPEND_ONLY_TABLES or table in INSERT_ONLY_TABLES:
            rights = "SELECT, INSERT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        conn.execute(text(f'GRANT {rights} ON TABLE "{table}" TO {role}'))
    conn.execute(
        text(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {role}')
    )
    return True


def _schema(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_schema()")).scalar_one())
