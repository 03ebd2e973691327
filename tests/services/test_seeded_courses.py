"""Seeded and demo courses keep the labels' intervals: one drug per patient, the two Ocrevus
halves 14 days apart, later doses at least 20 weeks apart (24 typical), natalizumab every 4
weeks; realistic record numbers, lots that expire after the day they were given."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from nurse_monitor.services.database import Database
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.services.seed_plan import plan_courses
from nurse_monitor.storage.models import InfusionSession, Patient


def check_course(doses: list[tuple[date, str, int]]) -> None:
    """One patient's doses, in time order: the label's schedule for its one drug."""
    drugs = {protocol(pid).drug for _, pid, _ in doses}
    assert len(drugs) == 1, doses
    numbers = [n for _, _, n in doses]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), doses
    for (before, pid_a, n_a), (after, _pid, _n) in itertools.pairwise(doses):
        gap = (after - before).days
        if drugs == {"ocrelizumab"}:
            if n_a == 1:
                assert pid_a == "ocrevus-iv-initial" and gap == 14, doses
            else:
                assert gap >= 20 * 7, doses  # at least 20 weeks apart
                assert gap <= 24 * 7 + 10, doses  # 24 weeks typical (a few days late at most)
        else:
            assert 28 <= gap <= 31, doses


def test_planned_courses_keep_the_labels_intervals() -> None:
    plan = plan_courses(random.Random(4), 2000, 730, date(2026, 12, 4))
    assert len(plan) == 2000
    assert all(date(2024, 12, 4) <= d.day <= date(2026, 12, 3) for d in plan)  # none ahead
    by_patient: dict[int, list[tuple[date, str, int]]] = defaultdict(list)
    for dose in plan:
        by_patient[dose.patient].append((dose.day, dose.protocol_id, dose.infusion_number))
    for doses in by_patient.values():
        check_course(sorted(doses))
    assert any(len(d) >= 3 for d in by_patient.values())
    # The 2-hour option only for later 600 mg doses (never infusions 1 or 2).
    assert all(d.infusion_number >= 3 for d in plan if d.protocol_id == "ocrevus-iv-short")


def test_seeded_sessions_keep_the_labels_intervals(db: Database) -> None:
    seed_sessions(db, 150, days=400, rng_seed=9)
    with db.read() as s:
        rows = list(s.scalars(select(InfusionSession)))
        numbers = {p.id: p.record_number for p in s.scalars(select(Patient))}
    by_patient: dict[int, list[tuple[date, str, int]]] = defaultdict(list)
    for row in rows:
        local_day = row.created_at.astimezone().date()
        by_patient[row.patient_id].append((local_day, row.protocol_id, row.infusion_number))
        assert row.lot_expiry > local_day and row.lot_expiry.year < 2099
        assert row.lot_number and not row.lot_number.startswith("SEED")
    for doses in by_patient.values():
        check_course(sorted(doses))
    assert all(r.created_at < db.clock.now() for r in rows)  # finished sessions: all in the past
    assert all(n.startswith("MRN-") and len(n) == 10 for n in numbers.values())
