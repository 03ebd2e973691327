"""The chair workspace driven through its widgets: a whole infusion, a reaction, refusals,
and a restart that restores the same state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import colors, dialogs
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.workspace.workspace import TAB_TIMELINE, SessionWorkspace
from tests.gui.start_steps import fill_drug, walk_to_drug_details
from tests.gui.station_steps import open_station, open_workspace
from tests.gui.workspace_steps import (
    NO_TO_ALL,
    answer_screening,
    click,
    enter_vitals,
    prepare_through_widgets,
    titrate_through_widgets,
)
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, prepare_to_start
from tests.storage.conftest import Staff


def window_for(qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock) -> MainWindow:
    """The nurse's station, shown (the workspace tests' usual start)."""
    return open_station(qtbot, db, clock, staff.nurse, show=True)


def test_a_whole_initial_infusion_from_lookup_to_signature(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
) -> None:
    window = window_for(qtbot, db, staff, clock)
    window.new_session_action.trigger()
    dialog = window._start_dialog
    walk_to_drug_details(qtbot, dialog)
    fill_drug(qtbot, dialog, "H0123B", "31/01/2027")
    with qtbot.waitSignal(dialog.session_started) as started:
        click(qtbot, dialog.start_button)
    session_id = started.args[0]
    workspace = window.workspaces[session_id]
    workspace.stop_live_updates()
    assert window.tabs.currentWidget() is workspace
    assert workspace.checklist.steps.item(0).text().startswith("✓  Identity")

    prepare_through_widgets(qtbot, workspace)
    click(qtbot, workspace.infusion.start_button)
    assert "Wait until 09:30" in workspace.banner.text()
    assert workspace.controller.view.status.started_at is None

    clock.set(workspace.controller.view.checklist.earliest_start_at)
    workspace.refresh()
    click(qtbot, workspace.infusion.start_button)
    assert workspace.infusion.rate.text() == "30 mL/h"
    titrate_through_widgets(qtbot, workspace, clock)
    assert workspace.infusion.rate.text() == "180 mL/h"

    workspace.show_step(Step.END_OF_INFUSION)
    end_form = workspace.step_forms[Step.END_OF_INFUSION]
    assert end_form.volume.text() == ""  # the pump's figure, never the program's estimate
    assert "program's estimate: 260.0 of 260 mL" in end_form.estimate.text()
    qtbot.keyClicks(end_form.volume, "260")
    click(qtbot, end_form.record)
    assert workspace.controller.view.status.phase.value == "observing"

    workspace.show_step(Step.DISCHARGE)
    discharge = workspace.step_forms[Step.DISCHARGE]
    for box in discharge.topics.values():
        box.setChecked(True)
    click(qtbot, discharge.record)
    assert (
        not discharge.discharge.isEnabled() or workspace.controller.view.status.discharge_blockers
    )
    clock.set(workspace.controller.view.status.observation_ends_at)
    workspace.refresh()
    enter_vitals(qtbot, workspace)
    workspace.show_step(Step.TAKE_HOME_SHEET)
    shown.path_answers.append(str(tmp_path / "take-home.pdf"))
    click(qtbot, workspace.step_forms[Step.TAKE_HOME_SHEET].save_sheet)
    workspace.show_step(Step.DISCHARGE)
    click(qtbot, discharge.discharge)
    workspace.show_step(Step.SIGN)
    click(qtbot, workspace.step_forms[Step.SIGN].sign)

    view = chair_view(db, staff.nurse, session_id)
    assert view.session.status == "signed"
    assert all(step.done for step in view.checklist.steps if step.applies)
    assert max(rate for _, rate in view.status.rate_history) == 180
    # Nothing needed a message box: only the take-home sheet's file was asked for.
    assert [kind for kind, *_ in shown.shown] == ["choose_file"]
    workspace.tabs.setCurrentIndex(TAB_TIMELINE)  # a tab not on screen is updated when shown
    assert workspace.timeline.model.rowCount() == len(view.timeline) + len(view.alarm_log)


def test_a_mild_reaction_halves_the_rate_and_titration_resumes(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    clock.advance(minutes=30)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.change_rate(db, staff.nurse, session.id, 60, "titration")
    clock.advance(minutes=5)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)

    click(qtbot, workspace.reaction_button)
    panel = workspace.reactions
    assert panel.new_box.isVisibleTo(workspace)
    panel.symptoms["pruritus"].setChecked(True)
    panel.symptoms["flushing"].setChecked(True)
    panel.severity.setCurrentIndex(panel.severity.findData("mild"))
    assert panel.grade.currentData() == 1
    click(qtbot, panel.record)
    assert "reduce the rate to 30 mL/h" in panel.advice.text()
    assert "Ocrevus label" in panel.rule.text()
    assert workspace.infusion.rate.text() == "60 mL/h"  # the engine suggests; nothing changed yet
    click(qtbot, panel.apply)
    assert workspace.infusion.rate.text() == "30 mL/h"
    assert not workspace.infusion.step_button.isEnabled()

    qtbot.keyClicks(panel.drug, "cetirizine")
    qtbot.keyClicks(panel.dose, "10 mg")
    panel.route.setCurrentText("PO")
    click(qtbot, panel.give)
    assert "cetirizine 10 mg PO" in panel.given_list.text()
    clock.advance(minutes=25)
    workspace.refresh()
    qtbot.keyClicks(panel.outcome, "itching settled")
    click(qtbot, panel.resolve)
    clock.advance(minutes=6)
    workspace.refresh()
    enter_vitals(qtbot, workspace)
    assert workspace.infusion.step_button.isEnabled()
    assert workspace.infusion.step_button.text() == "Increase to 60 mL/h"
    click(qtbot, workspace.infusion.step_button)
    assert workspace.infusion.rate.text() == "60 mL/h"
    assert "itching settled" in panel.history.text()


def test_refusals_name_the_field_and_record_nothing(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)

    click(qtbot, workspace.infusion.start_button)
    for needed in (
        "Answer every screening question",
        "Record baseline vital signs",
        "methylprednisolone",
    ):
        assert needed in workspace.banner.text()

    answer_screening(qtbot, workspace, dict(NO_TO_ALL, active_infection=True))
    form = workspace.step_forms[Step.SCREENING]
    assert "delay until resolved" in form.error.text()
    assert any("active infection" in b for b in workspace.controller.view.checklist.start_blockers)

    answers = dict(NO_TO_ALL, vaccines=True)
    answer_screening(qtbot, workspace, answers)
    assert any(
        "needs an override reason" in b for b in workspace.controller.view.checklist.start_blockers
    )
    vaccines = next(row for row in form.rows if row.question.id == "vaccines")
    assert vaccines.reason.isVisibleTo(workspace)
    qtbot.keyClicks(vaccines.reason, "flu vaccine (non-live) 3 weeks ago; prescriber informed")
    click(qtbot, form.record)
    assert not any("Screening" in b for b in workspace.controller.view.checklist.start_blockers)

    readings_before = len(workspace.controller.view.readings)
    enter_vitals(qtbot, workspace, systolic="400")
    assert len(chair_view(db, staff.nurse, session.id).readings) == readings_before
    errors = [
        label.text()
        for label in workspace.vitals_form.findChildren(QLabel)
        if label.isVisibleTo(workspace.vitals_form)
    ]
    assert any("Systolic" in text and "40-300" in text for text in errors)


def test_a_restart_mid_infusion_restores_the_same_screen(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, tmp_path: Path
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    clock.advance(minutes=30)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.change_rate(db, staff.nurse, session.id, 60, "titration")
    clock.advance(minutes=17)

    def screen(workspace: SessionWorkspace) -> tuple[str, ...]:
        panel = workspace.infusion
        return (
            panel.phase.text(),
            panel.rate.text(),
            panel.time_on_rate.text(),
            panel.volume.text(),
            panel.next_step.text(),
            panel.vitals_due.text(),
            panel.projected_end.text(),
            str(workspace.timeline.model.rowCount()),
        )

    first = window_for(qtbot, db, staff, clock)
    assert first.board is not None and first.board.model.rowCount() == 1
    before = screen(open_workspace(first, session.id))
    first.close()

    # A new process: a new database handle on the same file, nothing kept in memory.
    again = open_database(sqlite_url_for(db.status.file), clock)
    try:
        second = window_for(qtbot, again, staff, clock)
        board = second.board
        assert board is not None and board.model.rowCount() == 1
        board.table.selectRow(0)
        board.open_button.click()
        workspace = second.workspaces[session.id]
        workspace.stop_live_updates()
        assert screen(workspace) == before
        assert "Increase to 90 mL/h at " in before[4] and "due in " in before[4]
        second.close()
    finally:
        again.close()


def test_closing_a_workspace_tab_deletes_it_and_the_board_stays(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    index = window.tabs.indexOf(workspace)
    window.tabs.tabCloseRequested.emit(index)
    assert session.id not in window.workspaces
    assert window.tabs.count() == 2  # the chairs and the follow-up calls stay
    QApplication.processEvents()  # nothing deferred may touch the closed workspace
    assert window.open_session(session.id).controller.session_id == session.id


def test_the_workspace_says_due_not_overdue_at_the_start_and_observation_never_overdue(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)  # baseline vitals 30+ min ago
    chair.start_infusion(db, staff.nurse, session.id, 30)
    clock.advance(seconds=1)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    panel = workspace.infusion
    # Vital signs are due at the start: "due now", never red "overdue 0:01".
    assert "due now" in panel.vitals_due.text()
    assert "overdue" not in panel.vitals_due.text()
    assert panel.vitals_due.styleSheet() != colors.text_style("error")
    clock.advance(minutes=5)
    workspace.refresh()
    assert "overdue 5 min" in panel.vitals_due.text()
    assert panel.vitals_due.styleSheet() == colors.text_style("error")

    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.end_infusion(db, staff.nurse, session.id, 10, "test: bag changed")
    clock.advance(hours=2)
    workspace.refresh()
    text = panel.projected_end.text()
    assert text.startswith("Observation ended ") and "overdue" not in text
    workspace.show_step(Step.DISCHARGE)  # the step tab is brought up to date when shown
    discharge = workspace.step_forms[Step.DISCHARGE].observation.text()
    assert discharge.startswith("Observation ended ") and "overdue" not in discharge
    window.close()


def test_the_workspace_shows_its_chairs_open_alarm_with_what_to_do(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    from nurse_monitor.ui.workspace.workspace import TAB_REACTIONS, TAB_VITALS

    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    banner = workspace.alarm_banner
    assert not banner.isVisible()
    low_pressure = {**NORMAL_VITALS, "systolic": 82, "diastolic": 50, "heart_rate": 112}
    workspace.controller.perform(chair.record_vitals, low_pressure)
    assert banner.isVisible() and banner.text.text().startswith("▲▲▲ HIGH: ")
    assert "systolic below 90" in banner.text.text()
    assert banner.recheck.isVisible() and banner.pause.isVisible()
    banner.reaction.click()
    assert workspace.tabs.currentIndex() == TAB_REACTIONS
    banner.recheck.click()
    assert workspace.tabs.currentIndex() == TAB_VITALS
    workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert not banner.isVisible()
    window.close()
