"""Pump ingest: 60 pumps, each sending one PCD-01 message a simulated minute at 60x speed (60
messages a second into one listener) for 5 simulated minutes, on a SQLite file with the shipped
PRAGMAs. Each pump is bound to its own session and holds its own MLLP connection, as gateways do;
the pumps run in a second process (as a gateway would be another machine).

Prints: messages sent, acknowledged AA, dropped (no answer), ACK time median / 95th / max (from
the send to the ACK read, i.e. read + kept + committed + answered). Targets (issue 19): every
message acknowledged, median ACK under 20 ms, nothing dropped. Not part of the test run.

    .venv/bin/python benchmarks/pump_ingest.py [--pumps 60] [--minutes 5] [--speed 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hl7.mllp import open_hl7_connection

from nurse_monitor.clock import FakeClock
from nurse_monitor.pump_simulator import PumpMoment, pcd01
from nurse_monitor.services import patients
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.pump_acknowledgements import ack_code_of, acknowledge_parsed
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_listener import PumpListener
from nurse_monitor.services.pump_messages import read_message
from tests.services.chair_walk import begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def one_pump(
    host: str, port: int, pump: str, index: int, pumps: int, minutes: int, speed: float,
    latencies: list[float], codes: list[str],
) -> None:  # fmt: skip
    reader, writer = await open_hl7_connection(host, port)
    began = time.monotonic()
    period = 60.0 / speed
    try:
        for minute in range(minutes):
            due = minute * period + index * period / pumps  # the pumps spread over each minute
            await asyncio.sleep(max(0.0, due - (time.monotonic() - began)))
            moment = PumpMoment(START + timedelta(minutes=minute), 30.0, 0.5 * minute)
            text = pcd01(pump, moment, 250.0, f"{pump}-{minute}")
            sent = time.perf_counter()
            writer.writeblock(text.encode("ascii"))
            await writer.drain()
            try:
                ack = await asyncio.wait_for(reader.readblock(), 5.0)
            except TimeoutError:
                codes.append("")
                continue
            latencies.append(time.perf_counter() - sent)
            codes.append(ack_code_of(ack.decode()))
    finally:
        writer.close()


async def run_pumps(
    host: str, port: int, args: argparse.Namespace
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    codes: list[str] = []
    await asyncio.gather(
        *(
            one_pump(
                host,
                port,
                f"PUMP{i:04d}",
                i,
                args.pumps,
                args.minutes,
                args.speed,
                latencies,
                codes,
            )
            for i in range(args.pumps)
        )
    )
    return latencies, codes


def floors(folder: Path) -> tuple[float, float]:
    """Measured in the same run (timings drift by a third between days on shared machines):
    reading one message and building its ACK with python-hl7, and one bare durable commit."""
    text = pcd01("PUMP0000", PumpMoment(START, 30.0, 0.0), 250.0, "floor")
    samples = []
    for _ in range(50):
        began = time.perf_counter()
        acknowledge_parsed(read_message(text).parsed, START)
        samples.append(time.perf_counter() - began)
    con = sqlite3.connect(folder / "floor.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (x TEXT)")
    commits = []
    for _ in range(50):
        began = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t VALUES (?)", (text,))
        con.execute("COMMIT")
        commits.append(time.perf_counter() - began)
    con.close()
    return statistics.median(samples) * 1000, statistics.median(commits) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pumps", type=int, default=60)
    parser.add_argument("--minutes", type=int, default=5)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--folder", default=None, help="where the SQLite file goes")
    parser.add_argument("--pumps-only", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pumps_only:
        host, port = args.pumps_only.rsplit(":", 1)
        began = time.perf_counter()
        latencies, codes = asyncio.run(run_pumps(host, int(port), args))
        elapsed = time.perf_counter() - began
        print(json.dumps({"latencies": latencies, "codes": codes, "seconds": elapsed}))
        return 0
    folder = Path(args.folder or tempfile.mkdtemp(prefix="pump-ingest-"))
    kind = subprocess.run(["stat", "-f", "-c", "%T", str(folder)], capture_output=True, text=True)
    print(f"database folder: {folder} ({kind.stdout.strip() or 'file system unknown'})")
    print(
        f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} cores"
    )
    parse_ms, commit_ms = floors(folder)
    print(
        f"floors in this run: read + ACK one message {parse_ms:.1f} ms, "
        f"one bare durable commit {commit_ms:.1f} ms"
    )
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    db = open_database(sqlite_url_for(folder / "record.db"), clock)
    staff = make_staff(db)
    for i in range(args.pumps):
        patient = patients.register_patient(
            db, staff.nurse, replace(ALICE, record_number=f"MRN-{i:05d}")
        )
        session = begin_initial(db, staff.nurse, patient, f"Chair {i + 1}")
        bind_pump(db, staff.nurse, session.id, f"PUMP{i:04d}")
    listener = PumpListener(db, "127.0.0.1", 0)
    address = listener.start()
    try:
        # The pumps (their gateway) run in a process of their own, as they would on the ward.
        pumps = subprocess.run(
            [sys.executable, __file__, "--pumps-only", f"{address.host}:{address.port}",
             "--pumps", str(args.pumps), "--minutes", str(args.minutes),
             "--speed", str(args.speed)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        found = json.loads(pumps.stdout)
        latencies, codes, wall = found["latencies"], found["codes"], found["seconds"]
    finally:
        listener.stop()
        db.close()
    expected = args.pumps * args.minutes
    accepted = codes.count("AA")
    dropped = codes.count("") + expected - len(codes)
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))] if ms else float("nan")
    print(
        f"{args.pumps} pumps x {args.minutes} simulated min at {args.speed:g}x: "
        f"{expected / wall:.1f} messages/s over {wall:.1f} s"
    )
    print(
        f"sent {expected}, acknowledged AA {accepted}, AE {codes.count('AE')}, "
        f"AR {codes.count('AR')}, dropped {dropped}"
    )
    if ms:
        print(
            f"ACK time: median {statistics.median(ms):.1f} ms, 95th {p95:.1f} ms, "
            f"max {ms[-1]:.1f} ms"
        )
    ok = accepted == expected and dropped == 0 and ms and statistics.median(ms) < 20
    print("verdict:", "meets the target" if ok else "MISSES the target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
