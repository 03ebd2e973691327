"""Root of the test suite: offscreen Qt, the database plugin, markers, and loud failures.

- The database fixtures (`clock`, `database_url`, `db`, `staff`, `alice`...) live in one plugin,
  tests/plugins/databases.py; no conftest imports another.
- A test is marked `gui` when it uses the `qapp` fixture (directly or through `qtbot`), wherever
  it lives, and `system` under tests/system/: `pytest -m "not gui and not system"` is the fast
  loop, and it never starts a QApplication.
- A Qt test that leaves a QTimer running fails (napari's `_dangling_qtimers`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: with no display, Qt would abort the whole pytest process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test does may touch the real application-data folder.
os.environ["NURSE_MONITOR_DATA_DIR"] = tempfile.mkdtemp(prefix="nurse-monitor-tests-")

import pytest

pytest_plugins = ["tests.plugins.databases", "tests.plugins.stations", "tests.plugins.zones"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`gui` by use of the qapp fixture (qutebrowser's way), `system` by folder."""
    for item in items:
        if "qapp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
        if "system" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.system)


@pytest.fixture(autouse=True)
def _dangling_qtimers(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt test that leaves a QTimer running fails (a timer firing into the next test, or
    into a closed window, is how flaky GUI suites start)."""
    yield
    if "qapp" not in request.fixturenames:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QApplication.processEvents()
    running = [t for t in app.findChildren(QTimer) if t.isActive()]
    for widget in QApplication.topLevelWidgets():
        running += [t for t in widget.findChildren(QTimer) if t.isActive()]
    assert not running, f"test left {len(running)} QTimer(s) running: " + ", ".join(
        t.objectName() or type(t.parent()).__name__ for t in running
    )
