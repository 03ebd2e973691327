"""The corrected value of an amendment, typed as its field: a number in its range, a choice from
its list, a date from a calendar, a screening answer from yes / no / not asked. Never free text
for what is not text, so an amendment the record cannot read is not offered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from nurse_monitor.domain.entry_fields import EntryField, FieldKind
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.ui.form_parts import TOUCH

ANSWER_WORDS = (("Yes", True), ("No", False), ("Not asked", None))


def choice_words(choice: str) -> str:
    return choice.replace("_", " ").capitalize()


class AmendmentValueEditor(QStackedWidget):
    """One editor per kind of field; `show_field` picks it and fills the current value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Corrected value"))
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("Corrected value"))
        self.number = QDoubleSpinBox(self)
        self.number.setDecimals(1)
        self.whole = QSpinBox(self)
        self.choice = QComboBox(self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.moment = QDateTimeEdit(self)
        self.moment.setCalendarPopup(True)
        self.moment.setDisplayFormat("dd MMM yyyy HH:mm")
        self.several = QListWidget(self)
        self.question = QComboBox(self)
        self.question.setAccessibleName(self.tr("Screening question"))
        self.question.setMinimumHeight(TOUCH)
        self.answer = QComboBox(self)
        self.answer.setAccessibleName(self.tr("Answer"))
        self.answer.setMinimumHeight(TOUCH)
        self.question_reason = QLineEdit(self)
        self.question_reason.setPlaceholderText(self.tr("Override reason"))
        pair = QWidget(self)
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.question, 2)
        row.addWidget(self.answer, 1)
        row.addWidget(self.question_reason, 2)
        self.screening = pair
        names = {
            self.text: self.tr("Corrected value"),
            self.number: self.tr("Corrected number"),
            self.whole: self.tr("Corrected whole number"),
            self.choice: self.tr("Corrected choice"),
            self.date: self.tr("Corrected date"),
            self.moment: self.tr("Corrected date and time"),
            self.several: self.tr("Corrected choices"),
            self.question_reason: self.tr("Override reason"),
            pair: self.tr("Screening answer"),
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)
            widget.setMinimumHeight(TOUCH)
        for widget in (self.text, self.number, self.whole, self.choice, self.date, self.moment):
            self.addWidget(widget)
        self.addWidget(self.several)
        self.addWidget(pair)
        self.spec: EntryField | None = None
        self._current: dict[str, Any] = {}

    def show_field(self, spec: EntryField | None, current: Any, protocol: Protocol) -> None:
        """Offer the editor for `spec`, filled with the value it has now."""
        self.spec = spec
        if spec is None:
            self.setCurrentWidget(self.text)
            self.text.clear()
            return
        kind = spec.kind
        if kind is FieldKind.TEXT:
            self.text.setText(current if isinstance(current, str) else "")
            self.setCurrentWidget(self.text)
        elif kind in (FieldKind.CHOICE, FieldKind.YES_NO) or (spec.choices and kind in _NUMBERS):
            self._fill_choice(spec, current)
        elif kind is FieldKind.NUMBER:
            self.number.setRange(spec.low or 0.0, spec.high if spec.high is not None else 10_000)
            self.number.setValue(float(current) if _is_number(current) else self.number.minimum())
            self.setCurrentWidget(self.number)
        elif kind is FieldKind.WHOLE_NUMBER:
            self.whole.setRange(int(spec.low or 0), int(spec.high if spec.high else 10_000))
            self.whole.setValue(int(current) if _is_number(current) else self.whole.minimum())
            self.setCurrentWidget(self.whole)
        elif kind is FieldKind.DATE:
            day = QDate.fromString(str(current), "yyyy-MM-dd")
            self.date.setDate(day if day.isValid() else QDate.currentDate())
            self.setCurrentWidget(self.date)
        elif kind is FieldKind.DATE_TIME:
            moment = QDateTime.fromString(str(current), Qt.DateFormat.ISODate)
            shown = moment.toLocalTime() if moment.isValid() else QDateTime.currentDateTime()
            self.moment.setDateTime(shown)  # edited in the station's local time
            self.setCurrentWidget(self.moment)
        elif kind is FieldKind.CHOICES:
            self._fill_several(spec, current)
        else:
            self._fill_screening(kind, current, protocol)

    def value(self) -> Any:
        """The corrected value, typed as the field stores it."""
        spec = self.spec
        if spec is None:
            return self.text.text().strip()
        kind = spec.kind
        widget = self.currentWidget()
        if widget is self.choice:
            return self.choice.currentData()
        if widget is self.number:
            return self.number.value()
        if widget is self.whole:
            return self.whole.value()
        if widget is self.date:
            return self.date.date().toString("yyyy-MM-dd")
        if widget is self.moment:
            # Kept with its zone (UTC), whatever the station's local time is.
            return self.moment.dateTime().toUTC().toString(Qt.DateFormat.ISODate)
        if widget is self.several:
            return [
                str(self.several.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.several.count())
                if self.several.item(i).checkState() is Qt.CheckState.Checked
            ]
        if widget is self.screening:
            values = dict(self._current)
            question = self.question.currentData()
            if kind is FieldKind.ANSWERS:
                values[question] = self.answer.currentData()
            elif self.question_reason.text().strip():
                values[question] = self.question_reason.text().strip()
            else:
                values.pop(question, None)
            return values
        return self.text.text().strip()

    def _fill_choice(self, spec: EntryField, current: Any) -> None:
        self.choice.clear()
        if spec.kind is FieldKind.YES_NO:
            options: list[tuple[str, Any]] = [(self.tr("Yes"), True), (self.tr("No"), False)]
        elif spec.kind in _NUMBERS:
            options = [(c, int(c)) for c in spec.choices]
        else:
            options = [(choice_words(c), str(c)) for c in spec.choices]
        for words, data in options:
            self.choice.addItem(words, data)
        found = self.choice.findData(
            str(current).lower() if spec.kind is FieldKind.CHOICE else current
        )
        self.choice.setCurrentIndex(max(found, 0))
        self.setCurrentWidget(self.choice)

    def _fill_several(self, spec: EntryField, current: Any) -> None:
        self.several.clear()
        chosen = set(current) if isinstance(current, list) else set()
        for choice in spec.choices:
            item = QListWidgetItem(choice_words(choice), self.several)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.setCurrentWidget(self.several)

    def _fill_screening(self, kind: FieldKind, current: Any, protocol: Protocol) -> None:
        self._current = dict(current) if isinstance(current, dict) else {}
        self.question.clear()
        for question in protocol.checklist:
            self.question.addItem(question.text, question.id)
        self.answer.clear()
        for words, data in ANSWER_WORDS:
            self.answer.addItem(self.tr(words), data)
        answers = kind is FieldKind.ANSWERS
        self.answer.setVisible(answers)
        self.question_reason.setVisible(not answers)
        self.setCurrentWidget(self.screening)


_NUMBERS = (FieldKind.NUMBER, FieldKind.WHOLE_NUMBER)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
