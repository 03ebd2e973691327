"""The protocol's action for a reaction asked after the infusion has ended (the reaction panel
still offers Apply): a mild or moderate reaction raised an AssertionError out of the service
(no rate to reduce), a severe one a refusal about pausing. Each is refused naming the reaction,
in the label's words for after the end, and nothing is recorded (found by the property test of
tests/services/test_view_update_property.py)."""

from __future__ import annotations

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from tests.plugins.databases import Staff

from .chair_walk import running_session


@pytest.mark.parametrize("severity", ["mild", "moderate", "severe"])
def test_the_reactions_action_after_the_end_is_refused_in_the_labels_words(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, severity: str
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    clock.advance(minutes=3)
    chair.end_infusion(db, nurse, session_id, 200, "bag finished early")
    clock.advance(minutes=3)
    reactions.record_reaction(
        db, nurse, session_id, severity=severity, symptoms=["pruritus"], ctcae_grade=2
    )
    before = chair_view(db, nurse, session_id)
    clock.advance(minutes=1)
    with pytest.raises(InvalidInput) as refused:
        reactions.apply_reaction_action(db, nurse, session_id)
    assert refused.value.field == "Reaction"
    assert "after the infusion has ended: no rate to reduce" in refused.value.detail
    assert "inform the prescriber" in refused.value.detail and "label" in refused.value.detail
    after = chair_view(db, nurse, session_id)
    assert after.session.version == before.session.version
    assert after.timeline == before.timeline
