"""Playing alarm cycles through the sound device with miniaudio (MIT, self-contained wheels).

The device opens on first use; if none can be opened, `problem` says why and `play_cycle`
returns False so that the station can fall back to the system beep and say so. Tests pass
`null_device=True` (miniaudio's NULL backend: real timing, no sound card).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Generator

from nurse_monitor.sound.alarm_patterns import SAMPLE_RATE, cycle_samples

# The device asks for this much at a time: a new burst starts within it (miniaudio's default
# of 200 ms put the sound 80 ms behind the screen: benchmarks/alarm_latency.py).
BUFFER_MS = 40


class AlarmPlayer:
    """One output stream; each request replaces what is playing with one cycle of a pattern."""

    def __init__(self, *, null_device: bool = False) -> None:
        self._null = null_device
        self._device: object | None = None
        self._lock = threading.Lock()
        self._samples: array[int] = array("h")
        self._position = 0
        # Each priority's cycle at the last volume asked, synthesised once (12 ms for high) and
        # only read from then on: a repeat burst starts at once. At most three cycles, 1.8 MB.
        self._cycles: dict[str, tuple[int, array[int]]] = {}
        self.frames_played = 0  # frames handed to the device that carried a signal
        self.heard = threading.Event()  # set once signal frames have reached the device
        self.problem: str | None = None

    def play_cycle(self, priority: str, volume: int) -> bool:
        """Start one cycle of `priority` now; False when no audio device can be opened."""
        if not self.open():
            return False
        volume_had, samples = self._cycles.get(priority, (None, array("h")))
        if volume_had != volume:
            samples = cycle_samples(priority, volume)
            self._cycles[priority] = volume, samples
        with self._lock:
            self._samples, self._position = samples, 0
        return True

    def stop(self) -> None:
        with self._lock:
            self._samples, self._position = array("h"), 0

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            device.close()  # type: ignore[attr-defined]

    def open(self) -> bool:
        """Open the device if it is not yet open; False when none can be opened (`problem`)."""
        if self._device is not None:
            return True
        if self.problem is not None:
            return False
        try:
            import miniaudio  # on first use: the start does not wait for the sound library

            backends = [miniaudio.Backend.NULL] if self._null else None
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=SAMPLE_RATE,
                buffersize_msec=BUFFER_MS,
                backends=backends,
            )
            stream = self._stream()
            next(stream)
            device.start(stream)
        except Exception as error:  # any failure means "no sound device"
            self.problem = f"no audio device could be opened ({error})"
            return False
        self._device = device
        return True

    def _stream(self) -> Generator[array[int], int, None]:
        """miniaudio's pull generator: each request gets the next frames of the cycle."""
        frames = yield array("h")
        while True:
            with self._lock:
                chunk = self._samples[self._position : self._position + frames]  # a copy
                self._position += len(chunk)
            if any(chunk):
                self.frames_played += len(chunk)
                self.heard.set()
            if len(chunk) < frames:
                chunk.extend([0] * (frames - len(chunk)))
            frames = yield chunk
