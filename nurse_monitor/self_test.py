"""`nurse-monitor --self-test`: prove an installation works, from the source tree or a bundle.

Opens the main window off-screen, migrates a temporary database, records a short infusion
through the services, renders its PDF and checks it, then prints one marker line and exits 0.
Any failure exits non-zero with the reason.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO

MARKER = "NURSE-MONITOR SELF-TEST OK"


def run_self_test(out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from nurse_monitor.ui.offscreen import quiet_offscreen_messages

    quiet_offscreen_messages()
    try:
        with tempfile.TemporaryDirectory(prefix="nurse-monitor-self-test-") as folder:
            summary = _check(Path(folder))
    except Exception as failure:  # the self-test reports every failure, whatever its kind
        print(f"NURSE-MONITOR SELF-TEST FAILED: {failure!r}", file=err)
        traceback.print_exc(file=err)
        return 1
    print(f"{MARKER}: {summary}", file=out)
    return 0


def _check(folder: Path) -> str:
    from PySide6.QtCore import QSettings

    from nurse_monitor.clock import FakeClock
    from nurse_monitor.demo.chairs import LOT, STEADY, prepare, titrate
    from nurse_monitor.services import chair_actions, exports
    from nurse_monitor.services.chair_view import chair_view
    from nurse_monitor.services.database import open_database, sqlite_url_for
    from nurse_monitor.services.patients import NewPatient, register_patient
    from nurse_monitor.services.session_start import BeginSession, begin_session
    from nurse_monitor.services.users import create_first_administrator, create_user
    from nurse_monitor.ui.app import application
    from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
    from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer
    from nurse_monitor.ui.main_window import MainWindow
    from nurse_monitor.ui.preferences import Preferences

    app = application()
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3))
    db = open_database(sqlite_url_for(folder / "self-test.db"), clock)
    try:
        if db.status.revision != db.status.head:
            raise RuntimeError(f"migrated to {db.status.revision}, expected {db.status.head}")
        admin = create_first_administrator(
            db, "selftest.admin", "Self Test Admin", "self-test passphrase"
        )
        create_user(
            db,
            admin,
            username="selftest.rn",
            full_name="Self Test",
            role="nurse",
            credentials="RN",
            password="self-test passphrase",
        )
        from nurse_monitor.services.users import actor_by_username

        nurse = actor_by_username(db, "selftest.rn")
        patient = register_patient(
            db, nurse, NewPatient("ST-0001", "Test", "Self", date(1980, 1, 1), "other", 70.0)
        )
        session = begin_session(
            db,
            nurse,
            BeginSession(
                patient.id,
                "Test",
                date(1980, 1, 1),
                "ocrevus-iv-initial",
                1,
                "Chair 1",
                300,
                260,
                LOT,
                clock.now().date() + timedelta(days=200),
                70.0,
            ),
        )
        prepare(db, nurse, clock, session.id)
        earliest = chair_view(db, nurse, session.id).checklist.earliest_start_at
        if earliest is not None:
            clock.set(earliest)
        chair_actions.record_vitals(db, nurse, session.id, STEADY)
        chair_actions.start_infusion(db, nurse, session.id, 30)
        titrate(db, nurse, clock, session.id, clock.now() + timedelta(minutes=45))
        status = chair_view(db, nurse, session.id).status
        if status.phase.value != "infusing" or status.volume_infused_ml <= 0:
            raise RuntimeError(
                f"the engine says {status.phase.value}, {status.volume_infused_ml} mL"
            )

        preferences = Preferences(
            QSettings(str(folder / "station.ini"), QSettings.Format.IniFormat)
        )
        window = MainWindow(
            db,
            clock,
            actor=nurse,
            preferences=preferences,
            chime=RecordingChime(),
            notifier=RecordingNotifier(),
        )
        window.show()
        app.processEvents()
        if window.board is None or window.board.model.rowCount() != 1:
            raise RuntimeError("the chair board did not show the session")
        window.close()

        pdf = folder / "summary.pdf"
        render = SessionPdfRenderer("Self-test", "A4", nurse.signature, clock.now)
        exports.export_session(db, nurse, session.id, pdf, render, "pdf")
        data = pdf.read_bytes()
        pages = (
            data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page")
        )
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:] or len(data) < 10_000:
            raise RuntimeError(f"the PDF looks wrong ({len(data)} bytes)")
        if not db.integrity_ok():
            raise RuntimeError("the database integrity check failed")
        return (
            f"schema {db.status.revision}, {status.volume_infused_ml:.1f} mL at "
            f"{status.rate_ml_h:g} mL/h, PDF {len(data)} bytes, {max(pages, 1)} page(s)"
        )
    finally:
        db.close()
