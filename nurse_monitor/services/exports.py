"""Exports of the record: gather through services, write atomically, audit every file.

Services may not import reports (layers point one way), so the caller hands in the renderer
(ChairView -> bytes). A file appears only whole (written to a temporary file in the same folder,
then os.replace) and only with its audit entry: if the audit cannot be committed, the file is
removed again.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_board import ChairSummary, chair_summaries
from nurse_monitor.services.chair_view import ChairView, chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound, ServiceError
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import patients

SessionRenderer = Callable[[ChairView], bytes]
ViewsRenderer = Callable[[Sequence[ChairView]], bytes]
SheetRenderer = Callable[[Sequence[ChairSummary]], bytes]
FORMATS = ("pdf", "fhir", "csv", "handoff")


class ExportFailed(ServiceError):
    """The file could not be written; nothing was left behind."""


@dataclass(frozen=True)
class ExportResult:
    """One session of a batch: the file written, or why not."""

    session_id: int
    path: Path | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def export_session(
    db: Database,
    actor: Actor,
    session_id: int,
    path: Path,
    render: SessionRenderer,
    fmt: str,
) -> Path:
    """One session's record to `path` in format `fmt` (pdf, fhir, csv); audited."""
    view = chair_view(db, actor, session_id)
    data = render(view)
    return write_export(
        db, actor, path, data, fmt, "session", session_id, record_number=view.patient.record_number
    )


def export_views(
    db: Database,
    actor: Actor,
    session_ids: Sequence[int],
    path: Path,
    render: ViewsRenderer,
    fmt: str,
) -> Path:
    """Several sessions into one file (a CSV of a date range); one audit entry per session."""
    if not session_ids:
        raise NotFound("there are no sessions to export")
    views = [chair_view(db, actor, i) for i in session_ids]
    data = render(views)
    return write_export(db, actor, path, data, fmt, "session", list(session_ids))


def export_handoff(db: Database, actor: Actor, path: Path, render: SheetRenderer) -> Path:
    """The handoff sheet of every active chair; audited with the sessions it shows."""
    chairs = chair_summaries(db, actor)
    data = render(chairs)
    ids = [c.session_id for c in chairs]
    return write_export(db, actor, path, data, "handoff", "session", ids, chairs=len(chairs))


def export_batch(
    db: Database,
    actor: Actor,
    session_ids: Sequence[int],
    out_dir: Path,
    render: SessionRenderer,
    *,
    fmt: str = "pdf",
    on_result: Callable[[ExportResult, int, int], bool] | None = None,
) -> list[ExportResult]:
    """Each session to its own file in `out_dir`, carrying on past a failure.

    Args:
        on_result: called after each session with (result, done, total); return False to stop.
    """
    results: list[ExportResult] = []
    for done, session_id in enumerate(session_ids, 1):
        result = export_one(db, actor, session_id, out_dir, render, fmt)
        results.append(result)
        if on_result is not None and not on_result(result, done, len(session_ids)):
            break
    return results


def export_one(
    db: Database, actor: Actor, session_id: int, out_dir: Path, render: SessionRenderer, fmt: str
) -> ExportResult:
    """One session of a batch; any failure becomes the result's error (said in words)."""
    try:
        path = out_dir / export_file_name(db, session_id, fmt, out_dir)
        return ExportResult(session_id, export_session(db, actor, session_id, path, render, fmt))
    except ServiceError as exc:
        return ExportResult(session_id, None, str(exc))
    except Exception as exc:  # a bug in one record must not stop the other 999
        return ExportResult(session_id, None, f"{type(exc).__name__}: {exc}")


SUFFIXES = {"pdf": "pdf", "fhir": "json", "csv": "csv", "handoff": "pdf"}


def file_name(session_id: int, fmt: str) -> str:
    """session-000042.pdf: the fallback when the session cannot be read."""
    return f"session-{session_id:06d}.{SUFFIXES[fmt]}"


def export_file_name(db: Database, session_id: int, fmt: str, folder: Path | None = None) -> str:
    """What the chart's filing expects: record number, local date and drug, e.g.
    "MRN-100234 2026-12-04 ocrelizumab.pdf"; the session number is added only when a file of
    that name is already in `folder` (two sessions of one drug on one day)."""
    with db.read() as s:
        row = s.get(InfusionSession, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        patient = patients.patient_by_id(s, row.patient_id)
        record = patient.record_number if patient is not None else f"patient-{row.patient_id}"
        day = row.created_at.astimezone().date()
        try:
            drug = protocol(row.protocol_id).drug
        except ServiceError:  # a protocol since removed from the library
            drug = row.protocol_id
    stem = " ".join(_safe(part) for part in (record, day.isoformat(), drug))
    name = f"{stem}.{SUFFIXES[fmt]}"
    if folder is not None and (folder / name).exists():
        name = f"{stem} session {session_id}.{SUFFIXES[fmt]}"
    return name


def _safe(part: str) -> str:
    """Letters, digits, dot, dash and underscore only: a name every file system accepts."""
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in part.strip()) or "-"


def sessions_between(db: Database, actor: Actor, first: date, last: date) -> list[int]:
    """Sessions begun from `first` to `last` (local dates, both included), oldest first."""
    require_role(actor, CHARTING, "export sessions", db)
    if last < first:
        raise InvalidInput("Dates", f"the range ends ({last}) before it starts ({first})")
    start = _local_midnight(first)
    end = _local_midnight(last + timedelta(days=1))
    with db.read() as s:
        query = (
            select(InfusionSession.id)
            .where(InfusionSession.created_at >= start, InfusionSession.created_at < end)
            .order_by(InfusionSession.created_at, InfusionSession.id)
        )
        return list(s.scalars(query))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def write_export(
    db: Database,
    actor: Actor,
    path: Path,
    data: bytes,
    fmt: str,
    record_type: str | None,
    record_ids: int | list[int] | None,
    **detail: int | str,
) -> Path:
    """Write `data` to `path` whole, with its audit entries in the same unit of work."""
    require_role(actor, CHARTING, "export the record", db)
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportFailed(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise ExportFailed(f"cannot write {path}: it is a folder")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportFailed(f"cannot write to {folder}: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    replaced = False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        ids: list[int | None] = list(record_ids) if isinstance(record_ids, list) else [record_ids]
        ids = ids or [None]  # a file with no sessions in it (no open chairs) is audited too
        about: dict[str, Any] = {"format": fmt, "file": path.name, "bytes": len(data), **detail}
        now = db.clock.now()
        with db.write() as s:
            for record_id in ids:
                write_audit(s, actor, "export", now, record_type, record_id, **about)
            os.replace(temp, path)
            replaced = True
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if replaced:
            path.unlink(missing_ok=True)
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        if replaced:
            path.unlink(missing_ok=True)
        raise
    return path
