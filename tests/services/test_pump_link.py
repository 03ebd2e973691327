"""The pump link through its services: binding, receiving, alarms, charting on the nurse's word,
the message log, and the listener driven by the simulator over loopback."""

from __future__ import annotations

import asyncio
import io
import socket
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from nurse_monitor import pump_simulator
from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.pump_acknowledgements import ack_code_of
from nurse_monitor.services.pump_admin import allow_gateway, purge_pump_log, recent_log
from nurse_monitor.services.pump_binding import bind_pump, unbind_pump
from nurse_monitor.services.pump_charting import chart_pump_rate
from nurse_monitor.services.pump_link import pump_panel
from nurse_monitor.services.pump_listener import PumpListener
from nurse_monitor.services.pump_receiving import Incoming, receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import PumpMessageLog, PumpObservation, SessionEvent
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, running_session
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff

FIXTURES = Path(__file__).parents[1] / "fixtures"
PUMP = "E0002"


def pcd01(rate: float = 30, patient: str = "MRN-100234", control: str = "1") -> str:
    text = (FIXTURES / "pump" / "pcd01_rates.hl7").read_text(encoding="utf-8")
    text = text.replace("HO2009002", patient).replace("6358051206735492254", control)
    return text.replace("|15.4|", f"|{rate:g}|")


def count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


async def no_wait(_: float) -> None:
    return None


def test_binding_is_recorded_and_one_pump_serves_one_chair(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session_id = begin_initial(db, staff.nurse, alice).id
    binding = bind_pump(db, staff.nurse, session_id, f"  {PUMP} ")
    assert binding.pump_id == PUMP
    bob = patients.register_patient(
        db, staff.nurse, replace(ALICE, record_number="MRN-200", given_name="Bob")
    )
    with pytest.raises(InvalidInput, match="bound to chair Chair 3"):
        bind_pump(db, staff.nurse, begin_initial(db, staff.nurse, bob, "Chair 4").id, PUMP)
    with pytest.raises(InvalidInput, match="Pump"):
        bind_pump(db, staff.nurse, session_id, "bad|id")
    with pytest.raises(PermissionDenied):
        bind_pump(db, staff.admin, session_id, "OTHER")
    unbind_pump(db, staff.nurse, session_id)
    actions = [e.action for e in audit_trail(db, staff.charge, record_id=session_id)]
    assert "pump_bind" in actions and "pump_unbind" in actions
    assert pump_panel(db, staff.nurse, session_id) is None


def test_unbound_pump_is_answered_ae_and_logged_not_kept(db: Database, staff: Staff) -> None:
    receipt = receive_message(db, pcd01(), "127.0.0.1:5000")
    assert receipt.ack_code == "AE"
    assert ack_code_of(receipt.ack) == "AE"
    assert "\rERR|||204^Unknown key identifier" in receipt.ack
    assert "not bound" in receipt.reason
    assert count(db, PumpObservation) == 0
    (entry,) = recent_log(db, staff.admin)
    assert (entry.pump_id, entry.ack_code, entry.peer) == (PUMP, "AE", "127.0.0.1:5000")


def test_malformed_message_is_answered_ar_and_logged(db: Database, staff: Staff) -> None:
    receipt = receive_message(db, "this is not HL7", "")
    assert receipt.ack_code == "AR"
    assert count(db, PumpMessageLog) == 1


def test_a_message_is_kept_without_charting_or_bumping_the_session(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    before = chair_view(db, staff.nurse, session_id)
    receipt = receive_message(db, pcd01(rate=30))
    assert receipt.ack_code == "AA"
    after = chair_view(db, staff.nurse, session_id)
    assert after.session.version == before.session.version
    assert len(after.timeline) == len(before.timeline)
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.last is not None
    assert panel.last.report.rate_ml_h == 30
    assert panel.last.report.delivered_ml == 0.0
    assert panel.alerts == ()


def test_pump_rate_differing_from_the_chart_alarms_and_is_charted_with_one_click(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    clock.advance(timedelta(minutes=30))  # the next step is due, after vital signs
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    receive_message(db, pcd01(rate=60))
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None
    assert [a.code for a in panel.alerts] == ["pump_disagrees"]
    assert panel.chart_offer is not None
    event = chart_pump_rate(db, staff.nurse, session_id, panel.chart_offer.id)
    assert event.type == "rate_changed" and event.payload["rate_ml_h"] == 60
    view = chair_view(db, staff.nurse, session_id)
    assert view.status.rate_ml_h == 60
    after = pump_panel(db, staff.nurse, session_id)
    assert after is not None and after.alerts == () and after.chart_offer is None
    with pytest.raises(InvalidInput, match="already charted"):
        chart_pump_rate(db, staff.nurse, session_id, panel.chart_offer.id)


def test_charting_the_pump_is_checked_like_a_typed_rate(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    receive_message(db, pcd01(rate=60))  # too early for the next step
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.chart_offer is not None
    with pytest.raises(InvalidInput, match="not increased"):
        chart_pump_rate(db, staff.nurse, session_id, panel.chart_offer.id)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SessionEvent).where(
            SessionEvent.type == "rate_changed")) == 0  # fmt: skip


def test_another_patient_in_pid_is_an_alarm_not_a_merge(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    receipt = receive_message(db, pcd01(patient="HO2009002"))
    assert receipt.ack_code == "AE" and "PID-3" in receipt.reason
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None
    assert panel.alerts[0].code == "pump_other_patient"
    assert panel.chart_offer is None


def test_a_quiet_pump_alarms_after_three_minutes(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    receive_message(db, pcd01(rate=30))
    clock.advance(timedelta(minutes=2, seconds=59))
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.alerts == ()
    clock.advance(timedelta(seconds=1))
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and [a.code for a in panel.alerts] == ["pump_quiet"]


def test_a_stopped_pump_while_infusing_alarms(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    text = pcd01(rate=30).replace("^pump-status-infusing", "^pump-status-not-infusing")
    receive_message(db, text.replace("1.1.1.2|30|", "1.1.1.2|0|"))
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and [a.code for a in panel.alerts] == ["pump_stopped"]


def test_purge_keeps_thirty_days_and_is_audited(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    receive_message(db, "old")
    clock.advance(timedelta(days=30, seconds=1))
    receive_message(db, "new")
    assert purge_pump_log(db, staff.admin) == 1
    assert [e.reason for e in recent_log(db, staff.admin)] == ["does not begin with MSH"]
    assert "pump_log_purge" in [e.action for e in audit_trail(db, staff.charge)]
    with pytest.raises(PermissionDenied):
        purge_pump_log(db, staff.nurse)
    with pytest.raises(PermissionDenied):
        recent_log(db, staff.charge)


def test_listener_refuses_an_unlisted_gateway(db: Database, staff: Staff) -> None:
    listener = PumpListener(db, "127.0.0.1", 0)
    allow_gateway(db, staff.admin, "10.1.2.3", "ward gateway")
    assert asyncio.run(listener._accepted("10.1.2.3"))
    assert not asyncio.run(listener._accepted("10.9.9.9"))
    assert asyncio.run(listener._accepted("127.0.0.1"))
    listener.stop()


def test_simulator_drives_a_whole_ocrevus_schedule_over_loopback(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    listener = PumpListener(db, "127.0.0.1", 0)
    address = listener.start()
    out, err = io.StringIO(), io.StringIO()
    try:
        code = pump_simulator.main(
            f"{address.host}:{address.port}",
            PUMP,
            str(FIXTURES / "scenarios" / "ocrevus-initial-on-schedule.json"),
            60.0,
            out,
            err,
            pace=no_wait,
        )
    finally:
        listener.stop()
    assert code == 0, err.getvalue()
    sent = int(out.getvalue().split()[0])
    assert sent >= 158  # 09:30 to 12:08, one a minute, plus the events
    assert count(db, PumpObservation) == sent
    with db.read() as s:
        events = list(s.scalars(select(PumpObservation.event).where(
            PumpObservation.event.is_not(None))))  # fmt: skip
    assert events == ["MDC_EVT_PUMP_DELIV_START", "MDC_EVT_PUMP_DELIV_COMP"]
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.delivered_total_ml == 250.0


def _exchange(sock: socket.socket, payload: bytes) -> bytes:
    sock.sendall(b"\x0b" + payload + b"\x1c\r")
    answer = b""
    while not answer.endswith(b"\x1c\r"):
        chunk = sock.recv(65536)
        assert chunk, "the listener closed the connection instead of answering"
        answer += chunk
    return answer


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=300),
        st.builds(lambda cut: pcd01()[:cut], st.integers(0, 2000)),
        st.builds(lambda junk: pcd01() + junk, st.text(max_size=50)),
    )
)
def test_malformed_messages_through_the_listener_each_get_an_answer(
    db: Database, staff: Staff, text: str
) -> None:
    """Whatever arrives, the listener answers it on the same connection and keeps listening."""
    listener = PumpListener(db, "127.0.0.1", 0)
    address = listener.start()
    try:
        with socket.create_connection((address.host, address.port), timeout=5) as sock:
            payload = text.replace("\x1c", "").encode("utf-8", errors="replace")
            answer = _exchange(sock, payload).decode("utf-8", errors="replace")
            assert ack_code_of(answer[1:]) in ("AA", "AE", "AR")
            # A block without its start character is answered too, and the link stays usable.
            sock.sendall(b"no start block\x1c\r")
            assert ack_code_of(sock.recv(65536).decode()[1:]) == "AR"
            assert ack_code_of(_exchange(sock, pcd01().encode()).decode()[1:]) == "AE"
    finally:
        listener.stop()


def test_a_resent_message_is_accepted_again_but_kept_once(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    """A gateway resends when an ACK was late (AE after 1 s) or lost: the pump is not doubled."""
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    first = receive_message(db, pcd01(rate=30, control="77"))
    again = receive_message(db, pcd01(rate=30, control="77"))
    other = receive_message(db, pcd01(rate=30, control="78"))
    assert [r.ack_code for r in (first, again, other)] == ["AA", "AA", "AA"]
    assert "resend" in again.reason
    assert count(db, PumpObservation) == 2


def test_a_record_too_slow_still_gets_the_pump_an_answer_within_a_second(
    db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer is held (a database stalled) until the pump has its answer: the pump gets AE on
    the listener's own deadline, under 1 s, not silence. (Ordered by the held writer, not timed
    against the wall clock, which a loaded machine stretches.)"""
    from nurse_monitor.services import pump_listener

    held = threading.Event()
    original = pump_listener.keep_incoming

    def stalled(db: Database, items: list[Incoming]) -> None:
        held.wait(30)
        original(db, items)

    monkeypatch.setattr(pump_listener, "keep_incoming", stalled)
    listener = PumpListener(db, "127.0.0.1", 0)
    address = listener.start()
    try:
        with socket.create_connection((address.host, address.port), timeout=20) as sock:
            answer = _exchange(sock, pcd01().encode()).decode()
    finally:
        held.set()
        listener.stop()
    assert ack_code_of(answer[1:]) == "AE"
    assert "not recorded within 1 s" in answer
    assert pump_listener.ANSWER_WITHIN_S < 1.0


def _own_network_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 9))  # nothing is sent: this only picks the interface
        address = str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_on_a_network_interface_only_listed_gateways_are_answered(
    db: Database, staff: Staff
) -> None:
    address = _own_network_address()
    if address is None:
        pytest.skip("this machine has no network interface besides loopback")
    listener = PumpListener(db, "0.0.0.0", 0)
    port = listener.start().port
    try:
        with socket.create_connection((address, port), timeout=5) as sock:
            sock.sendall(b"\x0b" + pcd01().encode() + b"\x1c\r")
            assert sock.recv(65536) == b""  # closed unanswered: not a listed gateway
        allow_gateway(db, staff.admin, address, "this machine, as a gateway")
        with socket.create_connection((address, port), timeout=5) as sock:
            assert ack_code_of(_exchange(sock, pcd01().encode()).decode()[1:]) == "AE"
    finally:
        listener.stop()
    assert listener.refused_peers == 1
