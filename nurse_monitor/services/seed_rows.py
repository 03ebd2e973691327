"""The rows of one realistic finished session: events, vital signs, reactions, amendments.

services/seed_course.py decides the clinical course (protocol, vital signs, rates, reaction);
this module writes it down as a nurse would have recorded it, with the ids, signatures,
co-signatures, amendments and audit entries around it. services/seed.py inserts them in bulk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from nurse_monitor.clock import local_date
from nurse_monitor.domain.next_dose import next_dose_date
from nurse_monitor.domain.titration import planned_schedule
from nurse_monitor.services.chair_view import DETAIL
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.seed_course import (
    PROTOCOL_MIX,
    TEACHING,
    VITALS_EVERY_MIN,
    SeededVitals,
    rate_course,
    screening_answers,
    vitals_pool,
)

CHAIRS = tuple(f"Chair {n}" for n in range(1, 13))
AMENDMENT_RATE = 0.02
AWAITING_COSIGN_RATE = 0.1


@dataclass
class Batch:
    sessions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[dict[str, Any]] = field(default_factory=list)
    amendments: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)


class Generator:
    def __init__(
        self, rng: random.Random, nurses: list[tuple[int, str, str]], charges: list[int]
    ) -> None:
        self.rng = rng
        self.nurses = nurses
        self.charges = charges
        self.well = vitals_pool(rng, 300, unwell=False)
        self.unwell = vitals_pool(rng, 100, unwell=True)
        self.protocols = {pid: protocol(pid) for pid, _, _ in PROTOCOL_MIX}
        self.answers = {pid: screening_answers(p) for pid, p in self.protocols.items()}
        self.schedules = {
            pid: planned_schedule(p.plan_ml_per_hour(p.dose_mg, p.bag_volume_ml), p.bag_volume_ml)
            for pid, p in self.protocols.items()
            if p.bag_volume_ml is not None
        }
        self.weights = [w for _, w, _ in PROTOCOL_MIX]
        self.next_event_id = 0
        self.next_reading_id = 0
        self.next_reaction_id = 0
        self.next_amendment_id = 0
        self.next_audit_id = 0

    def session(
        self,
        b: Batch,
        session_id: int,
        patient: tuple[int, str],
        created_at: datetime,
        dose: tuple[str, int] | None = None,
    ) -> int | None:
        """One finished session; `dose` (protocol, infusion number) from the patient's course,
        else one drawn from the clinic's mix. Returns the worst reaction grade, if any."""
        rng = self.rng
        (pid, _, numbers) = rng.choices(PROTOCOL_MIX, self.weights)[0]
        if dose is not None:
            pid, numbers = dose[0], (dose[1], dose[1])
        prot = self.protocols[pid]
        bag = prot.bag_volume_ml or 0.0
        nurse_id, nurse_sig, _ = rng.choice(self.nurses)
        # A pharmacy lot as printed on a vial, with months of shelf life left (demo, ours).
        lot = f"{rng.choice('HMNRT')}{rng.randint(1000, 9999)}{rng.choice('ABCDEF')}"
        expiry = created_at.date() + timedelta(days=rng.randint(120, 540))
        events: list[tuple[int, str, datetime, dict[str, Any]]] = []
        readings: list[tuple[int, datetime, SeededVitals]] = []

        def at(minute: float) -> datetime:
            return created_at + timedelta(minutes=minute)

        def add(kind: str, minute: float, payload: dict[str, Any]) -> int:
            self.next_event_id += 1
            events.append((self.next_event_id, kind, at(minute), payload))
            return self.next_event_id

        def vitals(minute: float, pool: list[SeededVitals]) -> None:
            v = rng.choice(pool)
            event_id = add("vitals", minute, v.payload)
            readings.append((event_id, at(minute), v))

        add(
            "identity_confirmed",
            0,
            {"identifiers": ["name", "date_of_birth"], "record_number": patient[1]},
        )
        add("screening_recorded", 2, {"answers": self.answers[pid], "overrides": {}})
        vitals(3, self.well)
        add(
            "iv_access_recorded",
            5,
            {
                "device": "peripheral IV cannula",
                "site": "forearm",
                "side": rng.choice(("left", "right")),
                "gauge": 22,
                "attempts": 1,
                "placed_by": nurse_sig,
            },
        )
        for premed in prot.premedications:
            if premed.required:
                amount = f"{premed.dose_mg:g} mg" if premed.dose_mg else "50 mg"
                add(
                    "premedication_given",
                    8,
                    {"drug": premed.drugs[0], "dose": amount, "route": premed.route.value},
                )
        add(
            "drug_verified",
            10,
            {
                "lot_number": lot,
                "expiry": expiry.isoformat(),
                "drug": prot.drug,
                "dose_mg": prot.dose_mg,
            },
        )
        start = 45.0
        vitals(start - 1, self.well)
        course = rate_course(rng, prot, self.schedules[pid], start, bag, numbers[0])
        setpoints, end, reaction = course.setpoints, course.end, course.reaction
        # Round the end to the second the engine sees, so the volume comes out as the bag.
        end_at = at(end).replace(microsecond=0) + timedelta(seconds=1)
        end = (end_at - created_at).total_seconds() / 60
        kinds = {0: "infusion_started"}
        for index, (minute, rate) in enumerate(setpoints):
            kind = kinds.get(index, "rate_changed")
            if rate == 0:
                add("paused", minute, {"reason": "Reaction: interrupt the infusion"})
                continue
            if index > 0 and setpoints[index - 1][1] == 0:
                kind = "resumed"
            payload: dict[str, Any] = {"rate_ml_h": rate}
            if kind != "infusion_started":
                why = (
                    "titration per protocol"
                    if reaction is None or minute < reaction.onset
                    else ("Reaction: rate per protocol")
                )
                payload[DETAIL] = {"reason": why}
            add(kind, minute, payload)
        reaction_row = None
        if reaction is not None:
            onset, grade = reaction.onset, reaction.grade
            severity, symptoms = reaction.severity, reaction.symptoms
            event_id = add("reaction", onset, {"severity": severity, "symptoms": symptoms})
            add(
                "reaction_intervention",
                onset + 3,
                {
                    "reaction_id": self.next_reaction_id + 1,
                    "drug": "cetirizine",
                    "dose": "10 mg",
                    "route": "PO",
                },
            )
            add("reaction_resolved", onset + 30, {"note": "symptoms resolved"})
            self.next_reaction_id += 1
            reaction_row = {
                "id": self.next_reaction_id,
                "session_id": session_id,
                "event_id": event_id,
                "onset_at": at(onset),
                "severity": severity,
                "ctcae_grade": grade,
                "symptoms": symptoms,
                "actions": "Rate per protocol",
                "interventions": [
                    {
                        "drug": "cetirizine",
                        "dose": "10 mg",
                        "route": "PO",
                        "at": at(onset + 3).isoformat(),
                    }
                ],
                "resolved_at": at(onset + 30),
                "outcome": "symptoms resolved",
                "restart_rate_ml_h": None,
                "recorded_by_id": nurse_id,
                "recorded_at": at(onset + 1),
            }
            b.reactions.append(reaction_row)
        minute = start + VITALS_EVERY_MIN
        while minute < end:
            unwell = reaction is not None and reaction.onset <= minute <= reaction.onset + 45
            vitals(minute, self.unwell if unwell else self.well)
            minute += VITALS_EVERY_MIN
        add("infusion_ended", end, {DETAIL: {"volume_infused_ml": bag}})
        first = pid == "ocrevus-iv-initial" or (pid == "natalizumab" and rng.random() < 0.05)
        observe = prot.observation_minutes(first)
        vitals(end + observe - 1, self.well)
        number = rng.randint(*numbers)
        next_on = next_dose_date(prot, number, local_date(created_at))
        add(
            "teaching_given",
            end + observe - 1,
            {
                "topics": TEACHING,
                "next_dose_on": next_on.isoformat() if next_on else None,
                "note": "",
            },
        )
        add("discharged", end + observe, {})
        signed = end + observe + 5
        add("session_signed", signed, {"signature": nurse_sig})
        awaiting = rng.random() < AWAITING_COSIGN_RATE
        amended = rng.random() < AMENDMENT_RATE
        cosigner = rng.choice(self.charges)
        cosigned_at = at(signed + rng.randint(30, 600))
        needs_review = False
        if amended:
            target = readings[len(readings) // 2]
            old = target[2].payload["heart_rate"]
            self.next_amendment_id += 1
            amended_at = cosigned_at + timedelta(hours=rng.randint(1, 48))
            b.amendments.append(
                {
                    "id": self.next_amendment_id,
                    "session_id": session_id,
                    "target_type": "event",
                    "target_id": target[0],
                    "field": "heart_rate",
                    "original_value": old,
                    "new_value": old + 10,
                    "reason": "transcription error: read from the monitor",
                    "amended_by_id": nurse_id,
                    "amended_at": amended_at,
                }
            )
            self._audit(b, nurse_id, "amend", amended_at, "event", target[0], field="heart_rate")
            needs_review = not awaiting and rng.random() < 0.5
        for event_id, kind, moment, payload in events:
            b.events.append(
                {
                    "id": event_id,
                    "session_id": session_id,
                    "type": kind,
                    "occurred_at": moment,
                    "recorded_at": moment,
                    "recorded_by_id": nurse_id,
                    "payload": payload,
                }
            )
        for event_id, moment, v in readings:
            self.next_reading_id += 1
            b.readings.append(
                {
                    "id": self.next_reading_id,
                    "session_id": session_id,
                    "event_id": event_id,
                    "taken_at": moment,
                    "recorded_by_id": nurse_id,
                    "recorded_at": moment,
                    **v.reading,
                }
            )
        started_at = at(start)
        b.sessions.append(
            {
                "id": session_id,
                "patient_id": patient[0],
                "protocol_id": pid,
                "infusion_number": number,
                "chair": rng.choice(CHAIRS),
                "dose_mg": prot.dose_mg,
                "lot_number": lot,
                "lot_expiry": expiry,
                "bag_volume_ml": bag,
                "weight_kg": None,
                "status": "signed" if awaiting else "cosigned",
                "nurse_id": nurse_id,
                "created_at": created_at,
                "signed_by_id": nurse_id,
                "signed_at": at(signed),
                "cosigned_by_id": None if awaiting else cosigner,
                "cosigned_at": None if awaiting else cosigned_at,
                "cosign_comment": None,
                "needs_review": needs_review,
                "version": len(events) + 1,
                "started_at": started_at,
                "ended_at": end_at,
                "duration_min": round((end_at - started_at).total_seconds() / 60),
                "volume_infused_ml": round(bag, 1),
                "highest_news2": max(v.news2 for _, _, v in readings),
                "worst_grade": reaction.grade if reaction is not None else None,
                "amended": amended,
            }
        )
        self._audit(b, nurse_id, "create", created_at, "session", session_id)
        self._audit(b, nurse_id, "sign", at(signed), "session", session_id)
        if not awaiting:
            self._audit(b, cosigner, "cosign", cosigned_at, "session", session_id)
        return reaction.grade if reaction is not None else None

    def _audit(
        self,
        b: Batch,
        user_id: int,
        action: str,
        at: datetime,
        record_type: str,
        record_id: int,
        **detail: Any,
    ) -> None:
        self.next_audit_id += 1
        b.audit.append(
            {
                "id": self.next_audit_id,
                "at": at,
                "user_id": user_id,
                "username": "",
                "action": action,
                "record_type": record_type,
                "record_id": record_id,
                "detail": {"seed": True, **detail},
            }
        )
