"""When pumps spoke, the board reads every named chair's pump reports in one query (not two per
chair), judges only those chairs, and repaints only their rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot
from sqlalchemy import event

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.changes import ChangeKind, Changes, SessionChange
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from tests.gui.test_chair_board import board_for
from tests.services.test_pump_ingest_path import bound_chairs, message
from tests.storage.conftest import Staff


@contextmanager
def pump_reads(db: Database) -> Iterator[list[str]]:
    """The statements that read the pump tables."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, text: str, *_: object) -> None:
        if text.lstrip().upper().startswith("SELECT") and "FROM pump_" in text:
            seen.append(text)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def pumps_spoke(session_ids: list[int]) -> Changes:
    kinds = frozenset({ChangeKind.PUMP_OBSERVATION})
    return Changes(tuple(SessionChange(sid, None, kinds) for sid in session_ids), kinds)


def test_pump_reports_of_many_chairs_are_read_in_one_query_and_only_their_rows_repainted(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences: Preferences
) -> None:
    numbers = bound_chairs(db, staff, clock, 8)
    board = board_for(qtbot, db, staff, clock, preferences, RecordingChime(), RecordingNotifier())
    for i, number in enumerate(numbers):
        receive_message(db, message(i, "SOMEONE-ELSE" if i < 6 else number, f"m{i}"))
    spoke = [c.session_id for c in board.chairs if c.chair in {f"Chair {i + 1}" for i in range(6)}]
    repainted: list[int] = []
    board.model.dataChanged.connect(
        lambda top, bottom, *_: repainted.extend(range(top.row(), bottom.row() + 1))
    )
    with pump_reads(db) as seen:
        board.show_changes(pumps_spoke(spoke))
    # The bindings, then every bound pump's last report and last rate: two reads, not 1 + 2 x 6.
    assert len(seen) == 2
    judged = {c.chair: c.alert_codes for c in board.chairs}
    for i in range(8):
        assert ("pump_other_patient" in judged[f"Chair {i + 1}"]) == (i < 6)
    # The order settled (the alarms raised moved those chairs up): the pumps' next reports
    # repaint only the rows of the chairs they name.
    rows = {board.model.chair_at(row).session_id: row for row in range(board.model.rowCount())}
    repainted.clear()
    board.show_changes(pumps_spoke(spoke[:2]))
    assert sorted(set(repainted)) == sorted(rows[sid] for sid in spoke[:2])


def test_the_same_alarms_as_a_full_reload(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences: Preferences
) -> None:
    numbers = bound_chairs(db, staff, clock, 4)
    board = board_for(qtbot, db, staff, clock, preferences, RecordingChime(), RecordingNotifier())
    receive_message(db, message(0, "SOMEONE-ELSE", "a"))
    receive_message(db, message(1, numbers[1], "a"))
    receive_message(db, message(1, numbers[1], "b").replace("|157784^", "|157999^"))
    board.show_changes(pumps_spoke([c.session_id for c in board.chairs]))
    judged = {c.chair: (c.alert_codes, c.alerts) for c in board.chairs}
    board.reload()
    assert {c.chair: (c.alert_codes, c.alerts) for c in board.chairs} == judged
