"""Issue 16 defects 3 and 10, whole processes: a station killed with its last commits still in
the WAL restarts on an intact record with everything; a record file replaced or deleted by
another process under a running station refuses every write instead of losing it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.errors import RecordUnreachable
from nurse_monitor.storage.models import Patient
from nurse_monitor.storage.sqlite_file import check_sqlite_file, schema_revisions
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff

STATION = """
import os, signal, sys
from dataclasses import replace
from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.database import open_database, sqlite_url_for
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff
db = open_database(sqlite_url_for(sys.argv[1]), FakeClock())
staff = make_staff(db)
for n in range(int(sys.argv[2])):
    patients.register_patient(db, staff.nurse, replace(ALICE, record_number=f"MRN-{n:05d}"))
    print(n, flush=True)  # committed: printed only after the commit returned
os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint: the commits stay in the WAL
"""


def patient_count(path: Path) -> int:
    db = open_database(sqlite_url_for(path), FakeClock(), full_check=False)
    try:
        with db.read() as s:
            return s.scalar(select(func.count()).select_from(Patient)) or 0
    finally:
        db.close()


def test_a_station_killed_before_its_checkpoint_restarts_with_everything(tmp_path: Path) -> None:
    path = tmp_path / "nurse-monitor.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", STATION, str(path), "40"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == -9, done.stderr
    printed = done.stdout.split()
    assert len(printed) == 40
    assert Path(f"{path}-wal").stat().st_size > 0  # the commits wait in the WAL
    assert check_sqlite_file(path, full=False) == schema_revisions().head
    assert check_sqlite_file(path, full=True) == schema_revisions().head
    assert patient_count(path) == 40  # nothing printed is lost


@pytest.mark.parametrize("fault", ["replaced", "deleted"])
def test_a_record_changed_by_another_process_refuses_writes_and_loses_nothing(
    tmp_path: Path, fault: str
) -> None:
    path = tmp_path / "nurse-monitor.db"
    db = open_database(sqlite_url_for(path), FakeClock())
    staff = make_staff(db)
    patients.register_patient(db, staff.nurse, ALICE)
    copy = tmp_path / "restored.db"
    with db.engine.connect() as conn:  # the last backup, as it would be restored
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("VACUUM INTO ?", (str(copy),))
    script = (
        f"import os; os.replace({str(copy)!r}, {str(path)!r})"
        if fault == "replaced"
        else f"import os; os.unlink({str(path)!r})"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    try:
        for attempt in range(3):
            with pytest.raises(RecordUnreachable):
                patients.register_patient(
                    db, staff.nurse, replace(ALICE, record_number=f"MRN-{attempt}00")
                )
        assert db.record_problem() is not None
    finally:
        db.close()
    if fault == "replaced":
        assert patient_count(path) == 1  # the file now in place holds what it held, no more
    else:
        assert not path.exists()
    shutil.rmtree(tmp_path, ignore_errors=True)
