"""The administrator's dialog for the centre's settings kept in the record (every station reads
them): name and phone numbers printed on the take-home sheet, and the days the centre is closed
(skipped when a follow-up call falls due)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.site_settings import (
    centre_settings,
    follow_up_calls_from,
    parse_closed_days,
    update_centre_settings,
    update_follow_up_calls_from,
)
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.station import Refusal, Station


class CentreSettingsDialog(QDialog):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setWindowTitle(self.tr("Centre settings"))
        self.setAccessibleName(self.tr("Centre settings"))
        current = centre_settings(station.db)
        self.name = QLineEdit(current.name, self)
        self.name.setAccessibleName(self.tr("Centre name"))
        self.phone = QLineEdit(current.phone, self)
        self.phone.setAccessibleName(self.tr("Phone"))
        self.out_of_hours = QLineEdit(current.out_of_hours_phone, self)
        self.out_of_hours.setAccessibleName(self.tr("Out-of-hours phone"))
        self.closed_days = QPlainTextEdit(
            "\n".join(d.isoformat() for d in current.closed_days), self
        )
        self.closed_days.setAccessibleName(self.tr("Closed days, one YYYY-MM-DD a line"))
        form = QFormLayout()
        form.addRow(self.tr("Centre &name"), self.name)
        form.addRow(self.tr("&Phone"), self.phone)
        form.addRow(self.tr("&Out-of-hours phone"), self.out_of_hours)
        form.addRow(self.tr("&Closed days (YYYY-MM-DD)"), self.closed_days)
        self.message = QLabel(
            self.tr("Every station prints these on the take-home sheet and skips closed days."),
            self,
        )
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.save = touch_button(self.tr("Save for every station"), self)
        self.save.clicked.connect(self._on_save_clicked)
        # Infusions before this day make no automatic call (set at the upgrade that brought
        # follow-up calls, so a record's past infusions are not all overdue calls).
        since = follow_up_calls_from(station.db)
        self.calls_from = QLineEdit(since.isoformat() if since else "", self)
        self.calls_from.setAccessibleName(self.tr("Follow-up calls from"))
        self.calls_from.setPlaceholderText(self.tr("YYYY-MM-DD; empty: every infusion"))
        self.save_calls_from = touch_button(self.tr("Save the date for every station"), self)
        self.save_calls_from.clicked.connect(self._on_save_calls_from_clicked)
        calls_form = QFormLayout()
        calls_form.addRow(self.tr("Follow-up calls &from"), self.calls_from)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addLayout(calls_form)
        layout.addWidget(self.save_calls_from)
        layout.addWidget(self.message)
        station.ops.refused.connect(self._on_ops_refused)

    def _on_save_clicked(self) -> None:
        try:
            days = parse_closed_days(self.closed_days.toPlainText())
        except InvalidInput as bad:
            self.message.setText(str(bad))
            return
        ok, _ = self.station.perform(
            update_centre_settings,
            name=self.name.text(),
            phone=self.phone.text(),
            out_of_hours_phone=self.out_of_hours.text(),
            closed_days=days,
            origin=self,
        )
        if ok:
            self.message.setText(self.tr("Saved for every station."))
            self.accept()

    def _on_save_calls_from_clicked(self) -> None:
        text = self.calls_from.text().strip()
        try:
            day = date.fromisoformat(text) if text else None
        except ValueError:
            self.message.setText(
                self.tr("Follow-up calls from: a date as YYYY-MM-DD, or empty for every infusion")
            )
            return
        ok, _ = self.station.perform(update_follow_up_calls_from, day, origin=self)
        if ok:
            self.message.setText(
                self.tr("Follow-up calls from %1, for every station.").replace(
                    "%1", text or self.tr("every infusion")
                )
            )

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            self.message.setText(
                f"{refusal.field}: {refusal.message}" if refusal.field else refusal.message
            )
