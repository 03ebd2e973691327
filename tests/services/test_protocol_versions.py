"""Protocol versions: each session pins its file; the start dialog's comparison with the version
the patient's previous session used; a site's own protocol folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from nurse_monitor.domain.protocol_files import ProtocolFileError, protocol_fingerprint
from nurse_monitor.services import protocol_library as library
from nurse_monitor.services.database import Database
from nurse_monitor.services.protocol_versions import compare_with_previous
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.review import patient_history
from nurse_monitor.storage.repositories import protocol_copies
from tests.storage.conftest import Staff
from tests.unit.nurse import PROTOCOLS_DIR

from .chair_walk import begin_initial


@pytest.fixture
def editable_protocols(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "protocols"
    shutil.copytree(PROTOCOLS_DIR, folder)
    monkeypatch.setattr(library, "protocols_dir", lambda: folder)
    library.reload_protocol_library()
    yield folder
    monkeypatch.undo()
    library.reload_protocol_library()


# The trigger refuses it, or first the runtime role's missing privilege (on PostgreSQL in CI).
REFUSED = "append-only|permission denied"


def _replace(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new), encoding="utf-8")
    library.reload_protocol_library()


def test_a_new_session_pins_the_exact_file_and_the_copy_cannot_change(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    file = (PROTOCOLS_DIR / "ocrevus-iv-initial.toml").read_bytes().decode("utf-8")
    with db.read() as s:
        copy = protocol_copies.copy_for_session(s, session.id)
        assert copy is not None
        assert (copy.content, copy.sha256, copy.origin) == (
            file,
            protocol_fingerprint(file),
            "bundled",
        )
    with pytest.raises(Exception, match=REFUSED), db.write() as s:
        s.execute(text("UPDATE session_protocols SET content = 'x'"))


def test_the_review_shows_what_changed_since_the_previous_sessions_version(
    db: Database, staff: Staff, alice: PatientRecord, editable_protocols: Path
) -> None:
    first = compare_with_previous(db, staff.nurse, alice.id, "ocrevus-iv-initial")
    assert first.previous is None and first.changes == ()
    begin_initial(db, staff.nurse, alice)
    same = compare_with_previous(db, staff.nurse, alice.id, "ocrevus-iv-initial")
    assert same.previous is not None and same.previous.sha256 == same.current.sha256
    _replace(
        editable_protocols / "ocrevus-iv-initial.toml",
        "first_dose_minutes = 60",
        "first_dose_minutes = 90",
    )
    changed = compare_with_previous(db, staff.nurse, alice.id, "ocrevus-iv-initial")
    assert changed.previous is not None and changed.previous.sha256 != changed.current.sha256
    assert changed.changes == ("observation › first dose minutes: 60 → 90",)
    assert changed.current.short.startswith("version ")


def test_a_damaged_pinned_copy_is_refused(db: Database, staff: Staff, alice: PatientRecord) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with db.read() as s:
        copy = protocol_copies.copy_for_session(s, session.id)
        assert copy is not None
        s.expunge(copy)
    copy.content = copy.content.replace("start = 30", "start = 60")
    with pytest.raises(library.PinnedProtocolDamaged, match="does not match its recorded"):
        library.pinned_copy(copy)


SITE_PROTOCOL = (PROTOCOLS_DIR / "natalizumab.toml").read_text(encoding="utf-8")


@pytest.fixture
def site_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setenv(library.SITE_PROTOCOLS_ENV, str(folder))
    library.reload_protocol_library()
    yield folder
    monkeypatch.delenv(library.SITE_PROTOCOLS_ENV)
    library.reload_protocol_library()


def test_a_site_adds_its_own_protocols_validated_like_the_bundled(site_folder: Path) -> None:
    assert "natalizumab-site" not in library.protocol_library()
    own = SITE_PROTOCOL.replace('id = "natalizumab"', 'id = "natalizumab-site"')
    (site_folder / "natalizumab-site.toml").write_text(own, encoding="utf-8")
    library.reload_protocol_library()
    files = library.protocol_files()
    assert files["natalizumab-site"].origin == str(site_folder)
    assert str(files["natalizumab-site"].protocol.source).endswith("checked 4 Dec 2026")


@pytest.mark.parametrize(
    ("name", "content", "field", "problem"),
    [
        ("natalizumab.toml", SITE_PROTOCOL, "id", "already a bundled protocol"),
        (
            "nat-x.toml",
            SITE_PROTOCOL.replace('id = "natalizumab"', 'id = "nat-x"').replace(
                "checked_on = 2026-12-04\n", ""
            ),
            "source.checked_on",
            "missing",
        ),
        (
            "nat-y.toml",
            SITE_PROTOCOL.replace('id = "natalizumab"', 'id = "nat-y"').replace(
                "rate = 115", "rate = -5"
            ),
            "rate_plan.steps[0].rate",
            "greater than 0",
        ),
    ],
)
def test_a_bad_site_protocol_is_refused_naming_file_and_field(
    site_folder: Path, name: str, content: str, field: str, problem: str
) -> None:
    (site_folder / name).write_text(content, encoding="utf-8")
    library.reload_protocol_library()
    with pytest.raises(ProtocolFileError) as refused:
        library.protocol_files()
    assert (refused.value.file, refused.value.field) == (name, field)
    assert problem in refused.value.problem


def test_the_patient_history_names_the_version_each_session_ran_under(
    db: Database, staff: Staff, alice: PatientRecord, editable_protocols: Path
) -> None:
    begin_initial(db, staff.nurse, alice)
    _replace(
        editable_protocols / "ocrevus-iv-initial.toml",
        'display_name = "Ocrevus IV initial dose',
        'display_name = "Ocrevus IV first dose',
    )
    (item,) = patient_history(db, staff.nurse, alice.id).sessions
    assert item.protocol_name.startswith("Ocrevus IV initial dose")
