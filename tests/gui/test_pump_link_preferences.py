"""The pump link in the Preferences dialog: enabled, address and port, checked naming the field,
applied without a restart (the receiver moves to the new address), a port in use told plainly
and shown in the status bar, never a crash; the gateway note on a network address."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from nurse_monitor.services.database import Database
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences, PumpLinkSetting
from nurse_monitor.ui.preferences_dialog import PreferencesDialog
from nurse_monitor.ui.pump_receiver import StationPumpLink, show_pump_link
from tests.gui.test_pump_receiver import free_port


@pytest.fixture
def station(
    qtbot: QtBot, db: Database, preferences: Preferences
) -> Iterator[tuple[QLabel, StationPumpLink]]:
    """A window with the station's pump link and its status label, the link off."""
    window = QMainWindow()
    qtbot.addWidget(window)
    link = StationPumpLink(db, preferences, window)
    label = show_pump_link(link, window)
    window.show()
    link.apply()
    yield label, link
    link.stop()


def save_through_dialog(
    qtbot: QtBot, preferences: Preferences, *, enabled: bool, host: str, port: str
) -> PreferencesDialog:
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.pump_link
    if fields.enabled.isChecked() != enabled:
        qtbot.mouseClick(fields.enabled, Qt.MouseButton.LeftButton)
    fields.host.selectAll()
    qtbot.keyClicks(fields.host, host)
    fields.port.selectAll()
    qtbot.keyClicks(fields.port, port)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    return dialog


def answers(port: int) -> bool:
    """Whether an MLLP listener on this port answers a message (any ACK)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"\x0bnot a pump message\x1c\r")
        return b"MSA|" in sock.recv(65536)


def test_defaults_and_the_gateway_note_on_a_network_address(
    qtbot: QtBot, preferences: Preferences
) -> None:
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.pump_link
    assert not fields.enabled.isChecked()
    assert (fields.host.text(), fields.port.text()) == ("127.0.0.1", "2575")
    assert fields.gateway_note.isHidden()
    fields.host.selectAll()
    qtbot.keyClicks(fields.host, "0.0.0.0")
    assert not fields.gateway_note.isHidden()
    assert "site settings kept in the record" in fields.gateway_note.text()


@pytest.mark.parametrize(
    ("host", "port", "words"),
    [
        ("127.0.0.1", "70000", "Pump link port: a whole number from 1 to 65535"),
        ("127.0.0.1", "0", "Pump link port: a whole number from 1 to 65535"),
        ("127.0.0.1", "25x", "Pump link port: a whole number from 1 to 65535"),
        ("ward-7", "2575", "Pump link address: an IP address of this computer"),
    ],
)
def test_a_bad_address_or_port_is_refused_naming_the_field_and_nothing_is_stored(
    qtbot: QtBot,
    station: tuple[QLabel, StationPumpLink],
    preferences: Preferences,
    host: str,
    port: str,
    words: str,
) -> None:
    _, link = station
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.facility.setText("Another name")  # would be stored by a save that went through
    dialog.pump_link.enabled.setChecked(True)
    dialog.pump_link.host.setText(host)
    dialog.pump_link.port.setText(port)
    assert not dialog.save()
    assert dialog.error.text().startswith(words)
    assert preferences.pump_link == PumpLinkSetting()
    assert preferences.facility_name == "Infusion Center"
    assert link.receiver is None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def receiving_on(qtbot: QtBot, label: QLabel, port: int) -> None:
    """The listener process is bound: the status bar says so (it starts in the background)."""
    qtbot.waitUntil(
        lambda: label.text() == f"Pump link: receiving on 127.0.0.1:{port}", timeout=20000
    )


def test_saved_settings_apply_at_once_and_move_the_receiver(
    qtbot: QtBot, station: tuple[QLabel, StationPumpLink], preferences: Preferences
) -> None:
    label, link = station
    first, second = free_port(), free_port()
    save_through_dialog(qtbot, preferences, enabled=True, host="127.0.0.1", port=str(first))
    assert preferences.pump_link == PumpLinkSetting(True, "127.0.0.1", first)
    assert label.text() == f"Pump link: starting on 127.0.0.1:{first}" and label.isVisible()
    receiving_on(qtbot, label, first)
    assert answers(first)
    assert label.isVisible()
    assert link.receiver is not None
    first_pid = link.receiver.process.processId()
    assert process_alive(first_pid)
    save_through_dialog(qtbot, preferences, enabled=True, host="127.0.0.1", port=str(second))
    receiving_on(qtbot, label, second)
    assert answers(second)
    with pytest.raises(ConnectionRefusedError):
        answers(first)  # the old address is let go: its process has ended
    assert not process_alive(first_pid)
    assert link.receiver is not None
    second_pid = link.receiver.process.processId()
    with qtbot.waitSignal(link.status_changed, timeout=5000):
        save_through_dialog(qtbot, preferences, enabled=False, host="127.0.0.1", port=str(second))
    assert link.receiver is None and label.isHidden()
    assert not process_alive(second_pid)  # turned off: its process has ended
    with pytest.raises(ConnectionRefusedError):
        answers(second)


def test_a_port_in_use_is_told_plainly_and_shown_never_a_crash(
    qtbot: QtBot,
    station: tuple[QLabel, StationPumpLink],
    preferences: Preferences,
    shown: dialogs.RecordingDialogs,
) -> None:
    label, link = station
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        busy = int(other_program.getsockname()[1])
        with qtbot.waitSignal(link.failed, timeout=20000) as failed:
            save_through_dialog(qtbot, preferences, enabled=True, host="127.0.0.1", port=str(busy))
        assert failed.args == [f"Port {busy} is in use by another program"]
        assert link.receiver is None
        kind, title, text = shown.shown[-1]
        assert (kind, title) == ("error", "Pump link not started")
        assert text.startswith(f"Port {busy} is in use by another program.")
        assert label.text() == f"Pump link off: Port {busy} is in use by another program"
        assert label.isVisible()
    # The other program gone, applying again starts the listener on that port.
    link.apply()
    receiving_on(qtbot, label, busy)
    assert answers(busy)
