"""The station's preferences: units, dates, alarms, idle lock, facility name, theme, page size,
and the pump link."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.working_days import parse_weekdays, weekdays_text
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import centre_labels
from nurse_monitor.ui.preferences import DATE_FORMATS, LIMITS, PAGE_SIZES, THEMES, Preferences
from nurse_monitor.ui.preferences_pump_link import PumpLinkFields

# The day the date formats are shown with: an example, so the day and month are told apart.
EXAMPLE_DAY = date(2026, 12, 4)

THEME_LABELS = {"light": "Light", "dark": "Dark", "high_contrast": "High contrast"}
TOUCH = 48


class PreferencesDialog(QDialog):
    """Edits a Preferences; Save checks every value and names the one that is not allowed."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.setWindowTitle(self.tr("Preferences"))
        self.setAccessibleName(self.tr("Preferences"))
        p = preferences
        self.unit = self._combo(("C", "F"), p.temperature_unit, self.tr("Temperature unit"))
        for index, shown in enumerate((self.tr("°C (Celsius)"), self.tr("°F (Fahrenheit)"))):
            self.unit.setItemData(index, self.unit.itemText(index))  # what is saved
            self.unit.setItemText(index, shown)
        # Offered as what a date looks like ("04 Dec 2026"), not as its strftime pattern.
        self.date_format = QComboBox(self)
        self.date_format.setMinimumHeight(TOUCH)
        self.date_format.setAccessibleName(self.tr("Date format"))
        for pattern in DATE_FORMATS:
            self.date_format.addItem(EXAMPLE_DAY.strftime(pattern), pattern)
        self.date_format.setCurrentIndex(DATE_FORMATS.index(p.date_format))
        self.volume = self._spin("chime_volume", p.chime_volume, self.tr("Alarm volume"), " %")
        self.reduce_motion = QCheckBox(self.tr("Reduce motion: a thick border, no flashing"), self)
        self.reduce_motion.setChecked(p.reduce_motion)
        self.reduce_motion.setMinimumHeight(TOUCH)
        self.reduce_motion.setAccessibleName(self.tr("Reduce motion"))
        self.overdue = self._spin(
            "overdue_after_minutes",
            p.overdue_after_minutes,
            self.tr("Due turns overdue after"),
            " min",
        )
        self.idle = self._spin(
            "idle_lock_minutes", p.idle_lock_minutes, self.tr("Idle lock after"), " min"
        )
        self.facility = QLineEdit(p.facility_name, self)
        self.facility.setMinimumHeight(TOUCH)
        self.facility.setAccessibleName(self.tr("Facility name for reports"))
        self.working_days = QLineEdit(weekdays_text(p.working_weekdays), self)
        self.working_days.setMinimumHeight(TOUCH)
        self.working_days.setAccessibleName(self.tr("Working days for follow-up calls"))
        self.working_days.setToolTip(self.tr("e.g. Mon,Tue,Wed,Thu,Fri (ours: Monday to Friday)"))
        self.theme = QComboBox(self)
        self.theme.setMinimumHeight(TOUCH)
        self.theme.setAccessibleName(self.tr("Theme"))
        for key in THEMES:
            self.theme.addItem(self.tr(THEME_LABELS[key]), key)
        self.theme.setCurrentIndex(THEMES.index(p.theme))
        self.page_size = self._combo(PAGE_SIZES, p.page_size, self.tr("PDF page size"))
        self.us_checklists = QCheckBox(
            self.tr("Ask US program checklists (TOUCH for natalizumab)"), self
        )
        self.us_checklists.setChecked(p.us_checklists)
        self.us_checklists.setMinimumHeight(TOUCH)
        self.us_checklists.setToolTip(
            self.tr(
                "A US requirement; a site elsewhere may switch it off. Each screening record "
                "says when it was off."
            )
        )
        self.site_protocols = QLineEdit(p.site_protocols_dir, self)
        self.site_protocols.setMinimumHeight(TOUCH)
        self.site_protocols.setAccessibleName(self.tr("Site protocol folder"))
        self.site_protocols.setPlaceholderText(
            self.tr("Folder of this site's own protocol files (optional)")
        )
        self.gs_stand_in = QLineEdit(p.scanner_gs_stand_in, self)
        self.gs_stand_in.setMaxLength(1)
        self.gs_stand_in.setMinimumHeight(TOUCH)
        self.gs_stand_in.setPlaceholderText(self.tr("none (the scanner sends GS)"))
        self.gs_stand_in.setAccessibleName(self.tr("Character the barcode scanners send for GS"))
        self.pump_link = PumpLinkFields(p.pump_link, self)
        self.error = QLabel(self)
        self.error.setStyleSheet(colors.text_style("error"))
        self.error.setAccessibleName(self.tr("Error message"))
        # Two columns, this station's screen and the site's paperwork: thirteen 48 px rows in one
        # column made the dialog taller than a 1366x768 screen, its Save button off the bottom.
        station, site = QFormLayout(), QFormLayout()
        form = station
        form.addRow(self.tr("&Temperature unit"), self.unit)
        form.addRow(self.tr("&Date format"), self.date_format)
        form.addRow(self.tr("Alarm &volume"), self.volume)
        form.addRow(self.tr("Alarm &signals"), self.reduce_motion)
        form.addRow(self.tr("Due turns &overdue after"), self.overdue)
        form.addRow(self.tr("&Idle lock after"), self.idle)
        form.addRow(self.tr("T&heme"), self.theme)
        form = site
        form.addRow(self.tr("&Facility name (reports)"), self.facility)
        form.addRow(self.tr("&Working days (follow-up calls)"), self.working_days)
        form.addRow(self.tr("PDF &page size"), self.page_size)
        form.addRow(self.tr("&US checklists"), self.us_checklists)
        form.addRow(self.tr("Site &protocols folder"), self.site_protocols)
        form.addRow(self.tr("Scanner &GS stand-in"), self.gs_stand_in)
        note = QLabel(
            self.tr(
                "Alarm timing and idle lock are design defaults of this program (ours), not "
                "clinical rules. Alarm sounds repeat by priority (high every 10 s, medium every "
                "25 s, low once), after IEC 60601-1-8; the volume scales them."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in buttons.buttons():
            button.setMinimumHeight(TOUCH)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        for column in (station, site):
            centre_labels(column)
        right = QVBoxLayout()  # the pump link under the site's: the dialog fits 768 px high
        right.addLayout(site)
        right.addWidget(self.pump_link)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(station, 1)
        columns.addSpacing(24)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _combo(self, items: tuple[str, ...], current: str, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems(list(items))
        combo.setCurrentText(current)
        combo.setMinimumHeight(TOUCH)
        combo.setAccessibleName(name)
        return combo

    def _spin(self, key: str, value: int, name: str, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(LIMITS[key].low, LIMITS[key].high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setMinimumHeight(TOUCH)
        spin.setAccessibleName(name)
        return spin

    def save(self) -> bool:
        p = self.preferences
        try:
            pump_link = self.pump_link.checked()  # checked before anything is stored
            p.temperature_unit = str(self.unit.currentData())
            p.date_format = str(self.date_format.currentData())
            p.chime_volume = self.volume.value()
            p.reduce_motion = self.reduce_motion.isChecked()
            p.overdue_after_minutes = self.overdue.value()
            p.idle_lock_minutes = self.idle.value()
            p.facility_name = self.facility.text()
            p.working_weekdays = parse_weekdays(self.working_days.text())
            p.theme = str(self.theme.currentData())
            p.page_size = self.page_size.currentText()
            p.us_checklists = self.us_checklists.isChecked()
            p.site_protocols_dir = self.site_protocols.text()
            p.scanner_gs_stand_in = self.gs_stand_in.text()
            p.set_pump_link(pump_link.enabled, pump_link.host, pump_link.port)
        except ValueError as refusal:
            self.error.setText(str(refusal))
            return False
        p.sync()
        return True

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()
