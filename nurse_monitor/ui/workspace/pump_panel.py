"""The pump beside the record: its rate, volume delivered and remaining, status and the time of
its last message, its alarms, and the one-click "Chart pump: 120 mL/h at 10:31".

Binding: the pump's identifier is scanned from its label (a keyboard-wedge scanner types it) or
typed, then "Bind pump". Nothing the pump says reaches the record without the nurse's click.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.pump_link import PumpPanel
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import TOUCH, touch_button
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.workspace.pump_link import PumpLink

PRIORITY_STYLE = {
    "high": "background: #b71c1c; color: white; padding: 6px; font-weight: bold;",
    "medium": "background: #fff3cd; color: #5c4400; padding: 6px; font-weight: bold;",
}


def amount(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:g} {unit}"


class PumpPanelWidget(QFrame):
    def __init__(self, link: PumpLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Pump link"))
        self.pump_id = QLineEdit(self)
        self.pump_id.setPlaceholderText(self.tr("Scan or type the pump's identifier"))
        self.pump_id.setAccessibleName(self.tr("Pump identifier"))
        self.pump_id.setMinimumHeight(TOUCH)
        self.bind_button = touch_button(self.tr("Bind pump"), self)
        self.unbind_button = touch_button(self.tr("Unbind pump"), self)
        self.title = QLabel(self.tr("No pump bound"), self)
        self.title.setWordWrap(True)
        self.title.setAccessibleName(self.tr("Pump"))
        self.rate = QLabel("—", self)
        self.rate.setAccessibleName(self.tr("Pump rate"))
        self.delivered = QLabel("—", self)
        self.delivered.setAccessibleName(self.tr("Pump volume delivered"))
        self.remaining = QLabel("—", self)
        self.remaining.setAccessibleName(self.tr("Pump volume remaining"))
        self.status = QLabel("—", self)
        self.status.setAccessibleName(self.tr("Pump status"))
        self.last_message = QLabel("—", self)
        self.last_message.setAccessibleName(self.tr("Pump's last message"))
        self.alarms = QLabel(self)
        self.alarms.setWordWrap(True)
        self.alarms.setAccessibleName(self.tr("Pump alarms"))
        self.alarms.hide()
        self.chart_button = touch_button("", self)
        self.chart_button.setAccessibleName(self.tr("Chart the pump's rate"))
        self.chart_button.hide()
        self.stop_button = touch_button("", self, self.tr("Chart the pump's stop as a pause"))
        self.stop_button.hide()
        self.refusal = QLabel(self)
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(colors.text_style("error", bold=False))
        self.refusal.hide()

        binding = QHBoxLayout()
        binding.addWidget(self.title, 1)
        binding.addWidget(self.pump_id)
        binding.addWidget(self.bind_button)
        binding.addWidget(self.unbind_button)
        grid = QGridLayout()
        for row, (label, value) in enumerate(
            (
                (self.tr("Pump rate"), self.rate),
                (self.tr("Delivered"), self.delivered),
                (self.tr("Remaining"), self.remaining),
                (self.tr("Status"), self.status),
                (self.tr("Last message"), self.last_message),
            )
        ):
            # Two figures a line: the panel sits beside the infusion panel, a third of the tab
            # wide (three a line cut off "Remaining" and the Unbind button at 1366 px).
            grid.addWidget(QLabel(label, self), row // 2, 2 * (row % 2))
            grid.addWidget(value, row // 2, 2 * (row % 2) + 1)
        layout = QVBoxLayout(self)
        layout.addLayout(binding)
        layout.addLayout(grid)
        layout.addWidget(self.alarms)
        layout.addWidget(self.chart_button)
        layout.addWidget(self.stop_button)
        layout.addWidget(self.refusal)
        layout.addStretch(1)

        self.bind_button.clicked.connect(self._on_bind_button_clicked)
        self.pump_id.returnPressed.connect(self._on_bind_button_clicked)
        self.unbind_button.clicked.connect(self._on_unbind_button_clicked)
        self.chart_button.clicked.connect(self._on_chart_button_clicked)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        link.changed.connect(self._on_link_changed)
        link.refused.connect(self._on_link_refused)
        self.show_panel(None)

    def show_panel(self, panel: PumpPanel | None) -> None:
        bound = panel is not None
        self.pump_id.setVisible(not bound)
        self.bind_button.setVisible(not bound)
        self.unbind_button.setVisible(bound)
        for value in (self.rate, self.delivered, self.remaining, self.status, self.last_message):
            value.setText("—")
        self.alarms.hide()
        self.chart_button.hide()
        self.stop_button.hide()
        if panel is None:
            self.title.setText(self.tr("No pump bound"))
            return
        self.title.setText(
            self.tr("Pump %1 (bound %2)")
            .replace("%1", panel.pump_id)
            .replace("%2", clock_time(panel.bound_at))
        )
        last = panel.last
        if last is not None:
            report = last.report
            running = report.current_rate_ml_h
            rate = amount(report.rate_ml_h, "mL/h")
            if running is not None and running != report.rate_ml_h:
                rate += self.tr(" (running %1)").replace("%1", amount(running, "mL/h"))
            self.rate.setText(rate)
            self.delivered.setText(amount(report.delivered_ml, "mL"))
            self.remaining.setText(amount(report.remaining_ml, "mL"))
            words = {True: self.tr("Infusing"), False: self.tr("Not infusing"), None: "—"}
            status = words[report.infusing]
            if last.event or last.alarm:
                status += f" · {last.alarm or last.event}"
            self.status.setText(status)
            self.last_message.setText(clock_time(last.received_at))
        if panel.alerts:
            worst = panel.alerts[0].priority.value
            colors.restyle(self.alarms, PRIORITY_STYLE.get(worst, ""))
            self.alarms.setText("\n".join(a.message for a in panel.alerts))
            self.alarms.show()
        offer = panel.chart_offer
        if offer is not None:
            offered = offer.report.delivering_rate() or 0.0
            self.chart_button.setText(
                self.tr("Chart pump: %1 mL/h at %2")
                .replace("%1", f"{offered:g}")
                .replace("%2", clock_time(offer.received_at))
            )
            self.chart_button.show()
        if panel.stop_offer is not None:
            self.stop_button.setText(
                self.tr("Chart pause: pump stopped at %1").replace(
                    "%1", clock_time(panel.stop_offer.received_at)
                )
            )
            self.stop_button.show()

    # Slots -------------------------------------------------------------------------------------

    def _on_link_changed(self, panel: PumpPanel | None) -> None:
        self.refusal.hide()
        self.show_panel(panel)

    def _on_link_refused(self, field: str, message: str) -> None:
        self.refusal.setText(f"{field}: {message}" if field else message)
        self.refusal.show()

    def _on_bind_button_clicked(self) -> None:
        if self.link.bind(self.pump_id.text()):
            self.pump_id.clear()

    def _on_unbind_button_clicked(self) -> None:
        self.link.unbind()

    def _on_chart_button_clicked(self) -> None:
        self.link.chart_offer()

    def _on_stop_button_clicked(self) -> None:
        self.link.chart_stop()
