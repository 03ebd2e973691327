"""Reactions: record one (onset, symptoms, a suggested CTCAE grade the nurse confirms), apply the
protocol's action with one click, record medicines given, resolve, and restart.

The panel never decides: it shows the label's rule and the nurse presses the button.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.protocols import ReactionAction, Route
from nurse_monitor.domain.reactions import (
    CTCAE_GRADES,
    LABEL_SYMPTOMS,
    LOCAL_SYMPTOMS,
    Severity,
    anaphylaxis_likely,
    grade_for_severity,
)
from nurse_monitor.services import chair_actions, reaction_actions
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import TOUCH, moment_from, time_edit, touch_button
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.workspace.chair_controller import ChairController

SEVERITY_LABELS = {
    Severity.MILD: "Mild",
    Severity.MODERATE: "Moderate",
    Severity.SEVERE: "Severe",
    Severity.LIFE_THREATENING: "Life-threatening",
}


def given_text(given: dict[str, Any]) -> str:
    """One medicine given for a reaction: time, drug, dose, route."""
    at = clock_time(datetime.fromisoformat(str(given["at"])))
    return f"• {at} {given['drug']} {given['dose']} {given['route']}"


def symptom_label(symptom: str) -> str:
    return symptom.replace("_", " ").capitalize()


class ReactionPanel(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Reactions"))
        layout = QVBoxLayout(self)
        self.new_box = self._build_new_reaction()
        self.active_box = self._build_active_reaction()
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setAccessibleName(self.tr("Reactions so far"))
        layout.addWidget(self.new_box)
        layout.addWidget(self.active_box)
        layout.addWidget(self.history)
        layout.addStretch(1)
        self.show_view(controller.view, controller.view.now)

    def _build_new_reaction(self) -> QGroupBox:
        box = QGroupBox(self.tr("New reaction"), self)
        self.onset = time_edit(box, self.controller.clock.now(), self.tr("Onset time"))
        grid = QGridLayout()
        symptoms = list(LABEL_SYMPTOMS)
        if self.controller.view.protocol.route is Route.SUBCUTANEOUS:
            symptoms += list(LOCAL_SYMPTOMS)
        self.symptoms: dict[str, QCheckBox] = {}
        for index, symptom in enumerate(symptoms):
            check = QCheckBox(symptom_label(symptom), box)
            check.setAccessibleName(symptom_label(symptom))
            check.toggled.connect(self._on_symptoms_toggled)
            self.symptoms[symptom] = check
            grid.addWidget(check, index // 4, index % 4)
        self.severity = QComboBox(box)
        self.severity.setMinimumHeight(TOUCH)
        self.severity.setAccessibleName(self.tr("Severity"))
        for severity, label in SEVERITY_LABELS.items():
            self.severity.addItem(label, severity.value)
        self.severity.currentIndexChanged.connect(self._on_severity_current_index_changed)
        self.grade = QComboBox(box)
        self.grade.setMinimumHeight(TOUCH)
        self.grade.setAccessibleName(self.tr("CTCAE grade"))
        for grade, text in CTCAE_GRADES.items():
            self.grade.addItem(f"{grade} — {text}", grade)
        self.anaphylaxis = QLabel(box)
        self.anaphylaxis.setWordWrap(True)
        self.anaphylaxis.setStyleSheet(colors.text_style("error"))
        self.anaphylaxis.setAccessibleName(self.tr("Anaphylaxis check"))
        self.note = QLineEdit(box)
        self.note.setMinimumHeight(TOUCH)
        self.note.setAccessibleName(self.tr("Reaction note"))
        # The label's question for natalizumab: is it a hypersensitivity-type reaction?
        self.hypersensitivity = QComboBox(box)
        self.hypersensitivity.setMinimumHeight(TOUCH)
        self.hypersensitivity.setAccessibleName(self.tr("Hypersensitivity-type reaction"))
        for label, value in ((self.tr("— answer —"), None), (self.tr("Yes"), True),
                             (self.tr("No"), False)):  # fmt: skip
            self.hypersensitivity.addItem(label, value)
        form = QFormLayout()
        form.addRow(self.tr("&Onset"), self.onset)
        form.addRow(self.tr("Se&verity"), self.severity)
        form.addRow(self.tr("CTCAE &grade (confirm)"), self.grade)
        rule = self.controller.view.protocol.reactions.hypersensitivity
        if rule is not None:
            signs = ", ".join(rule.signs)
            self.hypersensitivity.setToolTip(rule.rule)
            form.addRow(
                self.tr("&Hypersensitivity-type? (%1)").replace("%1", signs),
                self.hypersensitivity,
            )
        else:
            self.hypersensitivity.hide()
        form.addRow(self.tr("No&te"), self.note)
        self.record = touch_button(self.tr("Record reaction"), box)
        self.record.setStyleSheet("background: #c62828; color: white; font-weight: bold;")
        self.record.clicked.connect(self._on_record_clicked)
        inner = QVBoxLayout(box)
        inner.addWidget(QLabel(self.tr("Symptoms (from the label):"), box))
        inner.addLayout(grid)
        inner.addWidget(self.anaphylaxis)
        inner.addLayout(form)
        inner.addWidget(self.record)
        self._on_severity_current_index_changed()
        return box

    def _build_active_reaction(self) -> QGroupBox:
        box = QGroupBox(self.tr("Active reaction"), self)
        self.advice = QLabel(box)
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName(self.tr("Protocol advice"))
        self.rule = QLabel(box)
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet(colors.text_style("muted", bold=False))
        self.apply = touch_button(self.tr("Apply"), box, self.tr("Apply the protocol's action"))
        self.apply.clicked.connect(self._on_apply_clicked)
        self.drug = QLineEdit(box)
        self.dose = QLineEdit(box)
        self.route = QComboBox(box)
        self.route.addItems(["IV", "PO", "IM", "SC", "inhaled"])
        for widget, name in (
            (self.drug, "Medicine"),
            (self.dose, "Medicine dose"),
            (self.route, "Medicine route"),
        ):
            widget.setMinimumHeight(TOUCH)
            widget.setAccessibleName(self.tr(name))
        self.drug.setPlaceholderText(self.tr("e.g. diphenhydramine"))
        self.dose.setPlaceholderText(self.tr("e.g. 25 mg"))
        self.given_at = time_edit(box, self.controller.clock.now(), self.tr("Medicine time"))
        self.give = touch_button(self.tr("Record medicine given"), box)
        self.give.clicked.connect(self._on_give_clicked)
        given_row = QGridLayout()
        labels = (self.tr("Medicine"), self.tr("Dose"), self.tr("Route"), self.tr("Time"))
        for column, (label, part) in enumerate(
            zip(labels, (self.drug, self.dose, self.route, self.given_at), strict=True)
        ):
            caption = QLabel(label, box)
            caption.setBuddy(part)
            given_row.addWidget(caption, 0, column)
            given_row.addWidget(part, 1, column)
        given_row.addWidget(self.give, 1, 4)
        given_row.setColumnStretch(0, 2)
        given_row.setColumnStretch(1, 1)
        self.given_list = QLabel(box)
        self.given_list.setWordWrap(True)
        self.given_list.setAccessibleName(self.tr("Medicines given for this reaction"))
        self.outcome = QLineEdit(box)
        self.outcome.setMinimumHeight(TOUCH)
        self.outcome.setAccessibleName(self.tr("Outcome"))
        self.outcome.setPlaceholderText(
            self.tr("Outcome, e.g. symptoms resolved after antihistamine")
        )
        self.resolve = touch_button(self.tr("Resolved"), box, self.tr("Reaction resolved"))
        self.resolve.clicked.connect(self._on_resolve_clicked)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.outcome, 1)
        resolve_row.addWidget(self.resolve)
        self.restart = touch_button(self.tr("Restart"), box, self.tr("Restart the infusion"))
        self.restart.clicked.connect(self._on_restart_clicked)
        inner = QVBoxLayout(box)
        inner.addWidget(self.advice)
        inner.addWidget(self.rule)
        inner.addWidget(self.apply)
        inner.addWidget(QLabel(self.tr("<b>Medicines given</b>"), box))
        inner.addWidget(self.given_list)
        inner.addLayout(given_row)
        inner.addLayout(resolve_row)
        inner.addWidget(self.restart)
        return box

    def show_view(self, view: ChairView, now: datetime) -> None:
        reaction = view.status.current_reaction
        phase = view.status.phase.value
        self.new_box.setVisible(reaction is None and view.status.started_at is not None)
        self.active_box.setVisible(reaction is not None or self._restart_rate(view) is not None)
        self._restart_rate_value = self._restart_rate(view)
        if reaction is not None:
            advice = reaction.advice
            self.advice.setText(f"<b>{advice.message}</b>")
            self.rule.setText(self.tr("Rule: %1").replace("%1", advice.rule))
            applied = self._advice_applied(view)
            self.apply.setVisible(not applied)
            self.apply.setText(self._apply_text(advice.action, advice.suggested_rate_ml_h))
            for widget in (
                self.drug,
                self.dose,
                self.route,
                self.given_at,
                self.give,
                self.outcome,
                self.resolve,
            ):
                widget.setEnabled(True)
        else:
            self.advice.setText(self.tr("No active reaction."))
            self.rule.setText("")
            self.apply.setVisible(False)
            for widget in (
                self.drug,
                self.dose,
                self.route,
                self.given_at,
                self.give,
                self.outcome,
                self.resolve,
            ):
                widget.setEnabled(False)
        active = [r for r in view.reactions if r.resolved_at is None]
        given = active[-1].interventions if active else ()
        self.given_list.setText("\n".join(given_text(g) for g in given) or self.tr("None yet."))
        rate = self._restart_rate_value
        self.restart.setVisible(rate is not None and phase in ("paused", "stopped"))
        if rate is not None:
            self.restart.setText(
                self.tr("Restart at %1 mL/h (half the rate at onset)").replace("%1", f"{rate:g}")
            )
        lines = []
        for r in view.reactions:
            state = (
                self.tr("resolved %1: %2")
                .replace("%1", clock_time(r.resolved_at))
                .replace("%2", r.outcome or "")
                if r.resolved_at
                else self.tr("active")
            )
            severity = SEVERITY_LABELS[Severity(r.severity)]
            symptoms = ", ".join(symptom_label(s) for s in r.symptoms)
            lines.append(
                f"• {clock_time(r.onset_at)} {severity}, grade {r.ctcae_grade}: {symptoms}; {state}"
            )
        self.history.setText("\n".join(lines))

    def _restart_rate(self, view: ChairView) -> float | None:
        if view.status.current_reaction is not None or not view.reactions:
            return None
        last = view.reactions[-1]
        return last.restart_rate_ml_h if last.resolved_at else None

    def _advice_applied(self, view: ChairView) -> bool:
        reaction = view.status.current_reaction
        if reaction is None:
            return True
        if reaction.advice.action is ReactionAction.REDUCE_RATE:
            return reaction.rate_reduced_at is not None
        return view.status.phase.value in ("paused", "stopped", "observing", "discontinued")

    def _apply_text(self, action: ReactionAction, rate: float | None) -> str:
        if action is ReactionAction.REDUCE_RATE:
            return self.tr("Apply: reduce to %1 mL/h").replace("%1", f"{rate:g}")
        if action is ReactionAction.INTERRUPT:
            return self.tr("Apply: interrupt the infusion")
        return self.tr("Apply: stop and permanently discontinue")

    def _selected_symptoms(self) -> list[str]:
        return [s for s, check in self.symptoms.items() if check.isChecked()]

    def _on_symptoms_toggled(self) -> None:
        view = self.controller.view
        latest = view.status.latest_vitals
        likely = anaphylaxis_likely(
            self._selected_symptoms(),
            latest.systolic if latest else None,
            view.status.baseline_systolic,
        )
        self.anaphylaxis.setText(
            self.tr(
                "⚠ Anaphylaxis likely (NIAID/FAAN 2006 criteria): treat as severe or "
                "life-threatening."
            )
            if likely
            else ""
        )

    def _on_severity_current_index_changed(self) -> None:
        severity = Severity(self.severity.currentData())
        index = self.grade.findData(grade_for_severity(severity))
        self.grade.setCurrentIndex(index)

    def _on_record_clicked(self) -> None:
        now = self.controller.clock.now()
        if self.controller.perform(
            reaction_actions.record_reaction,
            severity=str(self.severity.currentData()),
            symptoms=self._selected_symptoms(),
            ctcae_grade=int(self.grade.currentData()),
            onset_at=moment_from(self.onset, now),
            note=self.note.text(),
            hypersensitivity=self.hypersensitivity.currentData(),
        ):
            for check in self.symptoms.values():
                check.setChecked(False)
            self.note.clear()
            self.onset.follow_again(self.controller.clock.now())

    def _on_apply_clicked(self) -> None:
        self.controller.perform(reaction_actions.apply_reaction_action)

    def _on_give_clicked(self) -> None:
        now = self.controller.clock.now()
        if self.controller.perform(
            reaction_actions.record_intervention,
            drug=self.drug.text(),
            dose=self.dose.text(),
            route=self.route.currentText(),
            given_at=moment_from(self.given_at, now),
        ):
            self.drug.clear()
            self.dose.clear()
            self.given_at.follow_again(self.controller.clock.now())

    def _on_resolve_clicked(self) -> None:
        if self.controller.perform(reaction_actions.resolve_reaction, self.outcome.text()):
            self.outcome.clear()

    def _on_restart_clicked(self) -> None:
        rate = self._restart_rate_value
        if rate is not None:
            self.controller.perform(
                chair_actions.resume_infusion, rate, "restart after reaction at half the rate"
            )
