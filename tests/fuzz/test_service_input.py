"""Random input into every service that takes what a nurse types: refused cleanly, or kept whole.

A refusal is InvalidInput naming the field and what is allowed, and leaves no row behind; an
input that is accepted must be one the rules allow. Non-finite numbers (NaN, infinity) are left
out of the vital signs and rates here: the product does not refuse them yet (reported).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from nurse_monitor.domain.session_record import EPSILON
from nurse_monitor.domain.vital_signs import LIMITS
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.session_start import BeginSession, begin_session
from tests.services.chair_walk import NORMAL_VITALS

from .world import FUZZ, REFUSED, TRIED, assert_names_the_field, new_patient, row_counts, world

FIELDS = [*NORMAL_VITALS, "pain", "weight_kg", "temperature", "temperature_f", "bogus"]
# NaN and infinity included: they once crashed vital signs, rates and session start.
finite = st.floats()
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    finite,
    st.text(max_size=12),
    st.sampled_from(["A", "v", "alert", "confused", "", " "]),
    st.lists(st.integers(), max_size=2),
)
vitals_entries = st.fixed_dictionaries(
    {},
    optional={k: anything for k in FIELDS},
).map(lambda d: {**{k: v for k, v in NORMAL_VITALS.items() if k not in d}, **d}) | (
    st.dictionaries(st.sampled_from(FIELDS), anything, max_size=len(FIELDS))
)


@FUZZ
@given(values=vitals_entries, unit=st.sampled_from(["C", "F"]))
def test_vital_signs(values: dict[str, Any], unit: str) -> None:
    w = world()
    TRIED["vital signs"] += 1
    before = row_counts(w.db)
    try:
        done = chair.record_vitals(w.db, w.staff.nurse, w.planned, values, temperature_unit=unit)
    except InvalidInput as refused:
        REFUSED["vital signs"] += 1
        assert_names_the_field(refused)
        assert row_counts(w.db) == before
        return
    after = row_counts(w.db)
    assert after[2:4] == (before[2] + 1, before[3] + 1)  # one event and its reading
    kept = done.payload
    for field in ("systolic", "diastolic", "heart_rate", "respiratory_rate", "spo2"):
        limit = LIMITS[field]
        assert limit.low <= kept[field] <= limit.high
    assert kept["diastolic"] < kept["systolic"]
    assert LIMITS["temperature_c"].low - 0.1 <= kept["temperature_c"] <= 43.1


rates = st.one_of(
    finite,
    st.sampled_from([math.inf, -math.inf, 0.0, -0.0, -30.0, 1e-9, 180.0, 180.000001, 1e308]),
    st.integers(min_value=-1000, max_value=1000),
)


@FUZZ
@given(rate=rates)
def test_start_rate(rate: float) -> None:
    w = world()
    TRIED["start rate"] += 1
    before = row_counts(w.db)
    try:
        chair.start_infusion(w.db, w.staff.nurse, w.ready, rate)
    except InvalidInput as refused:
        REFUSED["start rate"] += 1
        assert_names_the_field(refused)
        assert row_counts(w.db) == before
        return
    assert 0 < rate <= 180 + EPSILON  # the engine's tolerance
    assert chair_view(w.db, w.staff.nurse, w.ready).status.rate_ml_h == rate


@FUZZ
@given(rate=rates, reason=st.text(max_size=20))
def test_rate_change(rate: float, reason: str) -> None:
    w = world()
    TRIED["rate change"] += 1
    before = row_counts(w.db)
    status = chair_view(w.db, w.staff.nurse, w.running).status
    was, off_plan = status.rate_ml_h, status.above_plan(rate)
    try:
        chair.change_rate(w.db, w.staff.nurse, w.running, rate, reason)
    except InvalidInput as refused:
        REFUSED["rate change"] += 1
        assert_names_the_field(refused)
        assert row_counts(w.db) == before
        return
    assert rate > 0, "a rate of 0 or less"
    after = chair_view(w.db, w.staff.nurse, w.running).status
    assert after.rate_ml_h == rate
    if off_plan:  # above the plan: only with a reason, and the alert says so
        assert reason.strip(), "a rate above the plan without a reason"
        assert "rate_above_plan" in {a.code for a in after.alerts}
    else:
        assert rate <= was + EPSILON or status.next_rate_reason in (
            None,
            "not due yet",
            "at the maximum rate",
        ), "an increase while the engine waits for something (vital signs, a reaction)"


lots = st.one_of(st.text(max_size=20), st.sampled_from(["H0123B", "h0123b ", "", "  ", "X" * 500]))
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@FUZZ
@given(lot=lots, expiry=days)
def test_drug_verification(lot: str, expiry: date) -> None:
    w = world()
    TRIED["lot and expiry (verify)"] += 1
    before = row_counts(w.db)
    try:
        chair.verify_drug(w.db, w.staff.nurse, w.planned, lot_number=lot, expiry=expiry)
    except InvalidInput as refused:
        REFUSED["lot and expiry (verify)"] += 1
        assert_names_the_field(refused)
        assert row_counts(w.db) == before
        return
    assert lot.strip().upper() == "H0123B"
    assert expiry == date(2027, 1, 31)


@FUZZ
@given(
    lot=lots,
    expiry=days,
    weight=st.none() | finite | st.just(math.nan),
    bag=finite,
    dose=st.sampled_from([300.0, 299.0, 0.0, -300.0, 600.0]) | finite,
    number=st.integers(min_value=-3, max_value=5),
    chair_name=st.text(max_size=8),
)
def test_session_begin(
    lot: str,
    expiry: date,
    weight: float | None,
    bag: float,
    dose: float,
    number: int,
    chair_name: str,
) -> None:
    w = world()
    TRIED["lot, expiry, bag, dose (begin)"] += 1
    patient = new_patient(w)
    begin = BeginSession(
        patient.id,
        patient.family_name,
        patient.date_of_birth,
        "ocrevus-iv-initial",
        number,
        chair_name,
        dose,
        bag,
        lot,
        expiry,
        weight,
    )
    before = row_counts(w.db)
    try:
        begin_session(w.db, w.staff.nurse, begin)
    except InvalidInput as refused:
        REFUSED["lot, expiry, bag, dose (begin)"] += 1
        assert_names_the_field(refused)
        assert row_counts(w.db) == before
        return
    assert lot.strip() and chair_name.strip()
    assert expiry >= w.clock.now().date()
    assert 0 < bag <= 2000 and dose == 300 and number in (1, 2)
    assert weight is None or 20 <= weight <= 300


@FUZZ
@given(
    number=st.text(max_size=40) | st.from_regex(r"[A-Za-z0-9-]{1,40}", fullmatch=True),
    family=st.text(max_size=120),
    given_name=st.text(max_size=120),
    born=days,
    sex=st.sampled_from([*patients.SEXES, "F", "", "Female"]),
    weight=st.none() | finite | st.sampled_from([math.nan, math.inf, -math.inf]),
)
def test_patient_registration(
    number: str, family: str, given_name: str, born: date, sex: str, weight: float | None
) -> None:
    w = world()
    TRIED["patient fields"] += 1
    new = patients.NewPatient(number, family, given_name, born, sex, weight)
    before = row_counts(w.db)
    try:
        kept = patients.register_patient(w.db, w.staff.nurse, new)
    except InvalidInput as refused:
        REFUSED["patient fields"] += 1
        assert_names_the_field(refused)
        assert row_counts(w.db) == before
        return
    today = w.clock.now().date()
    assert patients.RECORD_NUMBER.match(kept.record_number)
    assert kept.family_name and kept.given_name
    assert today - timedelta(days=131 * 366) <= born <= today
    assert weight is None or 20 <= weight <= 300
    # The same record number again is refused, naming the field.
    try:
        patients.register_patient(w.db, w.staff.nurse, replace(new, record_number=number.lower()))
    except InvalidInput as refused:
        assert refused.field == "Record number"
    else:
        raise AssertionError("a second patient with the same record number was accepted")
