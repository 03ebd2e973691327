"""The vitals form: typed values go out only when the domain accepts them."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.vitals.vitals_form import VitalsForm
from nurse_monitor.ui.vitals.vitals_form_rows import MIN_TOUCH


def make_form(qtbot: QtBot, unit: str = "C") -> VitalsForm:
    form = VitalsForm(temperature_unit=unit)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def type_vitals(qtbot: QtBot, form: VitalsForm, **overrides: str) -> None:
    """Type a normal set of vital signs (override any field's text; "" leaves it empty)."""
    texts = {
        "systolic": "124",
        "diastolic": "78",
        "heart_rate": "72",
        "respiratory_rate": "16",
        "temperature": "36.8",
        "spo2": "97",
        "pain": "",
    }
    texts.update(overrides)
    for name, text in texts.items():
        edit: QLineEdit = getattr(form, name)
        edit.clear()
        if text:
            qtbot.keyClicks(edit, text)
    qtbot.keyClicks(form.consciousness, "a")


def test_enter_sends_the_values_in_celsius(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, pain="2")
    qtbot.keyClicks(form.note, "Feels well")
    with qtbot.waitSignal(form.submitted) as blocker:
        qtbot.keyClick(form.note, Qt.Key.Key_Return)
    values, unit, note = blocker.args
    assert values == {
        "systolic": 124,
        "diastolic": 78,
        "heart_rate": 72,
        "respiratory_rate": 16,
        "temperature_c": 36.8,
        "spo2": 97,
        "on_oxygen": False,
        "consciousness": "alert",
        "pain": 2,
    }
    assert (unit, note) == ("C", "Feels well")


def test_enter_sends_fahrenheit_and_oxygen(qtbot: QtBot) -> None:
    form = make_form(qtbot, unit="F")
    type_vitals(qtbot, form, temperature="100,4")
    form.oxygen.setChecked(True)
    with qtbot.waitSignal(form.submitted) as blocker:
        qtbot.keyClick(form.spo2, Qt.Key.Key_Enter)
    values, unit, _note = blocker.args
    assert unit == "F"
    assert values["temperature_f"] == 100.4 and "temperature_c" not in values
    assert values["on_oxygen"] is True and values["pain"] is None


def test_unit_switches_per_entry(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.fahrenheit.setChecked(True)
    type_vitals(qtbot, form, temperature="98.6")
    with qtbot.waitSignal(form.submitted) as blocker:
        qtbot.keyClick(form.temperature, Qt.Key.Key_Return)
    assert blocker.args[1] == "F" and blocker.args[0]["temperature_f"] == 98.6


def test_out_of_range_systolic_is_refused_inline(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, systolic="400")
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.keyClick(form.spo2, Qt.Key.Key_Return)
    message = form.error_labels["blood_pressure"].text()
    assert "Systolic 400" in message and "40-300 mmHg" in message
    assert form.error_labels["blood_pressure"].isVisibleTo(form)
    assert form.focusWidget() is form.systolic
    assert "40-300" in form.systolic.accessibleDescription()


def test_diastolic_not_below_systolic_is_refused(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, systolic="110", diastolic="120")
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.keyClick(form.heart_rate, Qt.Key.Key_Return)
    assert "Diastolic 120: must be below systolic" in form.error_labels["blood_pressure"].text()


def test_empty_required_field_is_refused_not_zero(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, heart_rate="", temperature="")
    with qtbot.assertNotEmitted(form.submitted):
        qtbot.keyClick(form.spo2, Qt.Key.Key_Return)
    assert form.error_labels["heart_rate"].text() == "⚠ Heart rate: required"
    assert "Temperature: required" in form.error_labels["temperature"].text()
    assert form.focusWidget() is form.heart_rate  # the first problem, top to bottom


def test_consciousness_must_be_chosen(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form)
    form.consciousness.setCurrentIndex(-1)
    with qtbot.assertNotEmitted(form.submitted):
        form.submit()
    assert "Consciousness: required" in form.error_labels["consciousness"].text()


def test_editing_a_field_clears_its_problem(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, systolic="400")
    form.submit()
    qtbot.keyClick(form.systolic, Qt.Key.Key_Backspace)
    assert not form.error_labels["blood_pressure"].isVisibleTo(form)


def test_show_error_from_the_service(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.show_error("temperature_c", "Temperature 45: allowed range 30.0-43.0 C")
    assert "allowed range 30.0-43.0 C" in form.error_labels["temperature"].text()
    assert form.focusWidget() is form.temperature
    form.show_error("session", "The session has ended")
    assert "The session has ended" in form.error_labels["note"].text()


def test_clear_keeps_the_unit(qtbot: QtBot) -> None:
    form = make_form(qtbot, unit="C")
    form.fahrenheit.setChecked(True)
    type_vitals(qtbot, form, systolic="400")
    form.oxygen.setChecked(True)
    form.submit()
    form.clear()
    assert all(edit.text() == "" for edit in form.number_edits.values())
    assert form.temperature_unit() == "F"
    assert form.air.isChecked() and form.consciousness.currentIndex() == -1
    assert not any(label.isVisibleTo(form) for label in form.error_labels.values())
    assert form.focusWidget() is form.systolic


def test_a_submit_while_saving_is_ignored(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form)
    form.set_saving(True)
    with qtbot.assertNotEmitted(form.submitted):
        form.submit()
    form.set_saving(False)
    with qtbot.waitSignal(form.submitted):
        form.save_button.click()


def test_news2_preview_shows_the_band(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    assert "shown when all vital signs are entered" in form.preview.text()
    type_vitals(qtbot, form, systolic="88", diastolic="54")
    assert form.preview.text().startswith("NEWS2 3 — Low-medium")
    type_vitals(qtbot, form, systolic="88", diastolic="54", heart_rate="125", spo2="93")
    assert form.preview.text().startswith("NEWS2 7 — High")
    assert "#c62828" in form.preview.styleSheet()


def test_every_control_is_named_and_touch_sized(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    controls: list[QWidget] = [*form._inputs(), form.save_button]
    for control in controls:
        name = QAccessible.queryAccessibleInterface(control).text(QAccessible.Text.Name)
        assert name, control
        assert control.minimumHeight() >= MIN_TOUCH, name


def test_tab_goes_top_to_bottom(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.systolic.setFocus()
    order = [form.systolic]
    for _ in range(5):
        order.append(order[-1].nextInFocusChain())
    assert order[:5] == [
        form.systolic,
        form.diastolic,
        form.heart_rate,
        form.respiratory_rate,
        form.temperature,
    ]


def focused_form(qtbot: QtBot) -> VitalsForm:
    """A form in the active window, so the keyboard focus moves as it does at the chair."""
    form = make_form(qtbot)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def type_where_focused(qtbot: QtBot, text: str) -> None:
    """Keys go to whichever field has the focus, one at a time, as a keyboard sends them."""
    for char in text:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, char)


def submitted_values(qtbot: QtBot, form: VitalsForm) -> dict[str, object]:
    with qtbot.waitSignal(form.submitted) as sent:
        qtbot.keyClick(form.note, Qt.Key.Key_Return)
    return sent.args[0]  # type: ignore[no-any-return]


def test_a_slash_in_systolic_fills_both_pressures(qtbot: QtBot) -> None:
    form = focused_form(qtbot)
    type_vitals(qtbot, form, systolic="", diastolic="")
    form.systolic.setFocus()
    type_where_focused(qtbot, "118/72")  # the 72 used to be dropped
    assert (form.systolic.text(), form.diastolic.text()) == ("118", "72")
    assert form.diastolic.hasFocus()
    values = submitted_values(qtbot, form)
    assert (values["systolic"], values["diastolic"]) == (118, 72)


def test_tab_skips_the_unit_and_oxygen_toggles(qtbot: QtBot) -> None:
    form = focused_form(qtbot)
    type_vitals(qtbot, form)
    form.temperature.setFocus()
    qtbot.keyClick(form.temperature, Qt.Key.Key_Tab)
    assert form.spo2.hasFocus()
    qtbot.keyClick(form.spo2, Qt.Key.Key_Tab)
    assert form.consciousness.hasFocus()
    # The toggles still answer a click, and F or C typed in the temperature.
    qtbot.keyClicks(form.temperature, "f")
    assert form.temperature_unit() == "F" and form.temperature.text() == "36.8"
    qtbot.keyClicks(form.temperature, "c")
    assert form.temperature_unit() == "C"


def test_consciousness_is_one_key_and_moves_on(qtbot: QtBot) -> None:
    form = focused_form(qtbot)
    for key, value in (
        ("v", "voice"),
        ("U", "unresponsive"),
        ("c", "new_confusion"),
        ("a", "alert"),
    ):
        form.consciousness.setFocus()
        qtbot.keyClicks(form.consciousness, key)
        assert form.consciousness.currentData() == value
        assert form.pain.hasFocus()


def test_celsius_chosen_for_99_1_suggests_fahrenheit_and_the_unit_change_clears_it(
    qtbot: QtBot,
) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, temperature="99.1")
    form.submit()
    problem = form.error_labels["temperature"]
    assert "this looks like °F" in problem.text()
    form.fahrenheit.click()
    assert not problem.isVisible() and problem.text() == ""
    values = submitted_values(qtbot, form)
    assert values["temperature_f"] == 99.1


def test_an_inline_problem_does_not_push_the_fields_down(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    type_vitals(qtbot, form, systolic="400", respiratory_rate="")
    where = {name: getattr(form, name).mapTo(form, QPoint()) for name in ("spo2", "note", "pain")}
    form.submit()
    QApplication.processEvents()
    assert form.error_labels["blood_pressure"].isVisible()
    assert form.error_labels["respiratory_rate"].isVisible()
    assert {n: getattr(form, n).mapTo(form, QPoint()) for n in where} == where


def test_taken_at_charts_a_late_reading_and_follows_the_clock_otherwise(qtbot: QtBot) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    form = VitalsForm(now=now)
    qtbot.addWidget(form)
    assert form.taken_at(now + timedelta(minutes=3)) == now + timedelta(minutes=3)
    earlier = (now - timedelta(minutes=20)).astimezone()
    form.taken.setTime(QTime(earlier.hour, earlier.minute))
    assert form.taken_at(now) == earlier
    form.clear()
    assert form.taken_at(now) == now
