"""A view brought up to date by the changes the station hears (services/view_update.py) equals
the view read whole, after every action of a mixed series: readings, rate steps, a reaction with
its medicine and resolution, amendments, an alarm log entry, a user added, another session of
the same centre, and another station's changes (named, as a PostgreSQL NOTIFY names them, and
unnamed, as a SQLite file's watch reports them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.amendments import amend_event
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.changes import EVERYTHING_ELSEWHERE, ChangeKind, Changes
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.patients import NewPatient, register_patient
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.users import create_user
from nurse_monitor.services.view_update import KeptView
from tests.plugins.databases import Staff

from .chair_walk import NORMAL_VITALS, begin_initial, begin_running


class Heard:
    """A workspace's side of the change edge: every change this database commits."""

    def __init__(self, db: Database, kept: KeptView, staff: Staff) -> None:
        self.db, self.kept, self.staff = db, kept, staff
        self.updates = 0
        self.named: set[ChangeKind] = set()
        db.add_change_listener(self.hear)

    def hear(self, changes: Changes) -> None:
        self.named |= changes.kinds
        self.updates += self.kept.hear(self.db, self.staff.nurse, changes)

    def holds(self) -> None:
        """The kept view is the view read whole."""
        assert self.kept.view == chair_view(self.db, self.staff.nurse, self.kept.view.session.id)


def test_a_view_kept_from_the_changes_equals_the_view_read_whole(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = begin_running(db, staff.nurse, alice, clock).id
    heard = Heard(db, KeptView(chair_view(db, staff.nurse, session_id)), staff)
    nurse = staff.nurse

    def step(action: Callable[[], object]) -> None:
        clock.advance(minutes=3)
        action()
        heard.holds()

    step(lambda: chair.record_vitals(db, nurse, session_id, NORMAL_VITALS))
    step(lambda: chair.change_rate(db, nurse, session_id, 60, "titration"))
    step(lambda: chair.record_vitals(db, nurse, session_id, {**NORMAL_VITALS, "systolic": 88}))
    step(
        lambda: reactions.record_reaction(
            db, nurse, session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
        )
    )
    step(lambda: reactions.apply_reaction_action(db, nurse, session_id))
    step(
        lambda: reactions.record_intervention(
            db, nurse, session_id, drug="cetirizine", dose="10 mg", route="PO"
        )
    )
    vitals = next(t for t in reversed(heard.kept.view.timeline) if t.event.type == "vitals")
    step(lambda: amend_event(db, nurse, vitals.event.id, "heart_rate", 121, "misread"))
    step(lambda: reactions.resolve_reaction(db, nurse, session_id, "itching settled"))
    alarm = AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), None)
    # An alarm log entry alone (the board's): heard, and the log read again, the version kept.
    version = heard.kept.view.session.version
    step(lambda: log_alarm_changes(db, nurse, [AlarmChange(session_id, "raised", alarm)]))
    assert heard.kept.view.alarm_log[-1].what == "raised"
    assert heard.kept.view.session.version == version
    step(lambda: chair.record_vitals(db, nurse, session_id, NORMAL_VITALS))
    assert heard.kept.view.alarm_log[-1].what == "raised"

    # A new nurse, added by the administrator (a change that does not touch the session), then
    # charting on it: her name must be read, not kept from before she existed.
    new = create_user(
        db,
        staff.admin,
        username="k.new",
        full_name="Kim New",
        role="nurse",
        password="a long quiet river bank",
    )
    newcomer = Actor(new.id, new.username, "Kim New", "nurse")
    step(lambda: chair.record_vitals(db, newcomer, session_id, NORMAL_VITALS))
    assert any(r.recorded_by.startswith("Kim New") for r in heard.kept.view.readings)

    # Another patient's session begun beside it, then this one's next save.
    bob = register_patient(
        db,
        nurse,
        NewPatient("MRN-4242", "BROWN", "Bob", date(1975, 5, 5), "male", weight_kg=80),
    )
    begin_initial(db, nurse, bob, "Chair 7")
    step(lambda: chair.record_vitals(db, nurse, session_id, NORMAL_VITALS))

    # Another station on the same record: its change named (PostgreSQL's NOTIFY), then unnamed
    # (a SQLite file's watch).
    other = open_database(db.engine.url.render_as_string(hide_password=False), clock)
    try:
        other_changes: list[Changes] = []
        other.add_change_listener(other_changes.append)
        clock.advance(minutes=3)
        chair.record_vitals(other, nurse, session_id, NORMAL_VITALS)
        assert heard.kept.hear(db, nurse, Changes.from_json(other_changes[-1].as_json()))
        heard.holds()
        clock.advance(minutes=3)  # its alarm log entry, named as its NOTIFY names it
        log_alarm_changes(other, nurse, [AlarmChange(session_id, "acknowledged", alarm)])
        named = Changes.from_json(other_changes[-1].as_json()).session(session_id)
        assert named is not None and named.kinds == {ChangeKind.ALARM_LOG}
        assert heard.kept.hear(db, nurse, Changes.from_json(other_changes[-1].as_json()))
        assert heard.kept.view.alarm_log[-1].what == "acknowledged"
        heard.holds()
        clock.advance(minutes=3)
        chair.change_rate(other, nurse, session_id, 90, "titration")
        assert heard.kept.hear(db, nurse, EVERYTHING_ELSEWHERE)
        heard.holds()
    finally:
        other.close()

    assert heard.updates == 12  # every change above that touched the session, heard
    assert {ChangeKind.READING, ChangeKind.REACTION, ChangeKind.AMENDMENT} <= heard.named
    assert ChangeKind.ALARM_LOG in heard.named
    assert {ChangeKind.USER, ChangeKind.PATIENT} <= heard.named
