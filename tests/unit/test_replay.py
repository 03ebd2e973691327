"""`nurse-monitor replay`: one scenario per protocol family with its real output values, and
every class of bad input refused with exit 2, a message naming where, and an empty stdout."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from nurse_monitor.replay import EXIT_BAD_INPUT, EXIT_OK, main

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


def run(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(str(path), out, err)
    return code, out.getvalue(), err.getvalue()


def replay(name: str) -> dict[str, dict[str, Any]]:
    """The statuses of a fixture scenario, by the time of day of each query."""
    code, out, err = run(SCENARIOS / name)
    assert (code, err) == (EXIT_OK, "")
    statuses = json.loads(out)
    return {status["at"][11:19]: status for status in statuses}


def codes(status: dict[str, Any]) -> list[str]:
    return [alert["code"] for alert in status["alerts"]]


def test_output_has_the_documented_fields() -> None:
    status = replay("ocrevus-initial-on-schedule.json")["10:00:00"]
    assert {
        "at", "phase", "rate_ml_h", "volume_infused_ml", "next_rate_ml_h", "next_rate_due_at",
        "next_rate_ready", "suggested_rate_ml_h", "vitals_due_at", "vitals_overdue",
        "projected_end_at", "observation_ends_at", "discharge_allowed", "news2", "alerts", "alarm",
    } <= set(status)  # fmt: skip
    assert status["at"] == "2026-03-02T10:00:00+00:00"


def test_ocrevus_initial_on_schedule() -> None:
    s = replay("ocrevus-initial-on-schedule.json")
    assert s["09:20:00"]["phase"] == "premedicated"
    assert s["09:20:00"]["news2"]["total"] == 0
    ten = s["10:00:00"]
    assert (ten["rate_ml_h"], ten["volume_infused_ml"], ten["next_rate_ml_h"]) == (60, 15, 90)
    assert ten["next_rate_due_at"] == "2026-03-02T10:30:00+00:00"
    assert ten["projected_end_at"] == "2026-03-02T12:08:20+00:00"  # 158 min 20 s from 09:30
    assert ten["vitals_due_at"] == "2026-03-02T10:10:00+00:00"
    assert s["10:50:00"]["volume_infused_ml"] == 75
    end = s["12:08:20"]
    assert (end["phase"], end["volume_infused_ml"], end["dose_delivered_mg"]) == (
        "observing",
        250,
        300,
    )
    assert end["observation_ends_at"] == "2026-03-02T13:08:20+00:00"
    assert s["12:30:00"]["vitals_due_at"] == "2026-03-02T12:39:00+00:00"
    assert s["13:09:00"]["phase"] == "ready_for_discharge"
    assert s["13:09:00"]["discharge_allowed"] is True
    assert s["13:20:00"]["phase"] == "ended"


def test_ocrevus_2_hour_option_with_a_moderate_reaction() -> None:
    s = replay("ocrevus-short-moderate-reaction.json")
    assert s["10:05:00"]["projected_end_at"] == "2026-03-02T11:30:00+00:00"  # 120 min plan
    onset = s["10:11:00"]
    assert onset["suggested_rate_ml_h"] == 125
    assert onset["next_rate_reason"] == "reduce the rate first"
    assert onset["vitals_due_at"] == "2026-03-02T10:16:00+00:00"  # every 5 min
    assert codes(onset) == ["reaction_reduce_rate"]
    assert onset["current_reaction"]["rate_at_onset_ml_h"] == 250
    held = s["10:20:00"]
    assert held["rate_ml_h"] == 125 and held["volume_infused_ml"] == 141.7
    # After the 30 min hold from 10:12, back to the rate at onset (our reading of the label's
    # "resume the titration schedule"), from which the schedule continues.
    assert held["next_rate_ml_h"] == 250
    assert held["next_rate_due_at"] == "2026-03-02T10:42:00+00:00"
    assert s["10:30:00"]["current_reaction"] is None
    assert s["10:30:00"]["suggested_rate_ml_h"] == 125  # still within the hold
    ready = s["10:42:00"]
    assert ready["next_rate_ready"] is True and ready["suggested_rate_ml_h"] is None
    assert codes(ready) == ["rate_increase_due"]


def test_zunovo_later_injection_observes_15_minutes() -> None:
    s = replay("ocrevus-zunovo-later-injection.json")
    assert s["09:45:00"]["volume_infused_ml"] == 11.5
    assert s["09:45:00"]["projected_end_at"] == "2026-03-02T09:50:00+00:00"
    assert s["09:52:00"]["observation_ends_at"] == "2026-03-02T10:05:00+00:00"
    assert s["09:52:00"]["discharge_allowed"] is False
    assert s["10:05:00"]["discharge_allowed"] is True
    assert s["10:05:00"]["volume_infused_ml"] == 23


def test_rituximab_severe_reaction_interrupts_and_restarts_at_half() -> None:
    s = replay("rituximab-first-severe-reaction.json")
    # 500 mg in 250 mL = 2 mg/mL: 50 mg/h = 25 mL/h, steps of 25 mL/h.
    assert s["10:35:00"]["rate_ml_h"] == 75 and s["10:35:00"]["next_rate_ml_h"] == 100
    assert s["10:35:00"]["volume_infused_ml"] == 43.8
    stopped = s["10:41:30"]
    assert stopped["phase"] == "stopped" and stopped["volume_infused_ml"] == 51.3
    assert stopped["vitals_overdue"] is False  # due since onset, within the 5 min grace
    assert codes(stopped) == ["reaction_interrupt"]
    assert stopped["alarm"] == {"priority": "high", "reasons": ["reaction_severe", "vitals_due"]}
    low = s["10:45:00"]
    assert low["news2"]["total"] == 9 and low["news2"]["band"] == "high"
    assert {"news2_high", "systolic_low", "systolic_drop"} <= set(codes(low))
    assert s["11:12:00"]["suggested_rate_ml_h"] == 37.5
    restarted = s["11:20:00"]
    assert restarted["phase"] == "infusing" and restarted["next_rate_ml_h"] == 62.5
    late = s["11:46:00"]
    assert late["next_rate_reason"] == "record vital signs first"
    assert late["vitals_due_at"] == "2026-03-02T11:42:00+00:00" and not late["vitals_overdue"]
    assert late["alarm"] == {"priority": "low", "reasons": ["vitals_due", "rate_step_due"]}
    assert s["11:12:00"]["alarm"] is None


def test_natalizumab_life_threatening_reaction_discontinues() -> None:
    s = replay("natalizumab-life-threatening.json")
    assert s["09:40:00"]["projected_end_at"] == "2026-03-02T10:30:00+00:00"
    after = s["09:55:00"]
    assert after["phase"] == "discontinued" and after["drug_discontinued"] is True
    assert after["volume_infused_ml"] == 40.2  # 21 min at 115 mL/h until the stop at 09:51
    assert after["news2"]["total"] == 16  # 100.4 F entered, scored as 38.0 C
    assert "fever" in codes(after)
    assert codes(after)[:2] == ["drug_discontinued", "reaction_stop_and_discontinue"]


def base() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (SCENARIOS / "ocrevus-initial-on-schedule.json").read_text(encoding="utf-8")
    )
    return loaded


def broken(change: str) -> dict[str, Any]:
    scenario = base()
    events = scenario["events"]
    if change == "unknown protocol":
        scenario["protocol"] = "ocrevus-oral"
    elif change == "unknown event type":
        events[2]["type"] = "coffee_break"
    elif change == "out of order":
        events[3]["at"] = "2026-03-02T08:00:00+00:00"
    elif change == "rate above maximum":
        events[6]["rate_ml_h"] = 200
    elif change == "impossible vitals":
        events[0]["systolic"] = 20
    elif change == "missing scenario field":
        del scenario["dose_mg"]
    elif change == "missing event field":
        del events[4]["rate_ml_h"]
    elif change == "naive time":
        events[1]["at"] = "2026-03-02T08:55:00"
    elif change == "unknown scenario field":
        scenario["colour"] = "blue"
    elif change == "no query times":
        scenario["query_times"] = []
    elif change == "wrong dose":
        scenario["dose_mg"] = 600
    elif change == "bag beyond any station's":  # the fuzzer's case: projected end past year 9999
        scenario["bag_volume_ml"] = 2760000000020.0
    elif change == "impossible sequence":
        events.insert(5, {"type": "resumed", "at": "2026-03-02T09:31:00+00:00", "rate_ml_h": 30})
    return scenario


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown protocol", "field 'protocol': unknown protocol 'ocrevus-oral'"),
        ("unknown event type", "event 2 (coffee_break): field 'type': unknown event type"),
        ("out of order", "event 3 (vitals): field 'at': 2026-03-02T08:00:00+00:00 is before"),
        ("rate above maximum", "event 6 (rate_changed): field 'rate_ml_h': 200 mL/h is above"
         " the protocol's maximum 180 mL/h"),
        ("impossible vitals", "event 0 (vitals): field 'systolic': systolic = 20: allowed range"
         " 40-300 mmHg"),
        ("missing scenario field", "field 'dose_mg': missing"),
        ("missing event field", "event 4 (infusion_started): field 'rate_ml_h': missing"),
        ("naive time", "event 1 (premedication_given): field 'at': '2026-03-02T08:55:00' needs"
         " a time zone"),
        ("no query times", "field 'query_times': must be a non-empty list"),
        ("unknown scenario field", "field 'colour': not a scenario field"),
        ("wrong dose", "field 'dose_mg': 600 mg is not the protocol's 300 mg"),
        ("bag beyond any station's", "field 'bag_volume_ml': at most 2000 mL, got 2.76e+12"),
        ("impossible sequence", "event 5 (resumed): field 'type': only a paused infusion"),
    ],
)  # fmt: skip
def test_bad_input_is_refused(tmp_path: Path, change: str, message: str) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(broken(change)), encoding="utf-8")
    code, out, err = run(path)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert message in err, err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"protocol": "ocrevus-iv-initial",', "malformed JSON"),
        ("[]", "must be a JSON object"),
        ('{"protocol": "natalizumab"}', "field 'infusion_number': missing"),
    ],
)
def test_malformed_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(path)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert message in err


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    code, out, err = run(tmp_path / "nowhere.json")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "cannot be read" in err
