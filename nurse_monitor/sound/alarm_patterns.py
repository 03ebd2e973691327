"""The alarm signals after IEC 60601-1-8, synthesised: standard library only, no device, no Qt.

Patterns as clinical-reference.md section 10 gives them (design defaults of ours after the
standard): high, a burst of 10 pulses (3 + 2, a pause, 3 + 2) repeating every 10 s; medium, a
burst of 3 pulses every 25 s; low, one pulse, not repeated. Pulses 100 to 150 ms (the standard's
75 to 200 ms), each with a fundamental between 150 and 1000 Hz and four harmonics in 300 to
4000 Hz, shaped with 15 ms rises and falls so that they do not click. One cycle is the burst and
the silence until the next burst would begin (for low, the pulse and one second of silence).

Plain Python (math and array), not numpy: the board imports this at start, and numpy alone cost
about 100 ms of the start to the board (benchmarks/start_to_board.py). Only the pulses are
computed; the silence is zero bytes. The samples are the same, bit for bit, as the numpy
formulation of the same formula (tests/unit/test_alarm_sound_without_numpy.py holds it).
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

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


def _linspace(first: float, last: float, count: int) -> list[float]:
    """`count` evenly spaced values from `first` to `last`, computed as numpy.linspace does."""
    if count == 1:
        return [first]
    step = (last - first) / (count - 1)
    values = [i * step + first for i in range(count)]
    values[-1] = last
    return values


def pulse(p: Pattern, rate: int = SAMPLE_RATE) -> list[float]:
    """One pulse: fundamental plus four harmonics, normalised to a peak of 1, ramped ends."""
    count = round(p.pulse_s * rate)
    partials = [
        (level, 2 * math.pi * p.fundamental_hz * (n + 1)) for n, level in enumerate(HARMONIC_LEVELS)
    ]
    signal: list[float] = []
    for i in range(count):
        t = i / rate
        value = 0.0
        for level, omega in partials:
            value = value + level * math.sin(omega * t)
        signal.append(value)
    peak = max(abs(v) for v in signal)
    ramp = int(RAMP_S * rate)
    envelope = [1.0] * count
    envelope[:ramp] = _linspace(0.0, 1.0, ramp)
    envelope[-ramp:] = _linspace(1.0, 0.0, ramp)
    return [v / peak * e for v, e in zip(signal, envelope, strict=True)]


def cycle_samples(priority: str, volume: int = 100, rate: int = SAMPLE_RATE) -> array[int]:
    """One cycle as 16-bit samples (array of 'h'), the volume preference (0 to 100) scaling the
    signal."""
    if not 0 <= volume <= 100:
        raise ValueError(f"Volume: 0 to 100, got {volume}")
    p = pattern(priority)
    total = round(p.cycle_s * rate)
    one = pulse(p, rate)
    starts = [round(onset * rate) for onset in p.onsets_s]
    sounding = min(total, max(starts) + len(one))  # from here to the cycle's end: silence
    burst = [0.0] * sounding
    for start in starts:
        for i, value in enumerate(one[: max(0, sounding - start)]):
            burst[start + i] += value
    gain = volume / 100
    out = array("h", bytes(2 * total))
    out[:sounding] = array("h", [round(v * FULL_SCALE * gain * 32767) for v in burst])
    return out


def write_wav(path: Path, samples: array[int], rate: int = SAMPLE_RATE) -> None:
    """16-bit PCM mono WAV, written whole or not at all (a temporary file renamed over)."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".alarm-", suffix=".wav", dir=folder)
    os.close(handle)
    try:
        with wave.open(temporary, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            little = array("h", samples)
            if sys.byteorder == "big":
                little.byteswap()  # WAV is little-endian
            out.writeframes(little.tobytes())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
