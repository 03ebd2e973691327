"""A chair station as a real process: records a scripted infusion day through the services.

    python chair_station.py DB_FILE [--sessions N]
    python chair_station.py --serve      (a fork server: see `serve`)

Each patient gets one whole initial infusion (check-in, screening, vitals, IV, premedications,
drug check, start, rate steps and vitals as the engine asks, end, teaching, observation,
discharge, signature). After each action commits, the station prints `<action> <kind> <id>`
and flushes, so whoever reads stdout knows that id is in the record.

The script is deterministic and restartable: a FakeClock stands still between actions and only
jumps to the next moment the engine says something is due; on start the station reopens the
database, sets its clock to the last recorded moment, finds its patients and sessions, reads
where each session is from `chair_view`, and goes on. A run killed at any moment and restarted
therefore ends with the same record as a run never interrupted. It prints `done` at the end.

`--serve` starts each station as a fork of one process that has imported Python, SQLAlchemy
and the app once (a zygote, as Android starts apps): a kill test restarts a station dozens of
times, and a fresh interpreter's imports were most of each restart (about 0.7 s of CPU each,
minutes on a loaded 2-core machine). Each fork is still a process of its own, opening the
record from scratch, and SIGKILL ends it as it ends any process.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import func, select  # noqa: E402

from nurse_monitor.clock import FakeClock  # noqa: E402
from nurse_monitor.domain.checklist import ChartType  # noqa: E402
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY  # noqa: E402
from nurse_monitor.services import chair_actions as chair  # noqa: E402
from nurse_monitor.services import patients  # noqa: E402
from nurse_monitor.services.actors import Actor  # noqa: E402
from nurse_monitor.services.chair_view import ChairView, chair_view  # noqa: E402
from nurse_monitor.services.database import Database, open_database, sqlite_url_for  # noqa: E402
from nurse_monitor.services.session_start import BeginSession, begin_session  # noqa: E402
from nurse_monitor.services.take_home import record_take_home, take_home_sheet  # noqa: E402
from nurse_monitor.services.users import actor_for  # noqa: E402
from nurse_monitor.storage.models import SessionEvent, User  # noqa: E402
from nurse_monitor.storage.repositories import patients as patient_repo  # noqa: E402
from nurse_monitor.storage.repositories import sessions as session_repo  # noqa: E402
from nurse_monitor.storage.repositories import users as user_repo  # noqa: E402
from tests.services.chair_walk import NO_CONCERNS, NORMAL_VITALS  # noqa: E402

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LOT, EXPIRY = "H0123B", date(2027, 1, 31)
BAG_ML = 260.0
TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
MAX_STEPS_PER_SESSION = 500


def record_number(index: int) -> str:
    return f"MRN-KILL-{index:04d}"


def say(action: str, kind: str, ident: int) -> None:
    sys.stdout.write(f"{action} {kind} {ident}\n")
    sys.stdout.flush()


def the_nurse(db: Database) -> Actor:
    with db.write() as s:
        user = user_repo.user_by_username(s, "nurse.kill")
        if user is None:
            user = User(
                username="nurse.kill",
                full_name="Kim Station",
                credentials="RN",
                role="nurse",
                password_hash=None,
                active=True,
                failed_logins=0,
                created_at=db.clock.now(),
            )
            s.add(user)
            s.flush()
        return actor_for(user)


def last_recorded_moment(db: Database) -> datetime:
    with db.read() as s:
        latest = s.scalar(select(func.max(SessionEvent.recorded_at)))
    return START if latest is None else latest


def find_or_begin(db: Database, nurse: Actor, index: int) -> int:
    """The session of patient `index`: found if it exists, else the patient and session made."""
    number = record_number(index)
    with db.read() as s:
        patient = patient_repo.patient_by_record_number(s, number)
        rows = session_repo.sessions_for_patient(s, patient.id) if patient else []
        if rows:
            return rows[-1].id
        found = (
            None if patient is None else (patient.id, patient.family_name, patient.date_of_birth)
        )
    if found is None:
        record = patients.register_patient(
            db,
            nurse,
            patients.NewPatient(
                record_number=number,
                family_name=f"Kill{index}",
                given_name="Pat",
                date_of_birth=date(1980, 1, 1) + timedelta(days=index),
                sex="female",
                weight_kg=70.0,
            ),
        )
        say("register_patient", "patient", record.id)
        found = (record.id, record.family_name, record.date_of_birth)
    patient_id, family, born = found
    session = begin_session(
        db,
        nurse,
        BeginSession(
            patient_id=patient_id,
            stated_family_name=family,
            stated_date_of_birth=born,
            protocol_id="ocrevus-iv-initial",
            infusion_number=1,
            chair=f"Chair {index % 6 + 1}",
            dose_mg=300,
            bag_volume_ml=BAG_ML,
            lot_number=LOT,
            lot_expiry=EXPIRY,
            weight_kg=70,
        ),
    )
    first = chair_view(db, nurse, session.id).timeline[0].event
    say("begin_session", "event", first.id)
    return session.id


def jump(clock: FakeClock, *moments: datetime | None) -> None:
    """Move the clock to the earliest of `moments` still ahead (the next thing due)."""
    now = clock.now()
    ahead = [m for m in moments if m is not None and m > now]
    if not ahead:
        raise RuntimeError(f"nothing is due after {now.isoformat()}: the script is stuck")
    clock.set(min(ahead))


def step(db: Database, nurse: Actor, clock: FakeClock, sid: int, view: ChairView) -> bool:
    """Record the next action of the script (or move the clock); False once signed."""
    now = clock.now()
    types = [t.event.type for t in view.timeline]
    status = view.status
    vitals_due = status.vitals_due_at is not None and status.vitals_due_at <= now
    action, event = "", None
    if view.session.status == "signed":
        return False
    if ChartType.SCREENING_RECORDED not in types:
        action, event = "screening", chair.record_screening(db, nurse, sid, NO_CONCERNS, {})
    elif "vitals" not in types:
        action, event = "vitals", chair.record_vitals(db, nurse, sid, NORMAL_VITALS)
    elif ChartType.IV_ACCESS_RECORDED not in types:
        event = chair.record_iv_access(
            db, nurse, sid, site="forearm", side="left", gauge=22, attempts=1, placed_by="K. S."
        )
        action = "iv_access"
    elif types.count("premedication_given") < 2:
        drug, dose = (
            ("methylprednisolone", "100 mg")
            if "premedication_given" not in types
            else ("diphenhydramine", "50 mg")
        )
        action = "premedication"
        event = chair.record_premedication(db, nurse, sid, drug=drug, dose=dose, route="IV")
    elif ChartType.DRUG_VERIFIED not in types:
        action, event = (
            "verify_drug",
            chair.verify_drug(db, nurse, sid, lot_number=LOT, expiry=EXPIRY),
        )
    elif "infusion_started" not in types:
        earliest = view.checklist.earliest_start_at
        if earliest is not None and earliest > now:
            clock.set(earliest)
            return True
        action, event = "start", chair.start_infusion(db, nurse, sid, 30)
    elif "infusion_ended" not in types:
        if status.volume_infused_ml >= view.facts.bag_volume_ml - 0.05:
            action, event = "end", chair.end_infusion(db, nurse, sid, view.facts.bag_volume_ml)
        elif vitals_due:
            action, event = "vitals", chair.record_vitals(db, nurse, sid, NORMAL_VITALS)
        elif status.next_rate_ready and status.next_rate_ml_h is not None:
            action = "change_rate"
            event = chair.change_rate(db, nurse, sid, status.next_rate_ml_h, "titration")
        else:
            jump(clock, status.vitals_due_at, status.next_rate_due_at, status.projected_end_at)
            return True
    elif ChartType.TEACHING_GIVEN not in types:
        next_dose = now.date() + timedelta(days=14)
        action, event = "teaching", chair.record_teaching(db, nurse, sid, TEACHING, next_dose)
    elif ChartType.TAKE_HOME_SHEET not in types:
        event = record_take_home(db, nurse, sid, take_home_sheet(db, nurse, sid, MONDAY_TO_FRIDAY))
        action = "take_home"
    elif "discharged" not in types:
        if vitals_due:
            action, event = "vitals", chair.record_vitals(db, nurse, sid, NORMAL_VITALS)
        elif status.discharge_blockers:
            jump(clock, status.vitals_due_at, status.observation_ends_at)
            return True
        else:
            action, event = "discharge", chair.discharge(db, nurse, sid)
    else:
        action, event = "sign", chair.sign_session(db, nurse, sid)
    say(action, "event", event.id)
    return True


def run(path: Path, sessions: int) -> None:
    clock = FakeClock(START)
    db = open_database(sqlite_url_for(path), clock)
    try:
        nurse = the_nurse(db)
        clock.set(last_recorded_moment(db))
        for index in range(1, sessions + 1):
            sid = find_or_begin(db, nurse, index)
            for _ in range(MAX_STEPS_PER_SESSION):
                if not step(db, nurse, clock, sid, chair_view(db, nurse, sid)):
                    break
            else:
                raise RuntimeError(f"session {sid} never reached its signature")
    finally:
        db.close()
    sys.stdout.write("done\n")
    sys.stdout.flush()


def serve() -> int:
    """The fork server. Commands on stdin, one a line (tab-separated):

    - `run<TAB>DB_FILE<TAB>SESSIONS`: fork a station; its lines come on stdout as it commits.
    - `kill`: SIGKILL the station, then print `exit CODE` (the station's lines come first).
    - `wait`: let it run to its end, then print `exit CODE`.

    The station is reaped only after the command, so the pid `kill` signals is always its own.
    """
    for command in sys.stdin:
        verb, *args = command.rstrip("\n").split("\t")
        if verb != "run":
            raise SystemExit(f"chair_station --serve: expected run, got {command!r}")
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the station
            code = 1
            try:
                run(Path(args[0]), int(args[1]))
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        then = sys.stdin.readline().strip()
        if then in ("kill", ""):  # "": the test is gone; so is its station
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"exit {os.waitstatus_to_exitcode(status)}\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, nargs="?")
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help="a fork server (see serve)")
    args = parser.parse_args(argv)
    if args.serve:
        return serve()
    if args.database is None:
        parser.error("the database file is needed")
    run(args.database, args.sessions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
