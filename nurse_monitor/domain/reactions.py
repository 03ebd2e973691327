"""Infusion reactions: label symptoms, CTCAE v5 grades, anaphylaxis criteria, protocol advice.

Sources: clinical-reference.md section 1 (label symptoms and management) and section 4
(CTCAE v5.0 infusion related reaction; NIAID/FAAN 2006 anaphylaxis criteria).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from nurse_monitor.domain.alerts import systolic_drop_fraction
from nurse_monitor.domain.protocols import Protocol, ReactionAction, floor_tenth

CTCAE_SOURCE = "CTCAE v5.0, infusion related reaction"
ANAPHYLAXIS_SOURCE = "NIAID/FAAN 2006 anaphylaxis criteria (Sampson et al.)"


class Severity(StrEnum):
    """The label's severities, which decide the management rule."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    LIFE_THREATENING = "life_threatening"


CTCAE_GRADES: Mapping[int, str] = {
    1: "Mild, transient; no interruption or intervention indicated",
    2: (
        "Interruption indicated, but responds promptly to symptomatic treatment "
        "(antihistamines, NSAIDs, opioids, IV fluids); prophylaxis indicated for 24 h or less"
    ),
    3: (
        "Prolonged (not rapidly responsive to medication or brief interruption); recurrence "
        "after initial improvement; hospitalization indicated"
    ),
    4: "Life-threatening; urgent intervention indicated",
    5: "Death",
}

# Symptoms the Ocrevus label lists, plus the SC form's local reactions (section 2) and the
# persistent gastrointestinal symptoms of the anaphylaxis criteria (section 4).
LABEL_SYMPTOMS: tuple[str, ...] = (
    "pruritus",
    "rash",
    "urticaria",
    "erythema",
    "bronchospasm",
    "throat_irritation",
    "oropharyngeal_pain",
    "dyspnea",
    "pharyngeal_or_laryngeal_edema",
    "flushing",
    "hypotension",
    "pyrexia",
    "fatigue",
    "headache",
    "dizziness",
    "nausea",
    "tachycardia",
    "anaphylaxis",
)
LOCAL_SYMPTOMS = ("injection_site_pain", "injection_site_swelling", "injection_site_redness")
KNOWN_SYMPTOMS = frozenset((*LABEL_SYMPTOMS, *LOCAL_SYMPTOMS, "persistent_gastrointestinal"))

SKIN_OR_MUCOSA = frozenset(
    {"pruritus", "rash", "urticaria", "erythema", "flushing", "pharyngeal_or_laryngeal_edema"}
)
RESPIRATORY = frozenset({"bronchospasm", "dyspnea", "pharyngeal_or_laryngeal_edema"})
GASTROINTESTINAL = frozenset({"persistent_gastrointestinal"})


def is_known_symptom(symptom: str) -> bool:
    """A listed symptom, or free text written as "other: ..."."""
    return symptom in KNOWN_SYMPTOMS or (symptom.startswith("other:") and bool(symptom[6:].strip()))


def canonical_symptom(text: str) -> str | None:
    """A symptom as the label spells it ("Throat irritation", "injection-site pain") in our
    stored form ("throat_irritation"), case-insensitively; "other: ..." kept; None if unknown."""
    stripped = text.strip()
    if stripped.lower().startswith("other:"):
        detail = stripped[6:].strip()
        if not detail:
            return None
        return stripped if stripped.startswith("other:") else f"other: {detail}"
    key = "_".join(stripped.lower().replace("-", " ").replace("_", " ").split())
    return key if key in KNOWN_SYMPTOMS else None


def low_blood_pressure(systolic: int | None, baseline_systolic: int | None) -> bool:
    """Adult low BP per NIAID/FAAN: systolic below 90 or more than 30% below baseline."""
    if systolic is None:
        return False
    drop = systolic_drop_fraction(systolic, baseline_systolic)
    return systolic < 90 or (drop is not None and drop > 0.30)


def anaphylaxis_likely(
    symptoms: Iterable[str],
    systolic: int | None = None,
    baseline_systolic: int | None = None,
    known_allergen: bool = False,
) -> bool:
    """Whether anaphylaxis is highly likely by NIAID/FAAN 2006 from symptoms and blood pressure.

    The infusion is the likely allergen; `known_allergen` says the patient has reacted to this
    drug before, which makes low blood pressure alone sufficient (criterion 3).
    """
    present = set(symptoms)
    if "anaphylaxis" in present:
        return True
    low_bp = "hypotension" in present or low_blood_pressure(systolic, baseline_systolic)
    skin = bool(present & SKIN_OR_MUCOSA)
    breathing = bool(present & RESPIRATORY)
    gut = bool(present & GASTROINTESTINAL)
    if skin and (breathing or low_bp):
        return True  # criterion 1
    if sum((skin, breathing, low_bp, gut)) >= 2:
        return True  # criterion 2
    return known_allergen and low_bp  # criterion 3


def suggest_grade(
    *,
    interruption_indicated: bool,
    responded_promptly: bool = True,
    recurred_or_prolonged: bool = False,
    hospitalization_indicated: bool = False,
    urgent_intervention_indicated: bool = False,
    died: bool = False,
) -> int:
    """CTCAE v5 grade from what happened; the nurse confirms it (a suggestion, not a verdict)."""
    if died:
        return 5
    if urgent_intervention_indicated:
        return 4
    if recurred_or_prolonged or hospitalization_indicated:
        return 3
    if interruption_indicated:
        return 2 if responded_promptly else 3
    return 1


def grade_for_severity(severity: Severity) -> int:
    """The usual CTCAE grade for a label severity, to prefill the grade field."""
    return {
        Severity.MILD: 1,
        Severity.MODERATE: 2,
        Severity.SEVERE: 3,
        Severity.LIFE_THREATENING: 4,
    }[severity]


@dataclass(frozen=True)
class ReactionAdvice:
    """What the protocol suggests at onset; the nurse's recorded rate change is what happens."""

    action: ReactionAction
    suggested_rate_ml_h: float | None
    hold_minutes: float | None
    message: str
    rule: str
    discontinue_drug: bool
    restart_rate_ml_h: float | None = None  # after an interruption, once symptoms resolve
    after_infusion: bool = False  # the reaction began after the infusion had ended
    hypersensitivity: bool = False  # the protocol's hypersensitivity-type rule applied


def reaction_advice(
    protocol: Protocol,
    severity: Severity | str,
    rate_at_onset: float,
    hypersensitivity: bool = False,
) -> ReactionAdvice:
    """The protocol's management of a reaction of this severity at this pump rate.

    A hypersensitivity-type reaction (the nurse says so on the form) takes the protocol's own
    rule where it has one: natalizumab is stopped and not re-treated, pending the prescriber.
    """
    severity = Severity(severity)
    rule = protocol.reaction_rule(severity.value, hypersensitivity)
    cite = f"{rule.rule} [{protocol.source}]"
    if rule is protocol.reactions.hypersensitivity:
        message = (
            f"Hypersensitivity-type reaction: stop the infusion now, give supportive care; "
            f"do not re-treat: {protocol.drug} is marked do not re-treat for this patient, "
            "pending the prescriber"
        )
        return ReactionAdvice(
            rule.action, 0.0, None, message, cite, True, None, hypersensitivity=True
        )
    reduced = (
        floor_tenth(rate_at_onset * rule.rate_factor) if rule.rate_factor is not None else None
    )
    label = severity.value.replace("_", "-")
    if rule.action is ReactionAction.REDUCE_RATE:
        hold = f" for at least {rule.hold_minutes:g} min" if rule.hold_minutes else ""
        then = "; then, if tolerated, resume the titration" if rule.resume_titration else ""
        message = f"{label.capitalize()} reaction: reduce the rate to {reduced:g} mL/h{hold}{then}"
        return ReactionAdvice(rule.action, reduced, rule.hold_minutes, message, cite, False)
    if rule.action is ReactionAction.INTERRUPT:
        restart = (
            f"; once all symptoms resolve, restart at {reduced:g} mL/h"
            if reduced is not None
            else "; call the prescriber before restarting"
        )
        message = f"{label.capitalize()} reaction: interrupt the infusion now{restart}"
        return ReactionAdvice(rule.action, 0.0, None, message, cite, False, reduced)
    message = (
        f"{label.capitalize()} reaction: stop the infusion now, give supportive care; "
        f"{protocol.drug} is permanently discontinued for this patient"
    )
    return ReactionAdvice(rule.action, 0.0, None, message, cite, True)


def reaction_after_infusion_advice(protocol: Protocol, severity: Severity | str) -> ReactionAdvice:
    """A reaction after the infusion has ended: no rate to reduce (clinical reference section 9).

    Assess and treat, keep the patient under observation, inform the prescriber; observation ends
    no earlier than the protocol's observation time after the reaction resolved (our default).
    A life-threatening reaction still discontinues the drug permanently (label).
    """
    severity = Severity(severity)
    rule = protocol.reaction_rule(severity.value)
    label = severity.value.replace("_", "-").capitalize()
    message = (
        f"{label} reaction after the infusion has ended: no rate to reduce; assess and treat, "
        "keep the patient under observation and inform the prescriber"
    )
    discontinue = rule.action is ReactionAction.STOP_AND_DISCONTINUE
    if discontinue:
        message += f"; {protocol.drug} is permanently discontinued for this patient"
    cite = (
        f"{protocol.brand} label: observe the patient after the infusion, reactions can appear "
        "later; after the end, assess and treat, observe and inform the prescriber; observation "
        "ends no earlier than the protocol's observation time after the reaction resolved "
        f"(our default) [{protocol.source}]"
    )
    return ReactionAdvice(
        rule.action, None, None, message, cite, discontinue, None, after_infusion=True
    )
