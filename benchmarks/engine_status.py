"""How long the engine takes to say where a long session stands: `infusion_status` over 500
parsed events, the parsing itself, and `chair_view` end to end (read + parse + engine) for
reference.

The session is recorded through the services, as at the chair (tests/services/chair_walk.py:
screening, baseline vitals, IV, premedications, drug check, start at 30 mL/h), then vital signs
every minute, with a mild reaction handled and resolved a third of the way in, until it holds
`--events` events. Target (issue): engine status median < 1 ms with 500 events. Prints figures;
not part of the test run.

    .venv/bin/python benchmarks/engine_status.py [--events 500] [--runs 1000] [--folder DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.engine import infusion_status
from nurse_monitor.domain.events import parse_event
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients, reaction_actions
from nurse_monitor.services.chair_view import (
    DETAIL,
    ENGINE_TYPES,
    chair_view,
    effective_payload,
    event_amendments,
    history_facts,
    kept_engine_events,
    session_rows,
)
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.storage.repositories import sessions
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, prepare_to_start
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff, make_staff


def long_session(
    db: Database, clock: FakeClock, *, events: int | None = None, readings: int | None = None
) -> tuple[Staff, int]:
    """Record one session through the services until it holds `events` events or `readings`
    vital-sign readings: a reading a minute at 30 mL/h, a mild reaction a third of the way in."""
    staff = make_staff(db)
    alice = patients.register_patient(db, staff.nurse, ALICE)
    session_id = begin_initial(db, staff.nurse, alice).id
    prepare_to_start(db, staff.nurse, clock, session_id)
    chair.start_infusion(db, staff.nurse, session_id, 30)
    goal = events if events is not None else readings
    assert goal is not None, "say how long the session is"
    reacted = False
    while True:
        view = chair_view(db, staff.nurse, session_id)
        have = len(view.timeline) if events is not None else len(view.readings)
        if have >= goal:
            return staff, session_id
        clock.advance(minutes=1)
        if not reacted and have >= goal // 3:
            reacted = True
            react_and_recover(db, staff, clock, session_id)
            continue
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)


def react_and_recover(db: Database, staff: Staff, clock: FakeClock, session_id: int) -> None:
    """A mild reaction: the protocol's action, an antihistamine, resolution, resume if paused."""
    nurse = staff.nurse
    reaction_actions.record_reaction(
        db, nurse, session_id, severity="mild", symptoms=["pruritus", "flushing"], ctcae_grade=1
    )
    clock.advance(minutes=1)
    reaction_actions.apply_reaction_action(db, nurse, session_id)
    clock.advance(minutes=2)
    reaction_actions.record_intervention(
        db, nurse, session_id, drug="cetirizine", dose="10 mg", route="PO"
    )
    clock.advance(minutes=20)
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    reaction_actions.resolve_reaction(db, nurse, session_id, "Symptoms resolved")
    status = chair_view(db, nurse, session_id).status
    if status.rate_ml_h == 0 and status.suggested_rate_ml_h:
        chair.resume_infusion(db, nurse, session_id, status.suggested_rate_ml_h)


def timed(action: Callable[[], object], runs: int, warmup: int = 5) -> list[float]:
    """Seconds per call, after a few warm-up calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return samples


def figures(samples: list[float], unit: float = 1000, name: str = "ms") -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"median {statistics.median(ordered) * unit:7.3f} {name}   p95 {p95 * unit:7.3f} {name}"
        f"   max {ordered[-1] * unit:7.3f} {name}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=500, help="events in the session")
    parser.add_argument("--runs", type=int, default=1000, help="timed calls of the engine")
    parser.add_argument("--view-runs", type=int, default=100, help="timed chair_view calls")
    parser.add_argument("--folder", type=Path, default=None, help="where the SQLite file goes")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="nm-engine-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    clock = FakeClock()
    db = open_database(sqlite_url_for(folder / "engine.db"), clock)
    began = time.perf_counter()
    staff, session_id = long_session(db, clock, events=args.events)
    recorded = time.perf_counter() - began

    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        assert row is not None
        prot = protocol(row.protocol_id)
        facts = history_facts(s, row, prot)
        kept = session_rows(s, session_id)  # read and parsed whole, no cache
        amended = event_amendments(s, session_id)
        events = kept_engine_events(kept.events, amended)
        rows = [k.record for k in kept.events]
        raw = [
            (r.type, r.occurred_at, effective_payload(r, amended.get(r.id, [])))
            for r in rows
            if r.type in ENGINE_TYPES
        ]
    now = clock.now()
    kinds: dict[str, int] = {}
    for event in events:
        kinds[event.type.value] = kinds.get(event.type.value, 0) + 1
    status = infusion_status(prot, facts, events, now)

    def parse_all() -> object:
        return [
            parse_event(kind, at, {k: v for k, v in payload.items() if k != DETAIL})
            for kind, at, payload in raw
        ]

    engine = timed(lambda: infusion_status(prot, facts, events, now), args.runs)
    parsing = timed(parse_all, max(args.runs // 10, 20))
    view = timed(lambda: chair_view(db, staff.nurse, session_id), args.view_runs)
    engine_ms = statistics.median(engine) * 1000

    print(
        f"session {session_id}: {len(rows)} events recorded through the services in "
        f"{recorded:.1f} s; {len(events)} engine events ("
        + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        + ")"
    )
    print(
        f"status at {now:%H:%M}: phase {status.phase.value}, {status.rate_ml_h:g} mL/h, "
        f"{status.volume_infused_ml:.1f} mL infused, {len(status.rate_history)} rate changes"
    )
    print(f"\n{'what':44} figures ({args.runs} engine runs)")
    label = f"infusion_status, {len(events)} parsed events"
    print(f"{label:44} {figures(engine)}")
    print(f"{'parse_event x ' + str(len(raw)) + ' (payload -> typed event)':44} {figures(parsing)}")
    print(f"{'chair_view end to end (read+parse+engine)':44} {figures(view)}")
    print(
        f"\ntarget: infusion_status median < 1 ms: "
        f"{'met' if engine_ms < 1 else 'NOT met'} ({engine_ms:.3f} ms)"
    )
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
