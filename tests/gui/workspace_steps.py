"""Driving the chair workspace through its widgets, as a nurse does."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.ui.workspace.workspace import SessionWorkspace

NORMAL = {
    "systolic": "124",
    "diastolic": "78",
    "heart_rate": "72",
    "respiratory_rate": "16",
    "temperature": "36.8",
    "spo2": "98",
}
NO_TO_ALL = {
    "active_infection": False,
    "hepatitis_b_screened": True,
    "immunoglobulins_tested": True,
    "liver_tests_done": True,
    "active_hepatitis_b": False,
    "vaccines": False,
    "pregnancy_or_breastfeeding": False,
    "immune_modifying_medicines": False,
    "prior_life_threatening_reaction": False,
}


def click(qtbot: QtBot, button: object) -> None:
    """Press a button as the nurse does (click() also works before the layout has run)."""
    button.click()  # type: ignore[attr-defined]


def enter_vitals(qtbot: QtBot, workspace: SessionWorkspace, **changes: str) -> None:
    """Type a reading into the form, choose Alert, and press Enter."""
    workspace.show_vitals_form()
    form = workspace.vitals_form
    values = dict(NORMAL, **changes)
    for name, text in values.items():
        edit = getattr(form, name)
        edit.clear()
        qtbot.keyClicks(edit, text)
    form.consciousness.setCurrentIndex(form.consciousness.findData("alert"))
    qtbot.keyClick(form.spo2, Qt.Key.Key_Return)


def answer_screening(qtbot: QtBot, workspace: SessionWorkspace, answers: dict[str, bool]) -> None:
    workspace.show_step(Step.SCREENING)
    form = workspace.step_forms[Step.SCREENING]
    for row in form.rows:
        click(qtbot, row.yes if answers[row.question.id] else row.no)
    click(qtbot, form.record)


def prepare_through_widgets(qtbot: QtBot, workspace: SessionWorkspace) -> None:
    """Screening, baseline vitals, IV access, two premedications and the drug check."""
    answer_screening(qtbot, workspace, NO_TO_ALL)
    enter_vitals(qtbot, workspace)
    workspace.show_step(Step.IV_ACCESS)
    click(qtbot, workspace.step_forms[Step.IV_ACCESS].record)
    workspace.show_step(Step.PREMEDICATIONS)
    premeds = workspace.step_forms[Step.PREMEDICATIONS]
    for drug, dose in (("methylprednisolone", None), ("diphenhydramine", "50 mg")):
        premeds.drug.setCurrentText(drug)
        if dose is not None:  # the protocol leaves the antihistamine dose to the prescription
            premeds.dose.setText(dose)
        click(qtbot, premeds.record)
    workspace.show_step(Step.DRUG_VERIFICATION)
    check = workspace.step_forms[Step.DRUG_VERIFICATION]
    qtbot.keyClicks(check.lot, "H0123B")
    check.expiry.setDate(QDate(2027, 1, 31))
    click(qtbot, check.record)


def titrate_through_widgets(qtbot: QtBot, workspace: SessionWorkspace, clock: FakeClock) -> None:
    """Vital signs when the panel says due, the step button when it offers the increase."""
    panel = workspace.infusion
    for _ in range(400):
        view = workspace.controller.view
        if view.status.volume_infused_ml >= view.facts.bag_volume_ml - 0.05:
            return
        due = view.status.vitals_due_at
        if due is not None and due <= clock.now():
            enter_vitals(qtbot, workspace)
            continue
        if panel.step_button.isEnabled() and panel.step_button.text() == "Record vital signs first":
            enter_vitals(qtbot, workspace)
            continue
        if panel.step_button.isEnabled():
            before = view.status.rate_ml_h
            click(qtbot, panel.step_button)
            if workspace.controller.view.status.rate_ml_h != before:
                continue
        clock.advance(timedelta(minutes=1))
        workspace.refresh()
    raise AssertionError("the bag never emptied")
