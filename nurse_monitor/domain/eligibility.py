"""Who may have a protocol today: which infusions of a course it serves, after a serious
reaction, and the label's minimum interval since the previous dose of the same drug.

One place so the replay, the services and the start screen agree (clinical reference sections
1 and 9): the Ocrevus 2-hour option is for later 600 mg doses only, never infusions 1 or 2, and
only with no serious reaction to any earlier Ocrevus infusion; Ocrevus doses at least 20 weeks
apart, counted from the previous dose given (the second initial infusion 2 weeks after the
first is a schedule, not a minimum); a start earlier than the minimum needs a reason and the
prescriber's name on the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

from nurse_monitor.domain.alerts import Alert, AlertSeverity
from nurse_monitor.domain.local_words import wall_day
from nurse_monitor.domain.protocols import Protocol

DOSE_TOO_EARLY = "dose_too_early"


def eligibility_refusal(
    protocol: Protocol, infusion_number: int, prior_serious_reaction: bool
) -> tuple[str, str] | None:
    """(field, why) when the protocol may not be used for this infusion, else None."""
    rule = protocol.eligibility
    if not rule.covers(infusion_number):
        first, last = rule.first_infusion_number, rule.last_infusion_number
        covered = f"{first} and later" if last is None else f"{first} to {last}"
        return (
            "infusion_number",
            f"{protocol.display_name} is for infusions {covered}, not infusion "
            f"{infusion_number} ({protocol.brand} label: {rule.note}) [{protocol.source}]",
        )
    if rule.requires_no_prior_serious_reaction and prior_serious_reaction:
        return (
            "prior_serious_reaction",
            f"{protocol.display_name} is refused after a prior serious infusion reaction "
            f"({protocol.brand} label: {rule.note}) [{protocol.source}]",
        )
    return None


def minimum_interval(protocol: Protocol, infusion_number: int) -> timedelta | None:
    """The label's minimum time since the previous dose, or None where it sets none here.

    Inside a split first dose (Ocrevus infusion 2, 2 weeks after infusion 1) the interval is a
    schedule, not a minimum.
    """
    rule = protocol.next_dose
    if rule.minimum_gap_weeks is None:
        return None
    if rule.within_series_days and infusion_number > protocol.eligibility.first_infusion_number:
        return None
    return timedelta(weeks=rule.minimum_gap_weeks)


def earliest_dose_at(
    protocol: Protocol, infusion_number: int, previous_dose_at: datetime | None
) -> datetime | None:
    """The earliest time this dose may be given after the previous one, if the label sets it."""
    gap = minimum_interval(protocol, infusion_number)
    if gap is None or previous_dose_at is None:
        return None
    return previous_dose_at + gap


def dose_too_early_alert(
    protocol: Protocol,
    infusion_number: int,
    previous_dose_at: datetime | None,
    given_at: datetime,
    zone: tzinfo = UTC,
) -> Alert | None:
    """The `dose_too_early` alert when `given_at` is before the minimum interval ends."""
    earliest = earliest_dose_at(protocol, infusion_number, previous_dose_at)
    if earliest is None or previous_dose_at is None or given_at >= earliest:
        return None
    weeks = (given_at - previous_dose_at).days / 7
    gap = protocol.next_dose.minimum_gap_weeks
    return Alert(
        DOSE_TOO_EARLY,
        f"Dose {weeks:.1f} weeks after the previous one "
        f"({wall_day(previous_dose_at, zone)}); the minimum is {gap} weeks "
        f"(earliest {wall_day(earliest, zone)}): needs a reason and the prescriber's name",
        f"{protocol.brand} label: doses at least {gap} weeks apart, counted from the previous "
        f"dose given [{protocol.source}]",
        AlertSeverity.WARNING,
    )


def first_of_route(protocol: Protocol, earlier: Iterable[Protocol]) -> bool:
    """Whether this is the patient's first dose of the drug by this protocol's route (the first
    Zunovo injection after IV doses is a first injection: 60 min observation, section 9)."""
    return not any(p.drug == protocol.drug and p.route is protocol.route for p in earlier)


def previous_dose(
    protocol: Protocol, earlier: Iterable[tuple[Protocol, datetime]]
) -> datetime | None:
    """When the patient last received this drug (any route), from earlier started doses."""
    times = [at for p, at in earlier if p.drug == protocol.drug]
    return max(times, default=None)
