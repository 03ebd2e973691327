"""The alerts a session shows now: reactions, vital signs, premedication, pump and titration.

Each alert cites its rule where a reader can follow it: the protocol's label source and checked
date for protocol rules, NEWS2 (RCP 2017), NIAID/FAAN 2006 or "ours" for vital-sign rules.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from nurse_monitor.domain.alerts import Alert, AlertSeverity, reading_alerts
from nurse_monitor.domain.eligibility import dose_too_early_alert
from nurse_monitor.domain.local_words import wall_time
from nurse_monitor.domain.news2 import NEWS2_SOURCE, News2Score
from nurse_monitor.domain.protocols import ReactionAction
from nurse_monitor.domain.rate_above_plan import rate_above_plan_alert
from nurse_monitor.domain.session_record import EPSILON, Reaction, SessionRecord

VITALS_TIMING_RULE = (
    "Vital-sign timing: configurable default (ours); no label sets it, after hospital "
    "monoclonal-antibody infusion policies"
)


def session_alerts(
    record: SessionRecord,
    reaction: Reaction | None,
    news2: News2Score | None,
    next_rate: float | None,
    next_ready: bool,
    next_reason: str | None,
    vitals_overdue: bool,
    vitals_due: datetime | None,
    now: datetime,
    zone: tzinfo,
) -> tuple[Alert, ...]:
    """Every alert that applies at `now`, most urgent kinds first, times as wall times in `zone`."""
    source = str(record.protocol.source)
    alerts: list[Alert] = []
    if record.discontinued_reason is not None:
        alerts.append(
            Alert(
                "drug_discontinued",
                f"{record.protocol.drug} permanently discontinued: {record.discontinued_reason}",
                source,
                AlertSeverity.URGENT,
            )
        )
    if reaction is not None:
        alerts.append(_reaction_alert(record, reaction))
    if record.vitals is not None and record.vitals.vitals is not None and news2 is not None:
        alerts.extend(reading_alerts(record.vitals.vitals, news2, record.baseline))
    if vitals_overdue and vitals_due is not None:
        alerts.append(
            Alert(
                "vitals_overdue",
                f"Vital signs overdue since {wall_time(vitals_due, zone)}",
                VITALS_TIMING_RULE,
                AlertSeverity.WARNING,
            )
        )
    if record.started_at is not None and record.ended_at is None:
        alerts.extend(_pump_alerts(record))
        off_plan = rate_above_plan_alert(record, reaction, now, zone)
        if off_plan is not None:
            alerts.append(off_plan)
        if next_rate is not None and next_reason != "not due yet":
            text = (
                f"Increase the rate to {next_rate:g} mL/h"
                if next_ready
                else f"Rate increase to {next_rate:g} mL/h due: {next_reason}"
            )
            alerts.append(Alert("rate_increase_due", text, source, AlertSeverity.INFO))
    if record.started_at is not None:
        alerts.extend(_premedication_alerts(record, source))
    facts = record.facts
    early = dose_too_early_alert(
        record.protocol,
        facts.infusion_number,
        facts.previous_dose_at,
        record.started_at or now,
        zone,
    )
    if early is not None:
        alerts.append(early)
    if news2 is not None and (
        (record.facts.age_years is not None and record.facts.age_years < 16)
        or record.facts.pregnant
    ):
        alerts.append(
            Alert(
                "news2_not_validated",
                "NEWS2 is not validated for under-16s or in pregnancy",
                NEWS2_SOURCE,
                AlertSeverity.INFO,
            )
        )
    return tuple(alerts)


def _reaction_alert(record: SessionRecord, reaction: Reaction) -> Alert:
    advice = reaction.advice
    severity = AlertSeverity.URGENT
    code = f"reaction_{advice.action.value}"
    if advice.after_infusion:
        code = "reaction_after_infusion"
        if reaction.severity in ("mild", "moderate"):
            severity = AlertSeverity.WARNING
    elif advice.action is ReactionAction.REDUCE_RATE:
        severity = AlertSeverity.WARNING
        if reaction.rate_reduced_at is not None:
            code = "reaction_rate_reduced"
    elif record.pump == 0:
        severity = AlertSeverity.WARNING  # already interrupted or stopped
    message = f"{advice.message}. Vital signs every " + (
        f"{record.protocol.vital_signs.during_reaction_every_minutes:g} min while it lasts"
    )
    return Alert(code, message, advice.rule, severity)


def _pump_alerts(record: SessionRecord) -> list[Alert]:
    alerts: list[Alert] = []
    if record.volume >= record.bag - EPSILON:
        alerts.append(
            Alert(
                "bag_empty",
                "The bag should be empty by now: record the end of the infusion",
                "Volume infused from the recorded rates and the confirmed bag volume",
                AlertSeverity.INFO,
            )
        )
    return alerts


def _premedication_alerts(record: SessionRecord, source: str) -> list[Alert]:
    """Required premedications missing before the start, or given outside their window."""
    started = record.started_at
    assert started is not None
    alerts: list[Alert] = []
    for item in record.protocol.premedications:
        given = [
            e
            for e in record.premedications
            if e.at <= started and item.matches(e.drug or "", e.drug_class, e.reason)
        ]
        if not given:
            if item.required:
                alerts.append(
                    Alert(
                        "premedication_missing",
                        f"No {item.name} recorded before the start ({item.note})",
                        source,
                        AlertSeverity.WARNING,
                    )
                )
            continue
        minutes = (started - given[-1].at).total_seconds() / 60
        early, late = item.earliest_minutes_before, item.latest_minutes_before
        if (early is not None and minutes > early + EPSILON) or (
            late is not None and minutes < late - EPSILON
        ):
            alerts.append(
                Alert(
                    "premedication_timing",
                    f"{item.name.capitalize()} given {minutes:.0f} min before the start "
                    f"({item.note})",
                    source,
                    AlertSeverity.WARNING,
                )
            )
    return alerts
