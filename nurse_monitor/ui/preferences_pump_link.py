"""The pump link's part of the Preferences dialog: receive pump messages, on which address.

IT sets it once per station. When the address is not this computer only (loopback), the
listener accepts only the pump gateways listed in the site settings kept in the record, and the
group says so: the list itself is not a station preference.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from nurse_monitor.services.pump_address import clean_listen_host, clean_listen_port, is_loopback
from nurse_monitor.ui.form_parts import centre_labels
from nurse_monitor.ui.preferences import PumpLinkSetting

TOUCH = 48


class PumpLinkFields(QGroupBox):
    """Enabled, address and port; `checked()` names the field that is not allowed."""

    def __init__(self, setting: PumpLinkSetting, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pump link (HL7 from the infusion pumps' gateway)"), parent)
        self.enabled = QCheckBox(self.tr("Receive pump messages at this station"), self)
        self.enabled.setChecked(setting.enabled)
        self.enabled.setMinimumHeight(TOUCH)
        self.enabled.setAccessibleName(self.tr("Receive pump messages"))
        self.host = QLineEdit(setting.host, self)
        self.host.setMinimumHeight(TOUCH)
        self.host.setAccessibleName(self.tr("Pump link address"))
        self.host.setToolTip(
            self.tr("127.0.0.1: this computer only; 0.0.0.0: every network interface")
        )
        self.port = QLineEdit(str(setting.port), self)
        self.port.setMinimumHeight(TOUCH)
        self.port.setMaxLength(5)
        self.port.setAccessibleName(self.tr("Pump link port"))
        self.port.setToolTip(self.tr("2575 is the port registered for HL7 over MLLP"))
        self.gateway_note = QLabel(
            self.tr(
                "On a network address, only the pump gateways listed in the site settings kept "
                "in the record are accepted (an administrator adds one with `nurse-monitor pump "
                "allow-gateway ADDRESS`); this computer itself always is."
            ),
            self,
        )
        self.gateway_note.setWordWrap(True)
        self.gateway_note.setAccessibleName(self.tr("Pump gateways note"))
        form = QFormLayout(self)
        form.addRow(self.enabled)
        form.addRow(self.tr("Pump link &address"), self.host)
        form.addRow(self.tr("Pump link p&ort"), self.port)
        form.addRow(self.gateway_note)
        centre_labels(form)
        self.host.textChanged.connect(self._on_host_text_changed)
        self._on_host_text_changed(self.host.text())

    def checked(self) -> PumpLinkSetting:
        """The values as typed, or ValueError naming the field and what is allowed."""
        return PumpLinkSetting(
            self.enabled.isChecked(),
            clean_listen_host(self.host.text()),
            clean_listen_port(self.port.text()),
        )

    def _on_host_text_changed(self, text: str) -> None:
        self.gateway_note.setVisible(not is_loopback(text.strip()))
