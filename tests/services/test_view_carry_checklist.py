"""A kept view carries its checklist forward when a save adds only entries that cannot change
it (services/view_parts.ViewCarry.checklist, domain/checklist_carry `unchanged_by`), and works it
out again otherwise; either way the view equals the view read whole (`Ward.during` holds it)."""

from __future__ import annotations

from typing import Any

import pytest

from nurse_monitor.domain.checklist import ChecklistState, Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import view_parts

from .test_view_carry import Ward, ward  # noqa: F401 (the fixture)


def test_a_reading_during_the_infusion_keeps_the_checklist(
    ward: Ward,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worked_out: list[int] = []
    whole = view_parts.checklist_state

    def spy(*args: Any, **kwargs: Any) -> ChecklistState:
        worked_out.append(len(args[1]))
        return whole(*args, **kwargs)

    monkeypatch.setattr(view_parts, "checklist_state", spy)
    ward.save()  # the first update has nothing to carry
    kept = ward.heard.kept.view.checklist
    for _ in range(3):
        worked_out.clear()
        ward.save()
        assert worked_out == []
        assert ward.heard.kept.view.checklist is kept
    nurse, session_id = ward.staff.nurse, ward.session_id
    ward.clock.advance(minutes=1)
    worked_out.clear()
    ward.during(lambda: chair.end_infusion(ward.db, nurse, session_id, 260.0))
    assert len(worked_out) == 1
    assert ward.heard.kept.view.checklist.step(Step.END_OF_INFUSION).done
    worked_out.clear()
    ward.save()  # vital signs after the end are the observation's: worked out again
    assert len(worked_out) == 1
