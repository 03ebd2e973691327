"""The screening's delayed-reaction answer read back for the session report without trusting it
(house rule): an odd `details` or `suggestions` in the record shows as nothing, the report is
still made."""

from __future__ import annotations

import pytest

from nurse_monitor.reports.session_sections import screening_section
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from tests.reports.conftest import Recorded
from tests.storage.conftest import Staff


@pytest.mark.parametrize("odd", [None, 3, "one line", {"a": 1}])
def test_an_odd_delayed_reaction_record_does_not_stop_the_report(
    db: Database, staff: Staff, recorded: Recorded, odd: object
) -> None:
    view = chair_view(db, staff.nurse, recorded.session_id)
    [screening] = [e for e in view.timeline if e.event.type == "screening_recorded"]
    screening.payload["delayed_reaction"] = {"answer": True, "details": odd, "suggestions": odd}

    html = screening_section(view)

    assert "Delayed reaction after the last infusion" in html
    assert "Yes" in html
