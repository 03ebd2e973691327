"""Step 3, protocol: today's suggestion and why, the eligible alternatives, what carries forward
from the last session, and the protocol's source. Layout and display only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.protocol_versions import VersionComparison
from nurse_monitor.services.session_start import LastSessionSummary, ProtocolOptions
from nurse_monitor.ui.start.early_dose import EarlyDoseBox
from nurse_monitor.ui.start.form_fields import (
    ALARM_RED,
    FieldErrors,
    caption,
    combo_box,
    error_label,
    paragraph,
    show_day,
    small_print,
)

DEFAULT_DRUG = "ocrelizumab"


def drugs_in(library: Mapping[str, Protocol]) -> list[str]:
    """The drugs the library has protocols for, ocrelizumab first."""
    return sorted({p.drug for p in library.values()}, key=lambda d: (d != DEFAULT_DRUG, d))


class ProtocolPage(QWidget):
    """Drug, suggested protocol and infusion number, alternatives, refusal, last session."""

    def __init__(self, library: Mapping[str, Protocol], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.errors = FieldErrors()
        outer = QVBoxLayout(self)
        outer.setSpacing(10)
        self.refusal = error_label(self, self.tr("Protocol refused"))
        self.refusal.setStyleSheet(
            f"background: {ALARM_RED}; color: white; font-weight: bold; padding: 12px;"
            "border-radius: 4px;"
        )
        outer.addWidget(self.refusal)

        columns = QGridLayout()
        columns.setHorizontalSpacing(24)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 2)
        outer.addLayout(columns, 1)
        left = QVBoxLayout()
        left.setSpacing(6)
        columns.addLayout(left, 0, 0)
        self.drug = combo_box(self, self.tr("Drug"))
        for drug in drugs_in(library):
            brands = sorted({p.brand for p in library.values() if p.drug == drug})
            self.drug.addItem(f"{drug.capitalize()} ({' / '.join(brands)})", drug)
        left.addWidget(caption(self, self.tr("Drug"), self.drug))
        left.addWidget(self.drug)
        left.addSpacing(6)
        self.suggestion = QLabel(self)
        self.suggestion.setAccessibleName(self.tr("Suggested protocol"))
        self.suggestion.setWordWrap(True)
        font = self.suggestion.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.suggestion.setFont(font)
        left.addWidget(self.suggestion)
        self.infusion_number = QLabel(self)
        self.infusion_number.setAccessibleName(self.tr("Infusion number"))
        self.infusion_number.setFont(font)
        left.addWidget(self.infusion_number)
        self.protocol = combo_box(self, self.tr("Protocol to follow"))
        self.protocol.setPlaceholderText(self.tr("None can be given"))
        left.addWidget(caption(self, self.tr("Protocol to follow"), self.protocol))
        left.addWidget(self.protocol)
        protocol_error = error_label(self, self.tr("Protocol error"))
        left.addWidget(protocol_error)
        self.errors.add("Protocol", self.protocol, protocol_error)
        self.errors.add("Infusion number", self.protocol, protocol_error)
        left.addWidget(caption(self, self.tr("Why")))
        self.notes = paragraph(self, "", self.tr("Why this protocol"))
        left.addWidget(self.notes)
        self.dates = paragraph(self, "", self.tr("Due and earliest dates"))
        left.addWidget(self.dates)
        self.early_dose = EarlyDoseBox(self)
        left.addWidget(self.early_dose)
        self.errors.add("Early dose", self.early_dose.reason, self.early_dose.error)
        left.addStretch(1)

        self.last_box = QGroupBox(self.tr("Carried forward from the last session"), self)
        self.last_box.setAccessibleName(self.tr("Last session summary"))
        box_layout = QVBoxLayout(self.last_box)
        self.last_session = paragraph(self.last_box, "", self.tr("Last session details"))
        box_layout.addWidget(self.last_session)
        self.delayed = paragraph(
            self.last_box, "", self.tr("Delayed reactions since the last infusion")
        )
        box_layout.addWidget(self.delayed)
        right = QVBoxLayout()
        right.addWidget(self.last_box)
        right.addStretch(1)
        columns.addLayout(right, 0, 1)

        self.source = small_print(self, "", self.tr("Protocol source"))
        outer.addWidget(self.source)
        # The protocol's version, and what changed since the patient's previous session's.
        self.version = small_print(self, "", self.tr("Protocol version"))
        outer.addWidget(self.version)
        self.compare_versions: Callable[[str], VersionComparison | None] | None = None

    def show_delayed(self, lines: list[str]) -> None:
        """What the call after the last infusion found, and the protocol's suggestion."""
        self.delayed.setText("\n".join(lines))
        self.delayed.setVisible(bool(lines))

    def chosen_drug(self) -> str:
        return str(self.drug.currentData() or DEFAULT_DRUG)

    def chosen_protocol_id(self) -> str | None:
        data = self.protocol.currentData()
        return str(data) if data else None

    def show_options(self, options: ProtocolOptions, today: date) -> None:
        """Fill the page from protocol_options; a refusal empties the choice."""
        s = options.suggestion
        self.errors.clear()
        self.protocol.blockSignals(True)
        self.protocol.clear()
        if s.protocol_id is not None:
            for protocol_id in (s.protocol_id, *s.alternatives):
                name = self.library[protocol_id].display_name
                if protocol_id == s.protocol_id:
                    name = self.tr("%1 — suggested").replace("%1", name)
                self.protocol.addItem(name, protocol_id)
        self.protocol.setCurrentIndex(0 if self.protocol.count() else -1)  # the suggestion
        self.protocol.blockSignals(False)
        self.protocol.setEnabled(s.protocol_id is not None)
        if s.refused_reason:
            self.refusal.setText(
                self.tr("Do not give: %1").replace("%1", s.refused_reason[:1].upper())
                + s.refused_reason[1:]
            )
            self.refusal.show()
        else:
            self.refusal.clear()
            self.refusal.hide()
        if s.protocol_id is None:
            self.suggestion.setText(self.tr("No protocol can be suggested"))
            self.infusion_number.setText("")
        else:
            self.suggestion.setText(
                self.tr("Suggested: %1").replace("%1", self.library[s.protocol_id].display_name)
            )
            self.infusion_number.setText(
                self.tr("Infusion number %1").replace("%1", str(s.infusion_number))
            )
        notes = list(s.notes)
        if not notes and s.infusion_number == 1:
            notes.append(
                self.tr("No earlier %1 dose on record: this is the first infusion.").replace(
                    "%1", s.drug
                )
            )
        self.notes.setText("\n".join(f"• {note}" for note in notes) or "—")
        refused = s.protocol_id is None
        self.dates.setText("" if refused else self._dates_text(s.due_on, s.earliest_on, today))
        self.early_dose.show_for(None if refused else s.earliest_on, today)
        self.last_session.setText(self._last_session_text(options.last_session))
        self.show_source()

    def show_source(self) -> None:
        protocol_id = self.chosen_protocol_id()
        if protocol_id is None:
            self.source.setText("")
            self.version.setText("")
            return
        self.source.setText(
            self.tr("Source: %1").replace("%1", str(self.library[protocol_id].source))
        )
        found = self.compare_versions(protocol_id) if self.compare_versions else None
        self.version.setText(self._version_text(found) if found else "")

    def _version_text(self, found: VersionComparison) -> str:
        text = self.tr("Protocol %1").replace("%1", found.current.short)
        if found.previous is None or found.previous_session_on is None:
            return text + "\n" + self.tr("No earlier session of this patient used this protocol.")
        when = show_day(found.previous_session_on)
        if found.previous.sha256 == found.current.sha256:
            return text + "\n" + self.tr("Same version as the session of %1.").replace("%1", when)
        lines = [
            text,
            self.tr("Changed since the session of %1 (%2):")
            .replace("%1", when)
            .replace("%2", found.previous.short),
        ]
        lines += [f"  – {change}" for change in found.changes] or [
            self.tr("  – wording and comments only; no rule or number changed")
        ]
        return "\n".join(lines)

    def _dates_text(self, due_on: date | None, earliest_on: date | None, today: date) -> str:
        if due_on is None and earliest_on is None:
            return self.tr("Due: no earlier dose to count from.")
        parts = []
        if due_on is not None:
            days = (due_on - today).days
            when = (
                self.tr("today")
                if days == 0
                else self.tr("in %1 days").replace("%1", str(days))
                if days > 0
                else self.tr("%1 days ago").replace("%1", str(-days))
            )
            parts.append(
                self.tr("Due on %1 (%2)").replace("%1", show_day(due_on)).replace("%2", when)
            )
        if earliest_on is not None:
            parts.append(self.tr("earliest %1").replace("%1", show_day(earliest_on)))
            if today < earliest_on:
                parts.append(self.tr("TOO EARLY today: a reason and the prescriber are needed"))
        return " · ".join(parts)

    def _last_session_text(self, last: LastSessionSummary | None) -> str:
        if last is None:
            return self.tr("No earlier session of this drug.")
        if last.worst_grade is None and last.worst_severity is None:
            reaction = self.tr("none recorded")
        else:
            severity = (last.worst_severity or "").replace("_", "-")
            reaction = self.tr("grade %1 (%2)").replace("%1", str(last.worst_grade or "?"))
            reaction = reaction.replace("%2", severity)
        rate = (
            self.tr("%1 mL/h").replace("%1", f"{last.highest_rate_ml_h:g}")
            if last.highest_rate_ml_h is not None
            else "—"
        )
        premeds = "\n".join(f"  – {p}" for p in last.premedications) or self.tr("  none recorded")
        protocol = self.library.get(last.protocol_id)
        name = protocol.display_name if protocol else last.protocol_id
        return (
            self.tr("%1, %2").replace("%1", show_day(last.on)).replace("%2", name)
            + "\n\n"
            + self.tr("Worst reaction: %1").replace("%1", reaction)
            + "\n"
            + self.tr("Highest rate tolerated: %1").replace("%1", rate)
            + "\n"
            + self.tr("Premedications given:")
            + "\n"
            + premeds
        )
