"""One session, read-only, as a charge nurse reviews it: the header, the vitals chart with rate
history and markers, the timeline, the readings, reactions, amendments (originals struck
through) and the session's audit entries. Opening it is recorded in the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.entry_fields import TIME
from nurse_monitor.services.actors import REVIEWING
from nurse_monitor.services.chair_view import original_entry, stored_moment
from nurse_monitor.services.review import SessionDetail, session_detail
from nurse_monitor.ui import colors
from nurse_monitor.ui.review.review_parts import (
    cosign_with_comment,
    read_only_table,
    set_rows,
    status_text,
    touch_button,
)
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import calendar_date, clock_time, date_time, duration
from nurse_monitor.ui.vitals.readings_table import ReadingsModel, ReadingsTable
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart
from nurse_monitor.ui.workspace.timeline_words import TITLES, describe

TAB_CHART, TAB_TIMELINE, TAB_REACTIONS, TAB_AMENDMENTS, TAB_AUDIT = range(5)


def _value(value: object, field: str = "") -> str:
    moment = stored_moment(value) if field == TIME else None
    if moment is not None:
        return date_time(moment)  # an amended time, in the station's local time
    return "—" if value is None else str(value)


class SessionDetailView(QWidget):
    """Read-only view of one session.

    Signals:
        cosigned(int): the session was co-signed from here (its id).
    """

    cosigned = Signal(int)

    def __init__(
        self,
        station: Station,
        session_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.session_id = session_id
        self.detail: SessionDetail = session_detail(station.db, station.signed_in(), session_id)
        self.setAccessibleName(self.tr("Session detail"))

        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setAccessibleName(self.tr("Session summary"))
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cosign_button = touch_button(self.tr("Co-sign…"), self, self.tr("Co-sign session"))
        self.cosign_button.setVisible(station.signed_in().role in REVIEWING)
        self.close_button = touch_button(self.tr("Close"), self)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Session record"))
        unit = station.preferences.temperature_unit  # the station's, as on the workspace
        self.chart = VitalsChart(self, temperature_unit=unit)
        self.readings = ReadingsTable(ReadingsModel(temperature_unit=unit, parent=self), self)
        chart_page = QSplitter(Qt.Orientation.Vertical, self)
        chart_page.addWidget(self.chart)
        chart_page.addWidget(self.readings)
        chart_page.setStretchFactor(0, 3)
        chart_page.setStretchFactor(1, 1)
        chart_page.setSizes([440, 160])
        self.timeline = read_only_table(
            self,
            [self.tr("Time"), self.tr("Entry"), self.tr("Detail"), self.tr("By")],
            self.tr("Timeline"),
        )
        self.reactions = read_only_table(
            self,
            [
                self.tr("Onset"),
                self.tr("Severity"),
                self.tr("Grade"),
                self.tr("Symptoms"),
                self.tr("Medicines"),
                self.tr("Resolved"),
                self.tr("Outcome"),
                self.tr("By"),
            ],
            self.tr("Reactions"),
        )
        self.amendments = read_only_table(
            self,
            [
                self.tr("When"),
                self.tr("Entry"),
                self.tr("Field"),
                self.tr("Original"),
                self.tr("Amended to"),
                self.tr("Reason"),
                self.tr("By"),
            ],
            self.tr("Amendments"),
        )
        self.audit = read_only_table(
            self,
            [
                self.tr("When"),
                self.tr("Who"),
                self.tr("Action"),
                self.tr("Record"),
                self.tr("Detail"),
            ],
            self.tr("Audit entries for this session"),
        )
        self.tabs.addTab(chart_page, self.tr("Chart and readings"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.reactions, self.tr("Reactions"))
        self.tabs.addTab(self.amendments, self.tr("Amendments"))
        self.tabs.addTab(self.audit, self.tr("Audit"))

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        side = QVBoxLayout()
        side.addWidget(self.cosign_button)
        side.addWidget(self.close_button)
        side.addStretch(1)
        top.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.cosign_button.clicked.connect(self._on_cosign_clicked)
        self.close_button.clicked.connect(self.close)
        self.resize(1280, 740)
        self.show_detail(self.detail)
        station.preferences.changed.connect(self._on_preference_changed)

    def _on_preference_changed(self, key: str) -> None:
        """Dates follow the station's date format (the main window set it first)."""
        if key == "date_format":
            self.show_detail(self.detail)

    def show_detail(self, detail: SessionDetail) -> None:
        self.detail = detail
        view = detail.view
        s, p = view.session, view.patient
        self.setWindowTitle(  # the patient, the day and the drug; not the record's own id
            self.tr("%1 — %2 — %3")
            .replace("%1", p.display_name)
            .replace("%2", calendar_date(s.created_at))
            .replace("%3", view.protocol.brand)
        )
        status = view.status
        length = (
            duration(status.ended_at - status.started_at)
            if status.started_at and status.ended_at
            else "—"
        )
        signed = (
            f"{detail.signed_by} at {date_time(s.signed_at)}" if detail.signed_by else "not yet"
        )
        cosigned = (
            f"{detail.cosigned_by} at {date_time(s.cosigned_at)}"
            if detail.cosigned_by
            else "not yet"
        )
        comment = f" — “{detail.cosign_comment}”" if detail.cosign_comment else ""
        flags = "".join(
            f"<br><b style='color:{colors.text('error').name()}'>{d.drug} permanently "
            f"discontinued:</b> {d.reason}"
            for d in p.discontinued
        )
        self.header.setText(
            f"<b style='font-size:15pt'>{p.display_name}</b> &nbsp; {p.record_number} &nbsp; "
            f"born {calendar_date(p.date_of_birth)} &nbsp; allergies: {p.allergies or 'none known'}"
            f"<br>{view.protocol.display_name}, infusion {s.infusion_number}, "
            f"{s.dose_mg:g} mg in {view.facts.bag_volume_ml:g} mL, lot {_value(s.lot_number)}"
            f" &nbsp;·&nbsp; {s.chair}, {date_time(s.created_at)}, nurse {view.nurse}"
            f"<br>Infusion {clock_time(status.started_at)}–{clock_time(status.ended_at)} "
            f"({length}), {status.volume_infused_ml:.0f} mL infused &nbsp;·&nbsp; "
            f"<b>{status_text(s.status, s.needs_review)}</b>"
            f"<br>Signed: {signed} &nbsp;·&nbsp; Co-signed: {cosigned}{comment}{flags}"
        )
        self.cosign_button.setEnabled(
            s.status == "signed" or (s.status == "cosigned" and s.needs_review)
        )
        end = status.ended_at or view.now
        self.chart.show_data(
            view.readings, status.rate_history, view.chart_markers, end, view.pump_log
        )
        self.readings.readings_model.set_readings(view.readings)
        self._show_timeline(detail)
        self._show_reactions(detail)
        self._show_amendments(detail)
        self._show_audit(detail)

    def _show_timeline(self, detail: SessionDetail) -> None:
        view = detail.view
        rows: list[list[str]] = []
        struck: list[tuple[int, int]] = []
        for entry in view.timeline:
            title = TITLES.get(entry.event.type, entry.event.type.replace("_", " ").capitalize())
            when = clock_time(entry.event.occurred_at)
            if entry.amendments:
                original = original_entry(entry)
                struck.append((len(rows), 2))
                rows.append([when, title, describe(original, view.protocol), entry.by])
                reasons = "; ".join(a.reason for a in entry.amendments)
                rows.append(
                    [
                        "",
                        self.tr("  amended"),
                        f"{describe(entry, view.protocol)} ({reasons})",
                        ", ".join(view.people.get(a.amended_by_id, "?") for a in entry.amendments),
                    ]
                )
            else:
                rows.append([when, title, describe(entry, view.protocol), entry.by])
        set_rows(self.timeline, rows, struck=struck, stretch=2)

    def _show_reactions(self, detail: SessionDetail) -> None:
        rows = [
            [
                clock_time(r.onset_at),
                r.severity.replace("_", "-"),
                _value(r.ctcae_grade),
                ", ".join(s.replace("_", " ") for s in r.symptoms),
                "; ".join(
                    f"{i.get('drug')} {i.get('dose')} {i.get('route')}" for i in r.interventions
                )
                or "—",
                clock_time(r.resolved_at),
                r.outcome or "—",
                r.recorded_by,
            ]
            for r in detail.view.reactions
        ]
        set_rows(self.reactions, rows, stretch=6)

    def _show_amendments(self, detail: SessionDetail) -> None:
        view = detail.view
        titles = {t.event.id: TITLES.get(t.event.type, t.event.type) for t in view.timeline}
        rows = [
            [
                date_time(a.amended_at),
                titles.get(a.target_id, f"{a.target_type} {a.target_id}"),
                a.field,
                _value(a.original_value, a.field),
                _value(a.new_value, a.field),
                a.reason,
                view.people.get(a.amended_by_id, "?"),
            ]
            for a in detail.amendments
        ]
        set_rows(self.amendments, rows, struck=[(r, 3) for r in range(len(rows))], stretch=5)

    def _show_audit(self, detail: SessionDetail) -> None:
        if detail.audit is None:
            self.tabs.setTabToolTip(TAB_AUDIT, self.tr("Charge nurses read the audit log"))
            self.tabs.setTabEnabled(TAB_AUDIT, False)
            return
        rows = [
            [
                date_time(a.at),
                detail.view.people.get(a.user_id or 0, a.username or "—"),
                a.action,
                f"{a.record_type or ''} {a.record_id or ''}".strip(),
                ", ".join(f"{k}: {v}" for k, v in a.detail.items()),
            ]
            for a in detail.audit
        ]
        set_rows(self.audit, rows, stretch=4)

    def _on_cosign_clicked(self) -> None:
        view = self.detail.view
        when = f"{date_time(view.session.created_at)}, {view.protocol.display_name}"
        patient = view.patient.display_name
        if cosign_with_comment(
            self,
            self.station,
            self.session_id,
            view.session.version,
            patient,
            when,
        ):
            self.show_detail(
                session_detail(self.station.db, self.station.signed_in(), self.session_id)
            )
            self.cosigned.emit(self.session_id)
