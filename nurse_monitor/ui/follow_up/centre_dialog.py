"""The administrator's dialog for the centre's settings kept in the record (every station reads
them): name and phone numbers printed on the take-home sheet, and the days the centre is closed
(skipped when a follow-up call falls due)."""

from __future__ import annotations

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
    parse_closed_days,
    update_centre_settings,
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
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save)
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

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            self.message.setText(
                f"{refusal.field}: {refusal.message}" if refusal.field else refusal.message
            )
