"""The synthesised alarm signals, read back from their samples, and played on a NULL device."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from nurse_monitor.cli import main
from nurse_monitor.sound.alarm_patterns import SAMPLE_RATE, cycle_samples, pattern
from nurse_monitor.sound.playback import AlarmPlayer


def read_wav(path: Path) -> npt.NDArray[np.int16]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, SAMPLE_RATE)
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


def pulses(samples: npt.NDArray[np.int16]) -> list[tuple[float, float]]:
    """(start, length) in seconds of each stretch of sound, gaps of 20 ms or more apart."""
    loud = np.abs(samples.astype(np.float64)) > 0.02 * 32767
    found: list[tuple[float, float]] = []
    index = np.flatnonzero(loud)
    start = prev = int(index[0])
    for i in index[1:]:
        if i - prev > 0.02 * SAMPLE_RATE:
            found.append((start / SAMPLE_RATE, (prev - start) / SAMPLE_RATE))
            start = int(i)
        prev = int(i)
    found.append((start / SAMPLE_RATE, (prev - start) / SAMPLE_RATE))
    return found


@pytest.fixture(params=["high", "medium", "low"])
def written(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, npt.NDArray[np.int16]]:
    path = tmp_path / f"{request.param}.wav"
    assert main(["alarm-sound", "--priority", request.param, "-o", str(path)]) == 0
    return request.param, read_wav(path)


def test_burst_then_silence_until_the_next_burst(written) -> None:  # type: ignore[no-untyped-def]
    priority, samples = written
    found = pulses(samples)
    length = len(samples) / SAMPLE_RATE
    if priority == "high":
        assert len(found) == 10
        gaps = np.diff([s for s, _ in found])
        # 3 + 2, a pause, 3 + 2: the pair after a longer gap, the pause longest of all.
        assert gaps[0] == pytest.approx(gaps[1], abs=0.01) and gaps[2] > gaps[1] + 0.1
        assert gaps[4] > 0.35 + 0.1 and gaps[4] > gaps[2]
        assert np.allclose(gaps[:4], gaps[5:], atol=0.01)
        assert length == pytest.approx(10.0, abs=0.01)  # repeats every 10 s
    elif priority == "medium":
        assert len(found) == 3
        assert length == pytest.approx(25.0, abs=0.01)  # repeats every 25 s
    else:
        assert len(found) == 1
        assert length - found[0][1] >= 1.0  # the pulse and one second of silence
    for _, duration in found:
        assert 0.075 <= duration + 0.015 <= 0.2  # 75 to 200 ms (the ramps fade below 2%)
    assert max(s + d for s, d in found) < (3.0 if priority == "high" else 1.0)


def test_fundamental_and_four_harmonics_by_fft(written) -> None:  # type: ignore[no-untyped-def]
    priority, samples = written
    p = pattern(priority)
    one = samples[: int(p.pulse_s * SAMPLE_RATE)].astype(np.float64)
    padded = np.zeros(SAMPLE_RATE)  # 1 Hz bins
    padded[: len(one)] = one * np.hanning(len(one))
    spectrum = np.abs(np.fft.rfft(padded))
    freqs = np.fft.rfftfreq(len(padded), 1 / SAMPLE_RATE)
    peak = spectrum.max()
    strong = freqs[(spectrum > peak * 10 ** (-15 / 20))]  # within 15 dB of the strongest
    fundamental = freqs[np.argmax(spectrum[freqs < 1000])]
    assert 150 <= fundamental <= 1000
    harmonics = {n for n in range(2, 12) if np.any(np.abs(strong - n * fundamental) < 15)}
    in_band = {n for n in harmonics if 300 <= n * fundamental <= 4000}
    assert len(in_band) >= 4


def test_volume_scales_the_signal() -> None:
    loud = np.array(cycle_samples("medium", 100), dtype=np.int32)
    quiet = np.array(cycle_samples("medium", 50), dtype=np.int32)
    assert np.abs(quiet).max() == pytest.approx(np.abs(loud).max() / 2, rel=0.01)
    assert not np.any(cycle_samples("low", 0))
    with pytest.raises(ValueError, match="Volume: 0 to 100"):
        cycle_samples("low", 101)
    with pytest.raises(ValueError, match="Priority: one of high, medium, low"):
        cycle_samples("urgent")


def test_a_refused_output_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder" / "a.wav"
    assert main(["alarm-sound", "--priority", "low", "-o", str(missing)]) == 2
    assert "not a file in an existing folder" in capsys.readouterr().err
    assert not missing.parent.exists()
    assert main(["alarm-sound", "--priority", "low", "-o", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_playback_through_the_null_backend() -> None:
    player = AlarmPlayer(null_device=True)
    try:
        assert player.play_cycle("low", 70)
        assert player.problem is None
        assert player.heard.wait(timeout=10)  # the device pulled the pulse's frames
        player.stop()
        assert player.frames_played > 0
    finally:
        player.close()
