"""What the demo shows: the page under Help ▸ What the demo shows (words only, no Qt)."""

from __future__ import annotations

from nurse_monitor.demo.chairs import DEMO_CHAIRS
from nurse_monitor.demo.seed import DEMO_HISTORY_DAYS, DEMO_PASSWORD
from nurse_monitor.services.demo_accounts import DEMO_STAFF

WHAT_EACH_CHAIR_SHOWS = {
    "infusing": "mid-infusion on the titration schedule: rate steps offered when the vital "
    "signs are recorded, the projected end, the live chart",
    "reaction": "a mild infusion reaction: the label's action (half the rate) applied with one "
    "click, an antihistamine given, the reaction still to be resolved and the rate stepped up",
    "observation": "the infusion finished, observation running: vital signs due at its end, "
    "discharge teaching and the next dose, the take-home sheet (printed, saved, or a reason), "
    "then discharge and signature",
    "waiting": "checked in and prepared (screening, IV access, premedications, drug check): "
    "the start is offered once the premedications have had their time",
}
ROLE_WORDS = {"nurse": "nurse", "charge_nurse": "charge nurse", "admin": "administrator"}


def demo_guide_html() -> str:
    """The page as simple HTML (Qt's rich-text subset)."""
    chairs = "".join(
        f"<li><b>{c.chair}</b>: {WHAT_EACH_CHAIR_SHOWS[c.until]}.</li>" for c in DEMO_CHAIRS
    )
    accounts = "".join(
        f"<li><b>{username}</b> ({name}, {ROLE_WORDS[role]})</li>"
        for username, name, _credentials, role in DEMO_STAFF
    )
    return (
        "<h2>What the demo shows</h2>"
        "<p>This is a separate demo database with made-up patients: nothing here is a real "
        "record. Dana Whitfield, RN is signed in; the times are today's.</p>"
        f"<h3>The chairs</h3><ul>{chairs}</ul>"
        "<p>Open a chair from the board (double-click, or Enter). Start another patient with "
        "File ▸ New session: a chair in use is marked with its patient and cannot be booked "
        "twice.</p>"
        "<h3>The history</h3>"
        f"<p>Review ▸ Session history holds about {DEMO_HISTORY_DAYS // 30} months of finished "
        "sessions. Each patient has one drug on its label's schedule: Ocrevus as two 300 mg "
        "halves 14 days apart, then 600 mg every 24 weeks (never under 20 weeks apart); "
        "natalizumab every 4 weeks. Reactions appear about as often as the labels report. "
        "Review ▸ Patient history shows a patient's course and the next dose due.</p>"
        f"<h3>Accounts to try</h3><p>All share the password <b>{DEMO_PASSWORD}</b> (demo "
        f"database only). Ctrl+L locks the station; sign in again as another account.</p>"
        f"<ul>{accounts}</ul>"
        "<p>Sign in as the <b>charge nurse</b> to co-sign sessions and to read Review ▸ Audit "
        "log: who did what to whose record, in sentences. The administrator adds and removes "
        "staff (File ▸ Users) and does not chart.</p>"
    )
