"""A kept view (services/view_update.py) equals the view read whole after every step of a random
series of real actions on a running session: vital signs (normal and abnormal), rate steps,
pause and resume, reactions (mild and severe) with their medicine and resolution, amendments,
a snooze, alarm log entries, a pump bound and its reports (charted or not), the end, discharge,
signature and co-signature, another nurse charting, a user added, another session's changes,
the patient's phone, a nurse leaving and her session taken over.

Each step's change reaches the view as the workspace gets it (chair_controller: pump reports
only, alarm log only, else `hear`); a step done at another station reaches it named, as its
PostgreSQL NOTIFY names it (`Changes.from_json`), or unnamed, as a SQLite file's watch says it.
Pump reports only are held as the station's change edge holds them, and taken on its timer,
possibly after later changes. The view read whole is read at the moment the kept view was built.

25 examples by default (well under a minute); VIEW_UPDATE_EXAMPLES=300 for a longer search.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.alarms import snooze_alarm
from nurse_monitor.services.amendments import amend_event, amend_session_entry
from nurse_monitor.services.chair_view import ChairView, chair_view
from nurse_monitor.services.changes import EVERYTHING_ELSEWHERE, ChangeKind, Changes
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.follow_up_calls import record_patient_phone
from nurse_monitor.services.patients import NewPatient, register_patient
from nurse_monitor.services.pump_binding import bind_pump, unbind_pump
from nurse_monitor.services.pump_charting import chart_pump_rate
from nurse_monitor.services.pump_link import pump_panel
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.reassignment import reassign_session
from nurse_monitor.services.review import cosign_session
from nurse_monitor.services.users import create_user
from nurse_monitor.services.view_update import KeptView
from nurse_monitor.storage.models import User
from tests.plugins.databases import ALICE, START, Staff, Templates, make_staff
from tests.services.test_pump_link import PUMP, pcd01

from .chair_walk import NORMAL_VITALS, begin_initial, give_take_home_sheet, running_session

TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
ALARM = AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), None)
BOB = NewPatient("MRN-4242", "BROWN", "Bob", date(1975, 5, 5), "male", weight_kg=80)


@dataclass
class Ward:
    """One running session watched by a workspace (`kept`), another session beside it, and a
    second station on the same record."""

    db: Database
    other: Database
    clock: FakeClock
    staff: Staff
    session_id: int
    bob_session_id: int
    kept: KeptView
    viewer: Actor
    reviewer: Actor
    sent: list[Changes] = field(default_factory=list)  # the other station's commits
    reports: int = 0
    newcomers: int = 0
    held: Changes | None = None  # pump reports the change edge holds for its timer

    def edge(self, changes: Changes) -> None:
        """The station's change edge (ui/station.py `_emit`): pump reports only are held and
        taken together when its timer runs (`tick`), any other change goes on at once."""
        if changes.pump_reports_only:
            self.held = changes if self.held is None else self.held.merged(changes)
        else:
            self.on_changes(changes)

    def tick(self) -> None:
        held, self.held = self.held, None
        if held is not None:
            self.on_changes(held)

    def on_changes(self, changes: Changes) -> None:
        """The workspace's chair controller (`_on_ops_changed`)."""
        kept, db, viewer = self.kept, self.db, self.viewer
        taken = kept.take_pump_reports(db, viewer, changes)
        if not (taken or kept.take_alarm_log(db, viewer, changes)):
            kept.hear(db, viewer, changes)

    def fresh(self) -> ChairView:
        """The view read whole at the moment the kept view was last built (a step that wrote
        nothing leaves it; after a pump report or an alarm log entry only those lines are read
        and the status waits for its own moment): a row written since and not taken shows."""
        now = self.clock.now()
        self.clock.set(self.kept.view.now)
        try:
            return chair_view(self.db, self.viewer, self.session_id)
        finally:
            self.clock.set(now)

    def its_nurse(self) -> Actor:
        """The session's nurse (the charge nurse once she took it over)."""
        mine = self.kept.view.session.nurse_id == self.staff.charge.user_id
        return self.staff.charge if mine else self.staff.nurse

    def latest(self, event_type: str) -> int | None:
        events = [t.event.id for t in self.kept.view.timeline if t.event.type == event_type]
        return events[-1] if events else None


def vitals(w: Ward, db: Database) -> object:
    return chair.record_vitals(db, w.staff.nurse, w.session_id, NORMAL_VITALS)


def low_pressure(w: Ward, db: Database) -> object:
    return chair.record_vitals(db, w.staff.nurse, w.session_id, {**NORMAL_VITALS, "systolic": 82})


def charge_vitals(w: Ward, db: Database) -> object:
    return chair.record_vitals(db, w.staff.charge, w.session_id, NORMAL_VITALS)


def rate_up(w: Ward, db: Database) -> object:
    rate = w.kept.view.status.rate_ml_h or 30
    return chair.change_rate(db, w.staff.nurse, w.session_id, rate + 30, "titration")


def rate_down(w: Ward, db: Database) -> object:
    rate = w.kept.view.status.rate_ml_h or 60
    return chair.change_rate(db, w.staff.nurse, w.session_id, max(rate / 2, 10), "comfort")


def pause(w: Ward, db: Database) -> object:
    return chair.pause_infusion(db, w.staff.nurse, w.session_id, "patient to the toilet")


def resume(w: Ward, db: Database) -> object:
    return chair.resume_infusion(db, w.staff.nurse, w.session_id, 30)


def mild_reaction(w: Ward, db: Database) -> object:
    return reactions.record_reaction(
        db, w.staff.nurse, w.session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
    )


def severe_reaction(w: Ward, db: Database) -> object:
    return reactions.record_reaction(
        db,
        w.staff.nurse,
        w.session_id,
        severity="life_threatening",
        symptoms=["anaphylaxis", "hypotension"],
        ctcae_grade=4,
    )


def reaction_action(w: Ward, db: Database) -> object:
    return reactions.apply_reaction_action(db, w.staff.nurse, w.session_id)


def intervention(w: Ward, db: Database) -> object:
    return reactions.record_intervention(
        db, w.staff.nurse, w.session_id, drug="cetirizine", dose="10 mg", route="PO"
    )


def resolve(w: Ward, db: Database) -> object:
    return reactions.resolve_reaction(db, w.staff.nurse, w.session_id, "settled")


def amend_reading(w: Ward, db: Database) -> object:
    event_id = w.latest("vitals")
    if event_id is None:
        return None
    return amend_event(db, w.staff.nurse, event_id, "heart_rate", 118, "misread")


def amend_reaction(w: Ward, db: Database) -> object:
    event_id = w.latest("reaction")
    if event_id is None:
        return None
    return amend_event(db, w.staff.nurse, event_id, "severity", "moderate", "graded again")


def amend_pause(w: Ward, db: Database) -> object:
    """An entry other than a reading, amended from the chair's timeline."""
    event_id = w.latest("paused")
    if event_id is None:
        return None
    return amend_session_entry(
        db, w.staff.nurse, w.session_id, event_id, "reason", "line flushed", "wrong reason"
    )


def snooze(w: Ward, db: Database) -> object:
    return snooze_alarm(db, w.staff.nurse, w.session_id, "vitals", 10, "patient asleep")


def alarm_raised(w: Ward, db: Database) -> object:
    return log_alarm_changes(db, w.staff.nurse, [AlarmChange(w.session_id, "raised", ALARM)])


def alarm_acknowledged(w: Ward, db: Database) -> object:
    change = AlarmChange(w.session_id, "acknowledged", ALARM)
    return log_alarm_changes(db, w.staff.nurse, [change])


def bob_alarm(w: Ward, db: Database) -> object:
    return log_alarm_changes(db, w.staff.nurse, [AlarmChange(w.bob_session_id, "raised", ALARM)])


def bob_vitals(w: Ward, db: Database) -> object:
    return chair.record_vitals(db, w.staff.nurse, w.bob_session_id, NORMAL_VITALS)


def unbind(w: Ward, db: Database) -> object:
    return unbind_pump(db, w.staff.nurse, w.session_id)


def bind(w: Ward, db: Database) -> object:
    return bind_pump(db, w.staff.nurse, w.session_id, PUMP)


def pump_report(w: Ward, db: Database) -> object:
    w.reports += 1
    rate = w.kept.view.status.rate_ml_h or 30
    return receive_message(db, pcd01(rate + 30 * (w.reports % 2), control=f"c{w.reports}"))


def chart_pump(w: Ward, db: Database) -> object:
    panel = pump_panel(db, w.staff.nurse, w.session_id)
    if panel is None or panel.chart_offer is None:
        return None
    return chart_pump_rate(db, w.staff.nurse, w.session_id, panel.chart_offer.id)


def end(w: Ward, db: Database) -> object:
    return chair.end_infusion(db, w.staff.nurse, w.session_id, 200, "bag finished early")


def discharge(w: Ward, db: Database) -> object:
    """The end (if running), teaching, the take-home sheet, the observation waited out, vital
    signs, discharge (with a reason when the protocol says not yet)."""
    nurse = w.its_nurse()
    if w.kept.view.status.phase.value in ("infusing", "paused"):
        chair.end_infusion(db, nurse, w.session_id, 200, "bag finished early")
    chair.record_teaching(db, nurse, w.session_id, TEACHING, None)
    give_take_home_sheet(db, nurse, w.session_id)
    ends = w.kept.view.status.observation_ends_at
    if ends is not None and ends > w.clock.now():
        w.clock.set(ends)
    chair.record_vitals(db, nurse, w.session_id, NORMAL_VITALS)
    return chair.discharge(db, nurse, w.session_id, "seen by the doctor, well enough to go")


def sign(w: Ward, db: Database) -> object:
    """Discharged first if need be, then signed by the session's nurse."""
    if w.kept.view.status.phase.value != "ended":
        discharge(w, db)
    return chair.sign_session(db, w.its_nurse(), w.session_id)


def cosign(w: Ward, db: Database) -> object:
    """Signed first if need be, then co-signed by a charge nurse who took no part in it."""
    if w.kept.view.session.signed_at is None:
        sign(w, db)
    reviewer = w.reviewer
    version = w.kept.view.session.version  # as the review screen saw it
    return cosign_session(db, reviewer, w.session_id, "reviewed", expected_version=version)


def new_user(w: Ward, db: Database) -> object:
    w.newcomers += 1
    user = create_user(
        db,
        w.staff.admin,
        username=f"k.new{w.newcomers}",
        full_name=f"Kim New{w.newcomers}",
        role="nurse",
        password="a long quiet river bank",
    )
    newcomer = Actor(user.id, user.username, user.full_name, "nurse")
    return chair.record_vitals(db, newcomer, w.session_id, NORMAL_VITALS)


def phone(w: Ward, db: Database) -> object:
    patient_id = w.kept.view.patient.id
    return record_patient_phone(db, w.staff.nurse, patient_id, "+44 20 7946 0958")


def take_over(w: Ward, db: Database) -> object:
    """The session's nurse leaves; the charge nurse takes the session over."""
    with db.write() as s:
        user = s.get(User, w.kept.view.session.nurse_id)
        assert user is not None
        user.active = False
    return reassign_session(db, w.staff.charge, w.session_id, w.staff.charge.user_id, "Ana left")


ACTIONS: dict[str, Callable[[Ward, Database], object]] = {
    f.__name__: f
    for f in (
        vitals,
        low_pressure,
        charge_vitals,
        rate_up,
        rate_down,
        pause,
        resume,
        mild_reaction,
        severe_reaction,
        reaction_action,
        intervention,
        resolve,
        amend_reading,
        amend_reaction,
        amend_pause,
        bob_vitals,
        unbind,
        snooze,
        alarm_raised,
        alarm_acknowledged,
        bob_alarm,
        bind,
        pump_report,
        chart_pump,
        end,
        discharge,
        sign,
        cosign,
        new_user,
        phone,
        take_over,
    )
}
STATIONS = ("here", "named", "unnamed")  # where the step is done, and how the change arrives


def shown_alike(kept: ChairView, fresh: ChairView) -> ChairView:
    """`fresh` without the names of users the kept view has not heard of: a user added since
    (a change that does not touch the session, held by `KeptView` until one does) is named in
    the view once a row of the session refers to her; until then her name shows nowhere."""
    assert kept.people.keys() <= fresh.people.keys()
    return replace(fresh, people={k: v for k, v in fresh.people.items() if k in kept.people})


def ward(folder: Path, templates: Templates) -> Ward:
    path = folder / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(templates.sqlite_file(), path)
    clock = FakeClock(START)
    db = open_database(sqlite_url_for(path), clock)
    other = open_database(sqlite_url_for(path), clock, full_check=False)
    staff = make_staff(db)
    alice = register_patient(db, staff.nurse, ALICE)
    session_id = running_session(db, staff.nurse, alice, clock)
    bob = register_patient(db, staff.nurse, BOB)
    bob_session_id = begin_initial(db, staff.nurse, bob, "Chair 7").id
    viewer = staff.charge  # still works here after the session's nurse leaves
    made = create_user(
        db,
        staff.admin,
        username="r.review",
        full_name="Rae Review",
        role="charge_nurse",
        password="a long quiet river bank",
    )
    reviewer = Actor(made.id, made.username, made.full_name, "charge_nurse")
    w = Ward(
        db,
        other,
        clock,
        staff,
        session_id,
        bob_session_id,
        KeptView(chair_view(db, viewer, session_id)),
        viewer,
        reviewer,
    )
    db.add_change_listener(w.edge)
    other.add_change_listener(w.sent.append)
    return w


@settings(
    max_examples=int(os.environ.get("VIEW_UPDATE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(sorted(ACTIONS)), st.sampled_from(STATIONS), st.booleans()),
        min_size=1,
        max_size=14,
    )
)
def test_a_kept_view_equals_the_view_read_whole_after_any_series_of_actions(
    tmp_path: Path, database_templates: Templates, steps: list[tuple[str, str, bool]]
) -> None:
    w = ward(tmp_path, database_templates)
    try:
        for name, station, tick in steps:
            w.clock.advance(minutes=2)
            db = w.db if station == "here" else w.other
            w.sent.clear()
            with suppress(ServiceError):  # refused in this phase: nothing written
                ACTIONS[name](w, db)
            for changes in w.sent:
                named = station == "named"
                w.edge(Changes.from_json(changes.as_json()) if named else EVERYTHING_ELSEWHERE)
            if tick:
                w.tick()
            if w.held is None:  # held pump reports are not shown until the edge's timer runs
                assert w.kept.view == shown_alike(w.kept.view, w.fresh()), f"after {name}"
        w.tick()
        assert w.kept.view == shown_alike(w.kept.view, w.fresh()), "at the end"
    finally:
        w.other.close()
        w.db.close()


def test_a_pump_rate_charted_names_the_pump_reading_so_its_line_says_by_whom(
    tmp_path: Path, database_templates: Templates
) -> None:
    """Charting the pump's rate marks the pump's report charted (a row changed, no new one):
    the change names the pump observation, so the kept view's pump line says who charted it."""
    w = ward(tmp_path, database_templates)
    heard: list[Changes] = []
    w.db.add_change_listener(heard.append)
    try:
        bind(w, w.db)
        pause(w, w.db)
        w.clock.advance(minutes=2)
        pump_report(w, w.db)
        w.tick()
        assert w.kept.view.pump_log[-1].charted_by == ""
        chart_pump(w, w.db)
        charted = heard[-1].session(w.session_id)
        assert charted is not None and ChangeKind.PUMP_OBSERVATION in charted.kinds
        assert w.kept.view.pump_log[-1].charted_by == "Ana Nurse, RN"
        assert w.kept.view == w.fresh()
    finally:
        w.other.close()
        w.db.close()
