"""`nurse-monitor replay` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nurse_monitor.cli import main

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


def test_replay_prints_one_status_per_query_time(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = sorted(SCENARIOS.glob("*.json"))[0]
    assert main(["replay", str(scenario)]) == 0
    statuses = json.loads(capsys.readouterr().out)
    expected = json.loads(scenario.read_text())["query_times"]
    assert [s["at"] for s in statuses] == [
        t.replace("Z", "+00:00") if t.endswith("Z") else t for t in expected
    ]
    assert all("volume_infused_ml" in s and "alerts" in s for s in statuses)


def test_replay_refuses_bad_input_with_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "protocol": "ocrevus-iv-initial",
                "infusion_number": 1,
                "dose_mg": 300,
                "bag_volume_ml": 250,
                "events": [
                    {
                        "at": "2026-03-02T09:30:00+00:00",
                        "type": "infusion_started",
                        "rate_ml_h": 500,
                    }
                ],
                "query_times": ["2026-03-02T10:00:00+00:00"],
            }
        )
    )
    assert main(["replay", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "rate_ml_h" in captured.err


SCENARIO = (SCENARIOS / "ocrevus-initial-on-schedule.json").read_text()
FIRST_QUERY = json.loads(SCENARIO)["query_times"][0]


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("1e999", SCENARIO.replace('"dose_mg": 300', '"dose_mg": 1e999', 1), "finite"),
        (
            "5,000 digits",
            SCENARIO.replace('"dose_mg": 300', '"dose_mg": ' + "9" * 5000, 1),
            "digits",
        ),
        ("deep nesting", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("year 1", SCENARIO.replace(FIRST_QUERY, "0001-01-01T00:00:00+14:00", 1), "out of range"),
        (
            "year 9999",
            SCENARIO.replace(FIRST_QUERY, "9999-12-31T23:59:59-12:00", 1),
            "out of range",
        ),
    ],
)
def test_replay_refuses_hostile_numbers_nesting_and_times_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str
) -> None:
    """Issue 16 defect 16: each of these raised a traceback."""
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    assert main(["replay", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and said in captured.err and "Traceback" not in captured.err
