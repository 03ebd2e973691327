"""Preparing the chair: screening, the access device, premedication and the drug check.

Each action is one unit of work through `charting()`: validated, appended to the session's
append-only record and committed before it returns. Clinical refusals say why and cite the rule.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from nurse_monitor.clock import local_date
from nurse_monitor.domain.checklist import ChartType
from nurse_monitor.domain.vial_barcode import VialBarcode, vial_refusal
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.charting import Charting, charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.follow_up_carry import DelayedAnswer, carry_forward_in, screening_item
from nurse_monitor.services.records import EventRecord
from nurse_monitor.services.site_settings import triage_questions
from nurse_monitor.storage.models import SessionEvent
from nurse_monitor.storage.repositories import sessions as session_repo

SIDES = ("left", "right")
GAUGES = (14, 16, 18, 20, 22, 24)
MAX_ATTEMPTS = 10


def record_screening(
    db: Database,
    actor: Actor,
    session_id: int,
    answers: dict[str, bool | None],
    overrides: dict[str, str],
    *,
    us_checklists: bool = True,
    delayed: DelayedAnswer | None = None,
    expected_version: int | None = None,
) -> EventRecord:
    """The screening answers (yes/no per question) and any override reasons.

    `delayed`: the answer to "delayed reaction after the last infusion", asked when the call
    after the patient's last infusion found one (issue 18); refused without it then.

    `us_checklists` False: this site has switched US program checklists (TOUCH) off; the
    record says so, and names the programs that were not asked.
    """
    questions = triage_questions(db)
    with charting(db, actor, session_id, expected_version) as c:
        known = {q.id for q in c.protocol.checklist}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise InvalidInput("Screening", f"no question {', '.join(unknown)} in this protocol")
        if all(value is None for value in answers.values()):
            raise InvalidInput("Screening", "answer the questions (yes or no) before recording")
        clean = {k: v.strip() for k, v in overrides.items() if v and v.strip()}
        payload: dict[str, Any] = {"answers": dict(answers), "overrides": clean}
        programs = sorted({q.us_program for q in c.protocol.checklist if q.us_program})
        if programs and not us_checklists:
            payload["us_checklists_off"] = programs
        # What the call after the last infusion found goes on the screening (issue 18).
        # Asked only when the call found one; the nurse answers it, never the program.
        carry = carry_forward_in(c.s, c.row.patient_id, c.protocol, session_id, questions)
        if carry is not None:
            payload["delayed_reaction"] = screening_item(carry, delayed)
        event = c.add(ChartType.SCREENING_RECORDED, payload)
        return event_record(event)


def recorded_once(c: Charting, event_type: str, payload: dict[str, Any]) -> SessionEvent:
    """A one-off step recorded again with the same details is the same record, not a second
    one: a second click on "Record teaching" wrote it twice. Different details are a new entry
    (a new cannula, a corrected next-dose date)."""
    events = session_repo.events_for_session(c.s, c.row.id)
    last = next((e for e in reversed(events) if e.type == event_type), None)
    if last is not None and last.payload == payload:
        return last
    return c.add(event_type, payload)


def record_iv_access(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    site: str,
    side: str,
    gauge: int,
    attempts: int,
    placed_by: str,
    device: str = "peripheral IV cannula",
    expected_version: int | None = None,
) -> EventRecord:
    """The access device: type, gauge, site and side, attempts, who placed it."""
    if not site.strip():
        raise InvalidInput("Site", "name the vein or site, e.g. 'forearm (cephalic)'")
    if side not in SIDES:
        raise InvalidInput("Side", "left or right")
    if gauge not in GAUGES:
        raise InvalidInput("Gauge", f"one of {', '.join(map(str, GAUGES))}")
    if not 1 <= attempts <= MAX_ATTEMPTS:
        raise InvalidInput("Attempts", f"1 to {MAX_ATTEMPTS}")
    if not placed_by.strip():
        raise InvalidInput("Placed by", "name who placed the access")
    payload = {
        "device": device,
        "site": site.strip(),
        "side": side,
        "gauge": gauge,
        "attempts": attempts,
        "placed_by": placed_by.strip(),
    }
    with charting(db, actor, session_id, expected_version) as c:
        return event_record(recorded_once(c, ChartType.IV_ACCESS_RECORDED, payload))


def record_premedication(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    drug: str,
    dose: str,
    route: str,
    given_at: datetime | None = None,
    drug_class: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> EventRecord:
    """A premedication with the time it was given.

    A drug outside the protocol's lists is recorded with its class; it satisfies that class's
    premedication only with a reason (label audit 2026-12-04: an example is not the rule).
    """
    payload = medicine_given(drug, dose, route)
    with charting(db, actor, session_id, expected_version) as c:
        if not any(item.listed(drug) for item in c.protocol.premedications):
            classes = sorted({item.class_name for item in c.protocol.premedications})
            if not drug_class.strip():
                raise InvalidInput(
                    "Class",
                    f"{drug.strip()} is not on this protocol's list; name its class "
                    f"(for example {', '.join(classes) or 'antihistamine'})",
                )
            payload["drug_class"] = drug_class.strip()
            if reason.strip():
                payload["reason"] = reason.strip()
        return event_record(c.add("premedication_given", payload, given_at))


def medicine_given(drug: str, dose: str, route: str) -> dict[str, Any]:
    """A medicine given at the chair (premedication or for a reaction): each part required."""
    for label, value in (("Drug", drug), ("Dose", dose), ("Route", route)):
        if not value.strip():
            raise InvalidInput(label, "must not be empty")
    return {"drug": drug.strip(), "dose": dose.strip(), "route": route.strip()}


def verify_drug(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    lot_number: str,
    expiry: date,
    expected_version: int | None = None,
    scanned: VialBarcode | None = None,
) -> EventRecord:
    """The bag checked at the chair against the session: lot and expiry must match.

    `scanned`, when the vial's GS1 code was read: its lot and expiry must be the ones given, its
    product one the protocol lists; its product code and serial go on the record.
    """
    with charting(db, actor, session_id, expected_version) as c:
        row = c.row
        if scanned is not None:
            if (scanned.lot or "").upper() != lot_number.strip().upper() or (
                scanned.expiry is not None and scanned.expiry != expiry
            ):
                raise InvalidInput("Scan", "the lot or expiry typed differs from the scanned code")
            refusal = vial_refusal(
                scanned, c.protocol.brand, c.protocol.product_gtins, c.now.astimezone().date()
            )
            if refusal is not None:
                raise InvalidInput("Scan", refusal)
        if row.lot_number and lot_number.strip().upper() != row.lot_number.upper():
            # The recorded lot is not named: an independent check must not hand out the answer.
            raise InvalidInput(
                "Lot",
                f"{lot_number} does not match the lot recorded for this session. Read it again "
                "from the bag; if it still differs, do not hang this bag and tell the pharmacy",
            )
        if row.lot_expiry and expiry != row.lot_expiry:
            raise InvalidInput(
                "Expiry",
                f"{expiry:%d %b %Y} does not match the expiry recorded for this session. Read it "
                "again from the bag; if it still differs, do not hang this bag",
            )
        if expiry < local_date(c.now):
            raise InvalidInput("Expiry", f"the vial expired on {expiry:%Y-%m-%d}; do not use it")
        payload = {
            "lot_number": lot_number.strip().upper(),
            "expiry": expiry.isoformat(),
            "drug": c.protocol.drug,
            "dose_mg": row.dose_mg,
        }
        if scanned is not None:
            payload |= {"verified_by": "scan", "gtin": scanned.gtin, "serial": scanned.serial}
        return event_record(recorded_once(c, ChartType.DRUG_VERIFIED, payload))
