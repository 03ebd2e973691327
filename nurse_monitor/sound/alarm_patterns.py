"""The alarm signals after IEC 60601-1-8, synthesised: pure numpy, no device, no Qt.

Patterns as clinical-reference.md section 10 gives them (design defaults of ours after the
standard): high, a burst of 10 pulses (3 + 2, a pause, 3 + 2) repeating every 10 s; medium, a
burst of 3 pulses every 25 s; low, one pulse, not repeated. Pulses 100 to 150 ms (the standard's
75 to 200 ms), each with a fundamental between 150 and 1000 Hz and four harmonics in 300 to
4000 Hz, shaped with 15 ms rises and falls so that they do not click. One cycle is the burst and
the silence until the next burst would begin (for low, the pulse and one second of silence).
"""

from __future__ import annotations

import os
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 22_050  # Hz: room for the highest harmonic (5 x 660 Hz) below Nyquist
PRIORITIES = ("high", "medium", "low")
HARMONIC_LEVELS = (1.0, 0.7, 0.55, 0.45, 0.35)  # fundamental and harmonics 2 to 5
RAMP_S = 0.015
FULL_SCALE = 0.8  # peak at volume 100, below clipping


@dataclass(frozen=True)
class Pattern:
    """One priority's pattern: pulse onsets within a cycle, pulse length, pitch, repeat."""

    priority: str
    onsets_s: tuple[float, ...]
    pulse_s: float
    cycle_s: float  # burst start to the next burst start (for low: the pulse and 1 s)
    fundamental_hz: float
    repeats: bool


def _onsets(gaps: tuple[float, ...]) -> tuple[float, ...]:
    times = [0.0]
    for gap in gaps:
        times.append(round(times[-1] + gap, 6))
    return tuple(times)


# High: pulse 100 ms, onsets 200 ms apart; 3 + 2 (a longer gap before the pair), a 0.7 s pause,
# then 3 + 2 again.
_HIGH_HALF = (0.2, 0.2, 0.4, 0.2)
PATTERNS = {
    "high": Pattern("high", _onsets((*_HIGH_HALF, 0.9, *_HIGH_HALF)), 0.1, 10.0, 660.0, True),
    "medium": Pattern("medium", _onsets((0.35, 0.35)), 0.15, 25.0, 440.0, True),
    "low": Pattern("low", (0.0,), 0.15, 1.15, 330.0, False),
}


def pattern(priority: str) -> Pattern:
    """The pattern of 'high', 'medium' or 'low'; ValueError naming what is allowed."""
    if priority not in PATTERNS:
        raise ValueError(f"Priority: one of {', '.join(PRIORITIES)}, got {priority!r}")
    return PATTERNS[priority]


def pulse(p: Pattern, rate: int = SAMPLE_RATE) -> npt.NDArray[np.float64]:
    """One pulse: fundamental plus four harmonics, normalised to a peak of 1, ramped ends."""
    t = np.arange(round(p.pulse_s * rate)) / rate
    wave_ = sum(
        level * np.sin(2 * np.pi * p.fundamental_hz * (n + 1) * t)
        for n, level in enumerate(HARMONIC_LEVELS)
    )
    signal = np.asarray(wave_, dtype=np.float64)
    signal /= np.max(np.abs(signal))
    ramp = int(RAMP_S * rate)
    envelope = np.ones_like(signal)
    envelope[:ramp] = np.linspace(0.0, 1.0, ramp)
    envelope[-ramp:] = np.linspace(1.0, 0.0, ramp)
    return signal * envelope


def cycle_samples(
    priority: str, volume: int = 100, rate: int = SAMPLE_RATE
) -> npt.NDArray[np.int16]:
    """One cycle as 16-bit samples, the volume preference (0 to 100) scaling the signal."""
    if not 0 <= volume <= 100:
        raise ValueError(f"Volume: 0 to 100, got {volume}")
    p = pattern(priority)
    out = np.zeros(round(p.cycle_s * rate), dtype=np.float64)
    one = pulse(p, rate)
    for onset in p.onsets_s:
        start = round(onset * rate)
        out[start : start + len(one)] += one
    scaled = out * FULL_SCALE * (volume / 100) * 32767
    return np.asarray(np.round(scaled), dtype=np.int16)


def write_wav(path: Path, samples: npt.NDArray[np.int16], rate: int = SAMPLE_RATE) -> None:
    """16-bit PCM mono WAV, written whole or not at all (a temporary file renamed over)."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".alarm-", suffix=".wav", dir=folder)
    os.close(handle)
    try:
        with wave.open(temporary, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(samples.astype("<i2").tobytes())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
