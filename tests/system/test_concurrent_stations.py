"""Several stations writing the same record at once, on SQLite and on PostgreSQL.

Eight processes start together (multiprocessing.Barrier) and each records vital signs on its
own session and on one session they all share: some unconditionally (expected_version=None),
some against the version they just read, which provokes conflicts. Every committed id is
written down by its worker; afterwards the rows must be exactly those ids (nothing lost,
nothing twice), each vitals event has its reading, and each session's version counts its
events, so no update was lost.

Then two stations start, end or sign the same session at the same moment: one succeeds, the
other is told SessionChanged (or, without a version, refused because it already happened) and
on reloading sees the other's change. Never a silent overwrite, never the action twice.

The default size is 8 stations x ACTIONS (40) actions; NURSE_MONITOR_CONCURRENT_ACTIONS=500
runs the full size (the charting check reads the whole session, so a shared session of 2,000
events costs minutes on two cores).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.errors import DatabaseUnavailable, InvalidInput, SessionChanged
from nurse_monitor.services.sessions import session_by_id
from nurse_monitor.services.users import actor_by_username
from nurse_monitor.storage.models import InfusionSession, SessionEvent, VitalSignReading
from tests.services.chair_walk import (
    NORMAL_VITALS,
    begin_initial,
    give_take_home_sheet,
    prepare_to_start,
    titrate_to_the_end,
)
from tests.storage.conftest import make_staff

STATIONS = 8
ACTIONS = int(os.environ.get("NURSE_MONITOR_CONCURRENT_ACTIONS", "40"))
VERSIONED_EVERY = 4  # every 4th shared-session action states the version it saw
JOIN_TIMEOUT_S = 600
MOST_RETRIES = 200

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="the stations are forked processes (POSIX)"
)


def context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def patient(index: int) -> patients.NewPatient:
    return patients.NewPatient(
        record_number=f"MRN-CONC-{index:03d}",
        family_name=f"Station{index}",
        given_name="Pat",
        date_of_birth=date(1970, 1, 1 + index),
        sex="male",
        weight_kg=80.0,
    )


def setup_sessions(url: str, count: int) -> tuple[FakeClock, list[int]]:
    """A migrated record with staff and `count` planned sessions (one per patient)."""
    clock = FakeClock()
    db = open_database(url, clock)
    try:
        staff = make_staff(db)
        ids = []
        for index in range(count):
            record = patients.register_patient(db, staff.nurse, patient(index))
            ids.append(begin_initial(db, staff.nurse, record, f"Chair {index + 1}").id)
        return clock, ids
    finally:
        db.close()


def vitals_station(
    url: str,
    now: str,
    worker: int,
    own: int,
    shared: int,
    actions: int,
    barrier: Any,
    out: str,
) -> None:
    """One station: `actions` vitals, alternating its own session and the shared one."""
    db = open_database(url, FakeClock(datetime.fromisoformat(now)), migrate=False)
    nurse = actor_by_username(db, "nurse.a")
    result: dict[str, Any] = {
        "ids": [],
        "conflicts": 0,
        "retries": 0,
        "unavailable": 0,
        "versioned_unavailable": 0,
    }
    barrier.wait()
    try:
        for i in range(actions):
            target = own if i % 2 == 0 else shared
            if target == shared and i % (2 * VERSIONED_EVERY) == 1:
                seen = session_by_id(db, nurse, shared).version
                try:
                    event = chair.record_vitals(
                        db, nurse, shared, NORMAL_VITALS, expected_version=seen
                    )
                except SessionChanged:
                    result["conflicts"] += 1
                    continue
                except DatabaseUnavailable:  # the write lock waited past busy_timeout
                    result["versioned_unavailable"] += 1
                    continue
                result["ids"].append(event.id)
                continue
            for _ in range(MOST_RETRIES):
                try:
                    event = chair.record_vitals(db, nurse, target, NORMAL_VITALS)
                except SessionChanged:
                    result["retries"] += 1
                    continue
                except DatabaseUnavailable:
                    result["unavailable"] += 1
                    continue
                result["ids"].append(event.id)
                break
            else:
                raise RuntimeError("an unconditional action never got through")
    finally:
        db.close()
        Path(out).write_text(json.dumps(result))


def run_stations(target: Callable[..., None], args: list[tuple[Any, ...]]) -> None:
    ctx = context()
    procs = [ctx.Process(target=target, args=a) for a in args]
    for p in procs:
        p.start()
    for p in procs:
        p.join(JOIN_TIMEOUT_S)
    codes = [p.exitcode for p in procs]
    assert codes == [0] * len(procs), f"station exit codes {codes}"


def run_concurrent_vitals(url: str, folder: Path, actions: int) -> dict[str, int]:
    """The 8-station run; returns its figures after checking the record."""
    clock, ids = setup_sessions(url, STATIONS + 1)
    shared, own = ids[0], ids[1:]
    barrier = context().Barrier(STATIONS)
    outs = [folder / f"station-{w}.json" for w in range(STATIONS)]
    run_stations(
        vitals_station,
        [
            (url, clock.now().isoformat(), w, own[w], shared, actions, barrier, str(outs[w]))
            for w in range(STATIONS)
        ],
    )
    results = [json.loads(p.read_text()) for p in outs]
    committed = [i for r in results for i in r["ids"]]
    db = open_database(url, FakeClock(), migrate=False)
    try:
        with db.read() as s:
            vitals = list(s.scalars(select(SessionEvent.id).where(SessionEvent.type == "vitals")))
            readings = Counter(s.scalars(select(VitalSignReading.event_id)))
            per_session = dict(
                s.execute(
                    select(SessionEvent.session_id, func.count()).group_by(SessionEvent.session_id)
                ).all()
            )
            versions = dict(s.execute(select(InfusionSession.id, InfusionSession.version)).all())
        assert db.integrity_ok()
    finally:
        db.close()
    assert len(committed) == len(set(committed)), "an id was reported twice"
    assert sorted(vitals) == sorted(committed), "rows and committed actions differ"
    assert readings == Counter(committed), "a vitals event without its reading (or two)"
    for session_id, events in per_session.items():
        assert versions[session_id] == events + 1, f"session {session_id}: a lost update"
    conflicts = sum(r["conflicts"] for r in results)
    versioned = STATIONS * len(range(1, actions, 2 * VERSIONED_EVERY))
    versioned_unavailable = sum(r["versioned_unavailable"] for r in results)
    assert len(committed) == STATIONS * actions - conflicts - versioned_unavailable
    return {
        "actions_tried": STATIONS * actions,
        "committed": len(committed),
        "versioned_tried": versioned,
        "version_conflicts": conflicts,
        "unconditional_retries": sum(r["retries"] for r in results),
        "unavailable_retries": sum(r["unavailable"] for r in results),
        "versioned_unavailable": versioned_unavailable,
    }


def test_eight_stations_lose_and_duplicate_nothing(database_url: str, tmp_path: Path) -> None:
    figures = run_concurrent_vitals(database_url, tmp_path, ACTIONS)
    print(f"\n{figures}")
    assert figures["committed"] >= STATIONS * ACTIONS * 0.75


# --- Two stations doing the same thing to the same session at the same moment --------------


def racing_station(
    url: str, now: str, session_id: int, action: str, use_version: bool, barrier: Any, out: str
) -> None:
    db = open_database(url, FakeClock(datetime.fromisoformat(now)), migrate=False)
    nurse = actor_by_username(db, "nurse.a")
    seen = chair_view(db, nurse, session_id)
    version = seen.session.version if use_version else None
    outcome: dict[str, Any] = {"seen_phase": seen.status.phase.value}
    barrier.wait()
    try:
        do = {
            "start": lambda: chair.start_infusion(
                db, nurse, session_id, 30, expected_version=version
            ),
            "end": lambda: chair.end_infusion(
                db, nurse, session_id, seen.facts.bag_volume_ml, expected_version=version
            ),
            "sign": lambda: chair.sign_session(db, nurse, session_id, expected_version=version),
        }[action]
        try:
            outcome["event"] = do().id
            outcome["result"] = "done"
        except (SessionChanged, InvalidInput) as refused:
            outcome["result"] = type(refused).__name__
            after = chair_view(db, nurse, session_id)
            outcome["reloaded_phase"] = after.status.phase.value
            outcome["reloaded_status"] = after.session.status
    finally:
        db.close()
        Path(out).write_text(json.dumps(outcome))


EVENT_OF = {"start": "infusion_started", "end": "infusion_ended", "sign": "session_signed"}
STATUS_AFTER = {"start": "in_progress", "end": "ended", "sign": "signed"}


def ready_for(db: Database, clock: FakeClock, action: str) -> int:
    """A session one step before `action`."""
    staff = make_staff(db)
    alice = patients.register_patient(db, staff.nurse, patient(1))
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    if action == "start":
        return session.id
    chair.start_infusion(db, staff.nurse, session.id, 30)
    titrate_to_the_end(db, staff.nurse, clock, session.id)
    if action == "end":
        return session.id
    chair.end_infusion(db, staff.nurse, session.id, 260)
    chair.record_teaching(
        db,
        staff.nurse,
        session.id,
        ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"],
        date(2026, 3, 16),
    )
    end = chair_view(db, staff.nurse, session.id).status.observation_ends_at
    assert end is not None
    clock.set(end)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    give_take_home_sheet(db, staff.nurse, session.id)
    chair.discharge(db, staff.nurse, session.id)
    return session.id


@pytest.mark.parametrize("use_version", [True, False], ids=["with-version", "no-version"])
@pytest.mark.parametrize("action", ["start", "end", "sign"])
def test_two_stations_at_once_one_wins_the_other_sees_it(
    database_url: str, tmp_path: Path, action: str, use_version: bool
) -> None:
    clock = FakeClock()
    db = open_database(database_url, clock)
    try:
        session_id = ready_for(db, clock, action)
        outs = [tmp_path / f"racer-{n}.json" for n in range(2)]
        barrier = context().Barrier(2)
        run_stations(
            racing_station,
            [
                (
                    database_url,
                    clock.now().isoformat(),
                    session_id,
                    action,
                    use_version,
                    barrier,
                    str(o),
                )
                for o in outs
            ],
        )
        results = [json.loads(o.read_text()) for o in outs]
        winners = [r for r in results if r["result"] == "done"]
        losers = [r for r in results if r["result"] != "done"]
        assert len(winners) == 1 and len(losers) == 1, results
        loser = losers[0]
        if use_version:
            assert loser["result"] == "SessionChanged", results
        else:
            assert loser["result"] in ("SessionChanged", "InvalidInput"), results
        # The loser's reload shows the winner's change.
        assert loser["reloaded_status"] == STATUS_AFTER[action]
        assert loser["reloaded_phase"] != loser["seen_phase"] or action == "sign"
        with db.read() as s:
            kept = list(
                s.scalars(select(SessionEvent.id).where(SessionEvent.type == EVENT_OF[action]))
            )
        assert kept == [winners[0]["event"]]
    finally:
        db.close()
