"""The site settings kept in the record: the centre's name, phone numbers and closed days, and
the follow-up triage questions. Every station reads the same values (they are not per-station
preferences); only an administrator changes them, and every change is audited.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.domain.follow_up import TriageDataError, TriageQuestions, triage_questions_from
from nurse_monitor.paths import resource
from nurse_monitor.services.actors import ADMINISTERING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.storage.models import SiteSetting

CENTRE_KEY = "centre"
TRIAGE_KEY = "follow_up_triage"
CALLS_FROM_KEY = "follow_up_calls_from"  # set by the upgrade that brought follow-up calls
TRIAGE_RESOURCE = "follow_up/triage.toml"
MAX_NAME = 120
MAX_CLOSED_DAYS = 366
PHONE = re.compile(r"^\+?[0-9 ()\-.]{3,40}$")


@dataclass(frozen=True)
class CentreSettings:
    """What the take-home sheet prints and the due dates skip."""

    name: str = ""
    phone: str = ""  # the centre's number in opening hours
    out_of_hours_phone: str = ""  # after hours (an on-call or triage line)
    closed_days: tuple[date, ...] = ()

    @property
    def display_name(self) -> str:
        return self.name or "your infusion centre"


def centre_settings(db: Database) -> CentreSettings:
    with db.read() as s:
        return _centre_from(_stored(s, CENTRE_KEY))


def update_centre_settings(
    db: Database,
    actor: Actor,
    *,
    name: str,
    phone: str,
    out_of_hours_phone: str,
    closed_days: Sequence[date],
) -> CentreSettings:
    """An administrator sets the centre's details for every station; audited, old and new."""
    require_role(actor, ADMINISTERING, "change the centre's settings")
    settings = checked_centre(name, phone, out_of_hours_phone, closed_days)
    now = db.clock.now()
    value = {
        "name": settings.name,
        "phone": settings.phone,
        "out_of_hours_phone": settings.out_of_hours_phone,
        "closed_days": [d.isoformat() for d in settings.closed_days],
    }
    with db.write() as s:
        _store(s, CENTRE_KEY, value, actor, now)
        write_audit(s, actor, "site_setting", now, setting=CENTRE_KEY, value=value)
    return settings


def checked_centre(
    name: str, phone: str, out_of_hours_phone: str, closed_days: Sequence[date]
) -> CentreSettings:
    name = name.strip()
    if not name:
        raise InvalidInput("Centre name", "required (it is printed on the take-home sheet)")
    if len(name) > MAX_NAME:
        raise InvalidInput("Centre name", f"at most {MAX_NAME} characters")
    for label, number in (("Phone", phone), ("Out-of-hours phone", out_of_hours_phone)):
        if number.strip() and not PHONE.match(number.strip()):
            raise InvalidInput(label, "digits, spaces, + ( ) - only, 3 to 40 characters")
    if not phone.strip():
        raise InvalidInput("Phone", "required (patients are told to call it)")
    if len(set(closed_days)) > MAX_CLOSED_DAYS:
        raise InvalidInput("Closed days", f"at most {MAX_CLOSED_DAYS} days")
    return CentreSettings(
        name, phone.strip(), out_of_hours_phone.strip(), tuple(sorted(set(closed_days)))
    )


def parse_closed_days(text: str) -> tuple[date, ...]:
    """Closed days as typed: YYYY-MM-DD separated by commas, spaces or new lines."""
    days = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            raise InvalidInput("Closed days", f"{part!r} is not a date as YYYY-MM-DD") from None
    return tuple(days)


def follow_up_calls_from(db: Database) -> date | None:
    """Infusions before this day make no automatic follow-up call (None: every infusion does).

    The upgrade that brought follow-up calls sets it for a record that already held sessions,
    so its past infusions do not all appear as overdue calls; a new record has none stored.
    """
    with db.read() as s:
        return calls_from_in(s)


def calls_from_in(s: Session) -> date | None:
    """`follow_up_calls_from` inside the caller's unit of work; an unreadable value is None."""
    value = _stored(s, CALLS_FROM_KEY)
    found = value.get("date") if isinstance(value, dict) else None
    try:
        return date.fromisoformat(found) if isinstance(found, str) else None
    except ValueError:
        return None


def update_follow_up_calls_from(db: Database, actor: Actor, day: date | None) -> date | None:
    """An administrator moves the date (None: calls for every infusion); audited."""
    require_role(actor, ADMINISTERING, "change the date follow-up calls start from")
    now = db.clock.now()
    if day is not None and day > now.astimezone().date():
        raise InvalidInput("Follow-up calls from", "today or an earlier date")
    value = {"date": day.isoformat() if day else None, "set_by": "administrator"}
    with db.write() as s:
        _store(s, CALLS_FROM_KEY, value, actor, now)
        write_audit(s, actor, "site_setting", now, setting=CALLS_FROM_KEY, value=value)
    return day


def triage_questions(db: Database) -> TriageQuestions:
    """The centre's stored triage questions, or the shipped defaults when none are stored."""
    with db.read() as s:
        stored = _stored(s, TRIAGE_KEY)
    if stored is not None:
        try:
            return triage_questions_from(stored)
        except TriageDataError:
            pass  # an unreadable stored copy: the shipped defaults, never a crash
    return default_triage_questions()


def default_triage_questions() -> TriageQuestions:
    with resource(TRIAGE_RESOURCE).open("rb") as f:
        return triage_questions_from(tomllib.load(f))


def store_triage_questions(db: Database, actor: Actor, toml_text: str) -> TriageQuestions:
    """An administrator stores the centre's own triage questions (TOML, as the shipped file)."""
    require_role(actor, ADMINISTERING, "change the follow-up triage questions")
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("Triage questions", f"not readable TOML ({exc})") from None
    try:
        questions = triage_questions_from(data)
    except TriageDataError as exc:
        raise InvalidInput("Triage questions", str(exc)) from None
    now = db.clock.now()
    with db.write() as s:
        _store(s, TRIAGE_KEY, data, actor, now)
        write_audit(
            s, actor, "site_setting", now, setting=TRIAGE_KEY, questions=len(questions.questions)
        )
    return questions


def _stored(s: Session, key: str) -> Any:
    row = s.get(SiteSetting, key)
    return None if row is None else row.value


def _store(s: Session, key: str, value: Any, actor: Actor, now: Any) -> None:
    row = s.get(SiteSetting, key)
    if row is None:
        s.add(SiteSetting(key=key, value=value, updated_at=now, updated_by_id=actor.user_id))
    else:
        row.value = value
        row.updated_at = now
        row.updated_by_id = actor.user_id


def _centre_from(value: Any) -> CentreSettings:
    """Read back without trusting it: a wrong field becomes empty, never an exception."""
    if not isinstance(value, dict):
        return CentreSettings()

    def text(key: str) -> str:
        found = value.get(key)
        return found if isinstance(found, str) else ""

    days = []
    raw = value.get("closed_days")
    for item in raw if isinstance(raw, list) else []:
        try:
            days.append(date.fromisoformat(item))
        except (TypeError, ValueError):
            continue
    return CentreSettings(text("name"), text("phone"), text("out_of_hours_phone"), tuple(days))
