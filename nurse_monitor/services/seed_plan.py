"""Which patient gets which dose on which day: courses that keep the labels' schedules.

One drug per patient. Ocrevus: the initial dose in two 300 mg halves 14 days apart, the first
600 mg dose 24 weeks after infusion 1, then every 24 weeks; never two doses under 20 weeks apart
(clinical-reference.md sections 1 and 9). Natalizumab: every 4 weeks (section 3). A clinic's
real days vary a little: a dose falls 0 to 10 days after its due day (Ocrevus) or 0 to 3 days
(natalizumab) - a demo default of ours, inside the labels' rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

OCREVUS_SERIES_DAYS = 14  # infusion 2 after infusion 1
OCREVUS_INTERVAL_DAYS = 24 * 7  # "6 months (24 weeks)", counted from infusion 1, then each dose
OCREVUS_MINIMUM_DAYS = 20 * 7  # doses at least 20 weeks apart
NATALIZUMAB_INTERVAL_DAYS = 4 * 7
OCREVUS_LATE_DAYS = 10  # ours: how late a clinic day may fall after the due day
NATALIZUMAB_LATE_DAYS = 3  # ours
OCREVUS_SHARE = 0.8  # ours: four in five patients of the seeded clinic are on ocrelizumab
SHORT_OPTION_SHARE = 0.25  # ours: later 600 mg doses given over 2 hours when eligible


@dataclass(frozen=True)
class PlannedDose:
    patient: int  # index into the seeded patients
    protocol_id: str
    infusion_number: int
    day: date


def _ocrevus(rng: random.Random, patient: int, first: date, last_day: date) -> list[PlannedDose]:
    doses = [PlannedDose(patient, "ocrevus-iv-initial", 1, first)]
    second = first + timedelta(days=OCREVUS_SERIES_DAYS)
    doses.append(PlannedDose(patient, "ocrevus-iv-initial", 2, second))
    # The first 600 mg dose is due 24 weeks after infusion 1; later ones 24 weeks after the last.
    due, number, previous = first + timedelta(days=OCREVUS_INTERVAL_DAYS), 3, second
    while due <= last_day:
        day = due + timedelta(days=rng.randint(0, OCREVUS_LATE_DAYS))
        assert (day - previous).days >= OCREVUS_MINIMUM_DAYS
        short = rng.random() < SHORT_OPTION_SHARE
        pid = "ocrevus-iv-short" if short else "ocrevus-iv-standard"
        doses.append(PlannedDose(patient, pid, number, day))
        due, number, previous = day + timedelta(days=OCREVUS_INTERVAL_DAYS), number + 1, day
    return doses


def _natalizumab(
    rng: random.Random, patient: int, first: date, last_day: date
) -> list[PlannedDose]:
    doses, day, number = [], first, 1
    while day <= last_day:
        doses.append(PlannedDose(patient, "natalizumab", number, day))
        day += timedelta(days=NATALIZUMAB_INTERVAL_DAYS + rng.randint(0, NATALIZUMAB_LATE_DAYS))
        number += 1
    return doses


def plan_courses(rng: random.Random, count: int, days: int, today: date) -> list[PlannedDose]:
    """`count` doses on days from `days` days ago to yesterday, patient after patient.

    A patient's course may have begun before the window (a patient on maintenance): only its
    doses inside the window are kept, numbered as in the whole course.
    """
    first_day, last_day = today - timedelta(days=days), today - timedelta(days=1)
    planned: list[PlannedDose] = []
    patient = 0
    while len(planned) < count:
        on_ocrevus = rng.random() < OCREVUS_SHARE
        lookback = 3 * 365 if on_ocrevus else 2 * 365
        start = last_day - timedelta(days=rng.randint(0, days + lookback))
        course = (_ocrevus if on_ocrevus else _natalizumab)(rng, patient, start, last_day)
        inside = [d for d in course if first_day <= d.day <= last_day]  # none in the future
        if inside:
            planned.extend(inside[: count - len(planned)])
            patient += 1
    return planned
