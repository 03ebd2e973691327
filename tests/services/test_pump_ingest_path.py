"""The listener's unit of work stays lean as pumps multiply: a batch of messages read together is
kept with the same few SQL statements whatever its size (no ORM object, no statement per
message), and an answer is AA only for a message the record kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy import event, func, select

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_receiving import receive_messages
from nurse_monitor.storage.models import PumpMessageLog, PumpObservation
from tests.services.chair_walk import begin_initial
from tests.services.conftest import ALICE
from tests.services.test_pump_link import pcd01
from tests.storage.conftest import Staff


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: object, _cursor: object, text: str, *_: object) -> None:
        seen.append(text.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def bound_chairs(db: Database, staff: Staff, clock: FakeClock, count: int) -> list[str]:
    """`count` running sessions, each with its own pump bound; the patients' record numbers."""
    numbers = []
    for i in range(count):
        patient = patients.register_patient(
            db, staff.nurse, replace(ALICE, record_number=f"MRN-{i}")
        )
        session = begin_initial(db, staff.nurse, patient, f"Chair {i + 1}")
        bind_pump(db, staff.nurse, session.id, f"E{i:04d}")
        numbers.append(patient.record_number)
    return numbers


def message(i: int, record_number: str, control: str) -> str:
    return pcd01(patient=record_number, control=control).replace("E0002", f"E{i:04d}")


def test_a_batch_is_kept_with_the_same_statements_as_one_message(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    numbers = bound_chairs(db, staff, clock, 12)
    with statements(db) as one:
        [receipt] = receive_messages(db, [(message(0, numbers[0], "a"), "127.0.0.1:1")])
    assert receipt.ack_code == "AA"
    batch = [(message(i, n, "b"), "127.0.0.1:1") for i, n in enumerate(numbers)]
    with statements(db) as twelve:
        receipts = receive_messages(db, batch)
    assert [r.ack_code for r in receipts] == ["AA"] * 12
    assert twelve == one  # two reads, two inserts (executemany), whatever the batch size
    assert [s for s in one if s in ("SELECT", "INSERT")].count("INSERT") == 2
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(PumpObservation)) == 13
        assert s.scalar(select(func.count()).select_from(PumpMessageLog)) == 13


def test_a_record_that_refuses_the_write_answers_every_message_ae_not_aa(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    numbers = bound_chairs(db, staff, clock, 3)
    db.refuse_writes("the record file is damaged")
    batch = [(message(i, n, "c"), "127.0.0.1:1") for i, n in enumerate(numbers)]
    receipts = receive_messages(db, batch)
    assert [r.ack_code for r in receipts] == ["AE"] * 3
    assert all("not recorded" in r.reason for r in receipts)
    assert all("MSA|AE|" in r.ack for r in receipts)
