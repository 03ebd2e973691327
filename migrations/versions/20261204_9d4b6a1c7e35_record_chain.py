"""record chain: a hash on every append-only row and the heads kept outside them; where and
how each audit entry was made

Each event, vital sign reading, amendment and audit entry carries sha256 of its content and the
previous row's hash (nurse_monitor.storage.record_chain); `record_chain_heads` keeps where each
chain stood at each commit, append-only like the rows. Existing rows get their chain here, in id
order, with the append-only UPDATE trigger lifted for this transaction only (issue 16, 7b).
Audit entries also say where (station, operating-system user), through what (desktop or command
line) and the outcome (done or refused) (issue 16, 7d); earlier entries keep these empty.

Revision ID: 9d4b6a1c7e35
Revises: 3c8e1f7a2b64
Create Date: 2026-12-04 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d4b6a1c7e35"
down_revision: str | None = "3c8e1f7a2b64"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHAINED = {
    "session_events": "session events are append-only",
    "vital_sign_readings": "vital sign readings are append-only",
    "amendments": "amendments are append-only",
    "audit_log": "audit entries are append-only",
}
HEADS = "record_chain_heads"
AUDIT_WHERE = (("station", 128, ""), ("os_user", 64, ""), ("channel", 16, ""), ("outcome", 16, "done"))
HEADS_WORDS = "record chain heads are append-only"


def _sqlite_trigger(table: str, verb: str, words: str) -> str:
    return (
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{words}'); END"
    )


def _build_chains(sqlite: bool) -> None:
    from nurse_monitor.storage import record_chain

    bind = op.get_bind()
    for table, words in CHAINED.items():
        if sqlite:
            op.execute(f"DROP TRIGGER {table}_no_update")
        else:
            op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_change")
        record_chain.rebuild_chain(bind, table)
        if sqlite:
            op.execute(_sqlite_trigger(table, "UPDATE", words))
        else:
            op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_change")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, length, default in AUDIT_WHERE:
        op.add_column(
            "audit_log",
            sa.Column(name, sa.String(length=length), server_default=default, nullable=False),
        )
    for table in CHAINED:
        op.add_column(table, sa.Column("chain_hash", sa.String(length=64), nullable=True))
    op.create_table(
        HEADS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_chain_heads")),
    )
    op.create_index("ix_record_chain_heads_table_name", HEADS, ["table_name", "id"], unique=False)
    if sqlite:
        op.execute(_sqlite_trigger(HEADS, "UPDATE", HEADS_WORDS))
        op.execute(_sqlite_trigger(HEADS, "DELETE", HEADS_WORDS))
    else:
        op.execute(
            f"CREATE FUNCTION {HEADS}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{HEADS_WORDS}'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {HEADS}_no_change BEFORE UPDATE OR DELETE ON {HEADS} "
            f"FOR EACH ROW EXECUTE FUNCTION {HEADS}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {HEADS}_no_truncate BEFORE TRUNCATE ON {HEADS} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {HEADS}_append_only()"
        )
    _build_chains(sqlite)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute(f"DROP TRIGGER IF EXISTS {HEADS}_no_truncate ON {HEADS}")
        op.execute(f"DROP TRIGGER IF EXISTS {HEADS}_no_change ON {HEADS}")
        op.execute(f"DROP FUNCTION IF EXISTS {HEADS}_append_only()")
    op.drop_index("ix_record_chain_heads_table_name", table_name=HEADS)
    op.drop_table(HEADS)
    for table in CHAINED:
        # Native DROP COLUMN (SQLite 3.35+) keeps the table and its append-only triggers.
        op.execute(f"ALTER TABLE {table} DROP COLUMN chain_hash")
    for name, _length, _default in AUDIT_WHERE:
        op.execute(f"ALTER TABLE audit_log DROP COLUMN {name}")
