"""follow-up calls from: the date before which infusions make no automatic follow-up call

A record upgraded from a version without follow-up calls (issue 18) would otherwise list every
past qualifying infusion as an overdue call. For a record that already holds sessions, the site
setting `follow_up_calls_from` is set to the day of this upgrade (local date; the migration
runner passes the station's clock). A new, empty record stores nothing: its calls start with
its first infusion. An administrator can change the date in the site settings.

Revision ID: f0c4a11d7b2e
Revises: b5d1e0a47c92
Create Date: 2026-12-04 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "f0c4a11d7b2e"
down_revision: str | None = "b5d1e0a47c92"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "follow_up_calls_from"

site_settings = sa.table(
    "site_settings",
    sa.column("key", sa.String(64)),
    sa.column("value", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("updated_by_id", sa.Integer()),
)


def upgrade() -> None:
    bind = op.get_bind()
    sessions = bind.execute(sa.text("SELECT count(*) FROM infusion_sessions")).scalar() or 0
    if not sessions:
        return  # a new record: no infusion before it, nothing to hold back
    now = context.config.attributes.get("now") or datetime.now(UTC)
    day = now.astimezone().date()
    stamp = now.astimezone(UTC)
    if bind.dialect.name == "sqlite":  # as the models store it: naive UTC text
        stamp = stamp.replace(tzinfo=None)
    op.bulk_insert(
        site_settings,
        [
            {
                "key": KEY,
                "value": {"date": day.isoformat(), "set_by": "upgrade"},
                "updated_at": stamp,
                "updated_by_id": None,
            }
        ],
    )


def downgrade() -> None:
    op.execute(site_settings.delete().where(site_settings.c.key == KEY))
