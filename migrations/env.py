"""Alembic environment: uses the connection the program hands over, or a URL for developers.

From code (nurse_monitor.storage.migration_runner) a connection already inside a transaction
arrives in `config.attributes["connection"]`; the whole upgrade is that one transaction.
From the alembic command line, the URL comes from `-x url=...` or NURSE_MONITOR_DATABASE_URL.
"""

from __future__ import annotations

import os

from alembic import context

from nurse_monitor.storage.engine import create_database_engine
from nurse_monitor.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")

given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "NURSE_MONITOR_DATABASE_URL"
    )
    if not url:
        raise SystemExit("give a database: alembic -x url=sqlite:///path.db ...")
    engine = create_database_engine(url)
    with engine.connect() as connection:
        run(connection)
        connection.commit()
