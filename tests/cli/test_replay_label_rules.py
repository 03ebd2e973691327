"""Issue 14's label rules end to end through `nurse-monitor replay` (the real command line):
rate above the plan, a reaction after the end, eligibility of the 2-hour option, the minimum
interval between doses, a syringe without a bag, and the label's symptom spellings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nurse_monitor.cli import main

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


def replay(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, dict[str, Any]], str]:
    code = main(["replay", str(path)])
    captured = capsys.readouterr()
    statuses = json.loads(captured.out) if captured.out else []
    return code, {s["at"][11:16]: s for s in statuses}, captured.err


def codes(status: dict[str, Any]) -> list[str]:
    return [a["code"] for a in status["alerts"]]


def alert(status: dict[str, Any], code: str) -> dict[str, str]:
    return next(a for a in status["alerts"] if a["code"] == code)


def test_rate_above_plan_with_its_reason_until_the_plan_catches_up(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, s, err = replay(SCENARIOS / "ocrevus-initial-above-plan.json", capsys)
    assert (code, err) == (0, "")
    start = alert(s["09:31"], "rate_above_plan")
    assert set(start) >= {"code", "message", "rule"}
    assert "allows 30 mL/h now" in start["message"]
    assert "Reason given: prescriber ordered 60 mL/h start" in start["message"]
    assert start["rule"].startswith("Ocrevus label rate schedule: start at 30 mL/h")
    assert "rate_above_plan" not in codes(s["09:51"])  # the rate came down
    assert "allows 60 mL/h now" in alert(s["10:21"], "rate_above_plan")["message"]  # skipped step
    assert "rate_above_plan" in codes(s["10:49"])
    assert "rate_above_plan" not in codes(s["10:50"])  # the plan caught up


def test_a_reaction_after_the_end_gives_no_rate_and_extends_observation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, s, err = replay(SCENARIOS / "ocrevus-standard-reaction-after-end.json", capsys)
    assert (code, err) == (0, "")
    onset = s["13:21"]
    assert onset["suggested_rate_ml_h"] is None and onset["next_rate_ml_h"] is None
    guidance = alert(onset, "reaction_after_infusion")["message"]
    assert "assess and treat" in guidance and "inform the prescriber" in guidance
    assert onset["current_reaction"]["severity"] == "moderate"
    # The infusion ended at 12:54 (observation to 13:54); resolved at 13:40, so 14:40.
    assert s["13:55"]["observation_ends_at"] == "2026-03-02T14:40:00+00:00"
    assert s["13:55"]["phase"] == "observing" and not s["13:55"]["discharge_allowed"]
    assert s["14:40"]["discharge_allowed"] is True


def test_a_dose_before_the_minimum_interval_raises_dose_too_early(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, s, err = replay(SCENARIOS / "ocrevus-standard-dose-too-early.json", capsys)
    assert (code, err) == (0, "")
    early = alert(s["09:00"], "dose_too_early")
    assert "minimum is 20 weeks" in early["message"] and "Ocrevus label" in early["rule"]
    assert "dose_too_early" in codes(s["09:40"])


def test_a_dose_after_the_minimum_interval_raises_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = json.loads((SCENARIOS / "ocrevus-standard-dose-too-early.json").read_text())
    scenario["previous_dose_at"] = "2025-09-15T09:30:00+00:00"  # 24 weeks before
    path = tmp_path / "on-time.json"
    path.write_text(json.dumps(scenario))
    code, s, _ = replay(path, capsys)
    assert code == 0 and "dose_too_early" not in codes(s["09:00"])


@pytest.mark.parametrize(
    ("name", "field", "words"),
    [
        ("ocrevus-short-infusion-1.json", "infusion_number", "not infusion 1"),
        ("ocrevus-short-after-serious-reaction.json", "prior_serious_reaction", "serious"),
    ],
)
def test_the_2_hour_option_is_refused_where_the_label_says(
    capsys: pytest.CaptureFixture[str], name: str, field: str, words: str
) -> None:
    code, s, err = replay(SCENARIOS / "refused" / name, capsys)
    assert code == 2 and s == {}
    assert f"field '{field}'" in err and words in err
    assert "never infusions 1 or 2" in err and "Ocrevus label" in err


def test_a_subcutaneous_injection_has_no_bag_and_no_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, s, err = replay(SCENARIOS / "ocrevus-zunovo-first-injection-no-bag.json", capsys)
    assert (code, err) == (0, "")
    assert s["09:45"]["volume_infused_ml"] == 11.5  # 23 mL over its own 10 min
    assert s["09:52"]["observation_ends_at"] == "2026-03-02T10:50:00+00:00"  # first SC: 60 min


def test_an_infusion_still_needs_its_bag_volume_and_start_rate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = json.loads((SCENARIOS / "ocrevus-standard-dose-too-early.json").read_text())
    del scenario["bag_volume_ml"]
    path = tmp_path / "no-bag.json"
    path.write_text(json.dumps(scenario))
    code, _, err = replay(path, capsys)
    assert code == 2 and "field 'bag_volume_ml': missing" in err
    scenario["bag_volume_ml"] = 500
    del scenario["events"][-1]["rate_ml_h"]
    path.write_text(json.dumps(scenario))
    code, _, err = replay(path, capsys)
    assert code == 2 and "rate_ml_h" in err and "subcutaneous" in err


def test_the_labels_symptom_spellings_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = replay(SCENARIOS / "ocrevus-standard-reaction-after-end.json", capsys)
    assert (code, err) == (0, "")  # "Throat irritation" as the label writes it
    scenario = json.loads((SCENARIOS / "ocrevus-standard-reaction-after-end.json").read_text())
    reaction = next(e for e in scenario["events"] if e["type"] == "reaction")
    reaction["symptoms"] = ["PHARYNGEAL OR LARYNGEAL EDEMA", "injection-site pain"]
    path = tmp_path / "spelled.json"
    path.write_text(json.dumps(scenario))
    assert replay(path, capsys)[0] == 0
    reaction["symptoms"] = ["sore toe"]
    path.write_text(json.dumps(scenario))
    code, _, err = replay(path, capsys)
    assert code == 2 and "'sore toe' is not a listed symptom" in err


def test_previous_dose_at_must_be_a_time_before_the_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = json.loads((SCENARIOS / "ocrevus-standard-dose-too-early.json").read_text())
    refused = (
        ("yesterday", "not an ISO 8601 time"),
        ("2026-03-03T09:00:00+00:00", "before the session"),
    )
    for bad, words in refused:
        scenario["previous_dose_at"] = bad
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(scenario))
        code, _, err = replay(path, capsys)
        assert code == 2 and "previous_dose_at" in err and words in err
    scenario["previous_dose_at"] = "2025-09-15T09:30:00+00:00"
    scenario["prior_serious_reaction"] = "no"
    path.write_text(json.dumps(scenario))
    code, _, err = replay(path, capsys)
    assert code == 2 and "field 'prior_serious_reaction': must be true or false" in err
