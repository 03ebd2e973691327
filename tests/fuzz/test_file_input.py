"""Random files and arguments: protocol TOML, replay scenarios, the command line, database files.

Each is refused with its documented error (ProtocolFileError, exit status 2, DatabaseRefused)
or accepted; never a traceback, never a changed file. NaN and infinity are left out of the
protocol and scenario numbers here: the product does not refuse them yet (reported).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from nurse_monitor import replay
from nurse_monitor.cli import main as cli_main
from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.protocol_files import ProtocolFileError, load_protocol
from nurse_monitor.paths import protocols_dir
from nurse_monitor.services.database import DatabaseRefused, open_database, sqlite_url_for

from .world import FUZZ, REFUSED, TRIED

SCENARIOS = Path(__file__).parents[1] / "fixtures" / "scenarios"
PROTOCOL = protocols_dir() / "ocrevus-iv-initial.toml"
FOLDER = Path(tempfile.mkdtemp(prefix="nurse-monitor-fuzz-files-"))

toml_values = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
    st.floats().map(repr),  # nan and inf included: TOML writes them as nan and inf
    st.sampled_from(
        ['""', '" "', "true", "false", "[]", "{}", "0", "-1", "1979-05-27", '"steps"', '"mg/h"']
    ),
    st.text(max_size=15).map(json.dumps),
    st.text(max_size=15),  # often not TOML at all
)


@st.composite
def mutated_protocol(draw: st.DrawFn) -> str:
    lines = PROTOCOL.read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["value", "delete", "duplicate", "truncate"]))
        if op == "value" and "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {draw(toml_values)}"
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(min_value=0, max_value=len(lines[i])))]
        if not lines:
            break
    return "\n".join(lines)


@FUZZ
@given(text=mutated_protocol())
def test_protocol_files(text: str) -> None:
    TRIED["protocol files"] += 1
    folder = Path(tempfile.mkdtemp(dir=FOLDER))
    path = folder / PROTOCOL.name
    path.write_text(text, encoding="utf-8")
    try:
        protocol = load_protocol(path)
    except ProtocolFileError as refused:
        REFUSED["protocol files"] += 1
        assert refused.file == PROTOCOL.name and refused.field and refused.problem
        return
    plan = protocol.rate_plan
    assert plan.titration is None or plan.titration.start <= plan.titration.maximum
    assert protocol.source.citation.strip()


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(),  # json.dumps writes NaN and Infinity, which the replay must refuse
    st.text(max_size=10),
    st.sampled_from(["2026-03-02T09:00:00+00:00", "2026-03-02T09:00:00", "vitals", "rate_changed"]),
)
json_values = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated_scenario(draw: st.DrawFn) -> object:
    files = sorted(SCENARIOS.glob("*.json"))
    scenario: Any = json.loads(draw(st.sampled_from(files)).read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        target = scenario
        raw = scenario.get("events")
        events = [e for e in raw if isinstance(e, dict)] if isinstance(raw, list) else []
        if draw(st.booleans()) and events:
            target = draw(st.sampled_from(events))
        key = draw(st.sampled_from([*target, "extra"]))
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(json_values)
    return scenario


@FUZZ
@given(scenario=mutated_scenario() | json_values)
def test_replay_scenarios(scenario: object) -> None:
    TRIED["replay scenarios"] += 1
    path = FOLDER / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = replay.main(str(path), out, err)
    assert code in (replay.EXIT_OK, replay.EXIT_BAD_INPUT), err.getvalue()
    if code == replay.EXIT_BAD_INPUT:
        REFUSED["replay scenarios"] += 1
        assert out.getvalue() == "" and err.getvalue().startswith("replay: ")
    else:
        assert isinstance(json.loads(out.getvalue()), list)


def database_file() -> str:
    path = FOLDER / "cli.db"
    if not path.exists():
        open_database(sqlite_url_for(path), FakeClock()).close()
    return sqlite_url_for(path)


tokens = st.sampled_from(
    ["--demo", "--database-url", "--clock-speed", "db", "upgrade", "check", "replay", "--help",
     "--version", "-x", "", "0", "-5", "nan", "1e9", "2.5", "missing.json", "DB_URL"]
)  # fmt: skip


@FUZZ
# An operating system cannot pass a NUL byte in an argument: none in the text.
@given(
    argv=st.lists(
        tokens | st.text(st.characters(exclude_characters="\x00"), max_size=8), max_size=6
    )
)
def test_command_line(argv: list[str]) -> None:
    TRIED["command-line arguments"] += 1
    # Only a migrated SQLite file as the URL here: other URLs are in the bug report.
    argv = [database_file() if a == "DB_URL" else a for a in argv]
    if "--database-url" in argv:
        i = argv.index("--database-url")
        argv = [*argv[: i + 1], database_file(), *argv[i + 2 :]] if i + 1 < len(argv) else argv
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(FOLDER)  # a relative path the arguments name stays in the temporary folder
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            mock.patch("nurse_monitor.ui.app.run_app", return_value=0) as app,
        ):
            try:
                code = cli_main(argv)
            except SystemExit as leaving:
                code = leaving.code
    finally:
        os.chdir(cwd)
    assert code in (0, 1, 2), (argv, err.getvalue())
    if code == 2:
        REFUSED["command-line arguments"] += 1
        assert err.getvalue().strip(), "a refusal that says nothing"
    if app.called:
        assert code == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def real_database() -> bytes:
    path = FOLDER / "real.db"
    if not path.exists():
        open_database(sqlite_url_for(path), FakeClock()).close()
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.read_bytes()


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["random", "header", "truncated", "scribbled"]))
    if kind == "random":
        return draw(st.binary(min_size=1, max_size=8192))
    if kind == "header":
        return b"SQLite format 3\x00" + draw(st.binary(max_size=8192))
    raw = bytearray(real_database())
    if kind == "truncated":
        page = 4096
        return bytes(raw[: draw(st.integers(min_value=1, max_value=len(raw) // page - 1)) * page
                         - draw(st.sampled_from([0, 1, 100, page // 2]))])  # fmt: skip
    start = draw(st.integers(min_value=100, max_value=len(raw) - 64))
    junk = draw(st.binary(min_size=16, max_size=4096))
    raw[start : start + len(junk)] = junk
    return bytes(raw)


@FUZZ
@given(content=damaged_files())
def test_damaged_database_files(content: bytes) -> None:
    TRIED["database files"] += 1
    folder = Path(tempfile.mkdtemp(dir=FOLDER))
    path = folder / "record.db"
    path.write_bytes(content)
    before = digest(path)
    try:
        open_database(sqlite_url_for(path), FakeClock()).close()
    except DatabaseRefused as refused:
        REFUSED["database files"] += 1
        assert str(refused).strip()
        assert digest(path) == before
        assert [p.name for p in folder.iterdir()] == ["record.db"]
        return
    # Accepted: only a scribble the integrity check cannot see (free space, unused bytes).
    assert content[:16] == b"SQLite format 3\x00"
