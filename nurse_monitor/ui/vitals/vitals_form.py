"""Keyboard-first entry of one set of vital signs, checked by the domain before it is sent.

Numbers are QLineEdits with loose validators, not spin boxes: empty means "not entered" (a spin
box always holds a number, and a 0 can slip through), typing "120" is three keys with no
selection to clear, and a scroll wheel or arrow key can't nudge a value by accident. The
validators only keep letters out; the limits are the domain's (`validate_vital_signs`), so a
slip like 400 is refused with the domain's own words: field, value and allowed range. The rows
and their fields are built by `VitalsFormRows` (vitals/vitals_form_rows.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QWidget,
)

from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.vital_signs import LIMITS, VitalSignsError, validate_vital_signs
from nurse_monitor.ui import colors
from nurse_monitor.ui.vitals.entry_fields import (
    CONSCIOUSNESS_KEYS,
    ROW_OF_FIELD,
    ROWS_TOP_TO_BOTTOM,
    error_text,
    parse_number,
)
from nurse_monitor.ui.vitals.vitals_form_rows import VitalsFormRows

# A temperature refused in one unit but inside the other unit's limits was typed in that unit.
FAHRENHEIT_LOOKING = (LIMITS["temperature_f"].low, LIMITS["temperature_f"].high)
CELSIUS_LOOKING = (LIMITS["temperature_c"].low, LIMITS["temperature_c"].high)


def _muted_preview_style() -> str:
    edge = colors.THEME_COLORS[colors.current_theme()]["boundary"]
    return colors.text_style("muted", bold=False) + f" border: 1px dashed {edge};"


class VitalsForm(VitalsFormRows):
    """Entry form for one reading. Enter in any field saves.

    Signals:
        submitted(dict, str, str): values (systolic, diastolic, heart_rate, respiratory_rate,
            temperature_c or temperature_f, spo2, on_oxygen, consciousness, pain), the
            temperature unit "C" or "F", and the note. Emitted only for values the domain
            accepts.

    Args:
        temperature_unit: the unit the form starts in ("C" or "F"); switchable per entry.
        spo2_scale: NEWS2 SpO2 scale (1, or 2 for a prescribed 88-92 % target) for the preview.
    """

    submitted = Signal(dict, str, str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        temperature_unit: str = "C",
        spo2_scale: int = 1,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self._spo2_scale = spo2_scale
        self._saving = False
        self.setAccessibleName(self.tr("Record vital signs"))
        self._build(temperature_unit, now or datetime.now(UTC))
        self._update_preview()

    # ----- public -----

    def show_error(self, field: str, message: str) -> None:
        """Show `message` beside `field` (a domain field name such as "systolic") and focus it."""
        row = ROW_OF_FIELD.get(field, field)
        label = self.error_labels.get(row, self.error_labels["note"])
        label.setStyleSheet(colors.text_style("error"))
        label.setText("⚠ " + message)
        label.setVisible(True)
        target = self._focus_target(row)
        target.setAccessibleDescription(message)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Empty the form for the next reading; the temperature unit stays as chosen."""
        for edit in self.number_edits.values():
            edit.clear()
        self.note.clear()
        self.taken.edited = False  # the next reading is taken now again (the clock moves it)
        self.air.setChecked(True)
        self.consciousness.setCurrentIndex(-1)
        self._clear_errors()
        self.systolic.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_saving(self, saving: bool) -> None:
        """While the service saves, a second submit (Enter pressed again) is ignored.

        The save runs on the main thread, so the screen cannot show a disabled form meanwhile;
        disabling and re-enabling every field only made the whole form lay out and paint twice.
        """
        self._saving = saving

    def temperature_unit(self) -> str:
        return "F" if self.fahrenheit.isChecked() else "C"

    def set_temperature_unit(self, unit: str) -> None:
        """The station's unit changed: the next entry starts in it (a typed value is kept)."""
        (self.fahrenheit if unit == "F" else self.celsius).setChecked(True)

    def values(self) -> dict[str, Any]:
        """The raw entry as the domain reads it: empty fields are None, not 0."""
        temperature_key = "temperature_f" if self.temperature_unit() == "F" else "temperature_c"
        raw: dict[str, Any] = {
            name: parse_number(edit.text(), whole=name != "temperature")
            for name, edit in self.number_edits.items()
        }
        raw[temperature_key] = raw.pop("temperature")
        raw["on_oxygen"] = self.oxygen.isChecked()
        raw["consciousness"] = self.consciousness.currentData()
        return raw

    def submit(self) -> None:
        """Check the entry; emit `submitted`, or show each problem inline and focus the first."""
        if self._saving:
            return
        self._clear_errors()
        raw = self.values()
        try:
            validate_vital_signs(raw, self.temperature_unit())
        except VitalSignsError as error:
            rows: list[str] = []
            for problem in error.problems:
                row = ROW_OF_FIELD.get(problem.field, "note")
                label = self.error_labels[row]
                text = error_text(problem) + self._unit_hint(problem.field, problem.value)
                label.setStyleSheet(colors.text_style("error"))
                label.setText(f"{label.text()}\n⚠ {text}" if label.isVisible() else f"⚠ {text}")
                label.setVisible(True)
                self._focus_target(row).setAccessibleDescription(text)
                rows.append(row)
            first = min(rows, key=ROWS_TOP_TO_BOTTOM.index)
            self._focus_target(first).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.submitted.emit(raw, self.temperature_unit(), self.note.text().strip())

    # ----- Qt -----

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """One key: A, C, V, P or U chooses consciousness and moves on; F or C in the
        temperature switches its unit."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        letter = event.text().upper()
        if watched is self.consciousness and letter in CONSCIOUSNESS_KEYS:
            self.consciousness.setCurrentIndex(
                self.consciousness.findData(CONSCIOUSNESS_KEYS[letter])
            )
            self._clear_error("consciousness")
            self.pain.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if watched is self.temperature and letter in ("C", "F"):
            (self.celsius if letter == "C" else self.fahrenheit).setChecked(True)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in any field saves: line edits, radio buttons and closed combos pass it up."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submit()
            return
        super().keyPressEvent(event)

    def taken_at(self, now: datetime) -> datetime:
        """When the reading was taken: now, unless the nurse set an earlier time (charting late)."""
        return self.taken.moment(now)

    def _inputs(self) -> list[QWidget]:
        """Every input, top to bottom: the tab order."""
        return [
            self.systolic,
            self.diastolic,
            self.heart_rate,
            self.respiratory_rate,
            self.temperature,
            self.spo2,
            self.consciousness,
            self.pain,
            self.note,
            self.taken,
        ]

    def _focus_target(self, row: str) -> QWidget:
        targets: dict[str, QWidget] = {
            "blood_pressure": self.systolic,
            "diastolic": self.diastolic,
            "heart_rate": self.heart_rate,
            "respiratory_rate": self.respiratory_rate,
            "temperature": self.temperature,
            "spo2": self.spo2,
            "on_oxygen": self.oxygen if self.oxygen.isChecked() else self.air,
            "consciousness": self.consciousness,
            "pain": self.pain,
        }
        return targets.get(row, self.note)

    def _unit_hint(self, field: str, value: object) -> str:
        """A body temperature typed in the other unit: 99.1 with °C chosen reads as °F."""
        if not isinstance(value, int | float):
            return ""
        if field == "temperature_c" and FAHRENHEIT_LOOKING[0] <= value <= FAHRENHEIT_LOOKING[1]:
            return self.tr(" — this looks like °F: press F or choose °F")
        if field == "temperature_f" and CELSIUS_LOOKING[0] <= value <= CELSIUS_LOOKING[1]:
            return self.tr(" — this looks like °C: press C or choose °C")
        return ""

    def _on_systolic_text_edited(self, text: str) -> None:
        """ "118/72" in systolic is both pressures: the part after the slash goes to diastolic,
        and typing carries on there."""
        if "/" not in text:
            return
        systolic, diastolic = text.split("/", 1)
        self.systolic.setText(systolic)
        if diastolic:
            self.diastolic.setText(diastolic)
        self.diastolic.setFocus(Qt.FocusReason.OtherFocusReason)
        self.diastolic.end(False)

    def _clear_error(self, row: str) -> None:
        """A row's problem goes once the nurse changes that row."""
        self.error_labels[row].clear()
        self.error_labels[row].setVisible(False)

    def _clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.setVisible(False)
        for widget in [*self._inputs(), self.air, self.oxygen]:
            widget.setAccessibleDescription("")

    def _update_preview(self) -> None:
        """NEWS2 of what is typed so far, once every scored field holds an allowed value."""
        try:
            vitals = validate_vital_signs(self.values(), self.temperature_unit())
        except VitalSignsError:
            self.preview.setText(self.tr("NEWS2: shown when all vital signs are entered"))
            self.preview.setStyleSheet(
                colors.text_style("muted", bold=False)
                + f" border: 1px dashed {colors.THEME_COLORS[colors.current_theme()]['boundary']};"
            )
            return
        score = score_news2(vitals, self._spo2_scale)
        band = score.band.value
        text_color = colors.text_on(colors.band_color(band))
        self.preview.setText(
            self.tr("NEWS2 %1 — %2").replace("%1", str(score.total)).replace("%2", score.response)
        )
        self.preview.setStyleSheet(
            f"background: {colors.band_color(band).name()}; color: {text_color.name()};"
            " font-weight: bold;"
        )
