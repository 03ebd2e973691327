"""Plurals through tr() with %n and the English forms shipped beside the program."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.patients import register_patient
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import app as app_module
from nurse_monitor.ui.app import install_plurals
from tests.gui.station_steps import open_station
from tests.services.chair_walk import begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff


@pytest.fixture
def plurals(qapp: QApplication) -> Iterator[None]:
    translator = install_plurals(qapp)
    assert translator is not None
    yield
    qapp.removeTranslator(translator)
    app_module._INSTALLED.remove(translator)


def test_the_board_says_1_chair_and_2_chairs(
    qtbot: QtBot,
    plurals: None,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    chime: object,
    notifier: object,
) -> None:
    begin_initial(db, staff.nurse, alice, "Chair 1")
    window = open_station(qtbot, db, clock, staff.nurse, chime=chime, notifier=notifier, show=True)  # type: ignore[arg-type]
    assert window.board is not None
    window.board.evaluate()
    assert window.board.summary.text().startswith("1 chair in use · ")
    other = register_patient(
        db, staff.nurse, replace(ALICE, record_number="MRN-2", date_of_birth=date(1970, 1, 1))
    )
    begin_initial(db, staff.nurse, other, "Chair 2")
    window.refresh_board()
    window.board.evaluate()
    assert window.board.summary.text().startswith("2 chairs in use · ")
