"""The alarm sound is synthesised without numpy (numpy cost the start about 100 ms), and its
samples are the very samples of the numpy formulation it replaced; the first alarm plays in a
process whose start never imported numpy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from nurse_monitor.sound.alarm_patterns import (
    FULL_SCALE,
    HARMONIC_LEVELS,
    PRIORITIES,
    RAMP_S,
    SAMPLE_RATE,
    cycle_samples,
    pattern,
)
from nurse_monitor.sound.playback import AlarmPlayer

ROOT = Path(__file__).resolve().parents[2]


def numpy_cycle(priority: str, volume: int) -> npt.NDArray[np.int16]:
    """The numpy synthesis the station used before (sessions 3 and 4), kept as the reference."""
    p = pattern(priority)
    t = np.arange(round(p.pulse_s * SAMPLE_RATE)) / SAMPLE_RATE
    wave_ = sum(
        level * np.sin(2 * np.pi * p.fundamental_hz * (n + 1) * t)
        for n, level in enumerate(HARMONIC_LEVELS)
    )
    signal = np.asarray(wave_, dtype=np.float64)
    signal /= np.max(np.abs(signal))
    ramp = int(RAMP_S * SAMPLE_RATE)
    envelope = np.ones_like(signal)
    envelope[:ramp] = np.linspace(0.0, 1.0, ramp)
    envelope[-ramp:] = np.linspace(1.0, 0.0, ramp)
    one = signal * envelope
    out = np.zeros(round(p.cycle_s * SAMPLE_RATE), dtype=np.float64)
    for onset in p.onsets_s:
        start = round(onset * SAMPLE_RATE)
        out[start : start + len(one)] += one
    scaled = out * FULL_SCALE * (volume / 100) * 32767
    return np.asarray(np.round(scaled), dtype=np.int16)


@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("volume", [100, 70, 33, 1, 0])
def test_the_samples_are_those_of_the_numpy_synthesis(priority: str, volume: int) -> None:
    samples = cycle_samples(priority, volume)
    assert samples.typecode == "h"
    reference = numpy_cycle(priority, volume)
    assert np.array_equal(np.frombuffer(samples.tobytes(), dtype=np.int16), reference)


def test_a_player_synthesises_a_cycle_once_per_volume() -> None:
    player = AlarmPlayer(null_device=True)
    try:
        assert player.play_cycle("medium", 70)
        first = player._samples
        assert player.play_cycle("medium", 70)
        assert player._samples is first  # the repeat burst reuses the cycle
        assert player.play_cycle("medium", 40)
        assert player._samples is not first
        assert np.array_equal(np.asarray(player._samples), numpy_cycle("medium", 40))
    finally:
        player.close()


FIRST_ALARM = """
import sys
import nurse_monitor.ui.app  # the start: application, main window, board, alarms, chime
from nurse_monitor.sound.playback import AlarmPlayer
from nurse_monitor.ui.board.signals_out import Chime

assert "numpy" not in sys.modules, "the start imported numpy"
player = AlarmPlayer(null_device=True)
chime = Chime(player)
chime.play("high", 70)
assert player.problem is None, player.problem
assert player.heard.wait(timeout=60), "the first burst never reached the device"
assert player.frames_played > 0
chime.close()
print("first alarm heard, numpy not imported by the start")
"""


def test_the_first_alarm_plays_in_a_start_that_never_imported_numpy(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", FIRST_ALARM],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "first alarm heard, numpy not imported by the start" in result.stdout
