"""Screenshots of every screen, as a nurse sees them: `make screenshots` (not a pytest test).

Under a real X server with a window manager (Xvfb + openbox, so dialogs get their frame and
focus), one Xvfb per screen size and one program per theme. Each program opens the demo record
in a temporary folder (NURSE_MONITOR_DATA_DIR, the theme set in its own QSettings), drives the
real MainWindow in-process and saves the whole screen (`QScreen.grabWindow(0)`, frames included)
as PNG files named `<size>-<theme>-<NN>-<screen>.png`. The session PDF and the take-home sheet
are rendered once with pdftoppm.

    python tests/visual/screenshots.py --out /tmp/shots            # 3 themes x 2 sizes
    python tests/visual/screenshots.py --out /tmp/shots --themes dark --sizes 1366x768

Needs Xvfb, openbox and pdftoppm (Debian: xvfb openbox poppler-utils) and Qt's xcb libraries.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

THEMES = ("light", "dark", "high_contrast")
SIZES = ("1366x768", "1920x1080")
FIRST_DISPLAY = 91
SETTLE_MS = 300  # for the window manager to map and frame a window before the grab


# The driver: one X server per size, one capture program per theme ------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--themes", nargs="+", default=list(THEMES), choices=THEMES)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES))
    parser.add_argument("--only", nargs="*", default=[], help="screen names to take (default all)")
    parser.add_argument("--capture", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--theme", default="light", help=argparse.SUPPRESS)
    parser.add_argument("--size", default="1366x768", help=argparse.SUPPRESS)
    parser.add_argument("--pdfs", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.capture:
        return capture(args.out, args.theme, args.size, set(args.only), pdfs=args.pdfs)
    missing = [tool for tool in ("Xvfb", "openbox", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"screenshots: not found on PATH: {', '.join(missing)}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)  # the X servers stop with the driver
    failed = 0
    for number, size in enumerate(args.sizes):
        display = f":{FIRST_DISPLAY + number}"
        with XServer(display, size):
            for theme in args.themes:
                pdfs = number == 0 and theme == args.themes[0]
                command = [sys.executable, __file__, "--capture", "--out", str(args.out)]
                command += ["--theme", theme, "--size", size, *(["--pdfs"] if pdfs else [])]
                if args.only:
                    command += ["--only", *args.only]
                env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
                print(f"screenshots: {size} {theme}", flush=True)
                failed += subprocess.run(command, env=env, check=False).returncode != 0
    print(f"screenshots: {len(list(args.out.glob('*.png')))} files in {args.out}")
    return 1 if failed else 0


def _stop(_signal: int, _frame: object) -> None:
    raise SystemExit(1)


class XServer:
    """Xvfb at `size` with openbox on it, stopped (by their own ids) when the block ends."""

    def __init__(self, display: str, size: str) -> None:
        self.display, self.size = display, size
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> XServer:
        screen = f"{self.size}x24"
        quiet = subprocess.DEVNULL
        xvfb = [
            "Xvfb", self.display, "-screen", "0", screen, "-nolisten", "tcp"
        ]  # fmt: skip
        self.processes.append(subprocess.Popen(xvfb, stdout=quiet, stderr=quiet))
        socket = Path(f"/tmp/.X11-unix/X{self.display[1:]}")
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        env = dict(os.environ, DISPLAY=self.display)
        self.processes.append(subprocess.Popen(["openbox"], env=env, stdout=quiet, stderr=quiet))
        for _ in range(100):  # until openbox has taken the screen (EWMH's check window is set)
            found = subprocess.run(
                ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if "window id" in found.stdout:
                break
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=10)


# The capture: the real program on the demo record, one theme -----------------------------------


def capture(out: Path, theme: str, size: str, only: set[str], *, pdfs: bool) -> int:
    home = Path(tempfile.mkdtemp(prefix="nurse-monitor-shots-"))
    os.environ["NURSE_MONITOR_DATA_DIR"] = str(home)
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "conf"))
    from nurse_monitor.ui import dialogs
    from nurse_monitor.ui.app import application
    from nurse_monitor.ui.preferences import Preferences

    dialogs.dialogs = dialogs.RecordingDialogs()  # message boxes would wait for a click
    app = application()
    preferences = Preferences.for_station()
    preferences.theme = theme
    preferences.sync()
    shots = Shots(app, out, f"{size}-{theme}", only)
    screens = Screens(shots, home)
    screens.take_all()
    if pdfs:
        screens.render_pdfs()
    return 0


class Shots:
    """Numbered grabs of the whole screen (the window manager's frames included)."""

    def __init__(self, app: Any, out: Path, prefix: str, only: set[str]) -> None:
        self.app, self.out, self.prefix, self.only = app, out, prefix, only
        self.number = 0

    def wanted(self, name: str) -> bool:
        return not self.only or name in self.only

    def settle(self, ms: int = SETTLE_MS) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def take(self, name: str) -> None:
        self.number += 1
        if not self.wanted(name):
            return
        self.settle()
        picture = self.app.primaryScreen().grabWindow(0)
        path = self.out / f"{self.prefix}-{self.number:02d}-{name}.png"
        picture.save(str(path))


class Screens:
    """Every screen of the program, opened the way a nurse opens it."""

    def __init__(self, shots: Shots, home: Path) -> None:
        self.shots, self.home = shots, home

    def take_all(self) -> None:
        from nurse_monitor.clock import SystemClock
        from nurse_monitor.demo.seed import DEMO_PASSWORD, seed_demo
        from nurse_monitor.services.database import open_database, sqlite_url_for
        from nurse_monitor.services.sign_in import sign_in
        from nurse_monitor.ui.app import open_main_window

        self.url = sqlite_url_for(self.home / "demo.db")
        self.clock = SystemClock()
        self.db = open_database(self.url, self.clock, full_check=True)
        nurse = seed_demo(self.db)
        self.charge = sign_in(self.db, "demo.charge", DEMO_PASSWORD)
        self.admin = sign_in(self.db, "demo.admin", DEMO_PASSWORD)
        self.sign_in_screens()
        self.window = open_main_window(self.db, self.clock, nurse, demo=True)
        self.window.showMaximized()
        self.chairs = {c.chair: c.session_id for c in self.window.board.chairs}
        self.board_screens()
        self.workspace_screens()
        self.start_dialog_screens()
        self.station_dialogs()
        self.review_screens()
        self.lock_and_help()
        self.window._quit_confirmed = True
        self.window.close()

    # Sign-in ---------------------------------------------------------------------------------

    def sign_in_screens(self) -> None:
        from nurse_monitor.ui.sign_in_dialog import SignInDialog

        dialog = SignInDialog(self.db)
        dialog.show()
        self.shots.take("sign-in")
        dialog.username.setText("demo.nurse")
        dialog.password.setText("wrong")
        dialog.submit.click()
        self.shots.take("sign-in-refused")
        dialog.close()

    # The board ---------------------------------------------------------------------------------

    def board_screens(self) -> None:
        self.window.show_chairs()
        self.shots.take("board")
        self.window.tabs.setCurrentWidget(self.window.follow_ups)
        self.shots.take("follow-up-worklist")
        table = self.window.follow_ups.ensure_built().table
        if table.rowCount() > 0:
            table.selectRow(0)
        self.shots.take("follow-up-call-form")
        self.window.show_chairs()

    # The chair workspace, step by step --------------------------------------------------------

    def workspace_screens(self) -> None:
        from nurse_monitor.domain.checklist import Step
        from nurse_monitor.domain.vial_barcode import GS_SHOWN

        waiting = self.window.open_session(self.chairs["Chair 4"])
        for step, name in (
            (Step.SCREENING, "workspace-screening"),
            (Step.IV_ACCESS, "workspace-iv-access"),
            (Step.PREMEDICATIONS, "workspace-premedications"),
        ):
            waiting.show_step(step)
            self.shots.take(name)
        waiting.show_vitals_form()
        self.shots.take("workspace-baseline-vitals")
        form = waiting.vitals_form
        type_into(form.systolic, "85")
        type_into(form.spo2, "99.5")
        type_into(form.temperature, "99.1")
        self.shots.take("workspace-vitals-typed")
        waiting.show_step(Step.DRUG_VERIFICATION)
        check = waiting.step_forms[Step.DRUG_VERIFICATION]
        check.lot.setText("]d20100350242150019172701311" + f"0H0123B{GS_SHOWN}21SN0042")
        check.lot.returnPressed.emit()
        self.shots.take("workspace-drug-verification-scan")

        infusing = self.window.open_session(self.chairs["Chair 1"])
        infusing.tabs.setCurrentIndex(0)
        self.shots.take("workspace-infusion")
        infusing.tabs.setCurrentIndex(4)
        timeline = infusing.timeline
        timeline.table.selectRow(timeline.model.rowCount() - 1)
        self.shots.take("workspace-timeline-amendment")
        reaction = self.window.open_session(self.chairs["Chair 2"])
        reaction.tabs.setCurrentIndex(0)
        self.shots.take("workspace-reaction-infusion")
        reaction.tabs.setCurrentIndex(3)
        self.shots.take("workspace-reaction")
        observing = self.window.open_session(self.chairs["Chair 3"])
        for step, name in (
            (Step.END_OF_INFUSION, "workspace-end"),
            (Step.OBSERVATION, "workspace-observation"),
            (Step.DISCHARGE, "workspace-discharge"),
        ):
            observing.show_step(step)
            self.shots.take(name)
        self.high_alarm_on(infusing)

    def high_alarm_on(self, workspace: Any) -> None:
        """A reading with systolic below 90 on Chair 1: the workspace with its HIGH alarm."""
        from nurse_monitor.services import chair_actions

        values = {
            "systolic": 84,
            "diastolic": 50,
            "heart_rate": 118,
            "respiratory_rate": 24,
            "temperature_c": 37.9,
            "spo2": 93,
            "on_oxygen": False,
            "consciousness": "alert",
        }
        chair_actions.record_vitals(self.db, self.window.actor, self.chairs["Chair 1"], values)
        workspace.controller.reload()
        workspace.tabs.setCurrentIndex(0)
        self.window.tabs.setCurrentWidget(workspace)
        self.shots.take("workspace-high-alarm")
        self.window.show_chairs()
        self.shots.take("board-high-alarm")

    # Start a session --------------------------------------------------------------------------

    def start_dialog_screens(self) -> None:
        from nurse_monitor.ui.start.start_session_dialog import Page

        self.window._on_new_session_triggered()
        dialog = self.window._start_dialog
        self.shots.take("start-find-patient")
        type_into(dialog.finder.search, "Haddad")
        self.shots.settle(600)
        self.shots.take("start-patient-lookup")
        dialog._go_to(Page.REGISTER)
        self.shots.take("start-register-patient")
        dialog._go_to(Page.FIND)
        dialog.finder.search.clear()
        type_into(dialog.finder.search, "MRN-102006")
        self.shots.settle(600)
        results = dialog.finder.results
        if results.topLevelItemCount() > 0:
            results.setCurrentItem(results.topLevelItem(0))
            dialog._on_next_clicked()
            self.shots.take("start-identity-check")
            type_into(dialog.identity.family_name, "Nguyen")
            type_into(dialog.identity.date_of_birth, "01/12/1995")
            dialog._on_next_clicked()
            self.shots.take("start-protocol")
            dialog._on_next_clicked()
            self.shots.take("start-drug-and-chair")
        dialog.reject()

    # Station dialogs --------------------------------------------------------------------------

    def station_dialogs(self) -> None:
        from nurse_monitor.ui.follow_up.centre_dialog import CentreSettingsDialog
        from nurse_monitor.ui.station import Station
        from nurse_monitor.ui.users_dialog import UsersDialog

        self.window._on_preferences_triggered()
        self.shots.take("preferences")
        self.window._preferences_dialog.reject()
        station = Station(self.db, self.clock, self.window.preferences, self.admin, self.window)
        users = UsersDialog(station, self.window)
        users.open()
        self.shots.take("users")
        users.reject()
        centre = CentreSettingsDialog(station, self.window)
        centre.open()
        self.shots.take("site-settings")
        centre.reject()

    # Review windows ---------------------------------------------------------------------------

    def review_screens(self) -> None:
        from nurse_monitor.ui.export.batch_export_dialog import BatchExportDialog
        from nurse_monitor.ui.review.audit_log import AuditLogView
        from nurse_monitor.ui.review.history_window import HistoryWindow
        from nurse_monitor.ui.station import Station

        review = self.window.review
        station = Station(self.db, self.clock, self.window.preferences, self.charge, self.window)
        history = HistoryWindow(station)
        review._open_window(history)
        self.shots.settle(800)
        self.shots.take("session-history")
        detail = history.open_session(history.model.row_at(0).session_id)
        if detail is not None:
            detail.show()
            self.shots.take("session-detail")
            detail.close()
        patient = history.open_patient(self.patient_id("MRN-100234"))
        if patient is not None:
            patient.show()
            self.shots.take("patient-history")
            patient.close()
        history.close()
        review._on_handoff_triggered()
        self.shots.take("handoff")
        for window in review.windows:
            window.close()
        review._open_window(AuditLogView(station))
        self.shots.take("audit-log")
        for window in review.windows:
            window.close()
        folder = self.home / "export"
        folder.mkdir()
        from datetime import timedelta

        from nurse_monitor.services.exports import sessions_between

        today = self.clock.now().astimezone().date()
        sessions = sessions_between(self.db, self.charge, today - timedelta(days=90), today)
        batch = BatchExportDialog(station, sessions, folder, parent=self.window)
        batch.setMinimumDuration(0)
        batch.start()
        self.shots.settle(50)
        self.shots.take("batch-export")
        batch.close()

    def patient_id(self, record_number: str) -> int:
        from nurse_monitor.services.patients import find_patients

        return find_patients(self.db, self.charge, record_number)[0].id

    # Lock screen and help ---------------------------------------------------------------------

    def lock_and_help(self) -> None:
        self.window.lock()
        self.shots.take("lock-screen")
        self.window.pages.setCurrentWidget(self.window.tabs)
        self.window.menuBar().setEnabled(True)
        self.window._on_demo_guide_triggered()
        self.shots.take("help-what-the-demo-shows")
        self.window._demo_guide.close()

    # PDFs --------------------------------------------------------------------------------------

    def render_pdfs(self) -> None:
        """The session PDF and the take-home sheet of Chair 3, through the command line."""
        from nurse_monitor.demo.seed import DEMO_PASSWORD

        session = str(self.chairs["Chair 3"])
        for kind, name in (("pdf", "session-pdf"), ("take-home", "take-home-sheet")):
            pdf = self.home / f"{name}.pdf"
            command = [sys.executable, "-m", "nurse_monitor", "--database-url", self.url]
            command += ["export", kind, "--session", session, "-o", str(pdf)]
            command += ["--user", "demo.charge", "--password-stdin"]
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            subprocess.run(command, input=f"{DEMO_PASSWORD}\n".encode(), env=env, check=True)
            stem = self.shots.out / f"pdf-{name}"
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(stem)], check=True)


def type_into(field: Any, text: str) -> None:
    """Keys, as the nurse types them (the forms listen to edits, not to setText)."""
    from PySide6.QtTest import QTest

    QTest.keyClicks(field, text)


if __name__ == "__main__":
    sys.exit(main())
