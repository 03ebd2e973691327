"""Kill -9 a chair station at random moments: no committed action is ever lost.

A real process (chair_station.py, forked from its fork server so that Python and the app are
imported once, not at each of the dozens of restarts) records scripted infusions through the
services against a SQLite file and prints each action's id after its commit. The test reads a
random number of those lines, kills the process with SIGKILL, and checks the file: every
printed id is there, `PRAGMA integrity_check` is ok, no action was recorded twice, and what the
chair shows (`chair_view`) is what the engine computes from the events read back. The station
is restarted after each kill and resumes where the record says it is; at the end its record
must equal the record of a station never interrupted.

NURSE_MONITOR_KILLS and NURSE_MONITOR_KILL_SEED change the number of kills and the seed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.engine import SessionFacts, infusion_status
from nurse_monitor.domain.events import EventType, parse_event
from nurse_monitor.services.chair_view import DETAIL, chair_view
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.storage.models import InfusionSession, Patient, SessionEvent
from nurse_monitor.storage.repositories import users as user_repo

STATION = Path(__file__).with_name("chair_station.py")
KILLS = int(os.environ.get("NURSE_MONITOR_KILLS", "50"))
SEED = int(os.environ.get("NURSE_MONITOR_KILL_SEED", "20260302"))
SESSIONS = 10  # about 29 actions each: more than 50 kills consume on average
MOST_LINES_PER_RUN = 6

ACTION_TYPES = {
    "begin_session": "identity_confirmed",
    "screening": "screening_recorded",
    "vitals": "vitals",
    "iv_access": "iv_access_recorded",
    "premedication": "premedication_given",
    "verify_drug": "drug_verified",
    "start": "infusion_started",
    "change_rate": "rate_changed",
    "end": "infusion_ended",
    "teaching": "teaching_given",
    "take_home": "take_home_sheet",
    "discharge": "discharged",
    "sign": "session_signed",
}
AT_MOST = Counter({t: 1 for t in ACTION_TYPES.values()}) | Counter(
    {"premedication_given": 2, "vitals": 10_000, "rate_changed": 5}
)

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="SIGKILL and POSIX process semantics are needed"
)


@dataclass
class KillFigures:
    kills: int = 0
    restarts: int = 0
    actions_printed: int = 0
    actions_lost: int = 0
    checks: int = 0
    problems: list[str] = field(default_factory=list)


class Stations:
    """Chair stations started as forks of `chair_station.py --serve` (imports done once).

    `start` forks a station on a record; `line` reads what it prints as it commits; `kill`
    SIGKILLs it and `wait` lets it finish, each returning its remaining lines and exit code.
    """

    def __init__(self, stderr: Any) -> None:
        self.server = subprocess.Popen(
            [sys.executable, str(STATION), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            bufsize=1,
        )

    def _send(self, line: str) -> None:
        assert self.server.stdin is not None
        self.server.stdin.write(line + "\n")
        self.server.stdin.flush()

    def start(self, path: Path) -> None:
        self._send(f"run\t{path}\t{SESSIONS}")

    def line(self) -> str:
        """The station's next line; `exit CODE` once it has ended on its own."""
        assert self.server.stdout is not None
        return self.server.stdout.readline()

    def _ended(self, command: str) -> tuple[list[str], int]:
        self._send(command)
        lines = []
        while not (line := self.line()).startswith("exit "):
            if not line:
                raise AssertionError("the fork server stopped")
            lines.append(line)
        return lines, int(line.split()[1])

    def kill(self) -> tuple[list[str], int]:
        return self._ended("kill")

    def wait(self) -> tuple[list[str], int]:
        return self._ended("wait")

    def close(self) -> None:
        assert self.server.stdin is not None
        self.server.stdin.close()
        self.server.wait(60)
        assert self.server.stdout is not None
        self.server.stdout.close()


def parse_line(line: str) -> tuple[str, str, int] | None:
    parts = line.split()
    if parts == ["done"] or not parts or parts[0] == "exit":
        return None
    action, kind, ident = parts
    return action, kind, int(ident)


def check_record(
    path: Path, printed: list[tuple[str, str, int]], checked: set[int] | None = None
) -> list[str]:
    """Everything a kill may not break, as a list of problems (empty when the record holds).

    `checked`: signed sessions already checked, skipped (a signed session takes no more events).
    """
    problems: list[str] = []
    clock = FakeClock()
    db = open_database(sqlite_url_for(path), clock, migrate=False)
    try:
        if not db.integrity_ok():
            problems.append("PRAGMA integrity_check is not ok")
        with db.read() as s:
            types = dict(s.execute(select(SessionEvent.id, SessionEvent.type)).all())
            patient_ids = set(s.scalars(select(Patient.id)))
            latest = s.scalar(select(func.max(SessionEvent.recorded_at)))
            nurse = user_repo.user_by_username(s, "nurse.kill")
        for action, kind, ident in printed:
            if kind == "patient" and ident not in patient_ids:
                problems.append(f"LOST: patient {ident} ({action}) was printed but is missing")
            elif kind == "event" and types.get(ident) != ACTION_TYPES[action]:
                problems.append(f"LOST: event {ident} ({action}) is {types.get(ident)!r}")
        if latest is not None and nurse is not None:
            clock.set(latest)
            problems += check_sessions(db, nurse, checked if checked is not None else set())
    finally:
        db.close()
    return problems


def check_sessions(db: Database, nurse: Any, checked: set[int]) -> list[str]:
    """No action twice; the chair shows what the engine computes from the events read back."""
    from nurse_monitor.services.users import actor_for

    problems = []
    actor = actor_for(nurse)
    now = db.clock.now()
    with db.read() as s:
        rows = list(s.scalars(select(InfusionSession).where(InfusionSession.id.not_in(checked))))
        events = {
            r.id: list(
                s.scalars(
                    select(SessionEvent)
                    .where(SessionEvent.session_id == r.id)
                    .order_by(SessionEvent.occurred_at, SessionEvent.id)
                )
            )
            for r in rows
        }
    for row in rows:
        counts = Counter(e.type for e in events[row.id])
        for event_type, count in counts.items():
            if count > AT_MOST[event_type]:
                problems.append(f"DUPLICATE: session {row.id} has {count} {event_type}")
        kept = [
            parse_event(e.type, e.occurred_at, {k: v for k, v in e.payload.items() if k != DETAIL})
            for e in events[row.id]
            if e.type in {t.value for t in EventType}
        ]
        facts = SessionFacts(
            row.protocol_id, row.infusion_number, row.dose_mg, row.bag_volume_ml, first_dose=True
        )
        expected = infusion_status(protocol(row.protocol_id), facts, kept, now)
        shown = chair_view(db, actor, row.id).status
        if shown != expected:
            problems.append(
                f"STATUS: session {row.id} shows rate {shown.rate_ml_h} volume "
                f"{shown.volume_infused_ml} vitals due {shown.vitals_due_at} next rate due "
                f"{shown.next_rate_due_at}; the engine computes rate {expected.rate_ml_h} volume "
                f"{expected.volume_infused_ml} vitals due {expected.vitals_due_at} next rate due "
                f"{expected.next_rate_due_at}"
            )
        if row.status == "signed":
            checked.add(row.id)
    return problems


def record_of(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each patient's session record as (type, occurred, recorded, payload), ids left out."""
    db = open_database(sqlite_url_for(path), FakeClock(), migrate=False)
    try:
        with db.read() as s:
            numbers = dict(s.execute(select(Patient.id, Patient.record_number)).all())
            by_session = dict(
                s.execute(select(InfusionSession.id, InfusionSession.patient_id)).all()
            )
            result: dict[str, list[tuple[Any, ...]]] = {}
            for e in s.scalars(select(SessionEvent).order_by(SessionEvent.id)):
                key = numbers[by_session[e.session_id]]
                result.setdefault(key, []).append((e.type, e.occurred_at, e.recorded_at, e.payload))
            return result
    finally:
        db.close()


def run_to_the_end(stations: Stations, path: Path, stderr_path: Path) -> list[tuple[str, str, int]]:
    stations.start(path)
    lines, code = stations.wait()
    assert code == 0, stderr_path.read_text()
    assert lines and lines[-1] == "done\n"
    return [p for p in map(parse_line, lines) if p]


def run_kill_loop(folder: Path, kills: int, seed: int) -> KillFigures:
    """Kill and restart the station `kills` times, checking the record after each kill."""
    rng = random.Random(seed)
    path = folder / "station.db"
    open_database(sqlite_url_for(path), FakeClock()).close()  # an installed, migrated record
    figures = KillFigures()
    printed: list[tuple[str, str, int]] = []
    stderr_path = folder / "station.err"
    checked: set[int] = set()
    with stderr_path.open("w") as stderr:
        stations = Stations(stderr)
        try:
            for _ in range(kills):
                wanted = rng.randint(0, MOST_LINES_PER_RUN)
                stations.start(path)
                finished = False
                for _ in range(wanted):
                    line = stations.line()
                    parsed = parse_line(line)
                    if parsed is None:
                        finished = True
                        break
                    printed.append(parsed)
                if finished:
                    stations.wait()
                    figures.problems.append("the script ended before the kills did: raise SESSIONS")
                    break
                # Lines printed before the kill landed were committed too: drain and check them.
                rest, code = stations.kill()
                printed += [p for p in map(parse_line, rest) if p]
                if code not in (-signal.SIGKILL, 0):
                    raise AssertionError(
                        f"the station failed on its own:\n{stderr_path.read_text()}"
                    )
                if code == 0:
                    figures.problems.append("the script ended before the kills did: raise SESSIONS")
                    break
                figures.kills += 1
                problems = check_record(path, printed, checked)
                figures.checks += 1
                figures.actions_lost += sum(p.startswith("LOST") for p in problems)
                figures.problems += problems
            figures.restarts = figures.kills
            printed += run_to_the_end(stations, path, stderr_path)
            figures.actions_printed = len(printed)
            final = check_record(path, printed)
            figures.actions_lost += sum(p.startswith("LOST") for p in final)
            figures.problems += final
            reference = folder / "reference.db"
            run_to_the_end(stations, reference, stderr_path)
        finally:
            stations.close()
    if record_of(path) != record_of(reference):
        figures.problems.append("RECORD: the killed station's record differs from a clean run")
    return figures


def test_a_station_killed_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    figures = run_kill_loop(tmp_path, KILLS, SEED)
    print(
        f"\nkills survived: {figures.kills}, actions printed: {figures.actions_printed}, "
        f"actions lost: {figures.actions_lost}"
    )
    assert figures.problems == []
    assert figures.kills == KILLS
    assert figures.actions_lost == 0
    assert figures.actions_printed > KILLS
