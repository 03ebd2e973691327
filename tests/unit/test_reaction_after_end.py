"""A reaction after the infusion has ended (clinical reference section 9): no rate to suggest,
the guidance is to assess and treat, observe and inform the prescriber; observation ends no
earlier than the protocol's observation time after the reaction resolved."""

from __future__ import annotations

from nurse_monitor.domain.engine import Phase, SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import at, event, vitals

STANDARD = SessionFacts("ocrevus-iv-standard", 3, 600, 500)


def ended_at_200() -> list[InfusionEvent]:
    return [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=40),
        vitals(at(199)),
        event("infusion_ended", at(200)),
        vitals(at(201)),
    ]


def test_a_reaction_after_the_end_suggests_no_rate(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [*ended_at_200(), event("reaction", at(230), severity="moderate", symptoms=["rash"])]
    status = infusion_status(protocol, STANDARD, events, at(231))
    assert status.suggested_rate_ml_h is None
    assert status.next_rate_ml_h is None
    alert = next(a for a in status.alerts if a.code == "reaction_after_infusion")
    assert "no rate to reduce" in alert.message and "reduce the rate to" not in alert.message
    assert "inform the prescriber" in alert.message and "observation" in alert.message
    assert alert.rule.startswith("Ocrevus label")
    assert status.phase is Phase.OBSERVING
    assert not status.discharge_allowed


def test_observation_lasts_its_full_time_after_the_reaction_resolved(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [*ended_at_200(), event("reaction", at(250), severity="mild", symptoms=["flushing"])]
    during = infusion_status(protocol, STANDARD, events, at(300))
    assert during.observation_ends_at is not None and during.observation_ends_at >= at(360)
    assert during.phase is Phase.OBSERVING
    events += [event("reaction_resolved", at(270)), vitals(at(320))]
    after = infusion_status(protocol, STANDARD, events, at(300))
    assert after.observation_ends_at == at(330)  # 60 min after it resolved, not 260
    assert after.phase is Phase.OBSERVING and not after.discharge_allowed
    events.append(vitals(at(329)))
    done = infusion_status(protocol, STANDARD, events, at(330))
    assert done.phase is Phase.READY_FOR_DISCHARGE and done.discharge_allowed


def test_a_life_threatening_reaction_after_the_end_still_discontinues(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [*ended_at_200(), event("reaction", at(210), severity="life_threatening",
                                     symptoms=["anaphylaxis"])]  # fmt: skip
    status = infusion_status(protocol, STANDARD, events, at(211))
    assert status.drug_discontinued and status.suggested_rate_ml_h is None
