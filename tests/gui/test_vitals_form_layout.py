"""The vital signs form keeps each value's parts together at the width the workspace gives it.

The screenshots at 1366x768 showed the diastolic box 100 px from its "/", and °F and Oxygen a
third of the form away from °C and Air: the hidden problem label gave up its room to them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.vitals.vitals_form import VitalsForm

NEAR = 40  # px between the parts of one value


def gap(left: QWidget, right: QWidget) -> int:
    return right.geometry().left() - left.geometry().right()


def test_the_parts_of_each_value_sit_together(qtbot: QtBot) -> None:
    form = VitalsForm(temperature_unit="C")
    qtbot.addWidget(form)
    form.resize(500, 700)  # the form's width beside the readings at 1366x768
    form.show()
    qtbot.waitExposed(form)
    assert gap(form.systolic, form.diastolic) < NEAR + 20  # the "/" between them
    assert gap(form.celsius, form.fahrenheit) < NEAR
    assert gap(form.air, form.oxygen) < NEAR


def test_a_unit_s_text_is_clear_of_the_next_choice(qtbot: QtBot) -> None:
    """In high contrast (bold) "°C" ran into the °F circle."""
    form = VitalsForm(temperature_unit="C")
    qtbot.addWidget(form)
    form.resize(500, 700)
    form.show()
    qtbot.waitExposed(form)
    for choice in (form.celsius, form.air):
        assert choice.width() - choice.sizeHint().width() >= 8, choice.text()
