"""What the nurse records at the chair, one function per action, by phase of the session.

`preparation` (screening, access, premedication, drug check), `infusion` (vital signs, the
pump's start, rate, pause, stop and end) and `closing` (teaching, discharge, signature).
"""

from nurse_monitor.services.chair_actions.closing import discharge, record_teaching, sign_session
from nurse_monitor.services.chair_actions.infusion import (
    VOLUME_LEFT_ML,
    change_rate,
    end_infusion,
    pause_infusion,
    record_vitals,
    resume_infusion,
    start_infusion,
    stop_infusion,
)
from nurse_monitor.services.chair_actions.preparation import (
    GAUGES,
    MAX_ATTEMPTS,
    SIDES,
    medicine_given,
    record_iv_access,
    record_premedication,
    record_screening,
    verify_drug,
)

__all__ = [
    "GAUGES",
    "MAX_ATTEMPTS",
    "SIDES",
    "VOLUME_LEFT_ML",
    "change_rate",
    "discharge",
    "end_infusion",
    "medicine_given",
    "pause_infusion",
    "record_iv_access",
    "record_premedication",
    "record_screening",
    "record_teaching",
    "record_vitals",
    "resume_infusion",
    "sign_session",
    "start_infusion",
    "stop_infusion",
    "verify_drug",
]
