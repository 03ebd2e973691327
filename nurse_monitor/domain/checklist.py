"""The guided checklist at the chair: which steps are done, by whom, and what start still needs.

Steps can be done in the order the nurse needs; only the start of the infusion is gated, and the
refusal lists every missing prerequisite with the protocol rule behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from nurse_monitor.domain.local_words import wall_time
from nurse_monitor.domain.protocols import Premedication, Protocol, Route
from nurse_monitor.domain.screening import ChecklistResult, evaluate_checklist


class Step(StrEnum):
    IDENTITY = "identity"
    SCREENING = "screening"
    BASELINE_VITALS = "baseline_vitals"
    IV_ACCESS = "iv_access"
    PREMEDICATIONS = "premedications"
    DRUG_VERIFICATION = "drug_verification"
    START = "start"
    END_OF_INFUSION = "end_of_infusion"
    LINE_FLUSH = "line_flush"
    OBSERVATION = "observation"
    DISCHARGE = "discharge"
    TAKE_HOME_SHEET = "take_home_sheet"
    SIGN = "sign"


STEP_TITLES = {
    Step.IDENTITY: "Identity",
    Step.SCREENING: "Screening questions",
    Step.BASELINE_VITALS: "Baseline vital signs",
    Step.IV_ACCESS: "IV access",
    Step.PREMEDICATIONS: "Premedications",
    Step.DRUG_VERIFICATION: "Drug verification",
    Step.START: "Start infusion",
    Step.END_OF_INFUSION: "End of infusion",
    Step.LINE_FLUSH: "Flush the line",
    Step.OBSERVATION: "Observation",
    Step.DISCHARGE: "Discharge teaching and next dose",
    Step.TAKE_HOME_SHEET: "Take-home sheet",
    Step.SIGN: "Sign",
}


class ChartType(StrEnum):
    """Events that document the checklist; the infusion engine does not read them."""

    IDENTITY_CONFIRMED = "identity_confirmed"
    SCREENING_RECORDED = "screening_recorded"
    IV_ACCESS_RECORDED = "iv_access_recorded"
    DRUG_VERIFIED = "drug_verified"
    LINE_FLUSHED = "line_flushed"
    REACTION_INTERVENTION = "reaction_intervention"
    TEACHING_GIVEN = "teaching_given"
    TAKE_HOME_SHEET = "take_home_sheet"  # printed or saved: the sheet's text is on the record
    TAKE_HOME_NOT_GIVEN = "take_home_not_given"  # declined, printer down...: with the reason
    SESSION_SIGNED = "session_signed"
    ALARM_SNOOZED = "alarm_snoozed"
    NOTE = "note"


TEACHING_TOPICS = {
    "delayed_reactions": "Reactions can appear up to 24 hours after the infusion",
    "infection_signs": "Signs of infection (persistent cough, cold sores, shingles)",
    "pml_signs": "PML warning signs (vision changes, severe headache, confusion, weakness)",
    "when_to_call": "When and whom to call",
}
"""Discharge teaching, clinical-reference.md section 8 (what the record of an infusion holds)."""


@dataclass(frozen=True)
class ChartEntry:
    """One recorded event as the checklist sees it: type, time, payload and who recorded it."""

    type: str
    at: datetime
    payload: Mapping[str, Any]
    by: str


@dataclass(frozen=True)
class StepState:
    step: Step
    title: str
    done: bool
    done_at: datetime | None = None
    done_by: str | None = None
    summary: str = ""
    applies: bool = True


@dataclass(frozen=True)
class PremedicationState:
    """One protocol premedication: when it was given and its timing window against the start."""

    item: Premedication
    given_at: datetime | None
    start_allowed_from: datetime | None
    window_passed_at: datetime | None
    required: bool = True  # the item's own flag, or its screening answer (an indication)
    accepted_at_screening: bool = False  # required because the nurse accepted its suggestion


@dataclass(frozen=True)
class ChecklistState:
    steps: tuple[StepState, ...]
    screening: ChecklistResult
    premedications: tuple[PremedicationState, ...]
    start_blockers: tuple[str, ...]
    earliest_start_at: datetime | None
    warnings: tuple[str, ...] = field(default=())

    def step(self, step: Step) -> StepState:
        return next(s for s in self.steps if s.step is step)


def _latest(entries: Sequence[ChartEntry]) -> dict[str, tuple[int, ChartEntry]]:
    """Each type's last entry, with its place: one pass over a long session's entries, where
    looking for each type on its own passed over all of them a dozen times."""
    return {e.type: (i, e) for i, e in enumerate(entries)}


def _last(latest: dict[str, tuple[int, ChartEntry]], *types: str) -> ChartEntry | None:
    """The last entry of any of `types`, from `_latest`."""
    found = [latest[t] for t in types if t in latest]
    return max(found, key=lambda f: f[0])[1] if found else None


def screening_answers(entry: ChartEntry | None) -> tuple[dict[str, bool | None], dict[str, str]]:
    if entry is None:
        return {}, {}
    answers = {
        str(k): (None if v is None else bool(v)) for k, v in entry.payload["answers"].items()
    }
    reasons = {str(k): str(v) for k, v in entry.payload.get("overrides", {}).items()}
    return answers, reasons


def premedication_matches(item: Premedication, payload: Mapping[str, Any]) -> bool:
    """Whether a recorded premedication (drug, and class and reason if off the list) counts."""
    drug_class, reason = payload.get("drug_class"), payload.get("reason")
    return item.matches(
        str(payload.get("drug", "")),
        drug_class if isinstance(drug_class, str) else None,
        reason if isinstance(reason, str) else None,
    )


def accepted_premedications(entry: ChartEntry | None) -> frozenset[str]:
    """The premedications the nurse accepted at screening when the call after the last infusion
    found a delayed reaction (the screening's `delayed_reaction` suggestions marked accepted).
    Read defensively: anything but a yes with a named, accepted suggestion adds nothing."""
    item = entry.payload.get("delayed_reaction") if entry is not None else None
    if not isinstance(item, Mapping) or item.get("answer") is not True:
        return frozenset()
    listed = item.get("suggestions")
    return frozenset(
        d["premedication"]
        for d in (listed if isinstance(listed, list) else [])
        if isinstance(d, Mapping)
        and d.get("accepted") is True
        and isinstance(d.get("premedication"), str)
    )


def _premedication_states(
    protocol: Protocol,
    entries: Sequence[ChartEntry],
    started_at: datetime | None,
    answers: Mapping[str, bool | None],
    accepted: frozenset[str] = frozenset(),
) -> tuple[PremedicationState, ...]:
    given = [e for e in entries if e.type == "premedication_given"]
    states = []
    for item in protocol.premedications:
        matching = [e for e in given if premedication_matches(item, e.payload)]
        if started_at is not None:
            matching = [e for e in matching if e.at <= started_at]
        at = matching[-1].at if matching else None
        allowed = (
            at + timedelta(minutes=item.latest_minutes_before)
            if at is not None and item.latest_minutes_before is not None
            else at
        )
        passed = (
            at + timedelta(minutes=item.earliest_minutes_before)
            if at is not None and item.earliest_minutes_before is not None
            else None
        )
        # An accepted suggestion is required like a listed one: given, or declined with a
        # reason by answering the screening again (never dropped by itself).
        chosen = item.name in accepted and not item.is_required(answers)
        states.append(
            PremedicationState(
                item, at, allowed, passed, item.is_required(answers) or chosen, chosen
            )
        )
    return tuple(states)


def checklist_state(
    protocol: Protocol,
    entries: Sequence[ChartEntry],
    now: datetime,
    *,
    first_dose: bool,
    zone: tzinfo = UTC,
) -> ChecklistState:
    """Every step's state and the start's missing prerequisites at `now`."""
    latest = _latest(entries)
    identity = _last(latest, ChartType.IDENTITY_CONFIRMED)
    screening_entry = _last(latest, ChartType.SCREENING_RECORDED)
    answers, reasons = screening_answers(screening_entry)
    us_checklists = screening_entry is None or not screening_entry.payload.get("us_checklists_off")
    screening = evaluate_checklist(
        protocol, answers, reasons, first_dose=first_dose, us_checklists=us_checklists
    )
    started = _last(latest, "infusion_started")
    started_at = started.at if started else None
    baseline = next(
        (e for e in entries if e.type == "vitals" and (started_at is None or e.at <= started_at)),
        None,
    )  # the first vital signs before the start
    iv = _last(latest, ChartType.IV_ACCESS_RECORDED)
    needs_iv = protocol.route is Route.INTRAVENOUS
    premeds = _premedication_states(
        protocol, entries, started_at, answers, accepted_premedications(screening_entry)
    )
    verified = _last(latest, ChartType.DRUG_VERIFIED)
    ended = _last(latest, "infusion_ended", "infusion_stopped")
    flushed = _last(latest, ChartType.LINE_FLUSHED)
    teaching = _last(latest, ChartType.TEACHING_GIVEN)
    take_home = _last(latest, ChartType.TAKE_HOME_SHEET, ChartType.TAKE_HOME_NOT_GIVEN)
    discharged = _last(latest, "discharged")
    signed = _last(latest, ChartType.SESSION_SIGNED)
    post_vitals = (
        [e for e in entries if e.type == "vitals" and e.at >= ended.at] if ended is not None else []
    )

    required = [p for p in premeds if p.required]
    given_required = [p for p in required if p.given_at is not None]
    last_premed = max((p.given_at for p in premeds if p.given_at), default=None)

    def done(
        step: Step, entry: ChartEntry | None, summary: str = "", applies: bool = True
    ) -> StepState:
        return StepState(
            step,
            STEP_TITLES[step],
            entry is not None,
            entry.at if entry else None,
            entry.by if entry else None,
            summary,
            applies,
        )

    premed_entry = (
        ChartEntry("premedication_given", last_premed, {}, _by_of(entries, last_premed))
        if required and len(given_required) == len(required) and last_premed
        else None
    )
    steps = (
        done(Step.IDENTITY, identity, _identity_summary(identity)),
        done(
            Step.SCREENING,
            screening_entry if screening.can_start else None,
            _screening_summary(screening) if screening_entry else "",
        ),
        done(Step.BASELINE_VITALS, baseline),
        done(Step.IV_ACCESS, iv, _iv_summary(iv), applies=needs_iv),
        done(Step.PREMEDICATIONS, premed_entry, f"{len(given_required)} of {len(required)} given"),
        done(Step.DRUG_VERIFICATION, verified, _verified_summary(verified)),
        done(Step.START, started),
        done(Step.END_OF_INFUSION, ended),
        done(
            Step.LINE_FLUSH, flushed, protocol.flush_after or "", protocol.flush_after is not None
        ),
        done(Step.OBSERVATION, post_vitals[-1] if discharged and post_vitals else None),
        # Ticked the moment teaching and the next dose are recorded (not at discharge).
        done(Step.DISCHARGE, teaching),
        # A discharge step: printed (or saved), or not given with the nurse's reason.
        done(Step.TAKE_HOME_SHEET, take_home, take_home_summary(take_home)),
        done(Step.SIGN, signed),
    )

    blockers: list[str] = []
    if identity is None:
        blockers.append("Confirm the patient's identity (name and date of birth).")
    if screening_entry is None or screening.unanswered:
        blockers.append("Answer every screening question.")
    for finding in screening.blocking:
        blockers.append(f"Screening: {finding.question.text} ({finding.question.rule}).")
    for finding in screening.needs_override:
        question = finding.question
        blockers.append(f"Screening: {question.text} needs an override reason ({question.rule}).")
    if baseline is None:
        blockers.append("Record baseline vital signs.")
    if needs_iv and iv is None:
        blockers.append("Record IV access.")
    for p in required:
        if p.given_at is None and p.accepted_at_screening:
            blockers.append(
                f"Give and record premedication: {p.item.name}, accepted at screening for the "
                f"delayed reaction after the last infusion ({p.item.note}); or decline it with "
                "a reason in the screening."
            )
        elif p.given_at is None:
            blockers.append(f"Give and record premedication: {p.item.name} ({p.item.note}).")
    if verified is None:
        blockers.append("Verify the drug (patient, drug, dose, lot, expiry).")
    earliest = max((p.start_allowed_from for p in required if p.start_allowed_from), default=None)
    if started is None and earliest is not None and now < earliest:
        waiting = [p for p in required if p.start_allowed_from and now < p.start_allowed_from]
        for p in waiting:
            assert p.start_allowed_from is not None
            until = wall_time(p.start_allowed_from, zone)
            blockers.append(
                f"Wait until {until}: {p.item.name} must be given at "
                f"least {p.item.latest_minutes_before:g} min before the start ({p.item.note})."
            )

    warnings = []
    if started is None:
        for p in premeds:
            if p.window_passed_at is not None and now > p.window_passed_at:
                warnings.append(
                    f"{p.item.name.capitalize()} was given more than "
                    f"{p.item.earliest_minutes_before:g} min ago: its window before the start has "
                    f"passed ({p.item.note}). Consider whether to repeat it."
                )
    return ChecklistState(steps, screening, premeds, tuple(blockers), earliest, tuple(warnings))


def _by_of(entries: Sequence[ChartEntry], at: datetime | None) -> str:
    return next((e.by for e in reversed(entries) if e.at == at), "")


def _identity_summary(entry: ChartEntry | None) -> str:
    if entry is None:
        return ""
    used = entry.payload.get("identifiers", [])
    return "Confirmed: " + ", ".join(str(u).replace("_", " ") for u in used)


def _screening_summary(result: ChecklistResult) -> str:
    if result.blocking:
        return f"{len(result.blocking)} blocking answer(s)"
    if result.overridden:
        return f"{len(result.overridden)} override(s) with reason"
    return "No concerns" if result.can_start else "Incomplete"


def take_home_summary(entry: ChartEntry | None) -> str:
    """How the take-home sheet step was closed, in words."""
    if entry is None:
        return ""
    if entry.type == ChartType.TAKE_HOME_NOT_GIVEN:
        return f"Not given: {entry.payload.get('reason', '')}"
    return "Printed" if entry.payload.get("printed") else "Saved as PDF"


def _iv_summary(entry: ChartEntry | None) -> str:
    if entry is None:
        return ""
    p = entry.payload
    return f"{p.get('gauge', '?')} G, {p.get('side', '')} {p.get('site', '')}".strip()


def _verified_summary(entry: ChartEntry | None) -> str:
    if entry is None:
        return ""
    return f"Lot {entry.payload.get('lot_number', '?')}, expires {entry.payload.get('expiry', '?')}"
