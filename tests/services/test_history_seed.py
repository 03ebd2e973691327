"""`seed_sessions`: the rows it writes in bulk read back through the engine exactly as stored
(summary columns included), pass the engine's event checks, and leave ids the services can
continue from on both backends."""

from __future__ import annotations

from sqlalchemy import event

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.event_checks import check_events
from nurse_monitor.services.chair_view import facts_for, recorded_engine_events
from nurse_monitor.services.database import Database
from nurse_monitor.services.patients import register_patient
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.services.session_summary import compute_summary
from nurse_monitor.services.sessions import SessionPlan, plan_session
from nurse_monitor.storage.repositories import sessions
from tests.storage.conftest import Staff

from .chair_walk import begin_initial
from .conftest import ALICE


def test_seeded_sessions_are_what_the_engine_computes(db: Database, staff: Staff) -> None:
    report = seed_sessions(db, 80, days=30, rng_seed=11, chunk=30)
    assert report.sessions == 80 and report.events > 80 * 20 and report.readings > 80 * 5
    with db.read() as s:
        ids = [r.id for r in sessions.sessions_with_status(s, ("signed", "cosigned"))]
        assert len(ids) == 80
        for session_id in ids:
            row = sessions.session_by_id(s, session_id)
            assert row is not None
            summary = compute_summary(s, row)
            assert summary.started_at == row.started_at
            assert summary.ended_at == row.ended_at
            assert summary.duration_min == row.duration_min
            assert summary.volume_infused_ml == row.volume_infused_ml == row.bag_volume_ml
            assert summary.highest_news2 == row.highest_news2
            assert summary.worst_grade == row.worst_grade
            assert summary.amended == row.amended
            prot = protocol(row.protocol_id)
            events = recorded_engine_events(s, session_id, None)
            check_events(prot, facts_for(row, prot), events)


def test_services_continue_after_a_seed(db: Database, staff: Staff) -> None:
    seed_sessions(db, 5, rng_seed=2)
    patient = register_patient(db, staff.nurse, ALICE)
    planned = plan_session(
        db,
        staff.nurse,
        SessionPlan(patient.id, "ocrevus-iv-standard", 3, "Chair 2", 600, 520),
    )
    assert planned.id == 6
    seed_sessions(db, 3, rng_seed=3)  # a second seed adds after what is there
    with db.read() as s:
        assert sessions.session_by_id(s, 9) is not None


def test_the_open_sessions_are_found_by_index_after_analyze(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    """Nearly every session is signed; SQLite's statistics must not talk it into a table scan
    when the board asks for the handful still open (it did: 15 ms over 100,000 sessions)."""
    seed_sessions(db, 300, days=60, rng_seed=5)  # signed sessions, then ANALYZE
    open_one = begin_initial(db, staff.nurse, alice)
    statements: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, params: object, *_: object) -> None:
        statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.read() as s:
            found = sessions.sessions_with_status(s, ("planned", "in_progress", "ended"))
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert [r.id for r in found] == [open_one.id]
    if db.engine.dialect.name != "sqlite":
        return
    statement, params = next((st, p) for st, p in statements if "FROM infusion_sessions" in st)
    with db.engine.connect() as conn:
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
    assert any("USING INDEX ix_infusion_sessions_status" in str(row[-1]) for row in plan), plan
