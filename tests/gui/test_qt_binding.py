"""The Qt binding itself: guards against a known PySide6 6.12.0 defect.

PySide6-Essentials 6.12.0 drops a reference to `True` on every Signal.emit() called from
Python; on Python 3.11 the interpreter aborts with `bool_dealloc` once the count reaches zero
(a chart redraw emits about 30 signals). pyproject.toml pins below 6.12 for this reason.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    plain = Signal()
    number = Signal(int)


def test_emitting_signals_keeps_reference_counts_of_true_and_none() -> None:
    emitter = Emitter()
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(200):
        emitter.plain.emit()
        emitter.number.emit(3)
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert after[0] - before[0] > -50, "Signal.emit() leaks references to True"
    assert after[1] - before[1] > -50, "Signal.emit() leaks references to None"
