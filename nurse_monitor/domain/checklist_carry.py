"""Whether a checklist worked out before some new entries still holds after them, so a chair
view can keep it instead of working it out again (services/view_parts.py).

The entry types the checklist picks entries by are `LOOKED_AT`;
tests/unit/test_checklist_unchanged.py holds that list to `checklist_state`'s code.
"""

from __future__ import annotations

from collections.abc import Sequence

from nurse_monitor.domain.checklist import ChartEntry, ChartType, ChecklistState, Step

LOOKED_AT = frozenset(
    {
        ChartType.IDENTITY_CONFIRMED,
        ChartType.SCREENING_RECORDED,
        ChartType.IV_ACCESS_RECORDED,
        ChartType.DRUG_VERIFIED,
        ChartType.LINE_FLUSHED,
        ChartType.TEACHING_GIVEN,
        ChartType.TAKE_HOME_SHEET,
        ChartType.TAKE_HOME_NOT_GIVEN,
        ChartType.SESSION_SIGNED,
        "premedication_given",
        "infusion_started",
        "infusion_ended",
        "infusion_stopped",
        "discharged",
    }
)
"""The entry types `checklist_state` picks entries by, besides vital signs (which it reads only
for the baseline and the observation after the end): an entry of any other type changes
nothing it says (tests/unit/test_checklist_unchanged.py holds the list to the code)."""


def unchanged_by(state: ChecklistState, added: Sequence[ChartEntry]) -> bool:
    """Whether `checklist_state` gives `state` again, at any moment, for the entries it was
    worked out from followed by `added` (none sorting before the last of those), with the same
    protocol and first dose. Only shown when sure:

    - the infusion started: before the start the premedications' waits and windows change
      with the clock; after it nothing reads the clock;
    - no added entry of a type the checklist picks by (`LOOKED_AT`);
    - added vital signs only once the baseline is recorded (the first vital signs stay the
      baseline) and before the end of the infusion (after it they are the observation's);
    - no added entry at the moment the premedications were last given (the step is signed by
      the last entry recorded at that moment).
    """
    if not state.step(Step.START).done:
        return False
    baseline = state.step(Step.BASELINE_VITALS).done
    ended = state.step(Step.END_OF_INFUSION).done
    premedicated = state.step(Step.PREMEDICATIONS)
    for entry in added:
        if entry.type in LOOKED_AT:
            return False
        if entry.type == "vitals" and (not baseline or ended):
            return False
        if premedicated.done and entry.at == premedicated.done_at:
            return False
    return True
