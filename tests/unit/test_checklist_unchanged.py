"""What a chair view may carry forward of the checklist (domain/checklist_carry `unchanged_by`): the
entry types the checklist picks entries by are exactly `LOOKED_AT` (and vital signs), read off
the code itself, so a new step that looks at a new type cannot be missed; and whenever
`unchanged_by` says so, the checklist worked out again is the one kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nurse_monitor.domain.checklist import ChartEntry, ChartType, Step, checklist_state
from nurse_monitor.domain.checklist_carry import LOOKED_AT, unchanged_by
from nurse_monitor.domain.events import EventType
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import at

EVERY_TYPE = sorted(
    {*EventType, *ChartType, "reaction_intervention", "alarm_logged", "follow_up_call"}
)


class AskedType(str):
    """An entry's type that notes every type it is compared with (`==` and dict look-ups)."""

    asked: set[str] = set()  # noqa: RUF012 (shared on purpose: one spy per test run)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            AskedType.asked.add(str.__str__(other))
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def entry(kind: str, when: datetime, **payload: Any) -> ChartEntry:
    if kind == ChartType.SCREENING_RECORDED and "answers" not in payload:
        payload["answers"] = {}
    return ChartEntry(kind, when, payload, "Ana Ruiz, RN")


def test_the_types_the_checklist_picks_by_are_looked_at(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    entries = [entry(AskedType(kind), at(i)) for i, kind in enumerate(EVERY_TYPE)]
    AskedType.asked = set()
    checklist_state(protocol, entries, at(len(entries)), first_dose=True)
    assert AskedType.asked == {*LOOKED_AT, "vitals"}


def running(protocol: Protocol) -> tuple[list[ChartEntry], Any]:
    entries = [
        entry(ChartType.IDENTITY_CONFIRMED, at(-60), identifiers=["name", "date_of_birth"]),
        entry("vitals", at(-50)),
        entry("premedication_given", at(-40), drug="methylprednisolone"),
        entry("premedication_given", at(-40), drug="cetirizine"),
        entry("infusion_started", at(0), rate_ml_h=30),
    ]
    return entries, checklist_state(protocol, entries, at(1), first_dose=True)


def test_entries_that_cannot_change_the_checklist_keep_it(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    entries, state = running(protocol)
    added = [entry("vitals", at(15)), entry("rate_changed", at(30)), entry("note", at(31))]
    assert unchanged_by(state, added)
    again = checklist_state(protocol, [*entries, *added], at(240), first_dose=True)
    assert again == state


def test_entries_that_may_change_the_checklist_are_not_kept(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-initial"]
    entries, state = running(protocol)
    for kind in LOOKED_AT:
        assert not unchanged_by(state, [entry(kind, at(20))]), kind
    ended = [*entries, entry("infusion_ended", at(60))]
    after_end = checklist_state(protocol, ended, at(61), first_dose=True)
    assert not unchanged_by(after_end, [entry("vitals", at(70))])  # the observation's
    before_start = checklist_state(protocol, entries[:-1], at(-30), first_dose=True)
    assert not before_start.step(Step.START).done
    assert not unchanged_by(before_start, [entry("note", at(-20))])  # the clock's waits
    no_baseline = [e for e in entries if e.type != "vitals"]
    state = checklist_state(protocol, no_baseline, at(1), first_dose=True)
    assert not unchanged_by(state, [entry("vitals", at(5))])
    # The premedications step is signed by the last entry at the moment they were last given.
    together = [
        *entries[:2],
        entry("premedication_given", at(0), drug="methylprednisolone"),
        entry("premedication_given", at(0), drug="cetirizine"),
        entries[-1],
    ]
    state = checklist_state(protocol, together, at(1), first_dose=True)
    assert state.step(Step.PREMEDICATIONS).done_at == at(0)
    assert not unchanged_by(state, [entry("note", at(0))])
