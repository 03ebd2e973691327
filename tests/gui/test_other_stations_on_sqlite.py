"""Two stations on one SQLite file: every commit of the other station reaches this station's
change edge, also one made in the same instant as a commit of this station's own.

Before the commit numbers (storage/commit_marks.py), the edge looked at `data_version` after each
of its own commits to take that commit out, and so took out the other station's as well: it
waited for the next change or the 30-second safety poll. The watch is driven by hand here
(`look_at_other_stations`), as its half-second timer would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.station_feed import DataVersionWatch
from nurse_monitor.ui.station import StationOps
from tests.plugins.databases import ALICE, Staff, make_staff

BOB = replace(ALICE, record_number="MRN-200001", given_name="Bob")
CARA = replace(ALICE, record_number="MRN-200002", given_name="Cara")
DAN = replace(ALICE, record_number="MRN-200003", given_name="Dan")


@pytest.fixture
def two_stations(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[Database, Database, Staff]]:
    url = sqlite_url_for(tmp_path / "shared.db")
    here = open_database(url, clock)
    there = open_database(url, clock)
    try:
        yield here, there, make_staff(here)
    finally:
        here.close()
        there.close()


def test_a_commit_elsewhere_in_the_same_instant_as_ours_reaches_the_edge(
    qapp: object, two_stations: tuple[Database, Database, Staff]
) -> None:
    here, there, staff = two_stations
    ops = StationOps(here)
    ops.watch_other_stations()
    ops.watch_timer.stop()  # looked at by hand below
    heard: list[Changes] = []
    ops.changed.connect(heard.append)
    try:
        # Our own commit alone is not taken for another station's.
        ops.perform(patients.register_patient, staff.nurse, ALICE)
        ops.look_at_other_stations()
        assert [c.elsewhere for c in heard] == [False]

        # The other station commits, and this one too before the next look.
        heard.clear()
        patients.register_patient(there, staff.nurse, BOB)
        ops.perform(patients.register_patient, staff.nurse, CARA)
        ops.look_at_other_stations()
        assert [c.elsewhere for c in heard] == [False, True]

        # Seen once; ours after it is ours again.
        heard.clear()
        ops.look_at_other_stations()
        ops.perform(patients.register_patient, staff.nurse, DAN)
        ops.look_at_other_stations()
        assert [c.elsewhere for c in heard] == [False]
    finally:
        ops.detach()


def test_the_watch_tells_our_commits_from_another_stations_and_from_another_program(
    two_stations: tuple[Database, Database, Staff],
) -> None:
    here, there, staff = two_stations
    watch = DataVersionWatch(here)
    try:
        patients.register_patient(here, staff.nurse, ALICE)
        assert not watch.moved()
        patients.register_patient(there, staff.nurse, BOB)
        patients.register_patient(here, staff.nurse, CARA)
        assert watch.moved()
        assert not watch.moved()
        # A program that does not number its commits (sqlite3 by hand) is another's commit too.
        assert here.status.file is not None
        with sqlite3.connect(here.status.file) as raw:
            raw.execute("CREATE TABLE scratch (x)")
        assert watch.moved()
    finally:
        watch.close()
