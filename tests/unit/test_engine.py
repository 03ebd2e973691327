"""The engine's status: phases, vital-sign timing, titration readiness, premedication checks,
observation and discharge."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from nurse_monitor.domain.engine import Phase, SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent, parse_event
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import NORMAL_VITALS, T0, at, event, vitals

INITIAL = SessionFacts("ocrevus-iv-initial", 1, 300, 250)
ZUNOVO_LATER = SessionFacts("ocrevus-zunovo-sc", 2, 920, 23)


def premedicated(minutes_before: float = 35) -> list[InfusionEvent]:
    return [
        vitals(at(-50)),
        event("premedication_given", at(-minutes_before), drug="methylprednisolone", dose=100,
              route="IV"),
        event("premedication_given", at(-minutes_before), drug="diphenhydramine", dose=50,
              route="IV"),
    ]  # fmt: skip


def test_phases_before_the_start(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    empty = infusion_status(protocol, INITIAL, [], at(-60))
    assert empty.phase is Phase.NOT_STARTED
    assert empty.vitals_due_at == at(-60) and not empty.vitals_overdue  # baseline wanted
    assert empty.volume_infused_ml == 0 and empty.projected_end_at is None
    ready = infusion_status(protocol, INITIAL, premedicated(), at(-10))
    assert ready.phase is Phase.PREMEDICATED and ready.vitals_due_at is None


def test_events_after_now_are_ignored(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [*premedicated(), event("infusion_started", at(0), rate_ml_h=30)]
    assert infusion_status(protocol, INITIAL, events, at(-1)).phase is Phase.PREMEDICATED


def test_first_hour_vitals_every_15_min_and_before_each_step(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [*premedicated(), event("infusion_started", at(0), rate_ml_h=30)]
    status = infusion_status(protocol, INITIAL, events, at(1))
    assert status.vitals_due_at == at(0)  # last set was before premedication, 50 min ago
    events.insert(3, vitals(at(-2)))
    status = infusion_status(protocol, INITIAL, events, at(1))
    assert status.vitals_due_at == at(15) and not status.vitals_overdue
    events.append(vitals(at(15)))
    status = infusion_status(protocol, INITIAL, events, at(29))
    assert status.vitals_due_at == at(30)
    # Due from 10:00 (at(30)), overdue once the default grace of 5 min has passed.
    assert not infusion_status(protocol, INITIAL, events, at(34)).vitals_overdue
    assert infusion_status(protocol, INITIAL, events, at(35)).vitals_overdue
    due = infusion_status(protocol, INITIAL, events, at(30))
    assert (due.next_rate_ml_h, due.next_rate_due_at) == (60, at(30))
    assert due.next_rate_ready  # vitals at 15 min are within 15 min of the step
    late = infusion_status(protocol, INITIAL, events, at(31))
    assert not late.next_rate_ready and late.next_rate_reason == "record vital signs first"
    assert "rate_increase_due" in {a.code for a in late.alerts}


def test_after_the_first_hour_vitals_every_30_min(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        vitals(at(55)),
    ]
    status = infusion_status(protocol, INITIAL, events, at(56))
    # 55 + 15 falls after the first hour, so the later 30 min interval applies
    assert status.vitals_due_at == at(85)
    assert status.next_rate_ready  # the overdue 30 min step, with vitals 1 min old
    events += [vitals(at(80))]
    status = infusion_status(protocol, INITIAL, events, at(81))
    assert status.vitals_due_at == at(110)


def test_premedication_missing_or_out_of_window(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    none = infusion_status(
        protocol, INITIAL, [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=30)], at(1)
    )
    missing = [a.message for a in none.alerts if a.code == "premedication_missing"]
    assert len(missing) == 2 and "methylprednisolone" in missing[0]
    early = infusion_status(
        protocol,
        INITIAL,
        [*premedicated(90), vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=30)],
        at(1),
    )
    timing = [a.message for a in early.alerts if a.code == "premedication_timing"]
    assert len(timing) == 2 and "90 min before" in timing[0]
    on_time = infusion_status(
        protocol,
        INITIAL,
        [*premedicated(35), vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=30)],
        at(1),
    )
    assert not {a.code for a in on_time.alerts} & {"premedication_missing", "premedication_timing"}


def test_pause_freezes_volume_and_projection_assumes_restart_now(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        event("paused", at(20)),
    ]
    paused = infusion_status(protocol, INITIAL, events, at(40))
    assert paused.phase is Phase.PAUSED and paused.rate_ml_h == 0
    assert paused.volume_infused_ml == pytest.approx(10)
    assert paused.next_rate_reason == "infusion paused"
    # 240 mL left, as if restarted now at 30 mL/h with steps every 30 min:
    # 15 + 30 + 45 + 60 + 75 = 225 mL in 150 min, then 15 mL at 180 mL/h = 5 min.
    assert paused.projected_end_at == at(40 + 155)
    events.append(event("resumed", at(45), rate_ml_h=30))
    resumed = infusion_status(protocol, INITIAL, events, at(75))
    assert resumed.volume_infused_ml == pytest.approx(25)
    assert resumed.next_rate_due_at == at(75)


def test_empty_bag_without_an_end_is_flagged(library: dict[str, Protocol]) -> None:
    protocol = library["natalizumab"]
    facts = SessionFacts("natalizumab", 4, 300, 100)
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=100)]
    status = infusion_status(protocol, facts, events, at(75))
    assert status.volume_infused_ml == 100
    assert status.projected_end_at == at(75)
    assert "bag_empty" in {a.code for a in status.alerts}
    assert status.rate_history == ((at(0), 100.0),)


def test_observation_and_discharge_after_a_later_zunovo_injection(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-zunovo-sc"]
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=138),
        event("infusion_ended", at(10)),
    ]
    status = infusion_status(protocol, ZUNOVO_LATER, events, at(12))
    assert status.phase is Phase.OBSERVING
    assert status.observation_ends_at == at(25)  # 15 min after later injections
    assert status.vitals_due_at == at(10) and not status.vitals_overdue  # due, within grace
    assert infusion_status(protocol, ZUNOVO_LATER, events, at(15)).vitals_overdue
    assert status.dose_delivered_mg == pytest.approx(920)
    events.append(vitals(at(13)))
    early = infusion_status(protocol, ZUNOVO_LATER, events, at(25))
    assert early.phase is Phase.READY_FOR_DISCHARGE and early.discharge_allowed
    first = SessionFacts("ocrevus-zunovo-sc", 1, 920, 23)
    assert infusion_status(protocol, first, events, at(25)).observation_ends_at == at(70)


def test_discharge_needs_end_of_observation_vitals_without_alerts(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        event("infusion_ended", at(100)),
        vitals(at(101)),
    ]
    status = infusion_status(protocol, INITIAL, events, at(161))
    assert status.phase is Phase.READY_FOR_DISCHARGE and not status.discharge_allowed
    assert status.discharge_blockers == ("record vital signs at the end of observation",)
    assert status.vitals_due_at == at(131) and status.vitals_overdue
    feverish = [*events, vitals(at(158), temperature_c=38.4)]
    status = infusion_status(protocol, INITIAL, feverish, at(161))
    assert status.discharge_blockers == ("the latest vital signs raise an alert",)
    well = [*events, vitals(at(158))]
    assert infusion_status(protocol, INITIAL, well, at(161)).discharge_allowed
    discharged = [*well, event("discharged", at(165))]
    ended = infusion_status(protocol, INITIAL, discharged, at(170))
    assert (
        ended.phase is Phase.ENDED and not ended.discharge_allowed and ended.vitals_due_at is None
    )


def test_baseline_systolic_from_first_vitals_drives_the_drop_alert(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [
        vitals(at(-5), systolic=160, diastolic=90),
        event("infusion_started", at(0), rate_ml_h=30),
        vitals(at(10), systolic=110, diastolic=70),
    ]
    status = infusion_status(protocol, INITIAL, events, at(11))
    assert status.baseline_systolic == 160
    assert "systolic_drop" in {a.code for a in status.alerts}
    given = SessionFacts("ocrevus-iv-initial", 1, 300, 250, baseline_systolic=130)
    assert "systolic_drop" not in {
        a.code for a in infusion_status(protocol, given, events, at(11)).alerts
    }


def test_news2_uses_the_session_scale_and_warns_when_not_validated(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [vitals(at(-5), spo2=89)]
    scale1 = infusion_status(protocol, INITIAL, events, at(-4))
    assert scale1.news2 is not None and scale1.news2.parameter_scores["spo2"] == 3
    facts = SessionFacts("ocrevus-iv-initial", 1, 300, 250, spo2_scale=2, pregnant=True)
    scale2 = infusion_status(protocol, facts, events, at(-4))
    assert scale2.news2 is not None and scale2.news2.parameter_scores["spo2"] == 0
    assert "news2_not_validated" in {a.code for a in scale2.alerts}


def stored_session(length: int) -> list[tuple[str, datetime, dict[str, object]]]:
    """A running infusion of `length` events as stored: rate changes and vitals every 20 s."""
    rows: list[tuple[str, datetime, dict[str, object]]] = [
        ("infusion_started", T0, {"rate_ml_h": 40})
    ]
    for i in range(length - 1):
        when = T0 + timedelta(seconds=20 * (i + 1))
        if i % 2:
            rows.append(("vitals", when, dict(NORMAL_VITALS)))
        else:
            rows.append(("rate_changed", when, {"rate_ml_h": 40 + (i % 5) * 40}))
    return rows


def quickest(work: Callable[[], object], times: int = 25) -> float:
    """The quickest of `times` runs: what the work costs when nothing else takes the core."""
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def test_a_500_event_session_is_fast(library: dict[str, Protocol]) -> None:
    """Timed against floors measured here, not a wall-clock budget a loaded machine breaks: a
    session's status costs less than reading its events (measured 0.35x), and ten times the
    events cost under 12 times the time (measured 7x: the engine is linear; 100x if quadratic)."""
    protocol = library["ocrevus-iv-standard"]
    facts = SessionFacts("ocrevus-iv-standard", 3, 600, 500)
    rows = stored_session(500)
    events = [parse_event(kind, when, payload) for kind, when, payload in rows]
    short = events[:50]
    now, short_now = events[-1].at + timedelta(minutes=1), short[-1].at + timedelta(minutes=1)
    reading, status, short_status = [], [], []
    for _ in range(3):  # interleaved, so that a busy moment falls on all three alike
        reading.append(quickest(lambda: [parse_event(k, w, p) for k, w, p in rows]))
        status.append(quickest(lambda: infusion_status(protocol, facts, events, now)))
        short_status.append(quickest(lambda: infusion_status(protocol, facts, short, short_now)))
    assert min(status) < min(reading), (min(status), min(reading))
    assert min(status) < 12 * min(short_status), (min(status), min(short_status))
