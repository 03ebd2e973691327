"""UI preferences in a typed wrapper over QSettings (tests pass a temporary INI file).

Clinical configuration (protocols, limits) is data with provenance in resources/; what lives
here is how this station shows things. Values marked "ours" are design defaults, not clinical
numbers, and the preferences dialog says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from nurse_monitor.domain.working_days import parse_weekdays, weekdays_text
from nurse_monitor.services.pump_address import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    clean_listen_host,
    clean_listen_port,
)

THEMES = ("light", "dark", "high_contrast")
DATE_FORMATS = ("%d %b %Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y")
PAGE_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class Limits:
    low: int
    high: int


LIMITS = {
    "chime_volume": Limits(0, 100),
    "overdue_after_minutes": Limits(1, 30),
    "idle_lock_minutes": Limits(1, 120),
}
DEFAULTS: dict[str, object] = {
    "temperature_unit": "C",
    "date_format": DATE_FORMATS[0],
    "chime_volume": 70,
    "reduce_motion": False,  # alarms shown by a thick border instead of flashing
    "overdue_after_minutes": 5,  # ours: a due item turns from amber to red after this
    "idle_lock_minutes": 10,  # ours
    "facility_name": "Infusion Center",
    "theme": "light",
    "page_size": "A4",
    # Protocol checklists that are a US requirement (the TOUCH program for natalizumab): on by
    # default; a site outside the US switches them off, and each screening record says so.
    "us_checklists": True,
    # A folder of the site's own protocol files, validated like the bundled ones (may be empty).
    "site_protocols_dir": "",
    "scanner_gs_stand_in": "",  # none: the scan field keeps the GS itself
    # Which weekdays this station makes follow-up calls (issue 18); ours: Monday to Friday.
    "working_weekdays": "Mon,Tue,Wed,Thu,Fri",
}


ZOOM_LIMITS = (80, 200)  # design default (ours)


@dataclass(frozen=True)
class PumpLinkSetting:
    """Whether this station receives pump messages, and on which address (issue 19)."""

    enabled: bool = False
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT


class Preferences(QObject):
    """This station's preferences. Every setter checks its value and names what is allowed.

    Signals:
        changed(str): the key of a preference that now has another value.
    """

    changed = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    def _store(self, key: str, value: object) -> None:
        before = self._settings.value(key, DEFAULTS.get(key))
        self._settings.setValue(key, value)
        if before != value and str(before) != str(value):
            self.changed.emit(key)

    @classmethod
    def for_station(cls) -> Preferences:
        return cls(QSettings())

    def _get(self, key: str) -> object:
        return self._settings.value(key, DEFAULTS[key])

    def _int(self, key: str) -> int:
        value = self._get(key)
        try:
            number = int(str(value))
        except ValueError:
            return int(str(DEFAULTS[key]))
        limits = LIMITS[key]
        return number if limits.low <= number <= limits.high else int(str(DEFAULTS[key]))

    def _set_int(self, key: str, value: int, label: str) -> None:
        limits = LIMITS[key]
        if not limits.low <= value <= limits.high:
            raise ValueError(f"{label}: {limits.low} to {limits.high}")
        self._store(key, value)

    def _choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = str(self._get(key))
        return value if value in allowed else str(DEFAULTS[key])

    def _set_choice(self, key: str, value: str, allowed: tuple[str, ...], label: str) -> None:
        if value not in allowed:
            raise ValueError(f"{label}: one of {', '.join(allowed)}")
        self._store(key, value)

    @property
    def temperature_unit(self) -> str:
        return self._choice("temperature_unit", ("C", "F"))

    @temperature_unit.setter
    def temperature_unit(self, value: str) -> None:
        self._set_choice("temperature_unit", value, ("C", "F"), "Temperature unit")

    @property
    def date_format(self) -> str:
        return self._choice("date_format", DATE_FORMATS)

    @date_format.setter
    def date_format(self, value: str) -> None:
        self._set_choice("date_format", value, DATE_FORMATS, "Date format")

    @property
    def chime_volume(self) -> int:
        return self._int("chime_volume")

    @chime_volume.setter
    def chime_volume(self, value: int) -> None:
        self._set_int("chime_volume", value, "Alarm volume")

    @property
    def reduce_motion(self) -> bool:
        """Alarms steady with a thick border instead of flashing (the repeat intervals of the
        alarm sound are fixed by priority, after IEC 60601-1-8, and no longer a preference)."""
        return str(self._get("reduce_motion")).lower() in ("true", "1")

    @reduce_motion.setter
    def reduce_motion(self, value: bool) -> None:
        self._settings.setValue("reduce_motion", bool(value))

    @property
    def overdue_after_minutes(self) -> int:
        return self._int("overdue_after_minutes")

    @overdue_after_minutes.setter
    def overdue_after_minutes(self, value: int) -> None:
        self._set_int("overdue_after_minutes", value, "Overdue after (min)")

    @property
    def idle_lock_minutes(self) -> int:
        return self._int("idle_lock_minutes")

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, value: int) -> None:
        self._set_int("idle_lock_minutes", value, "Idle lock (min)")

    @property
    def scanner_gs_stand_in(self) -> str:
        """A printable character this site's scanners send in place of GS (0x1D), if any."""
        value = str(self._get("scanner_gs_stand_in"))
        return value if len(value) == 1 and value.isprintable() and not value.isalnum() else ""

    @scanner_gs_stand_in.setter
    def scanner_gs_stand_in(self, value: str) -> None:
        if value and (len(value) != 1 or not value.isprintable() or value.isalnum()):
            raise ValueError(
                "Scanner stand-in for GS: empty, or one printable character that is not a "
                "letter or digit (such as ^ or |)"
            )
        self._settings.setValue("scanner_gs_stand_in", value)

    @property
    def facility_name(self) -> str:
        return str(self._get("facility_name")).strip() or str(DEFAULTS["facility_name"])

    @facility_name.setter
    def facility_name(self, value: str) -> None:
        if not value.strip() or len(value) > 120:
            raise ValueError("Facility name: 1 to 120 characters")
        self._store("facility_name", value.strip())

    @property
    def working_weekdays(self) -> frozenset[int]:
        """Weekdays a follow-up call can be due (date.weekday() numbers)."""
        try:
            return parse_weekdays(str(self._get("working_weekdays")))
        except ValueError:
            return parse_weekdays(str(DEFAULTS["working_weekdays"]))

    @working_weekdays.setter
    def working_weekdays(self, value: frozenset[int]) -> None:
        if not value or not set(value) <= set(range(7)):
            raise ValueError("Working days: choose at least one weekday")
        self._store("working_weekdays", weekdays_text(value))

    @property
    def theme(self) -> str:
        return self._choice("theme", THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        self._set_choice("theme", value, THEMES, "Theme")

    @property
    def page_size(self) -> str:
        return self._choice("page_size", PAGE_SIZES)

    @page_size.setter
    def page_size(self, value: str) -> None:
        self._set_choice("page_size", value, PAGE_SIZES, "Page size")

    @property
    def mute_until(self) -> datetime | None:
        """This station's sound is muted until this time (UTC), if set."""
        text = str(self._settings.value("mute_until", "") or "")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    @mute_until.setter
    def mute_until(self, value: datetime | None) -> None:
        self._store("mute_until", value.isoformat() if value else "")

    @property
    def us_checklists(self) -> bool:
        """Whether US program checklists (TOUCH) are asked at this site."""
        value = self._get("us_checklists")
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() not in ("false", "0", "no")

    @us_checklists.setter
    def us_checklists(self, value: bool) -> None:
        self._store("us_checklists", bool(value))

    @property
    def site_protocols_dir(self) -> str:
        """The site's own protocol folder ("" for none); NURSE_MONITOR_PROTOCOLS_DIR wins."""
        return str(self._get("site_protocols_dir") or "").strip()

    @site_protocols_dir.setter
    def site_protocols_dir(self, value: str) -> None:
        self._store("site_protocols_dir", value.strip())

    @property
    def pump_link(self) -> PumpLinkSetting:
        """Off by default; 127.0.0.1 and 2575 (HL7 over MLLP). A stored value that does not
        check out reads as the default, never as an address nobody chose."""
        enabled = str(self._settings.value("pump_link/enabled", "false")).lower() == "true"
        try:
            host = clean_listen_host(str(self._settings.value("pump_link/host", DEFAULT_HOST)))
        except ValueError:
            host = DEFAULT_HOST
        try:
            port = clean_listen_port(str(self._settings.value("pump_link/port", DEFAULT_PORT)))
        except ValueError:
            port = DEFAULT_PORT
        return PumpLinkSetting(enabled, host, port)

    def set_pump_link(self, enabled: bool, host: str, port: str | int) -> None:
        """Check both the address and the port before storing either; `changed("pump_link")`
        once when anything differs (the station's receiver restarts on it), and on every save
        with the link on (a listener that was left off after a failure is started again; one
        running on that address is left alone)."""
        wanted = PumpLinkSetting(bool(enabled), clean_listen_host(host), clean_listen_port(port))
        if wanted == self.pump_link:
            if wanted.enabled:
                self.changed.emit("pump_link")
            return
        self._settings.setValue("pump_link/enabled", "true" if wanted.enabled else "false")
        self._settings.setValue("pump_link/host", wanted.host)
        self._settings.setValue("pump_link/port", wanted.port)
        self.changed.emit("pump_link")

    def knows_record(self, path: str) -> bool:
        """Whether this station has opened a record at `path` before (then a missing file is
        a record lost, not a first start)."""
        return path in self._known_records()

    def remember_record(self, path: str) -> None:
        known = self._known_records()
        if path not in known:
            self._settings.setValue("known_records", "\n".join([*known, path]))

    def _known_records(self) -> list[str]:
        text = str(self._settings.value("known_records", "") or "")
        return [line for line in text.split("\n") if line]

    @property
    def window_geometry(self) -> QByteArray | None:
        """The main window's size and place when it last closed (Qt's saveGeometry)."""
        value = self._settings.value("window_geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._settings.setValue("window_geometry", value)

    @property
    def zoom_percent(self) -> int:
        """Text size on this station, 80 to 200 % of the system's (Ctrl+ and Ctrl-)."""
        try:
            value = int(str(self._settings.value("zoom_percent", 100)))
        except ValueError:
            return 100
        return min(max(value, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])

    @zoom_percent.setter
    def zoom_percent(self, value: int) -> None:
        self._settings.setValue("zoom_percent", min(max(value, ZOOM_LIMITS[0]), ZOOM_LIMITS[1]))

    def sync(self) -> None:
        self._settings.sync()
