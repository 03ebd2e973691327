"""The station's site protocol folder at the start: one that does not validate is refused with
a message naming it; with no site folder the start reads no protocol file (the bundled library
is read when first needed, not on the way to the chairs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import protocol_library
from nurse_monitor.services.database import Database
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from tests.gui.station_steps import open_station
from tests.storage.conftest import Staff


@pytest.fixture(autouse=True)
def no_site_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(protocol_library.SITE_PROTOCOLS_ENV, raising=False)
    yield
    protocol_library.use_site_protocols("")


def test_a_site_folder_that_does_not_validate_is_refused_at_the_start(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences: Preferences,
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.toml").write_text("id = \n", encoding="utf-8")
    preferences.site_protocols_dir = str(tmp_path)
    open_station(qtbot, db, clock, staff.nurse, preferences)
    assert [(kind, title) for kind, title, _ in shown.shown] == [
        ("error", "Site protocols not used")
    ]
    assert "The site protocol folder was refused" in shown.shown[0][2]
    assert protocol_library.site_protocols_dir() is None
    assert "broken" not in protocol_library.protocol_library()


def test_with_no_site_folder_the_start_reads_no_protocol_file(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences: Preferences,
    shown: dialogs.RecordingDialogs,
) -> None:
    protocol_library.reload_protocol_library()
    window = open_station(qtbot, db, clock, staff.nurse, preferences)
    assert window.board is not None
    assert protocol_library._library_files.cache_info().currsize == 0
    assert shown.shown == []
    assert protocol_library.protocol_library()  # read when first needed
