"""GUI fixtures: every QTimer a test leaves running fails that test (napari's check)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def no_dangling_timers(qapp: QApplication) -> Iterator[None]:
    yield
    QApplication.processEvents()
    running = [t for t in qapp.findChildren(QTimer) if t.isActive()]
    for widget in QApplication.topLevelWidgets():
        running += [t for t in widget.findChildren(QTimer) if t.isActive()]
    assert not running, f"test left {len(running)} QTimer(s) running"
