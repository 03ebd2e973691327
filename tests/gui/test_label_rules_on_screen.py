"""Issue 14 on screen: a rate above the plan asks a reason before it is recorded, the end form
takes the pump's volume (never the estimate) and asks why when volume is left, and the start
dialog blocks a dose before the minimum interval until a reason and the prescriber are given."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import DETAIL, chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import BeginSession, begin_session
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.start.start_session_dialog import Page
from nurse_monitor.ui.workspace.workspace import TAB_TIMELINE
from tests.gui.start_steps import fill_drug, scan, state_identity
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.gui.workspace_steps import click
from tests.services.chair_walk import give_take_home_sheet, prepare_to_start, running_session
from tests.storage.conftest import Staff

TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]


def test_a_rate_above_the_plan_is_recorded_only_with_a_reason(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(timedelta(minutes=5))
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    panel = workspace.infusion
    assert panel.set_rate_button.isVisibleTo(workspace)
    shown.text_answers = ["90", ""]  # the nurse gives no reason: nothing is recorded
    click(qtbot, panel.set_rate_button)
    assert "above the plan" in shown.shown[-1][2] and "allows 30 mL/h now" in shown.shown[-1][2]
    assert workspace.controller.view.status.rate_ml_h == 30
    shown.text_answers = ["90", "prescriber ordered 90 mL/h"]
    click(qtbot, panel.set_rate_button)
    status = workspace.controller.view.status
    assert status.rate_ml_h == 90
    alert = next(a for a in status.alerts if a.code == "rate_above_plan")
    assert "Reason given: prescriber ordered 90 mL/h" in alert.message
    workspace.tabs.setCurrentIndex(TAB_TIMELINE)  # brought up to date when shown
    model = workspace.timeline.model
    texts = [
        str(model.data(model.index(row, column)))
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    assert any("above the plan: prescriber ordered 90 mL/h" in text for text in texts)


def test_the_end_form_takes_the_pumps_volume_and_asks_why_volume_is_left(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(timedelta(minutes=60))
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    workspace.show_step(Step.END_OF_INFUSION)
    form = workspace.step_forms[Step.END_OF_INFUSION]
    assert form.volume.text() == ""
    assert "program's estimate: 30.0 of 260 mL" in form.estimate.text()
    qtbot.keyClicks(form.volume, "28")
    shown.text_answers = [None]  # the nurse cancels the reason: nothing is recorded
    click(qtbot, form.record)
    assert "232.0 mL is still in the bag" in shown.shown[-1][2]
    assert workspace.controller.view.status.ended_at is None
    shown.text_answers = ["the patient asked to stop; prescriber informed"]
    click(qtbot, form.record)
    view = chair_view(db, staff.nurse, session_id)
    ended = next(t for t in view.timeline if t.event.type == "infusion_ended")
    detail = ended.payload[DETAIL]
    assert detail == {
        "volume_infused_ml": 28.0,
        "reason": "the patient asked to stop; prescriber informed",
    }


def initial(alice: PatientRecord) -> BeginSession:
    return BeginSession(
        patient_id=alice.id, stated_family_name=alice.family_name,
        stated_date_of_birth=alice.date_of_birth, protocol_id="ocrevus-iv-initial",
        infusion_number=1, chair="Chair 3", dose_mg=300, bag_volume_ml=260,
        lot_number="H0123B", lot_expiry=date(2027, 1, 31), weight_kg=68,
    )  # fmt: skip


def finish_quickly(db: Database, staff: Staff, session_id: int) -> None:
    chair.stop_infusion(db, staff.nurse, session_id, "test")
    chair.record_teaching(db, staff.nurse, session_id, TEACHING, None)
    give_take_home_sheet(db, staff.nurse, session_id)
    chair.discharge(db, staff.nurse, session_id, "test")
    chair.sign_session(db, staff.nurse, session_id)


def test_a_dose_before_the_minimum_interval_needs_a_reason_and_the_prescriber(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    for number in (1, 2):  # the initial dose: infusions 1 and 2, two weeks apart
        session = begin_session(db, staff.nurse, replace(initial(alice), infusion_number=number))
        prepare_to_start(db, staff.nurse, clock, session.id)
        chair.start_infusion(db, staff.nurse, session.id, 30)
        finish_quickly(db, staff, session.id)
        clock.advance(timedelta(weeks=2))
    clock.advance(timedelta(weeks=14))  # 16 weeks after infusion 2: before the 20-week minimum
    window: MainWindow = window_for(qtbot, db, staff, clock)
    window.new_session_action.trigger()
    dialog = window._start_dialog
    scan(qtbot, dialog, "MRN-100234")
    state_identity(qtbot, dialog, "Morgan", "12/05/1984")
    assert dialog.current_page() is Page.PROTOCOL
    box = dialog.protocol_page.early_dose
    assert box.isVisibleTo(dialog) and "TOO EARLY" in dialog.protocol_page.dates.text()
    assert not dialog.next_button.isEnabled()
    qtbot.keyClicks(box.reason, "travelling on the due date")
    assert not dialog.next_button.isEnabled()
    qtbot.keyClicks(box.prescriber, "Dr Okafor")
    assert dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.DRUG
    fill_drug(qtbot, dialog, "H0123B", "31/01/2027")
    with qtbot.waitSignal(dialog.session_started) as started:
        click(qtbot, dialog.start_button)
    view = chair_view(db, staff.nurse, started.args[0])
    note = next(t for t in view.timeline if t.payload.get("prescriber"))
    assert note.payload["prescriber"] == "Dr Okafor"
    assert note.payload["reason"] == "travelling on the due date"
