"""Which protocol today's session should follow, from the patient's treatment history.

Ocrevus (clinical-reference.md section 1): no earlier dose -> initial infusion 1; infusion 1
given -> initial infusion 2 about 2 weeks later; then 600 mg standard, with the 2-hour option
only for a patient with no prior serious infusion reaction. Doses at least the label's minimum
interval after the previous dose given (section 9). A drug permanently discontinued
after a life-threatening reaction is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from nurse_monitor.domain.eligibility import minimum_interval
from nurse_monitor.domain.next_dose import next_dose_date
from nurse_monitor.domain.protocols import Protocol, Route


@dataclass(frozen=True)
class PastDose:
    """A dose the patient received: which protocol, which infusion, and any serious reaction."""

    protocol_id: str
    drug: str
    infusion_number: int
    given_on: date
    serious_reaction: bool = False
    route: Route = Route.INTRAVENOUS


@dataclass(frozen=True)
class TreatmentHistory:
    doses: tuple[PastDose, ...] = ()
    discontinued: Mapping[str, str] = field(default_factory=dict)  # drug -> reason


@dataclass(frozen=True)
class ProtocolSuggestion:
    """The suggested protocol and infusion number, other eligible options, or a refusal."""

    drug: str
    protocol_id: str | None
    infusion_number: int | None
    alternatives: tuple[str, ...]
    refused_reason: str | None
    notes: tuple[str, ...]
    due_on: date | None
    earliest_on: date | None


def suggest_protocol(
    history: TreatmentHistory,
    today: date,
    library: Mapping[str, Protocol],
    drug: str = "ocrelizumab",
) -> ProtocolSuggestion:
    """Suggest today's protocol for `drug`; the nurse confirms or picks an alternative."""
    if drug in history.discontinued:
        reason = f"{drug} permanently discontinued: {history.discontinued[drug]}"
        return ProtocolSuggestion(drug, None, None, (), reason, (), None, None)
    doses = sorted((d for d in history.doses if d.drug == drug), key=lambda d: d.given_on)
    number = len(doses) + 1
    candidates = [p for p in library.values() if p.drug == drug and p.eligibility.covers(number)]
    notes: list[str] = []
    serious = [d for d in doses if d.serious_reaction]
    eligible = []
    for protocol in sorted(candidates, key=lambda p: p.id):
        if protocol.eligibility.requires_no_prior_serious_reaction and serious:
            notes.append(
                f"{protocol.display_name} not offered: serious infusion reaction on "
                f"{serious[-1].given_on.isoformat()}"
            )
            continue
        eligible.append(protocol)
    if not eligible:
        reason = f"no {drug} protocol in the library covers infusion {number}"
        return ProtocolSuggestion(drug, None, None, (), reason, tuple(notes), None, None)
    route = doses[-1].route if doses else Route.INTRAVENOUS
    series = _open_series(doses, library, number)
    if series is not None and series in eligible:
        eligible = [series]  # finish a split first dose (Ocrevus infusion 2) as it began

    def preference(p: Protocol) -> tuple[bool, bool, bool, str]:
        return (
            p.route is not route,
            p.eligibility.requires_no_prior_serious_reaction,
            p.eligibility.last_infusion_number is None,
            p.id,
        )

    eligible.sort(key=preference)
    chosen = eligible[0]
    due_on = earliest_on = None
    if doses:
        last = doses[-1]
        previous = library.get(last.protocol_id)
        if previous is not None:
            series_start = _series_start(doses, previous)
            due_on = next_dose_date(previous, last.infusion_number, last.given_on, series_start)
        # The minimum interval counts from the previous dose given (clinical reference
        # section 9), as the session's own check does (eligibility.py).
        gap = minimum_interval(chosen, number)
        if gap is not None:
            earliest_on = last.given_on + gap
        days = (today - last.given_on).days
        notes.append(f"last {drug} dose {days} days ago ({last.given_on.isoformat()})")
        if earliest_on is not None and today < earliest_on:
            notes.append(f"too early: the minimum gap ends on {earliest_on.isoformat()}")
    alternatives = tuple(p.id for p in eligible[1:])
    return ProtocolSuggestion(
        drug, chosen.id, number, alternatives, None, tuple(notes), due_on, earliest_on
    )


def _open_series(
    doses: list[PastDose], library: Mapping[str, Protocol], number: int
) -> Protocol | None:
    """The split-dose protocol still in progress (e.g. Ocrevus initial after infusion 1)."""
    if not doses:
        return None
    previous = library.get(doses[-1].protocol_id)
    if previous is None or not previous.next_dose.within_series_days:
        return None
    return previous if previous.eligibility.covers(number) else None


def _series_start(doses: list[PastDose], protocol: Protocol) -> date | None:
    """Date of infusion 1 of a split first dose (the interval counts from it)."""
    first = protocol.eligibility.first_infusion_number
    for dose in doses:
        if dose.protocol_id == protocol.id and dose.infusion_number == first:
            return dose.given_on
    return None
