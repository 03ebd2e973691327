"""The rows of one realistic finished session: events, vital signs, reactions, amendments.

Each session follows its protocol's own rate plan (domain.titration.planned_schedule) with
vital signs every 15 minutes, and now and then a reaction handled as the protocol says, an
amendment, or a session still awaiting co-signature. services/seed.py inserts them in bulk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.next_dose import next_dose_date
from nurse_monitor.domain.protocols import Answer, Protocol, RatePlan, ReactionAction
from nurse_monitor.domain.reactions import reaction_advice
from nurse_monitor.domain.titration import minutes_at_rate, next_planned_rate, planned_schedule
from nurse_monitor.domain.vital_signs import validate_vital_signs
from nurse_monitor.services.chair_view import DETAIL
from nurse_monitor.services.protocol_library import protocol

# How often each protocol is given in the seeded clinic, and which infusion numbers it covers.
PROTOCOL_MIX = (
    ("ocrevus-iv-standard", 55, (3, 14)),
    ("ocrevus-iv-short", 15, (3, 14)),
    ("ocrevus-iv-initial", 10, (1, 2)),
    ("natalizumab", 20, (1, 60)),
)
CHAIRS = tuple(f"Chair {n}" for n in range(1, 13))
VITALS_EVERY_MIN = 15
REACTION_RATE = 0.06
AMENDMENT_RATE = 0.02
AWAITING_COSIGN_RATE = 0.1
TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
REACTION_SYMPTOMS = (["pruritus", "flushing"], ["rash"], ["throat_irritation"], ["headache"])


@dataclass(frozen=True)
class _Vitals:
    payload: dict[str, Any]
    reading: dict[str, Any]
    news2: int


def _vitals_pool(rng: random.Random, size: int, unwell: bool) -> list[_Vitals]:
    """Validated vital signs with their NEWS2, computed once and reused (NEWS2 costs time)."""
    pool = []
    for _ in range(size):
        raw = {
            "systolic": rng.randint(104, 142) - (rng.randint(0, 18) if unwell else 0),
            "diastolic": rng.randint(62, 84),
            "heart_rate": rng.randint(60, 92) + (rng.randint(10, 30) if unwell else 0),
            "respiratory_rate": rng.choice((14, 15, 16, 17, 18, 20))
            + (rng.choice((0, 2, 4)) if unwell else 0),
            "temperature_c": round(rng.uniform(36.3, 37.3) + (0.6 if unwell else 0), 1),
            "spo2": rng.choice((95, 96, 97, 98, 99)) - (rng.choice((0, 1, 2)) if unwell else 0),
            "on_oxygen": False,
            "consciousness": "alert",
        }
        vitals = validate_vital_signs(raw)
        news2 = score_news2(vitals)
        payload = dict(vitals.as_payload())
        reading = {
            "systolic": vitals.systolic,
            "diastolic": vitals.diastolic,
            "heart_rate": vitals.heart_rate,
            "respiratory_rate": vitals.respiratory_rate,
            "temperature_c": vitals.temperature_c,
            "spo2": vitals.spo2,
            "on_oxygen": vitals.on_oxygen,
            "consciousness": vitals.consciousness.value,
            "pain": None,
            "news2_total": news2.total,
            "news2_band": news2.band.value,
            "note": "",
        }
        pool.append(_Vitals(payload, reading, news2.total))
    return pool


def _screening_answers(prot: Protocol) -> dict[str, bool]:
    """Answers that raise no concern: "no" to a question that triggers on yes, and vice versa."""
    return {q.id: q.triggers_on is not Answer.YES for q in prot.checklist}


def _rate_setpoints(
    schedule: tuple[tuple[float, float], ...],
) -> list[tuple[float, float]]:
    return [(minute, rate) for minute, rate in schedule if rate > 0]


def _resume(
    plan: RatePlan, reduced: tuple[float, float], resolved: float
) -> list[tuple[float, float]]:
    """Once the reaction has resolved, titrate up again from the reduced rate (the label's
    "resume the titration schedule"), each step after the plan's interval."""
    steps = []
    minute, rate = max(reduced[0], resolved), reduced[1]
    while (following := next_planned_rate(plan, rate)) is not None:
        minute += minutes_at_rate(plan, rate)
        rate = following
        steps.append((minute, rate))
    return steps


def _end_minute(setpoints: list[tuple[float, float]], bag: float) -> float:
    """When the bag is empty, integrating the pump over the set rates (as the engine does)."""
    delivered = 0.0
    for (minute, rate), following in zip(setpoints, [*setpoints[1:], None], strict=True):
        until = following[0] if following is not None else None
        if rate > 0:
            span = (until - minute) if until is not None else None
            if span is None or delivered + rate * span / 60 >= bag:
                return minute + (bag - delivered) / rate * 60
            delivered += rate * span / 60
    raise ValueError("the rate plan never empties the bag")


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
        self.well = _vitals_pool(rng, 300, unwell=False)
        self.unwell = _vitals_pool(rng, 100, unwell=True)
        self.protocols = {pid: protocol(pid) for pid, _, _ in PROTOCOL_MIX}
        self.answers = {pid: _screening_answers(p) for pid, p in self.protocols.items()}
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
        self, b: Batch, session_id: int, patient: tuple[int, str], created_at: datetime
    ) -> None:
        rng = self.rng
        (pid, _, numbers) = rng.choices(PROTOCOL_MIX, self.weights)[0]
        prot = self.protocols[pid]
        bag = prot.bag_volume_ml or 0.0
        nurse_id, nurse_sig, _ = rng.choice(self.nurses)
        events: list[tuple[int, str, datetime, dict[str, Any]]] = []
        readings: list[tuple[int, datetime, _Vitals]] = []

        def at(minute: float) -> datetime:
            return created_at + timedelta(minutes=minute)

        def add(kind: str, minute: float, payload: dict[str, Any]) -> int:
            self.next_event_id += 1
            events.append((self.next_event_id, kind, at(minute), payload))
            return self.next_event_id

        def vitals(minute: float, pool: list[_Vitals]) -> None:
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
                dose = f"{premed.dose_mg:g} mg" if premed.dose_mg else "50 mg"
                add(
                    "premedication_given",
                    8,
                    {"drug": premed.drugs[0], "dose": dose, "route": premed.route.value},
                )
        add(
            "drug_verified",
            10,
            {
                "lot_number": "SEED-L0T1",
                "expiry": "2099-12-31",
                "drug": prot.drug,
                "dose_mg": prot.dose_mg,
            },
        )
        start = 45.0
        vitals(start - 1, self.well)
        plan = prot.plan_ml_per_hour(prot.dose_mg, prot.bag_volume_ml)
        setpoints = [(start + m, r) for m, r in _rate_setpoints(self.schedules[pid])]
        plan_end = _end_minute(setpoints, bag)
        reaction: tuple[float, int, str, list[str]] | None = None
        if rng.random() < REACTION_RATE and plan_end - start > 40:
            onset = float(round(rng.uniform(start + 20, plan_end - 15)))
            grade = rng.choices((1, 2, 3), (60, 35, 5))[0]
            severity = {1: "mild", 2: "moderate", 3: "severe"}[grade]
            reaction = (onset, grade, severity, rng.choice(REACTION_SYMPTOMS))
            before = [(m, r) for m, r in setpoints if m <= onset]
            advice = reaction_advice(prot, severity, before[-1][1])
            if advice.action is ReactionAction.REDUCE_RATE:
                assert advice.suggested_rate_ml_h is not None
                after = [(onset + 1, advice.suggested_rate_ml_h)]
            elif advice.action is ReactionAction.INTERRUPT:
                restart = advice.restart_rate_ml_h or floor_half(before[-1][1])
                after = [(onset + 1, 0.0), (onset + 31, restart)]
            else:
                reaction = None  # the seed keeps to reactions the infusion continues after
            if reaction is not None:
                setpoints = [*before, *after, *_resume(plan, after[-1], onset + 31)]
        end = _end_minute(setpoints, bag)
        setpoints = [(m, r) for m, r in setpoints if m < end]  # the bag emptied first
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
                    if reaction is None or minute < reaction[0]
                    else ("Reaction: rate per protocol")
                )
                payload[DETAIL] = {"reason": why}
            add(kind, minute, payload)
        reaction_row = None
        if reaction is not None:
            onset, grade, severity, symptoms = reaction
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
            unwell = reaction is not None and reaction[0] <= minute <= reaction[0] + 45
            vitals(minute, self.unwell if unwell else self.well)
            minute += VITALS_EVERY_MIN
        add("infusion_ended", end, {DETAIL: {"volume_infused_ml": bag}})
        first = pid == "ocrevus-iv-initial" or (pid == "natalizumab" and rng.random() < 0.05)
        observe = prot.observation_minutes(first)
        vitals(end + observe - 1, self.well)
        number = rng.randint(*numbers)
        next_on = next_dose_date(prot, number, created_at.date())
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
                "lot_number": "SEED-L0T1",
                "lot_expiry": date(2099, 12, 31),
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
                "worst_grade": reaction[1] if reaction is not None else None,
                "amended": amended,
            }
        )
        self._audit(b, nurse_id, "create", created_at, "session", session_id)
        self._audit(b, nurse_id, "sign", at(signed), "session", session_id)
        if not awaiting:
            self._audit(b, cosigner, "cosign", cosigned_at, "session", session_id)

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


def floor_half(rate: float) -> float:
    return int(rate * 5) / 10
